"""Routes: exports (see network/progress/urls.py)."""

urlpatterns = []

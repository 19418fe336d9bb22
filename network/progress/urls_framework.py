"""Routes: framework (see network/progress/urls.py)."""

urlpatterns = []

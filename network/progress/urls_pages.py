"""Routes: pages (see network/progress/urls.py)."""

urlpatterns = []

"""Routes: values (see network/progress/urls.py)."""

urlpatterns = []

"""Routes of the progress pages, one module per area (mounted at ``/<lang>/progress/``)."""

from django.urls import include, path

app_name = "progress"

urlpatterns = [
    path("", include("network.progress.urls_pages")),
    path("", include("network.progress.urls_exports")),
    path("framework/", include("network.progress.urls_framework")),
    path("", include("network.progress.urls_values")),
]

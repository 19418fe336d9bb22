"""Routes: exports (see network/progress/urls.py)."""

from django.urls import path

from network.progress import views_exports

urlpatterns = [
    path("export.csv", views_exports.ExportCsvView.as_view(), name="export_csv"),
    path("export.xlsx", views_exports.ExportXlsxView.as_view(), name="export_xlsx"),
]

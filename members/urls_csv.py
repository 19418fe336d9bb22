"""CSV import and export of organisations (coordinators); included before ``<slug>/``."""

from django.urls import path

from members import views_csv

urlpatterns = [
    path("import/", views_csv.ImportView.as_view(), name="import"),
    path("export/", views_csv.ExportView.as_view(), name="export"),
]

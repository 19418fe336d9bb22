"""Downloads of the results framework: CSV and XLSX (``progress.view_progress``).

Coordinators, donors and administrators; a visitor is sent to log in, anyone
else gets 404 (DESIGN.md: a page one may not see does not exist for them).
The tables are built by ``exports.progress_tables`` in the language of the
URL. They hold no personal data, so downloading them is not audited; they
are still privileged reads of network data, so no cache keeps them
(``Cache-Control: private, no-store``).
"""

from django.http import HttpResponse
from django.utils import timezone, translation
from django.utils.http import content_disposition_header
from django.views import View

from network.accounts.mixins import PermissionRequiredMixin
from network.progress import exports


class ExportView(PermissionRequiredMixin, View):
    """GET: the export as an attachment named ``progress-<language>-<yyyy-mm-dd>.<extension>``."""

    permission = "progress.view_progress"
    http_method_names = ["get", "head"]
    extension = ""
    content_type = ""

    def render(self, values: exports.Table, indicators: exports.Table) -> bytes:
        raise NotImplementedError

    def get(self, request, *args, **kwargs):
        values, indicators = exports.progress_tables()
        response = HttpResponse(self.render(values, indicators), content_type=self.content_type)
        filename = (
            f"progress-{translation.get_language()}-{timezone.localdate():%Y-%m-%d}"
            f".{self.extension}"
        )
        response["Content-Disposition"] = content_disposition_header(True, filename)
        response["Cache-Control"] = "private, no-store"
        response["X-Content-Type-Options"] = "nosniff"
        return response


class ExportCsvView(ExportView):
    """One table: a row per indicator and reporting period (UTF-8 with a byte order mark)."""

    extension = "csv"
    content_type = exports.CSV_CONTENT_TYPE

    def render(self, values, indicators):
        return exports.write_csv(values)


class ExportXlsxView(ExportView):
    """Two sheets: the values (as the CSV) and one row per indicator with its status."""

    extension = "xlsx"
    content_type = exports.XLSX_CONTENT_TYPE

    def render(self, values, indicators):
        return exports.write_xlsx([values, indicators])

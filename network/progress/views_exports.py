"""Downloads of the results framework: CSV and XLSX (``progress.view_progress``).

Coordinators, donors and administrators; a visitor is sent to log in, anyone
else gets 404 (DESIGN.md: a page one may not see does not exist for them).
The tables are built by ``exports.progress_tables`` in the language of the
URL. They hold no personal data, so downloading them is not audited; they
are still privileged reads of network data, so no browser or proxy keeps
them (``Cache-Control: private, no-store``). The portal's own cache keeps
the file's bytes (``ExportView``).
"""

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils import timezone, translation
from django.utils.http import content_disposition_header
from django.views import View

from network.accounts.mixins import PermissionRequiredMixin
from network.progress import exports, selectors


class ExportView(PermissionRequiredMixin, View):
    """GET: the export as an attachment named ``progress-<language>-<yyyy-mm-dd>.<extension>``.

    The file's bytes (CSV and XLSX alike: both go through ``get``) are kept in
    the shared cache for ``NETWORK_PROGRESS_CACHE_SECONDS`` (``0``: made on
    every request, nothing kept), under a key of everything the file depends on:

    - the format and the language of the URL;
    - the audience: the reader's network roles. Today every reader gets the
      same tables (approved values only, every indicator: ``exports``), but a
      coordinator's file is never served to a donor, should the tables ever
      depend on who reads them;
    - today's date (which periods have started, for computed indicators);
    - ``selectors.export_stamp()``: values, indicators, objectives and
      periods, so that an approval, a return, an edit of a value or of the
      framework shows in the next file.

    Computed indicators follow the other apps' data and are themselves kept
    for ``NETWORK_PROGRESS_CACHE_SECONDS`` (``selectors.computed_series``); a
    cached file keeps the figures it was made with, so they may be up to twice
    that old. Queries when the file is cached: the four of the stamp (besides
    session, user and roles); otherwise the stamp's and those of
    ``exports.progress_tables``.
    """

    permission = "progress.view_progress"
    http_method_names = ["get", "head"]
    extension = ""
    content_type = ""

    def render(self, values: exports.Table, indicators: exports.Table) -> bytes:
        raise NotImplementedError

    def content(self) -> bytes:
        """The file, from the cache when it still matches the data (see the class)."""
        seconds = settings.NETWORK_PROGRESS_CACHE_SECONDS
        if not seconds:
            return self.render(*exports.progress_tables())
        key = "progress:export:{}:{}:{}:{}:{}".format(
            self.extension,
            translation.get_language(),
            ",".join(sorted(self.request.user.network_roles)) or "-",
            timezone.localdate().isoformat(),
            selectors.export_stamp(),  # read before the tables: a change meanwhile is seen
        )
        content = cache.get(key)
        if content is None:
            content = self.render(*exports.progress_tables())
            cache.set(key, content, seconds)
        return content

    def get(self, request, *args, **kwargs):
        response = HttpResponse(self.content(), content_type=self.content_type)
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

"""The whole strategy as a printable page and as a PDF, in each language.

Both show what ``strategy.view_section`` lets the reader see
(``export.readable_strategy``, ``export.build_document``): a visitor or
donor asking for an unpublished strategy gets 404, like any object they may
not see. Both are served from the cache while ``export.document_stamp`` is
the same (the document is then not built at all); admin-only changes the
stamp does not see show at the latest after ``selectors.OUTLINE_CACHE_SECONDS``.
"""

import datetime

from django.conf import settings
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.cache import patch_cache_control
from django.utils.functional import SimpleLazyObject
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from network import languages
from strategy import export, selectors


class StrategyPrintView(TemplateView):
    """The whole strategy, in the active language, laid out for printing.

    The rendered document is kept ``selectors.OUTLINE_CACHE_SECONDS`` under
    ``export.document_stamp`` (the template's ``{% cache %}``): on a hit the
    page costs the strategy, the reader's role queries and the stamp's two
    queries, and the document is not built.
    """

    template_name = "strategy/export/print.html"

    def get(self, request, *args, **kwargs):
        found = export.readable_strategy(user=request.user)
        if found is None:
            raise Http404
        self.strategy, self.working_copy = found
        response = super().get(request, *args, **kwargs)
        patch_cache_control(response, private=True)
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        strategy, working_copy = self.strategy, self.working_copy
        language = translation.get_language() or settings.LANGUAGE_CODE
        now = timezone.now()

        def document():
            return export.build_document(
                strategy=strategy, working_copy=working_copy, language=language, made_at=now
            )

        context["strategy"] = strategy
        # Built only when the template's cached fragment is out of date.
        context["document"] = SimpleLazyObject(document)
        context["document_stamp"] = export.document_stamp(
            strategy=strategy,
            language=language,
            working_copy=working_copy,
            day=timezone.localdate(now),
        )
        context["document_seconds"] = selectors.OUTLINE_CACHE_SECONDS
        context["back"] = {"url": reverse("strategy:document"), "label": _("The strategy")}
        context["pdf_links"] = [
            {
                "code": lang.code,
                "name_local": lang.name_local,
                "url": reverse("strategy:pdf", kwargs={"lang": lang.code}),
            }
            for lang in languages.PORTAL_LANGUAGES
        ]
        return context


def pdf_filename(title: str, language: str, day: datetime.date) -> str:
    """``strategie-de-securite-humaine-pour-le-mali-bm-2016-10-31.pdf``: ASCII, from the
    French title (every reader's browser can save it), the language and the day."""
    stem = slugify(title)[:60].strip("-") or "strategy"
    return f"{stem}-{language}-{day.isoformat()}.pdf"


def strategy_pdf(request, lang: str):
    """The strategy as a PDF in ``lang`` (whatever the page's language), as a download.

    From the cache while ``export.document_stamp`` is the same
    (``export.document_pdf_for``): the strategy, the reader's role queries
    and the stamp's two queries, nothing built.
    """
    if lang not in dict(settings.LANGUAGES):
        raise Http404
    found = export.readable_strategy(user=request.user)
    if found is None:
        raise Http404
    strategy, working_copy = found
    now = timezone.now()
    pdf = export.document_pdf_for(
        strategy=strategy, working_copy=working_copy, language=lang, made_at=now
    )
    filename = pdf_filename(strategy.title_fr or strategy.title, lang, timezone.localdate(now))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(True, filename)
    patch_cache_control(response, private=True)
    return response

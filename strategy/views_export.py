"""The whole strategy as a printable page and as a PDF, in each language.

Both show what ``strategy.view_section`` lets the reader see
(``export.strategy_document``): a visitor or donor asking for an unpublished
strategy gets 404, like any object they may not see.
"""

import datetime

from django.conf import settings
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.cache import patch_cache_control
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from network import languages
from strategy import export


class StrategyPrintView(TemplateView):
    """The whole strategy, in the active language, laid out for printing."""

    template_name = "strategy/export/print.html"

    def get(self, request, *args, **kwargs):
        self.document = export.strategy_document(user=request.user)
        if self.document is None:
            raise Http404
        response = super().get(request, *args, **kwargs)
        patch_cache_control(response, private=True)
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["document"] = self.document
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
    """The strategy as a PDF in ``lang`` (whatever the page's language), as a download."""
    if lang not in dict(settings.LANGUAGES):
        raise Http404
    with translation.override(lang):
        document = export.strategy_document(user=request.user, language=lang)
        if document is None:
            raise Http404
        pdf = export.document_pdf(document)
    strategy = document.strategy
    filename = pdf_filename(
        strategy.title_fr or strategy.title, lang, timezone.localdate(document.made_at)
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(True, filename)
    patch_cache_control(response, private=True)
    return response

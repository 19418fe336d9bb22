"""Template helpers shared by every page: Markdown, language alternates, machine-readable times."""

import datetime

from django import template
from django.urls import translate_url
from django.utils import timezone

from network import languages
from network.pages.markdown import render_markdown

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text: str):
    """``{{ post.body|markdown }}``: sanitised HTML from Markdown."""
    return render_markdown(text)


@register.simple_tag(takes_context=True)
def language_alternates(context) -> list[dict[str, str]]:
    """The current page in each served language.

    Returns ``[{"code": "bm", "name_local": "Bamanankan", "path": "/bm/..."}, ...]``,
    used for ``hreflang`` links and the switcher. Relies on every route being
    named (``django.urls.translate_url`` re-reverses by name).
    """
    request = context.get("request")
    path = request.get_full_path() if request else "/"
    return [
        {
            "code": lang.code,
            "name_local": lang.name_local,
            "path": translate_url(path, lang.code),
        }
        for lang in languages.PORTAL_LANGUAGES
    ]


@register.filter(name="iso_datetime")
def iso_datetime(value: datetime.datetime | None) -> str:
    """``<time datetime="{{ comment.created_at|iso_datetime }}">``: local time to the second.

    Django's ``date:"c"`` keeps microseconds, which the HTML standard does not
    allow in a ``datetime`` attribute (at most three digits of a second;
    the W3C checker rejects six). Returns ``""`` for ``None``.
    """
    if value is None:
        return ""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return value.replace(microsecond=0).isoformat()

"""Template helpers shared by every page: Markdown, language alternates."""

from django import template
from django.urls import translate_url

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

"""Markdown to safe HTML, for every text that users write (news, strategy, reports)."""

import nh3
from django.utils.html import escape, linebreaks
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt

#: What survives sanitising: text structure, links and tables; no scripts,
#: styles, images from elsewhere or event handlers (nh3 strips them).
ALLOWED_TAGS = {
    "p", "br", "hr", "strong", "em", "b", "i", "code", "pre", "blockquote",
    "ul", "ol", "li", "h1", "h2", "h3", "h4", "h5", "h6", "a",
    "table", "thead", "tbody", "tr", "th", "td",
    "del", "s", "ins", "sup", "sub",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"scope"}, "td": set()}


#: CommonMark with tables and strikethrough; raw HTML in the input is shown
#: as text. markdown-it-py runs in linear time on hostile input (deep
#: nesting, 20,000 unmatched brackets) where Python-Markdown took minutes
#: or hit the recursion limit; ``maxNesting`` bounds the depth.
_parser = MarkdownIt("commonmark", {"html": False, "maxNesting": 20}).enable(
    ["table", "strikethrough"]
)


def render_markdown(text: str) -> SafeString:
    """Render Markdown ``text`` as sanitised HTML.

    Raw HTML in the input is escaped, links keep only the http, https and
    mailto schemes, and every link gets ``rel="noopener noreferrer
    nofollow"`` (nh3, the Ammonia sanitiser). Returns a string that
    templates may print without escaping. Never raises on user input: if
    the parser fails, the text is shown escaped, paragraph by paragraph.
    """
    try:
        html = _parser.render(text or "")
    except (RecursionError, ValueError):
        return linebreaks(escape(text or ""))
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )
    return mark_safe(clean)  # noqa: S308 - sanitised by nh3 just above

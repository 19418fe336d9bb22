"""Markdown to safe HTML, for every text that users write (news, strategy, reports)."""

import markdown as markdown_lib
import nh3
from django.utils.safestring import SafeString, mark_safe

#: What survives sanitising: text structure, links and tables; no scripts,
#: styles, images from elsewhere or event handlers (nh3 strips them).
ALLOWED_TAGS = {
    "p", "br", "hr", "strong", "em", "b", "i", "code", "pre", "blockquote",
    "ul", "ol", "li", "h2", "h3", "h4", "a", "table", "thead", "tbody", "tr", "th", "td",
    "del", "ins", "sup", "sub",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"scope"}, "td": set()}


def render_markdown(text: str) -> SafeString:
    """Render Markdown ``text`` as sanitised HTML.

    Raw HTML in the input is escaped or removed, links keep only the http,
    https and mailto schemes, and every link gets ``rel="noopener
    noreferrer nofollow"`` (nh3, the Ammonia sanitiser). Returns a string
    that templates may print without escaping.
    """
    html = markdown_lib.markdown(text or "", extensions=["extra", "sane_lists"])
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )
    return mark_safe(clean)  # noqa: S308 - sanitised by nh3 just above

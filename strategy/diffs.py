"""Word-level differences between two texts, as accessible HTML.

Used to compare two revisions of a section, a translator's French text with
the one they last followed, and an editor's text with the one saved meanwhile.
Changes are marked by ``<del>``/``<ins>`` *and* by visually hidden words
("removed:", "added:") that screen readers announce, so that colour is never
the only sign of a change (WCAG 1.4.1).
"""

import re
from difflib import SequenceMatcher

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

#: Words, runs of white space, and single punctuation marks; joined again they
#: give back the text exactly. ``\w`` covers the Bambara letters (ɛ, ɔ, ɲ, ŋ).
_TOKEN = re.compile(r"\s+|\w+|[^\w\s]")


#: Above this many tokens on both sides together, the diff works on paragraphs.
MAX_WORD_DIFF_TOKENS = 12_000


def _paragraph_tokens(text: str) -> list[str]:
    """Paragraphs with the blank lines after them kept, so that joined they give the text."""
    return re.findall(r".+?(?:\n\s*\n|$)", (text or "").replace("\r\n", "\n"), re.S)


def tokens(text: str) -> list[str]:
    """``text`` (line endings normalised) cut into words, spaces and punctuation."""
    return _TOKEN.findall((text or "").replace("\r\n", "\n").replace("\r", "\n"))


def word_changes(old: str, new: str) -> list[tuple[str, str, str]]:
    """The differences from ``old`` to ``new`` as ``(tag, removed, added)`` runs.

    ``tag`` is ``"equal"`` (``removed == added``, the common text) or
    ``"change"`` (``removed`` and/or ``added`` non-empty). White space alone
    between two changes is folded into them, so that replacing a phrase
    reads as one removal and one addition rather than word by word.
    """
    a, b = tokens(old), tokens(new)
    if len(a) + len(b) > MAX_WORD_DIFF_TOKENS:
        # Word matching is quadratic: long texts are compared paragraph by paragraph
        # (a changed paragraph shows as removed then added), in a bounded time.
        a, b = _paragraph_tokens(old), _paragraph_tokens(new)
    runs: list[list[str]] = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        removed, added = "".join(a[i1:i2]), "".join(b[j1:j2])
        runs.append(["equal" if tag == "equal" else "change", removed, added])
    for index in range(1, len(runs) - 1):
        run = runs[index]
        if (
            run[0] == "equal"
            and not run[1].strip()
            and runs[index - 1][0] == "change"
            and runs[index + 1][0] == "change"
        ):
            run[0] = "change"
    merged: list[tuple[str, str, str]] = []
    for tag, removed, added in runs:
        if merged and tag == "change" and merged[-1][0] == "change":
            _tag, was_removed, was_added = merged[-1]
            merged[-1] = ("change", was_removed + removed, was_added + added)
        else:
            merged.append((tag, removed, added))
    return merged


def word_diff_html(old: str, new: str) -> SafeString:
    """HTML of the word-level difference from ``old`` to ``new`` (both escaped).

    Removed text is in ``<del>``, added text in ``<ins>``, each starting
    with a visually hidden label. Meant for an element with
    ``white-space: pre-wrap`` (class ``diff``), which keeps line breaks.
    """
    removed_label = escape(_("removed:"))
    added_label = escape(_("added:"))
    parts = []
    for tag, removed, added in word_changes(old, new):
        if tag == "equal":
            parts.append(escape(removed))
            continue
        if removed:
            parts.append(f'<del><span class="vh">{removed_label} </span>{escape(removed)}</del>')
        if added:
            parts.append(f'<ins><span class="vh">{added_label} </span>{escape(added)}</ins>')
    return mark_safe("".join(parts))  # noqa: S308 - every piece of text is escaped above

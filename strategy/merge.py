"""Paragraph-level three-way merge of Markdown texts (edit conflicts that lose nothing).

Paragraphs are blocks separated by blank lines. Two edits made from the same
base merge when they change different paragraphs; when both change (or both
insert at) the same place, there is a conflict and the caller keeps both texts.
"""

from difflib import SequenceMatcher


def paragraphs(text: str) -> list[str]:
    """Split ``text`` into paragraphs (normalised line endings, no empty ones)."""
    blocks = text.replace("\r\n", "\n").replace("\r", "\n").split("\n\n")
    return [block.strip("\n") for block in blocks if block.strip()]


def join(blocks: list[str]) -> str:
    return "\n\n".join(blocks)


def _changes(base: list[str], other: list[str]) -> list[tuple[int, int, list[str]]]:
    """Edits turning ``base`` into ``other``: (start, end, replacement) over base indexes."""
    matcher = SequenceMatcher(a=base, b=other, autojunk=False)
    return [
        (i1, i2, other[j1:j2]) for tag, i1, i2, j1, j2 in matcher.get_opcodes() if tag != "equal"
    ]


def _overlap(a: tuple[int, int, list[str]], b: tuple[int, int, list[str]]) -> bool:
    """Whether two edits of the base touch the same place.

    Two replacements overlap when their base ranges intersect; an insertion
    overlaps a replacement that spans its position; two insertions overlap
    at the same position.
    """
    (a1, a2, _), (b1, b2, _) = a, b
    if a1 == a2 and b1 == b2:
        return a1 == b1
    if a1 == a2:
        return b1 < a1 < b2
    if b1 == b2:
        return a1 < b1 < a2
    return a1 < b2 and b1 < a2


def merge(base: str, theirs: str, mine: str) -> str | None:
    """Merge ``mine`` and ``theirs``, both edited from ``base``; ``None`` on a conflict.

    Returns the merged text when the two edits touch different paragraphs
    (or make the very same change), else ``None``.
    """
    base_p, their_p, my_p = paragraphs(base), paragraphs(theirs), paragraphs(mine)
    if their_p == my_p:
        return join(my_p)
    theirs_changes, my_changes = _changes(base_p, their_p), _changes(base_p, my_p)
    for a in theirs_changes:
        for b in my_changes:
            if _overlap(a, b) and a != b:
                return None
    edits = sorted(set((s, e, tuple(r)) for s, e, r in theirs_changes + my_changes), reverse=True)
    result = list(base_p)
    for start, end, replacement in edits:
        result[start:end] = list(replacement)
    return join(result)

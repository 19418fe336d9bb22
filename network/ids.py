"""Ids that come from a request (hidden fields, query strings), before a query uses them.

``str.isdigit()`` is true for ``"²"``, ``"١"`` or ``"߃"`` too: ``int()`` refuses
some of them and the database lookup fails, a 500 for a hand-made or mangled
request. A view that reads an id itself (not through a form field) checks it
with ``is_id``.
"""

#: Digits of the largest id a query is given: a BIGINT holds 19, and no real id is that long.
MAX_ID_DIGITS = 18


def is_id(value: str) -> bool:
    """Whether ``value`` is an id a query can use: 1 to 18 ASCII digits."""
    return value.isascii() and value.isdigit() and len(value) <= MAX_ID_DIGITS

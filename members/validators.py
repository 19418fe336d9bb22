"""Checks on names that end up in page titles, email subjects and files."""

import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

#: Bidirectional overrides and isolates: they can make a name read backwards.
BIDI_CONTROLS = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def validate_single_line_name(value: str) -> None:
    """Refuse line breaks, tabs, other control characters and bidi overrides.

    Letters of every alphabet, and the joiners some scripts need (U+200C,
    U+200D), stay allowed. Raises ``ValidationError`` (translated).
    """
    for character in value:
        if unicodedata.category(character) == "Cc" or character in BIDI_CONTROLS:
            raise ValidationError(
                _("Use a name on one line, without control characters."), code="control"
            )

"""The three languages the portal serves, described once.

Everything else is derived from ``PORTAL_LANGUAGES``: Django's ``LANGUAGES``,
the ``LANG_INFO`` entry that Django lacks for Bambara, the language switcher
labels and the choices of ``User.preferred_language`` (pretix derives its
``LANGUAGES`` from ``EXTRA_LANG_INFO`` the same way).

This module is imported by ``network.settings``: it must not import Django
models or anything that reads settings.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_noop


@dataclass(frozen=True)
class PortalLanguage:
    """One served language.

    ``code`` is the BCP 47 tag used in URLs (``/bm/``) and ``<html lang>``;
    ``name`` is its English name (what Django's ``LANGUAGES`` holds, translated
    at display time); ``name_local`` is the language's own name, used on the
    switcher so that a reader finds their language whatever page they are on.
    """

    code: str
    name: str
    name_local: str
    bidi: bool = False


# French first: it is the default and the drafting language (DESIGN.md).
PORTAL_LANGUAGES: tuple[PortalLanguage, ...] = (
    PortalLanguage("fr", gettext_noop("French"), "Français"),
    PortalLanguage("en", gettext_noop("English"), "English"),
    # Bambara (ISO 639-1 "bm"); Django ships no data for it.
    PortalLanguage("bm", gettext_noop("Bambara"), "Bamanankan"),
)

DEFAULT_LANGUAGE = PORTAL_LANGUAGES[0].code

LANGUAGES: list[tuple[str, str]] = [(lang.code, lang.name) for lang in PORTAL_LANGUAGES]

# Entries for django.conf.locale.LANG_INFO, for the languages Django lacks.
EXTRA_LANG_INFO: dict[str, dict[str, object]] = {
    "bm": {
        "bidi": False,
        "code": "bm",
        "name": "Bambara",
        "name_local": "Bamanankan",
    },
}


def local_name(code: str) -> str:
    """Return the own name of the served language ``code`` ("bm" → "Bamanankan").

    Raises ``KeyError`` when ``code`` is not a served language.
    """
    for lang in PORTAL_LANGUAGES:
        if lang.code == code:
            return lang.name_local
    raise KeyError(code)

"""Steps shared by the browser journeys: the words a person reads, logging in.

Expected texts come from the portal's own catalogs (``t``, ``tn``) in the
language of the page: a journey reads the page in its visitor's language,
and a better translation does not break it. Fields are found by their
labels (``label``), which proves that each one has a label.
"""

import re

from django.utils import translation
from playwright.sync_api import Page, expect

from tests.factories.accounts import DEFAULT_PASSWORD


def t(message, language: str = "fr", /, **params) -> str:
    """``message`` translated into ``language``, with ``%(name)s`` placeholders filled.

    ``message`` is a msgid or a lazy translation (a choice's label, a form's message).
    """
    with translation.override(language):
        text = translation.gettext(message) if isinstance(message, str) else str(message)
    return text % params if params else text


def tn(singular: str, plural: str, count: int, language: str = "fr", /, **params) -> str:
    """The plural form of ``singular``/``plural`` for ``count`` (``{% blocktranslate count %}``)."""
    with translation.override(language):
        text = translation.ngettext(singular, plural, count)
    return text % {"counter": count, **params}


def label(text: str) -> re.Pattern:
    """A field's label as Django renders it: ``text`` and the language's suffix (`` :``)."""
    return re.compile(rf"^\s*{re.escape(text)}\s*:?\s*$")


def main_menu(page: Page, language: str = "fr"):
    """The site's main navigation."""
    return page.get_by_role("navigation", name=t("Main menu", language))


def messages(page: Page):
    """The confirmation and error messages shown at the top of the page."""
    return page.get_by_role("status")


def log_in(page: Page, base_url: str, user, language: str = "fr") -> None:
    """From the home page, log in through the menu's link and the login form's labels.

    Ends on the dashboard, which greets ``user`` by name.
    """
    page.goto(f"{base_url}/{language}/")
    main_menu(page, language).get_by_role("link", name=t("Log in", language)).click()
    page.get_by_label(label(t("Email", language))).fill(user.email)
    page.get_by_label(label(t("Password", language))).fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name=t("Sign In", language)).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        t("Welcome, %(name)s", language, name=user.display_name)
    )

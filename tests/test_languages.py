"""The three languages: URL prefixes, switcher, Bambara's data, catalogs."""

import datetime
from pathlib import Path

import polib
import pytest
from babel import Locale
from django import forms
from django.conf import settings
from django.template import Context, Template
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import translation
from django.utils.translation import get_language_info, gettext

from network.formats.bm import date_names
from network.languages import PORTAL_LANGUAGES

LOCALE_DIR = Path(settings.BASE_DIR) / "locale"
CODES = [lang.code for lang in PORTAL_LANGUAGES]


@pytest.mark.django_db
@pytest.mark.parametrize("code", CODES)
def test_home_prefix_answers_with_its_lang(client, code):
    response = client.get(f"/{code}/")

    assert response.status_code == 200
    assert f'<html lang="{code}">' in response.content.decode()


@pytest.mark.django_db
def test_unknown_prefix_answers_translated_404(client):
    response = client.get("/xx/", HTTP_ACCEPT_LANGUAGE="fr")

    with translation.override("fr"):
        title = gettext("Page not found")
    assert response.status_code == 404
    assert title != "Page not found"
    assert title in response.content.decode()


@pytest.mark.django_db
def test_pages_carry_hreflang_alternates_for_each_language(client):
    response = client.get("/en/about/")

    content = response.content.decode()
    for code in CODES:
        assert f'hreflang="{code}" href="http://testserver/{code}/about/"' in content


@pytest.mark.django_db
def test_accept_language_bm_ml_on_root_lands_on_bm(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="bm-ML,bm;q=0.9,fr;q=0.5")

    assert response.status_code == 302
    assert response["Location"] == "/bm/"


def _named_routes_without_arguments(resolver: URLResolver, prefix: str = "") -> list[str]:
    names = []
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            namespace = f"{prefix}{pattern.namespace}:" if pattern.namespace else prefix
            names += _named_routes_without_arguments(pattern, namespace)
        elif isinstance(pattern, URLPattern) and pattern.name and not pattern.pattern.converters:
            if "(?P<" not in str(pattern.pattern) and "<" not in str(pattern.pattern):
                names.append(f"{prefix}{pattern.name}")
    return names


def _language_prefixed_route_names() -> list[str]:
    names = []
    with translation.override("fr"):
        for name in sorted(set(_named_routes_without_arguments(get_resolver()))):
            path = reverse(name)
            if path.startswith("/fr/"):
                names.append(name)
    return names


@pytest.mark.django_db
@pytest.mark.parametrize("name", _language_prefixed_route_names())
@pytest.mark.parametrize("target", ["en", "bm"])
def test_switcher_returns_to_the_same_page_in_the_chosen_language(client, name, target):
    with translation.override("fr"):
        current = reverse(name)
    with translation.override(target):
        expected = reverse(name)

    response = client.post("/i18n/setlang/", {"language": target, "next": current})

    assert response.status_code == 302
    assert response["Location"] == expected
    assert expected.startswith(f"/{target}/")


@pytest.mark.django_db
def test_switcher_is_labelled_with_each_language_own_name(client):
    content = client.get("/en/").content.decode()

    assert 'lang="fr">Français</button>' in content
    assert 'lang="en" aria-current="true">English</button>' in content
    assert 'lang="bm">Bamanankan</button>' in content


@pytest.mark.django_db
def test_switcher_stores_preferred_language_of_logged_in_user(client, user):
    client.force_login(user)

    client.post("/i18n/setlang/", {"language": "bm", "next": "/fr/dashboard/"})

    user.refresh_from_db()
    assert user.preferred_language == "bm"


def test_bambara_is_registered_in_lang_info():
    info = get_language_info("bm")

    assert (info["name"], info["name_local"], info["bidi"]) == ("Bambara", "Bamanankan", False)


def test_bambara_date_typed_day_month_year_is_stored_and_shown_in_bambara():
    class EventDateForm(forms.Form):
        day = forms.DateField()

    with translation.override("bm"):
        form = EventDateForm(data={"day": "05/03/2014"})
        assert form.is_valid()
        shown = Template('{{ day|date:"DATE_FORMAT" }}').render(
            Context({"day": form.cleaned_data["day"]})
        )

    assert form.cleaned_data["day"] == datetime.date(2014, 3, 5)
    assert shown == "5 marisi 2014"


def test_bambara_form_shows_dates_day_month_year():
    class EventDateForm(forms.Form):
        day = forms.DateField()

    with translation.override("bm"):
        html = str(EventDateForm(initial={"day": datetime.date(2014, 3, 5)})["day"])

    assert 'value="05/03/2014"' in html


def test_bambara_django_validation_message_falls_back_to_french():
    class RequiredForm(forms.Form):
        name = forms.CharField()

    with translation.override("bm"):
        errors = RequiredForm(data={}).errors["name"]

    assert errors == ["Ce champ est obligatoire."]


def test_bambara_month_and_day_names_are_cldr_names():
    cldr = Locale("bm")
    expected_months = [cldr.months["format"]["wide"][i] for i in range(1, 13)]
    expected_months_abbr = [cldr.months["format"]["abbreviated"][i] for i in range(1, 13)]
    expected_days = [cldr.days["format"]["wide"][i] for i in range(7)]  # 0 is Monday
    expected_days_abbr = [cldr.days["format"]["abbreviated"][i] for i in range(7)]

    with translation.override("bm"):
        assert [str(m) for m in date_names.MONTHS] == expected_months
        assert [str(m) for m in date_names.MONTHS_ALT] == expected_months
        assert [str(m) for m in date_names.MONTHS_3] == expected_months_abbr
        assert [str(m) for m in date_names.MONTHS_AP] == expected_months_abbr
        assert [str(d) for d in date_names.WEEKDAYS] == expected_days
        assert [str(d) for d in date_names.WEEKDAYS_ABBR] == expected_days_abbr


def test_bambara_catalog_declares_one_plural_form():
    catalog = polib.pofile(str(LOCALE_DIR / "bm" / "LC_MESSAGES" / "django.po"))

    assert catalog.metadata["Plural-Forms"] == "nplurals=1; plural=0;"


@pytest.mark.parametrize("code", CODES)
def test_compiled_catalog_matches_its_source(code):
    source = polib.pofile(str(LOCALE_DIR / code / "LC_MESSAGES" / "django.po"))
    compiled = polib.mofile(str(LOCALE_DIR / code / "LC_MESSAGES" / "django.mo"))

    def entries(catalog, keep=lambda entry: True):
        return {
            (e.msgctxt, e.msgid): (e.msgstr, tuple(sorted(e.msgstr_plural.items())))
            for e in catalog
            if e.msgid and keep(e)
        }

    # msgfmt compiles the translated, non-fuzzy entries of the source.
    in_source = entries(
        source, lambda e: not e.obsolete and "fuzzy" not in e.flags and e.translated()
    )
    assert entries(compiled) == in_source


@pytest.mark.parametrize("code", ["fr", "bm"])
def test_every_string_is_translated(code):
    catalog = polib.pofile(str(LOCALE_DIR / code / "LC_MESSAGES" / "django.po"))

    missing = [
        entry.msgid
        for entry in catalog
        if not entry.obsolete
        and (not entry.translated() or "fuzzy" in entry.flags)
        and not (code == "fr" and _is_django_date_name(entry))
    ]

    assert missing == []


def _is_django_date_name(entry) -> bool:
    """Django's own French catalog translates month and day names."""
    return "network/formats/bm/date_names.py" in " ".join(f for f, _ in entry.occurrences)


def test_every_bambara_translation_is_listed_for_review_or_from_cldr():
    catalog = polib.pofile(str(LOCALE_DIR / "bm" / "LC_MESSAGES" / "django.po"))
    review = (LOCALE_DIR / "bm" / "REVIEW.md").read_text(encoding="utf-8")

    def escaped(text: str) -> str:
        return text.replace("|", "\\|").replace("*", "\\*").replace("_", "\\_")

    unlisted = [
        entry.msgid
        for entry in catalog
        if entry.translated()
        and not _is_django_date_name(entry)
        and f"| {escaped(entry.msgstr)} |" not in review
        and f"| {entry.msgstr} |" not in review
    ]

    assert unlisted == []


def test_english_dates_are_typed_and_shown_day_first():
    class EventDateForm(forms.Form):
        day = forms.DateField()

    with translation.override("en"):
        form = EventDateForm(data={"day": "05/03/2014"})
        assert form.is_valid()
        shown = Template('{{ day|date:"DATE_FORMAT" }}').render(
            Context({"day": form.cleaned_data["day"]})
        )

    assert (form.cleaned_data["day"], shown) == (datetime.date(2014, 3, 5), "5 March 2014")


@pytest.mark.django_db
def test_switcher_works_when_the_browser_prefers_another_language(client):
    response = client.post(
        "/i18n/setlang/",
        {"language": "bm", "next": "/fr/about/"},
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert response["Location"] == "/bm/about/"


@pytest.mark.django_db
@pytest.mark.parametrize(("code", "expected"), [("en-us", "en"), ("BM", "bm"), ("bm-ML", "bm")])
def test_switcher_maps_variants_to_the_served_language(client, code, expected):
    response = client.post("/i18n/setlang/", {"language": code, "next": "/fr/about/"})

    assert response["Location"] == f"/{expected}/about/"
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == expected


@pytest.mark.django_db
def test_switcher_ignores_an_unknown_language(client):
    response = client.post("/i18n/setlang/", {"language": "xx", "next": "/fr/about/"})

    assert response["Location"] == "/fr/about/"
    assert settings.LANGUAGE_COOKIE_NAME not in client.cookies


def test_catalogs_hold_every_string_of_the_source(tmp_path):
    """``make messages`` was run after the last change of a translatable string.

    Extracts the strings again into a copy of the project (GNU gettext's
    xgettext, installed by .ci/run) and compares the message ids.
    """
    import shutil
    import subprocess
    import sys

    from tests.conftest import require_service

    require_service(shutil.which("xgettext") is not None, "GNU gettext (xgettext)")
    base = Path(settings.BASE_DIR)
    for name in ("manage.py", "pyproject.toml"):
        shutil.copy(base / name, tmp_path / name)
    for folder in ("network", "members", "dialogues", "strategy", "templates", "locale"):
        shutil.copytree(base / folder, tmp_path / folder, ignore=shutil.ignore_patterns("*.pyc"))
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "--locale", "fr", "--no-obsolete",
         "--ignore", ".venv/*"],
        cwd=tmp_path, check=True, capture_output=True, timeout=120,
    )  # fmt: skip

    def msgids(path):
        return {(e.msgctxt, e.msgid) for e in polib.pofile(str(path)) if not e.obsolete}

    extracted = msgids(tmp_path / "locale" / "fr" / "LC_MESSAGES" / "django.po")
    committed = msgids(LOCALE_DIR / "fr" / "LC_MESSAGES" / "django.po")
    assert sorted(extracted - committed, key=str) == []

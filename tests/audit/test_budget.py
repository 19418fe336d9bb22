"""Page budget (DESIGN.md, "Low bandwidth"): every main page, in each language, on a first visit.

- at most 14 KB of HTML, compressed (gzip level 6): the page arrives in the
  first round trip of a new connection;
- at most 100 KB transferred in all: the HTML and every stylesheet, script,
  image and icon it references (followed into the stylesheets' ``url()`` and
  ``@import``), each counted once, as whitenoise serves it;
- at most 30 KB of JavaScript, as transferred;
- and the core forms work with JavaScript off: log in, save the organisation's
  profile, comment on a strategy section, each seen through to its result.

Sizes come from the test client's responses and the static files themselves
(``django.contrib.staticfiles.finders``). Whitenoise serves a compressed copy
of a file only when compression pays (not for images, fonts or archives,
and only when it saves at least 5 %), and so does this count. 1 KB = 1,024 bytes.
"""

import gzip
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.files.storage import default_storage
from django.utils import translation
from playwright.sync_api import expect
from whitenoise.compress import Compressor

from tests.audit.pages import MEMBER, ROLE_EMAILS, main_page_visits

KB = 1024
HTML_BUDGET = 14 * KB
TOTAL_BUDGET = 100 * KB
SCRIPT_BUDGET = 30 * KB
GZIP_LEVEL = 6
WHITENOISE_MIN_SAVING = 0.95  # whitenoise keeps a compressed copy at most 95 % of the original

#: ``<link rel=…>`` that a browser downloads on a first visit.
FETCHED_LINKS = {"stylesheet", "icon", "shortcut", "apple-touch-icon", "preload", "modulepreload"}
CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'")]+)\1\s*\)|@import\s+(['"])([^'"]+)\3""")

_whitenoise = Compressor(quiet=True)


def gzipped_size(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=GZIP_LEVEL, mtime=0))


def served_size(name: str, data: bytes) -> int:
    """Bytes whitenoise sends for a static file ``name`` to a browser that accepts gzip."""
    if not _whitenoise.should_compress(name) or not data:
        return len(data)
    compressed = gzipped_size(data)
    return compressed if compressed / len(data) <= WHITENOISE_MIN_SAVING else len(data)


class AssetParser(HTMLParser):
    """The addresses a browser fetches for a page: stylesheets, scripts, images, icons."""

    def __init__(self):
        super().__init__()
        self.urls: list[str] = []
        self.has_icon = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "link":
            rels = set((attributes.get("rel") or "").lower().split())
            if rels & FETCHED_LINKS and attributes.get("href"):
                self.urls.append(attributes["href"])
                self.has_icon = self.has_icon or "icon" in rels
        elif tag in ("script", "img", "iframe", "embed", "audio", "video", "source", "track"):
            if attributes.get("src"):
                self.urls.append(attributes["src"])
        elif tag == "input" and (attributes.get("type") or "").lower() == "image":
            if attributes.get("src"):
                self.urls.append(attributes["src"])


@dataclass
class Asset:
    url: str
    kind: str  # "css", "js" or "other"
    size: int  # as transferred
    data: bytes = field(repr=False)


def load_asset(url: str) -> Asset:
    """A same-site static or media file by its address; anything else fails the test."""
    path = unquote(urlsplit(url).path)
    if urlsplit(url).netloc or not path.startswith((settings.STATIC_URL, settings.MEDIA_URL)):
        pytest.fail(f"{url}: not one of the portal's own static or media files")
    if path.startswith(settings.STATIC_URL):
        found = finders.find(path.removeprefix(settings.STATIC_URL))
        if found is None:
            pytest.fail(f"{url}: no such static file")
        data = Path(found).read_bytes()
    else:
        with default_storage.open(path.removeprefix(settings.MEDIA_URL)) as file:
            data = file.read()
    suffix = Path(path).suffix.lower()
    kind = {".css": "css", ".js": "js", ".mjs": "js"}.get(suffix, "other")
    return Asset(url=path, kind=kind, size=served_size(path, data), data=data)


def first_visit_assets(html: str, page_url: str) -> dict[str, Asset]:
    """Every file a first visit to ``page_url`` downloads besides the HTML, by address."""
    parser = AssetParser()
    parser.feed(html)
    pending = [urljoin(page_url, url) for url in parser.urls if not url.startswith("data:")]
    if not parser.has_icon:
        pending.append("/favicon.ico")  # what a browser asks for when the page names no icon
    assets: dict[str, Asset] = {}
    while pending:
        url = pending.pop()
        if urlsplit(url).path in assets:
            continue
        asset = load_asset(url)
        assets[asset.url] = asset
        if asset.kind == "css":
            for match in CSS_URL.finditer(asset.data.decode("utf-8")):
                reference = match.group(2) or match.group(4)
                if not reference.startswith(("data:", "#")):
                    pending.append(urljoin(asset.url, reference))
    return assets


def test_main_pages_fit_the_page_budget(audit_world):
    # Arrange
    over = []
    heaviest = (0, "")

    for visit in main_page_visits(audit_world):
        # Act
        response = audit_world.client_for(visit.page.role).get(visit.path)
        assert response.status_code == visit.page.status, visit.label
        html_size = gzipped_size(response.content)
        assets = first_visit_assets(response.content.decode("utf-8"), visit.path)
        total = html_size + sum(asset.size for asset in assets.values())
        scripts = sum(asset.size for asset in assets.values() if asset.kind == "js")
        heaviest = max(heaviest, (total, visit.label))

        # Assert (collected, to report every page over budget at once)
        if html_size > HTML_BUDGET:
            over.append(f"{visit.label}: HTML {html_size} B compressed > {HTML_BUDGET}")
        if total > TOTAL_BUDGET:
            over.append(f"{visit.label}: {total} B transferred in all > {TOTAL_BUDGET}")
        if scripts > SCRIPT_BUDGET:
            over.append(f"{visit.label}: JavaScript {scripts} B > {SCRIPT_BUDGET}")

    assert over == [], f"heaviest page: {heaviest[1]}, {heaviest[0]} B"


def test_first_visit_counts_each_referenced_file_once():
    # Arrange: a page naming the site's stylesheet twice, its icon, and an inline image
    html = (
        '<link rel="stylesheet" href="/static/css/site.css">'
        '<link rel="stylesheet" href="/static/css/site.css">'
        '<link rel="icon" href="/static/favicon.svg"><link rel="alternate" href="/fr/news/feed/">'
        '<img src="data:image/png;base64,AAAA" alt="">'
    )

    # Act
    assets = first_visit_assets(html, "/fr/")

    # Assert: the feed is not fetched, the inline image costs nothing more
    assert sorted(assets) == ["/static/css/site.css", "/static/favicon.svg"]
    css = Path(finders.find("css/site.css")).read_bytes()
    assert assets["/static/css/site.css"].size == gzipped_size(css)


# --- Without JavaScript -------------------------------------------------------


def _text(message: str, language: str = "fr") -> str:
    with translation.override(language):
        return translation.gettext(message)


@pytest.mark.e2e
def test_core_forms_work_without_javascript(audit_world, live_server, browser):
    # Arrange: a browser with JavaScript off, as the demo member
    from network.accounts.demo import DEMO_ACCOUNTS

    password = next(a.password for a in DEMO_ACCOUNTS if a.email == ROLE_EMAILS[MEMBER])
    context = browser.new_context(java_script_enabled=False, locale="fr-FR")
    page = context.new_page()
    organisation, section = audit_world.organisation, audit_world.section
    try:
        # Act and assert: log in
        page.goto(f"{live_server.url}/fr/accounts/login/")
        form = page.locator("main form").filter(has=page.locator('input[name="login"]'))
        form.locator('input[name="login"]').fill(ROLE_EMAILS[MEMBER])
        form.locator('input[name="password"]').fill(password)
        form.locator('button[type="submit"]').click()
        expect(page).to_have_url(f"{live_server.url}/fr/dashboard/")

        # Act and assert: save the organisation's profile
        page.goto(f"{live_server.url}{organisation.get_absolute_url()}edit/")
        new_description = "Organisation fictive : profil enregistré sans JavaScript."
        page.locator('textarea[name="description_fr"]').fill(new_description)
        page.locator("main form button[type=submit]").click()
        expect(page).to_have_url(f"{live_server.url}{organisation.get_absolute_url()}")
        expect(page.locator(".messages")).to_contain_text(_text("The profile has been saved."))
        expect(page.locator("main")).to_contain_text(new_description)

        # Act and assert: comment on a strategy section
        page.goto(f"{live_server.url}{section.get_absolute_url()}")
        comment = "Commentaire envoyé sans JavaScript."
        comment_form = page.locator('#comments form[aria-labelledby="comment-form-title"]')
        comment_form.locator('textarea[name="body"]').fill(comment)
        comment_form.locator("button[type=submit]").click()
        expect(page.locator(".messages")).to_contain_text(_text("Your comment has been added."))
        expect(page.locator("#comments")).to_contain_text(comment)
    finally:
        context.close()

"""One Chromium for the whole run: Debian's, driven by Playwright (``browser`` fixture).

Shared by the browser journeys (tests/e2e) and the accessibility and page
budget audits (tests/audit); registered in tests/conftest.py so that both
get the same session-scoped browser instead of one each.

Chromium is Debian's (``apt-get install chromium``), found at ``CHROMIUM_PATH``
(default ``/usr/bin/chromium``); Playwright's own browser download is not used.
A missing Chromium skips these tests, or fails them under
``NETWORK_REQUIRE_SERVICES=1`` (CI).
"""

import os

import pytest
from playwright.sync_api import sync_playwright

# Playwright's sync API runs an asyncio event loop in the test thread, so
# Django's async-safety check would refuse every ORM call made by the test
# (factories, fixtures) with SynchronousOnlyOperation. The test thread never
# runs Django code concurrently with that loop; the live server answers the
# browser from its own thread. Set before any test runs.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM_PATH = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    # No network here: without these Chromium keeps retrying refused connections.
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def browser():
    from tests.conftest import require_service  # tests/conftest.py imports this module

    available = os.path.isfile(CHROMIUM_PATH) and os.access(CHROMIUM_PATH, os.X_OK)
    require_service(available, f"Chromium at {CHROMIUM_PATH}")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM_PATH, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()

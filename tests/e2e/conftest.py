"""Browser fixtures for the end-to-end tests: Debian's Chromium driven by Playwright.

One Chromium process per session (``browser``); each test gets a fresh
context, so no cookie, session or language choice leaks between tests.
When a test fails, a screenshot and the page's HTML are saved to
``tests/e2e/artifacts/<test name>.png`` and ``.html`` (git-ignored).

The session's Chromium (``browser``) lives in tests/browser.py, shared with
the audits of tests/audit: one Chromium for the whole run.
"""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

ARTIFACTS_DIR = Path(__file__).parent / "artifacts"
TIMEOUT_MS = 5_000  # a page of a local live server; anything slower is a failure

expect.set_options(timeout=TIMEOUT_MS)

_call_report_key = pytest.StashKey()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    """Keep the outcome of the test's call phase on the item, for ``page`` to read."""
    report = yield
    if report.when == "call":
        item.stash[_call_report_key] = report
    return report


@pytest.fixture
def context(browser):
    context = browser.new_context(locale="fr-FR")
    context.set_default_timeout(TIMEOUT_MS)
    yield context
    context.close()


@pytest.fixture
def page(context, request):
    page = context.new_page()
    yield page
    report = request.node.stash.get(_call_report_key, None)
    if report is not None and report.failed:
        _save_artifacts(page, request.node.name)


def _save_artifacts(page, test_name: str) -> None:
    """Write the page's screenshot and HTML, named after the test."""
    ARTIFACTS_DIR.mkdir(exist_ok=True)
    stem = re.sub(r"[^\w.-]+", "_", test_name)
    page.screenshot(path=ARTIFACTS_DIR / f"{stem}.png", full_page=True)
    (ARTIFACTS_DIR / f"{stem}.html").write_text(page.content(), encoding="utf-8")

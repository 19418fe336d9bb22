"""Accessibility: axe-core on every main page, in each language, at WCAG 2.1 level A and AA.

Each page is loaded from the live server in the session's Chromium, logged
in as the role that sees it; axe-core (node_modules/axe-core, pinned in
package.json) is injected into every page of the browser context before the
page's own content (an init script: parsed once per page, not sent as a tag
through the page) and run over the whole document. The site's
Content-Security-Policy forbids scripts it did not send, so the context
bypasses it (``bypass_csp``): the page is the site's, the script is the
auditor's.
"""

import pytest
from django.conf import settings

from tests.audit.pages import LANGUAGES, VISITOR, main_page_visits
from tests.audit.tools import AXE_SCRIPT
from tests.conftest import require_service

WCAG_21_A_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
RUN_AXE = """
(tags) => axe.run(document, {runOnly: {type: 'tag', values: tags}}).then(
  (results) => results.violations.map((violation) => ({
    id: violation.id,
    impact: violation.impact,
    help: violation.help,
    targets: violation.nodes.slice(0, 5).map((node) => node.target.join(' ')),
  }))
)
"""


def _context_for(browser, world, role: str, base_url: str):
    """A browser context as ``role`` (its session cookie), with the CSP bypassed for axe."""
    context = browser.new_context(bypass_csp=True, locale="fr-FR")
    context.add_init_script(path=AXE_SCRIPT)
    if role != VISITOR:
        session = world.client_for(role).cookies[settings.SESSION_COOKIE_NAME].value
        context.add_cookies(
            [{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": base_url}]
        )
    return context


@pytest.mark.e2e
@pytest.mark.parametrize("language", LANGUAGES)
def test_main_pages_have_no_wcag21_aa_violation(language, audit_world, live_server, browser):
    # Arrange
    require_service(AXE_SCRIPT.is_file(), f"axe-core at {AXE_SCRIPT} (make audit-tools)")
    visits = [visit for visit in main_page_visits(audit_world) if visit.language == language]
    contexts, pages = {}, {}

    # Act
    violations = {}
    try:
        for visit in visits:
            role = visit.page.role
            if role not in pages:
                contexts[role] = _context_for(browser, audit_world, role, live_server.url)
                pages[role] = contexts[role].new_page()
            page = pages[role]
            response = page.goto(live_server.url + visit.path)
            assert response.status == visit.page.status, visit.label
            assert page.url == live_server.url + visit.path, visit.label  # not redirected
            found = page.evaluate(RUN_AXE, WCAG_21_A_AA)
            if found:
                violations[visit.label] = [
                    f"{item['id']} ({item['impact']}): {item['help']} at {item['targets']}"
                    for item in found
                ]
    finally:
        for context in contexts.values():
            context.close()

    # Assert
    assert violations == {}

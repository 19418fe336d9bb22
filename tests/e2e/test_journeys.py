"""Journeys through the portal in a real browser, against a live server."""

import pytest
from django.utils import translation
from playwright.sync_api import expect

from tests.factories import UserFactory
from tests.factories.accounts import DEFAULT_PASSWORD


@pytest.mark.e2e
def test_visitor_switches_to_bambara_and_logs_in(live_server, page):
    # Arrange
    member = UserFactory(display_name="Aminata Traoré")
    with translation.override("bm"):
        welcome = translation.gettext("Welcome, %(name)s") % {"name": member.display_name}
    page.goto(f"{live_server.url}/fr/")
    expect(page.locator("html")).to_have_attribute("lang", "fr")

    # Act: choose Bambara on the language switcher
    page.get_by_role("button", name="Bamanankan", exact=True).click()

    # Assert: the same page, now in Bambara
    expect(page).to_have_url(f"{live_server.url}/bm/")
    expect(page.locator("html")).to_have_attribute("lang", "bm")

    # Act: log in through the navigation's link
    page.locator('nav a[href="/bm/accounts/login/"]').click()
    expect(page).to_have_url(f"{live_server.url}/bm/accounts/login/")
    login_form = page.locator("main form").filter(has=page.locator('input[name="login"]'))
    login_form.locator('input[name="login"]').fill(member.email)
    login_form.locator('input[name="password"]').fill(DEFAULT_PASSWORD)
    login_form.locator('button[type="submit"]').click()

    # Assert: the dashboard greets the member, still in Bambara
    expect(page).to_have_url(f"{live_server.url}/bm/dashboard/")
    expect(page.locator("main h1")).to_have_text(welcome)
    expect(page.locator("html")).to_have_attribute("lang", "bm")

"""Tables on a phone (360 px wide), in Chromium: words and numbers stay whole, tables fit.

The site's stylesheet lets a table cell break a word only when the word
alone is wider than the screen. It once broke every cell's words anywhere
(``overflow-wrap: anywhere`` shrinks a cell's smallest width to one letter),
so a narrow table printed "Tar get", "6 1 0" or "o ui" on every page. Now
a table wider than the screen scrolls sideways in its own box, and the
page keeps the screen's width. Each page below is loaded from the live
server as a role that sees it; a word is broken when its letters lie on
more than one line. The tables stay tables for assistive technology
(Chromium's accessibility tree), though the stylesheet makes them scroll.
"""

import datetime
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from network.progress.enums import ValueStatus
from strategy import services as strategy_services
from tests.factories import OrganisationFactory, OrganisationPersonFactory, UserFactory
from tests.factories.progress import (
    IndicatorFactory,
    IndicatorValueFactory,
    ObjectiveFactory,
    PeriodFactory,
)
from tests.factories.strategy import StrategyFactory, make_section

PHONE = {"width": 360, "height": 740}
SCREENSHOTS = Path(__file__).parent.parent / "e2e" / "artifacts"

#: Every word of the main content's table cells whose letters lie on more than one line.
#: A word is what lies between spaces, line breaks and hyphens (a browser may always break
#: after a hyphen); a no-break space holds a number's groups ("1 500") in one word.
BROKEN_WORDS = r"""() => {
  const broken = [];
  for (const cell of document.querySelectorAll("main th, main td")) {
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const match of node.data.matchAll(/[^ \n\t\-]+/g)) {
        const range = document.createRange();
        range.setStart(node, match.index);
        range.setEnd(node, match.index + match[0].length);
        const lines = new Set(
          [...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.bottom))
        );
        if (lines.size > 1) broken.push(match[0]);
      }
    }
  }
  return broken;
}"""

#: How far the page is wider than the screen, in CSS pixels (0: it fits).
OVERFLOW = "() => document.documentElement.scrollWidth - window.innerWidth"
TABLES = "() => document.querySelectorAll('table').length"


def _progress_data():
    """An objective with long-named indicators, six semesters, values waiting and approved."""
    objective = ObjectiveFactory(number=2, title="Renforcer le dialogue communautaire")
    organisation = OrganisationFactory(name="Association des femmes juristes du Mali")
    indicators = [
        IndicatorFactory(
            objective=objective,
            number=number,
            name=name,
            target=Decimal(target),
            members_may_report=True,
            disaggregated=True,
        )
        for number, (name, target) in enumerate(
            [
                ("Femmes médiatrices formées aux techniques de dialogue", "1500"),
                ("Dialogues communautaires tenus dans les cercles", "610"),
            ],
            start=1,
        )
    ]
    periods = [
        PeriodFactory(name=f"Semestre {index + 1} (novembre {2013 + index // 2})")
        for index in range(6)
    ]
    for period, figure in zip(periods[:3], ("610", "1240", "1500"), strict=True):
        IndicatorValueFactory(
            indicator=indicators[0],
            period=period,
            value=Decimal(figure),
            women=Decimal(figure) - 10,
            men=Decimal(10),
        )
    IndicatorValueFactory(
        indicator=indicators[1],
        period=periods[3],
        organisation=organisation,
        value=Decimal("12"),
        status=ValueStatus.SUBMITTED,
        submitted_at=datetime.datetime(2015, 6, 2, tzinfo=datetime.UTC),
    )
    return indicators


def _strategy_data():
    """A section with a long revision history, an amendment and a translation."""
    author = UserFactory(display_name="Aminata Traoré")
    section = make_section(
        strategy=StrategyFactory(),
        title="Gouvernance locale et participation des femmes",
        body="Les conseils communaux écoutent les associations.",
        author=author,
        order=1,
    )
    strategy_services.amendment_propose(
        section=section,
        proposer=OrganisationPersonFactory(user__display_name="Kadiatou Maïga").user,
        body="Les conseils communaux écoutent les associations de femmes et de jeunes.",
        rationale="Les associations de femmes et de jeunes doivent être entendues dans les "
        "conseils communaux.",
    )
    return section


def _page_as(browser, live_server, user):
    client = Client()
    client.force_login(user)
    context = browser.new_context(viewport=PHONE, locale="fr-FR")
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    return context, context.new_page()


def _accessible_tables(page) -> int:
    """How many tables Chromium's accessibility tree holds (what a screen reader is given)."""
    session = page.context.new_cdp_session(page)
    nodes = session.send("Accessibility.getFullAXTree")["nodes"]
    session.detach()
    return sum(1 for node in nodes if node.get("role", {}).get("value") == "table")


def _measure(page, live_server, path: str, name: str) -> tuple[list[str], int, bool]:
    """Broken words, overflow of the page, and whether every table is still a table."""
    response = page.goto(live_server.url + path)
    assert response.status == 200, path
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"phone-{name}.png", full_page=True)
    tables = page.evaluate(TABLES)
    assert tables > 0, path
    return page.evaluate(BROKEN_WORDS), page.evaluate(OVERFLOW), _accessible_tables(page) == tables


@pytest.mark.e2e
def test_progress_tables_keep_words_whole_on_a_phone(live_server, browser):
    indicators = _progress_data()
    context, page = _page_as(browser, live_server, UserFactory(roles=["coordinator"]))
    paths = {
        "framework": "/fr/progress/framework/",
        "values": "/fr/progress/values/",
        "indicator": f"/fr/progress/indicators/{indicators[0].pk}/",
        "strategy-progress": "/fr/progress/strategy/",
    }

    try:
        measured = {name: _measure(page, live_server, path, name) for name, path in paths.items()}
    finally:
        context.close()

    assert measured == dict.fromkeys(paths, ([], 0, True))


@pytest.mark.e2e
def test_strategy_tables_still_fit_a_phone(live_server, browser):
    section = _strategy_data()
    context, page = _page_as(browser, live_server, UserFactory(roles=["coordinator"]))
    paths = {
        "section": section.get_absolute_url(),
        "history": f"{section.get_absolute_url()}history/",
    }

    try:
        measured = {name: _measure(page, live_server, path, name) for name, path in paths.items()}
    finally:
        context.close()

    assert measured == dict.fromkeys(paths, ([], 0, True))

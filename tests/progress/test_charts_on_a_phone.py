"""The indicator page's chart on a phone (360 px wide), in Chromium: readable, nothing covered.

A walk-through found every label under the bars reading "Semestre…", text
about 7 px high, "Baseline 0" written over the last bar and "Target 40"
over a value. Here every text of the drawing must be at least 11 CSS pixels
high, no text may cover another or a bar, the labels under the bars must
differ, and the page must keep the screen's width.
"""

from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from network.progress.enums import Unit
from tests.factories import UserFactory
from tests.factories.progress import IndicatorFactory, IndicatorValueFactory, PeriodFactory

PHONE = {"width": 360, "height": 740}
SCREENSHOTS = Path(__file__).parent.parent / "e2e" / "artifacts"

#: The drawing's texts: rendered font size, box, and words; its bars' boxes.
DRAWING = """() => {
  const svg = document.querySelector(".chart svg");
  const scale = svg.getScreenCTM().a;
  const box = (element) => {
    const r = element.getBoundingClientRect();
    return [r.left, r.top, r.right, r.bottom];
  };
  const texts = [...svg.querySelectorAll("text")].map((text) => ({
    kind: text.getAttribute("class"),
    words: [...text.childNodes]
      .filter((node) => node.nodeName !== "title")
      .map((node) => node.textContent)
      .join(" "),
    size: parseFloat(getComputedStyle(text).fontSize) * scale,
    box: box(text),
  }));
  const bars = [...svg.querySelectorAll(".chart-bar, .chart-women, .chart-men")].map(box);
  return {texts, bars, overflow: document.documentElement.scrollWidth - window.innerWidth};
}"""


def _overlap(first, second) -> bool:
    """Two boxes ``[left, top, right, bottom]`` share more than a hair."""
    return (
        min(first[2], second[2]) - max(first[0], second[0]) > 0.5
        and min(first[3], second[3]) - max(first[1], second[1]) > 0.5
    )


def _walk_through_indicators():
    """The walk-through's indicator (target 40, a last value near the baseline), a large one
    with a women/men breakdown, and a percentage."""
    periods = [PeriodFactory(name=f"Semestre {n + 1} (novembre {2013 + n // 2})") for n in range(6)]
    small = IndicatorFactory(name="Dialogues communautaires tenus", target=Decimal(40))
    large = IndicatorFactory(name="Femmes formées", target=Decimal(1500), disaggregated=True)
    share = IndicatorFactory(name="Part des femmes", target=Decimal(50), unit=Unit.PERCENT)
    for period, figure in zip(periods, (8, 17, 25, 33, 40, 1), strict=True):
        IndicatorValueFactory(indicator=small, period=period, value=Decimal(figure))
    for period, figure in zip(periods, (610, 1240, 1500, 1490, 1320, 1500), strict=True):
        IndicatorValueFactory(
            indicator=large,
            period=period,
            value=Decimal(figure),
            women=Decimal(figure - 90),
            men=Decimal(90),
        )
    for period, figure in zip(periods, ("12.5", "33", "47.25", "50", "48", "100"), strict=True):
        IndicatorValueFactory(indicator=share, period=period, value=Decimal(figure))
    return {"small": small, "large": large, "percent": share}


@pytest.mark.e2e
def test_indicator_chart_is_readable_on_a_phone(live_server, browser):
    indicators = _walk_through_indicators()
    client = Client()
    client.force_login(UserFactory(roles=["donor"]))
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
    page = context.new_page()
    SCREENSHOTS.mkdir(exist_ok=True)

    found = {}
    try:
        for name, indicator in indicators.items():
            page.goto(f"{live_server.url}/fr/progress/indicators/{indicator.pk}/")
            page.locator(".chart").screenshot(path=SCREENSHOTS / f"phone-chart-{name}.png")
            found[name] = page.evaluate(DRAWING)
    finally:
        context.close()

    for name, drawing in found.items():
        texts, bars = drawing["texts"], drawing["bars"]
        assert drawing["overflow"] == 0, name
        assert min(text["size"] for text in texts) >= 11, name
        crossing = [
            (first["words"], second["words"])
            for index, first in enumerate(texts)
            for second in texts[index + 1 :]
            if _overlap(first["box"], second["box"])
        ]
        assert crossing == [], name
        covering = [text["words"] for text in texts for bar in bars if _overlap(text["box"], bar)]
        assert covering == [], name
        labels = [text["words"] for text in texts if text["kind"] == "chart-label"]
        assert labels == [
            "nov. 2013", "mai 2014", "nov. 2014", "mai 2015", "nov. 2015", "mai 2016",
        ], name  # fmt: skip
    ticks = [text["words"] for text in found["percent"]["texts"] if text["kind"] == "chart-tick"]
    assert ticks == ["0\xa0%", "25\xa0%", "50\xa0%", "75\xa0%", "100\xa0%"] or ticks == [
        "0%", "25%", "50%", "75%", "100%",
    ]  # fmt: skip

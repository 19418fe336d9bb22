"""A donor's journey in a real browser: the progress overview and its XLSX export."""

from decimal import Decimal

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from network.progress.enums import ValueStatus
from tests.e2e.steps import log_in, t
from tests.factories import UserFactory
from tests.factories.progress import (
    IndicatorFactory,
    IndicatorValueFactory,
    ObjectiveFactory,
    PeriodFactory,
    semester,
)


@pytest.mark.e2e
def test_donor_opens_overview_and_downloads_xlsx_with_its_figures(live_server, page, tmp_path):
    # Arrange: an indicator with approved values in two semesters, and one not approved
    donor = UserFactory(roles=["donor"], display_name="Ingrid Huber")
    objective = ObjectiveFactory(number=2)
    indicator = IndicatorFactory(
        objective=objective, number=1, name="Dialogues communautaires tenus", target=Decimal("40")
    )
    periods = [
        PeriodFactory(starts_on=start, ends_on=end, name=f"Semestre {index + 1}")
        for index, (start, end) in enumerate(semester(n) for n in range(3))
    ]
    IndicatorValueFactory(indicator=indicator, period=periods[0], value=Decimal("8"))
    IndicatorValueFactory(indicator=indicator, period=periods[1], value=Decimal("17"))
    IndicatorValueFactory(
        indicator=indicator, period=periods[2], value=Decimal("90"), status=ValueStatus.SUBMITTED
    )

    # Act: from the dashboard to the overview
    log_in(page, live_server.url, donor)
    page.get_by_role("link", name=t("Progress against the objectives: every indicator")).click()

    # Assert: the objective and the indicator's latest approved figure against its target
    expect(page.get_by_role("heading", level=1)).to_have_text(t("Progress against the objectives"))
    expect(page.get_by_role("heading", level=2)).to_have_text(
        [t("Objective %(number)s: %(title)s", number=2, title=objective.title)]
    )
    card = page.get_by_role("listitem").filter(
        has=page.get_by_role("heading", name=f"2.1 {indicator.name}")
    )
    expect(card).to_contain_text(t("Latest value:") + " 17 (Semestre 2)")
    expect(card).to_contain_text(t("Target:") + " 40")

    # Act: download the XLSX export from the progress pages' links
    links = page.get_by_role("navigation", name=t("Progress pages"))
    with page.expect_download() as download_info:
        links.get_by_role("link", name=t("Export (XLSX)")).click()
    download = download_info.value
    path = tmp_path / download.suggested_filename
    download.save_as(path)

    # Assert: a workbook whose indicators sheet holds the figure the overview shows
    assert download.suggested_filename.startswith("progress-fr-")
    assert download.suggested_filename.endswith(".xlsx")
    workbook = load_workbook(path)
    assert workbook.sheetnames == [t("Values"), t("Indicators")]
    rows = list(workbook[t("Indicators")].iter_rows(values_only=True))
    headers, indicator_rows = rows[0], rows[1:]
    row = dict(zip(headers, indicator_rows[0], strict=True))
    assert len(indicator_rows) == 1
    assert (row[t("Indicator code")], row[t("Latest value")], row[t("Latest period")]) == (
        "2.1",
        17,
        "Semestre 2",
    )
    values = list(workbook[t("Values")].iter_rows(values_only=True))
    period_values = [dict(zip(values[0], line, strict=True)) for line in values[1:]]
    assert [(v[t("Period")], v[t("Value")]) for v in period_values] == [
        ("Semestre 1", 8),
        ("Semestre 2", 17),
        ("Semestre 3", None),
    ]
    workbook.close()

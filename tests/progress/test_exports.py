"""CSV and XLSX exports of the results framework, read back and compared with the pages.

The fixture spans two semesters that have started (S1: 1 Nov 2013 – 30 Apr
2014, S2: 1 May – 31 Oct 2014): a reported indicator with an approved
network value and approved and pending contributions, a disaggregated one,
and computed ones over a few held events with attendance.
"""

import csv
import datetime
import io
import re
from decimal import Decimal
from unittest import mock
from zoneinfo import ZoneInfo

import openpyxl
import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from dialogues.enums import EventStatus
from dialogues.models import Attendance
from network.progress import exports, services
from network.progress.computed import COMPUTATIONS
from network.progress.enums import Source, Unit, ValueStatus
from tests.factories import OrganisationFactory, OrganisationPersonFactory, UserFactory
from tests.factories.dialogues import DialogueEventFactory
from tests.factories.progress import (
    IndicatorFactory,
    IndicatorValueFactory,
    ObjectiveFactory,
    PeriodFactory,
)

pytestmark = pytest.mark.django_db

BAMAKO = ZoneInfo("Africa/Bamako")
BOM = b"\xef\xbb\xbf"
VALUE_COLUMNS = 17  # objective … value, entered for the period, women, men


def at(year, month, day):
    return datetime.datetime(year, month, day, 10, tzinfo=BAMAKO)


def read_csv(response) -> list[list[str]]:
    content = response.content
    assert content.startswith(BOM)
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def read_xlsx(response) -> dict[str, list[tuple]]:
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    return {sheet.title: list(sheet.iter_rows(values_only=True)) for sheet in workbook}


def number(text: str) -> Decimal | None:
    return Decimal(text) if text else None


def page_figures(client, indicator) -> dict[str, tuple]:
    """``{period name: (value, women, men)}`` as the indicator's page shows them."""
    response = client.get(reverse("progress:indicator", kwargs={"pk": indicator.pk}))
    assert response.status_code == 200
    summary = response.context["summary"]
    return {
        point.period.name: (
            (point.measure.value, point.measure.women, point.measure.men)
            if point.measure
            else (None, None, None)
        )
        for point in summary.points
    }


def overview_latest(client, language) -> dict[str, tuple]:
    """``{code: (latest value, latest period name, status)}`` as the overview shows them."""
    with translation.override(language):
        response = client.get(reverse("progress:overview"))
        assert response.status_code == 200
        return {
            summary.indicator.code: (
                summary.latest.measure.value if summary.latest else None,
                summary.latest.period.name if summary.latest else None,
                str(summary.status.label),
            )
            for row in response.context["objectives"]
            for summary in row["summaries"]
        }


@pytest.fixture
def framework():
    """Two semesters, three reported indicators and two computed ones (see the module)."""
    s1, s2 = PeriodFactory(), PeriodFactory()
    objective = ObjectiveFactory(number=1, title="Réseau", title_fr="Réseau")
    reported = IndicatorFactory(objective=objective, number=1, members_may_report=True)
    a, b = OrganisationFactory(name="Association Alpha"), OrganisationFactory()
    IndicatorValueFactory(indicator=reported, period=s1, value=Decimal("10"))
    IndicatorValueFactory(indicator=reported, period=s1, organisation=a, value=Decimal("2.5"))
    IndicatorValueFactory(
        indicator=reported, period=s1, organisation=b, value=Decimal("100"),
        status=ValueStatus.SUBMITTED,
    )  # fmt: skip
    IndicatorValueFactory(
        indicator=reported, period=s2, value=Decimal("1250.50"), status=ValueStatus.APPROVED
    )
    split = IndicatorFactory(objective=objective, number=2, disaggregated=True)
    IndicatorValueFactory(
        indicator=split, period=s1, value=Decimal("30"), women=Decimal("18"), men=Decimal("12")
    )
    pending = IndicatorFactory(objective=objective, number=3)
    IndicatorValueFactory(indicator=pending, period=s1, status=ValueStatus.DRAFT)
    IndicatorValueFactory(indicator=pending, period=s2, status=ValueStatus.SUBMITTED)
    IndicatorValueFactory(
        indicator=pending, period=s1, organisation=a, status=ValueStatus.RETURNED,
        decision_comment="Pièce manquante.",
    )  # fmt: skip
    dialogue = ObjectiveFactory(number=2, title="Dialogues", title_fr="Dialogues")
    for starts, total, women in ((at(2013, 12, 2), 40, 18), (at(2014, 6, 3), 25, 15)):
        event = DialogueEventFactory(starts_at=starts, ends_at=starts, status=EventStatus.HELD)
        Attendance.objects.create(event=event, total=total, women=women, men=total - women, youth=9)
    DialogueEventFactory(starts_at=at(2014, 7, 1), status=EventStatus.CANCELLED)
    participants = IndicatorFactory(
        objective=dialogue, number=1, source=Source.COMPUTED, computation="participants",
        disaggregated=True,
    )  # fmt: skip
    women_share = IndicatorFactory(
        objective=dialogue, number=2, source=Source.COMPUTED, computation="women_share",
        unit=Unit.PERCENT, target=Decimal("50"),
    )  # fmt: skip
    return {
        "periods": [s1, s2],
        "reported": reported,
        "split": split,
        "pending": pending,
        "participants": participants,
        "women_share": women_share,
    }


@pytest.fixture
def donor_client(client, donor):
    client.force_login(donor)
    return client


def values_of(rows, code) -> dict[str, list]:
    """The data rows of indicator ``code``, by period name (column 11)."""
    return {row[10]: row for row in rows[1:] if row[2] == code}


def page_table(client, indicator) -> dict[str, list[Decimal | None]]:
    """``{period name: [value, in this period]}`` read from the indicator page's table (English).

    Cells as the page prints them ("1,508.50", "No value", "") turned back into numbers.
    """
    with translation.override("en"):
        response = client.get(reverse("progress:indicator", kwargs={"pk": indicator.pk}))
    html = response.content.decode()
    rows = re.findall(r'<tr><th scope="row">([^<]*)</th>(.*?)</tr>', html)
    return {
        name: [
            Decimal(cell.replace(",", "")) if cell not in ("", "No value") else None
            for cell in re.findall(r"<td>([^<]*)</td>", cells)
        ]
        for name, cells in rows
    }


# --- The figures --------------------------------------------------------------------


def test_csv_figures_equal_the_pages(donor_client, framework):
    response = donor_client.get("/fr/progress/export.csv")

    rows = read_csv(response)
    assert len(rows) == 1 + 5 * 2
    assert all(len(row) == VALUE_COLUMNS for row in rows)
    for key in ("reported", "split", "pending", "participants", "women_share"):
        indicator = framework[key]
        found = values_of(rows, indicator.code)
        expected = page_figures(donor_client, indicator)
        assert list(found) == list(expected)
        for name, (value, women, men) in expected.items():
            row = found[name]
            assert (number(row[13]), number(row[15]), number(row[16])) == (value, women, men)


def test_xlsx_figures_equal_the_pages(donor_client, framework):
    response = donor_client.get("/fr/progress/export.xlsx")

    rows = list(read_xlsx(response).values())[0]
    assert len(rows) == 1 + 5 * 2
    for key in ("reported", "split", "pending", "participants", "women_share"):
        indicator = framework[key]
        found = values_of(rows, indicator.code)
        for name, expected in page_figures(donor_client, indicator).items():
            row = found[name]
            figures = (row[13], row[15], row[16])
            assert tuple(None if c is None else Decimal(str(c)) for c in figures) == expected


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_cumulative_figures_equal_the_indicator_page_both_columns(donor_client, kind):
    s1, s2, s3 = PeriodFactory(), PeriodFactory(), PeriodFactory()
    indicator = IndicatorFactory(cumulative=True, members_may_report=True, target=Decimal(5000))
    organisation = OrganisationFactory()
    IndicatorValueFactory(indicator=indicator, period=s1, value=Decimal("8"))
    IndicatorValueFactory(indicator=indicator, period=s1, organisation=organisation)
    IndicatorValueFactory(indicator=indicator, period=s3, value=Decimal("1490.5"))
    IndicatorValueFactory(
        indicator=indicator, period=s3, value=Decimal("70"), organisation=OrganisationFactory(),
        status=ValueStatus.SUBMITTED,
    )  # fmt: skip

    response = donor_client.get(f"/fr/progress/export.{kind}")

    if kind == "csv":
        rows = [[number(cell) for cell in row[13:15]] for row in read_csv(response)[1:]]
    else:
        rows = [
            [None if cell is None else Decimal(str(cell)) for cell in row[13:15]]
            for row in list(read_xlsx(response).values())[0][1:]
        ]
    expected = page_table(donor_client, indicator)
    assert rows == list(expected.values())
    assert expected == {
        s1.name: [Decimal(18), Decimal(18)],
        s2.name: [None, None],
        s3.name: [Decimal("1508.5"), Decimal("1490.5")],
    }


def test_export_holds_the_approved_sums_only(donor_client, framework):
    rows = read_csv(donor_client.get("/fr/progress/export.csv"))

    reported = values_of(rows, framework["reported"].code)
    pending = values_of(rows, framework["pending"].code)
    # 10 (network) + 2.5 (Alpha, approved); Beta's 100 is only submitted.
    assert [reported["Semestre 1"][13], reported["Semestre 2"][13]] == ["12.5", "1250.5"]
    # Draft, submitted and returned values never reach the export.
    assert [pending["Semestre 1"][13:17], pending["Semestre 2"][13:17]] == [["", "", "", ""]] * 2


def test_export_has_the_women_and_men_of_a_disaggregated_indicator(donor_client, framework):
    rows = read_csv(donor_client.get("/fr/progress/export.csv"))

    split = values_of(rows, framework["split"].code)
    reported = values_of(rows, framework["reported"].code)
    assert split["Semestre 1"][13:17] == ["30", "30", "18", "12"]
    assert split["Semestre 2"][13:17] == ["", "", "", ""]
    assert reported["Semestre 1"][13:17] == ["12.5", "12.5", "", ""]


def test_computed_figures_equal_the_computations(donor_client, framework):
    s1, s2 = framework["periods"]
    first_day, last_days = s1.starts_on, [s1.ends_on, s2.ends_on]

    rows = read_csv(donor_client.get("/fr/progress/export.csv"))

    participants = values_of(rows, framework["participants"].code)
    women_share = values_of(rows, framework["women_share"].code)
    assert [participants[p.name][13:17] for p in (s1, s2)] == [
        ["40", "", "18", "22"],
        ["65", "", "33", "32"],
    ]
    assert [women_share[p.name][13] for p in (s1, s2)] == ["45", "50.77"]
    computed = {
        key: COMPUTATIONS[key].compute(first_day, last_days, {})
        for key in ("participants", "women_share")
    }
    assert [
        (number(participants[p.name][13]), number(participants[p.name][15])) for p in (s1, s2)
    ] == [(m.value, m.women) for m in computed["participants"]]
    assert [number(women_share[p.name][13]) for p in (s1, s2)] == [
        m.value for m in computed["women_share"]
    ]


def test_csv_describes_each_row(donor_client, framework):
    rows = read_csv(donor_client.get("/en/progress/export.csv"))

    assert rows[0] == [
        "Objective",
        "Objective title",
        "Indicator code",
        "Indicator",
        "Unit",
        "Direction",
        "Source",
        "Baseline",
        "Baseline date",
        "Target",
        "Period",
        "First day",
        "Last day",
        "Value",
        "Entered for the period",
        "Women",
        "Men",
    ]
    reported = framework["reported"]
    assert values_of(rows, "1.1")["Semestre 2"] == [
        "1",
        "Réseau",
        "1.1",
        reported.name,
        "Number",
        "Higher is better",
        "Reported",
        "0",
        "2013-11-01",
        "100",
        "Semestre 2",
        "2014-05-01",
        "2014-10-31",
        "1250.5",
        "1250.5",
        "",
        "",
    ]


def test_xlsx_cells_are_typed_with_a_frozen_bold_header(donor_client, framework):
    response = donor_client.get("/en/progress/export.xlsx")

    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Values", "Indicators"]
    values = workbook["Values"]
    assert values.freeze_panes == "A2"
    assert all(cell.font.b for cell in values[1])
    assert values.column_dimensions["B"].width >= 8
    row = next(r for r in values.iter_rows(min_row=2) if r[2].value == "1.1" and r[13].value)
    assert [row[0].value, row[7].value, row[9].value, row[13].value] == [1, 0, 100, 10 + 2.5]
    assert row[8].value == datetime.datetime(2013, 11, 1)
    assert row[8].number_format == "yyyy-mm-dd"
    assert row[14].value == 10 + 2.5  # entered for the period: the same, not cumulative
    assert row[15].value is None


def test_xlsx_indicators_sheet_has_latest_value_and_status(donor_client, framework):
    response = donor_client.get("/en/progress/export.xlsx")

    rows = read_xlsx(response)["Indicators"]
    assert rows[0] == (
        "Indicator code",
        "Indicator",
        "Unit",
        "Definition",
        "How it is computed",
        "Baseline",
        "Target",
        "Latest value",
        "Latest period",
        "Latest status",
    )
    by_code = {row[0]: row for row in rows[1:]}
    assert list(by_code) == ["1.1", "1.2", "1.3", "2.1", "2.2"]
    reported, pending = framework["reported"], framework["pending"]
    # 1250.5 of 100: achieved.
    assert by_code["1.1"] == (
        "1.1", reported.name, "Number", "Ce qui est compté.", None, 0, 100, 1250.5,
        "Semestre 2", "Achieved",
    )  # fmt: skip
    assert by_code["1.3"][1:] == (
        pending.name, "Number", "Ce qui est compté.", None, 0, 100, None, None, "No value yet",
    )  # fmt: skip
    with translation.override("en"):
        definition = str(COMPUTATIONS["women_share"].definition)
    assert by_code["2.2"][4:] == (definition, 0, 50, 50.77, "Semestre 2", "Achieved")
    # The overview shows the same latest figures and statuses.
    overview = overview_latest(donor_client, "en")
    assert {
        code: (None if row[7] is None else Decimal(str(row[7])), row[8], row[9])
        for code, row in by_code.items()
    } == overview


# --- Language, format, safety -----------------------------------------------------


@pytest.mark.parametrize(
    ("language", "name"), [("fr", "Organisations actives"), ("en", "Active organisations"),
                           ("bm", "Jɛɲɔgɔnya tɔn ŋana")],
)  # fmt: skip
def test_export_speaks_the_language_of_the_url(donor_client, language, name):
    PeriodFactory()
    IndicatorFactory(
        name_fr="Organisations actives", name_en="Active organisations",
        name_bm="Jɛɲɔgɔnya tɔn ŋana",
    )  # fmt: skip

    csv_response = donor_client.get(f"/{language}/progress/export.csv")
    xlsx_response = donor_client.get(f"/{language}/progress/export.xlsx")

    with translation.override(language):
        headers = [translation.gettext("Objective"), translation.gettext("Indicator")]
        sheets = [translation.gettext("Values"), translation.gettext("Indicators")]
    rows = read_csv(csv_response)
    assert [rows[0][0], rows[0][3], rows[1][3]] == [*headers, name]
    xlsx = read_xlsx(xlsx_response)
    assert list(xlsx) == sheets
    assert xlsx[sheets[0]][1][3] == name
    today = timezone.localdate().isoformat()
    assert csv_response["Content-Disposition"] == (
        f'attachment; filename="progress-{language}-{today}.csv"'
    )
    assert xlsx_response["Content-Disposition"] == (
        f'attachment; filename="progress-{language}-{today}.xlsx"'
    )


def test_export_headers_keep_it_private(donor_client, framework):
    csv_response = donor_client.get("/fr/progress/export.csv")
    xlsx_response = donor_client.get("/fr/progress/export.xlsx")

    assert csv_response["Content-Type"] == "text/csv; charset=utf-8"
    assert xlsx_response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    for response in (csv_response, xlsx_response):
        assert response["Cache-Control"] == "private, no-store"
        assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize(
    "typed",
    ['=HYPERLINK("http://x")', "+1+2", "-2+3", "@SUM(A1)", "\tTab", "\rReturn"],
)
def test_export_neutralises_formulas(donor_client, typed):
    PeriodFactory()
    objective = ObjectiveFactory(number=1, title_fr=typed)
    IndicatorFactory(objective=objective, name_fr=typed, definition_fr=typed)

    rows = read_csv(donor_client.get("/fr/progress/export.csv"))
    workbook = openpyxl.load_workbook(
        io.BytesIO(donor_client.get("/fr/progress/export.xlsx").content)
    )

    assert [rows[1][1], rows[1][3]] == ["'" + typed] * 2
    values, indicators = workbook.worksheets
    # XML reads a carriage return back as a line feed: the quote is what matters.
    expected = "'" + typed.replace("\r", "\n")
    for cell in (values["B2"], values["D2"], indicators["B2"], indicators["D2"]):
        assert (cell.value, cell.data_type) == (expected, "s")


def test_xlsx_export_drops_characters_a_worksheet_cannot_hold(donor_client):
    # A definition pasted from Word keeps its manual line breaks (vertical tabs); XML
    # (and so XLSX) cannot hold them nor other control characters: no 500.
    PeriodFactory()
    IndicatorFactory(definition_fr="Ligne 1\x0bLigne 2\x1b[0m", name_fr="Nom")

    response = donor_client.get("/fr/progress/export.xlsx")

    assert response.status_code == 200
    indicators = openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[1]
    assert indicators["D2"].value == "Ligne 1\nLigne 2[0m"
    csv_rows = read_csv(donor_client.get("/fr/progress/export.csv"))
    assert csv_rows[1][3] == "Nom"


def test_export_holds_no_personal_data(donor_client, framework):
    coordinator = UserFactory(display_name="Aminata Traoré", email="aminata@example.org")
    framework["reported"].values.update(entered_by=coordinator, decided_by=coordinator)

    csv_text = donor_client.get("/fr/progress/export.csv").content.decode("utf-8-sig")
    workbook = openpyxl.load_workbook(
        io.BytesIO(donor_client.get("/fr/progress/export.xlsx").content)
    )
    cells = [
        str(cell) for sheet in workbook for row in sheet.iter_rows(values_only=True) for cell in row
    ]

    for text in ("Aminata", "aminata@example.org", "Association Alpha", "Pièce manquante"):
        assert text not in csv_text
        assert not any(text in cell for cell in cells)


# --- Who may download --------------------------------------------------------------


@pytest.mark.parametrize("name", ["export_csv", "export_xlsx"])
def test_export_sends_visitors_to_log_in(client, name):
    url = reverse(f"progress:{name}")

    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_login')}?next={url}"


@pytest.mark.parametrize("name", ["export_csv", "export_xlsx"])
def test_export_is_not_found_for_members(client, name):
    client.force_login(OrganisationPersonFactory().user)

    assert client.get(reverse(f"progress:{name}")).status_code == 404


@pytest.mark.parametrize("role", ["coordinator", "donor", "administrator"])
@pytest.mark.parametrize("name", ["export_csv", "export_xlsx"])
def test_export_is_for_those_who_follow_progress(client, role, name):
    client.force_login(UserFactory(roles=[role]))

    assert client.get(reverse(f"progress:{name}")).status_code == 200


# --- Queries -------------------------------------------------------------------------


@pytest.mark.parametrize("item_count", [1, 20])
@pytest.mark.parametrize("name", ["export_csv", "export_xlsx"])
def test_export_query_count(donor_client, django_assert_num_queries, item_count, name):
    periods = [PeriodFactory(), PeriodFactory()]
    for indicator in IndicatorFactory.create_batch(item_count):
        for period in periods:
            IndicatorValueFactory(indicator=indicator, period=period)
    computed = IndicatorFactory(source=Source.COMPUTED, computation="events_held")
    url = reverse(f"progress:{name}")

    # user, roles (permission); indicators, periods, reported values, one per
    # computation (events held)
    with django_assert_num_queries(6):
        response = donor_client.get(url)

    assert response.status_code == 200
    if name == "export_csv":
        rows = read_csv(response)
        assert len(rows) == 1 + (item_count + 1) * 2
        assert values_of(rows, computed.code)["Semestre 2"][13] == "0"


# --- The cache -----------------------------------------------------------------------
# Tests run with NETWORK_PROGRESS_CACHE_SECONDS = 0 (tests/conftest.py) and an emptied
# cache before and after each test; these turn the cache on.

WRITERS = {"csv": "write_csv", "xlsx": "write_xlsx"}


@pytest.fixture
def cached(settings):
    settings.NETWORK_PROGRESS_CACHE_SECONDS = 300
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def builds():
    """How many times the tables were built (``exports.progress_tables`` spied on)."""
    with mock.patch.object(
        exports, "progress_tables", wraps=exports.progress_tables
    ) as progress_tables:
        yield progress_tables


def logged_in(role: str) -> Client:
    client = Client()
    client.force_login(UserFactory(roles=[role]))
    return client


def figure(response, kind: str, code: str, period: str):
    """The *value* column of indicator ``code`` for ``period``, as text."""
    if kind == "csv":
        return values_of(read_csv(response), code)[period][13]
    value = values_of(list(read_xlsx(response).values())[0], code)[period][13]
    return "" if value is None else plain(value)


def plain(value) -> str:
    return format(Decimal(str(value)).normalize(), "f")


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_export_again_is_read_from_the_cache(
    donor_client, framework, cached, django_assert_num_queries, kind
):
    url = f"/fr/progress/export.{kind}"
    first = donor_client.get(url)

    # user, roles (permission); the change stamp: values, indicators, objectives,
    # periods. Neither the tables nor the file are made again.
    with (
        mock.patch.object(exports, "progress_tables", side_effect=AssertionError),
        mock.patch.object(exports, WRITERS[kind], side_effect=AssertionError),
        django_assert_num_queries(6),
    ):
        second = donor_client.get(url)

    assert second.status_code == 200
    assert second.content == first.content
    for header in ("Content-Type", "Content-Disposition", "Cache-Control"):
        assert second[header] == first[header]
    assert second["Cache-Control"] == "private, no-store"


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_export_cache_shows_an_approval_at_once(framework, cached, coordinator, builds, kind):
    client = logged_in("donor")
    url = f"/fr/progress/export.{kind}"
    pending = framework["pending"]
    value = pending.values.get(organisation=None, status=ValueStatus.SUBMITTED)
    assert figure(client.get(url), kind, pending.code, "Semestre 2") == ""

    services.value_decide(value=value, actor=coordinator, approve=True)
    response = client.get(url)

    assert figure(response, kind, pending.code, "Semestre 2") == "10"
    assert builds.call_count == 2


def rename_indicator(framework, coordinator):
    indicator = framework["reported"]
    indicator.name_fr = "Nouveau nom"
    services.indicator_save(indicator=indicator, actor=coordinator)
    return "Nouveau nom"


def rename_period(framework, coordinator):
    period = framework["periods"][1]
    period.name_fr = "Second semestre"
    services.period_save(period=period, actor=coordinator)
    return "Second semestre"


def retitle_objective(framework, coordinator):
    # Objectives are edited in the admin only, with no timestamp: a plain save.
    objective = framework["reported"].objective
    objective.title_fr = "Réseau renforcé"
    objective.save()
    return "Réseau renforcé"


@pytest.mark.parametrize("change", [rename_indicator, rename_period, retitle_objective])
@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_export_cache_shows_a_framework_change_at_once(
    donor_client, framework, cached, coordinator, kind, change
):
    url = f"/fr/progress/export.{kind}"
    donor_client.get(url)

    shown = change(framework, coordinator)
    response = donor_client.get(url)

    if kind == "csv":
        cells = {cell for row in read_csv(response) for cell in row}
    else:
        cells = {cell for rows in read_xlsx(response).values() for row in rows for cell in row}
    assert shown in cells


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_export_cache_never_gives_a_coordinators_file_to_a_donor(framework, cached, builds, kind):
    # A value only coordinators may see: submitted, on an indicator with no other value.
    planted = IndicatorFactory(objective=framework["reported"].objective, number=9)
    IndicatorValueFactory(
        indicator=planted, period=framework["periods"][0], value=Decimal("777"),
        status=ValueStatus.SUBMITTED,
    )  # fmt: skip
    url = f"/fr/progress/export.{kind}"
    logged_in("coordinator").get(url)
    assert builds.call_count == 1

    response = logged_in("donor").get(url)

    # Built again for the donor, not served from the coordinator's entry.
    assert builds.call_count == 2
    assert figure(response, kind, planted.code, "Semestre 1") == ""


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_export_cache_keeps_each_language_apart(donor_client, framework, cached, kind):
    french = donor_client.get(f"/fr/progress/export.{kind}")
    english = donor_client.get(f"/en/progress/export.{kind}")

    assert french.content != english.content
    if kind == "csv":
        assert [read_csv(french)[0][0], read_csv(english)[0][0]] == ["Objectif", "Objective"]
    else:
        assert [list(read_xlsx(french)), list(read_xlsx(english))] == [
            ["Valeurs", "Indicateurs"],
            ["Values", "Indicators"],
        ]


def test_export_cache_is_made_again_the_next_day(
    donor_client, framework, cached, builds, monkeypatch
):
    donor_client.get("/fr/progress/export.xlsx")
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: tomorrow)

    response = donor_client.get("/fr/progress/export.xlsx")

    assert builds.call_count == 2
    assert f"progress-fr-{tomorrow:%Y-%m-%d}.xlsx" in response["Content-Disposition"]


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_export_is_not_cached_when_the_setting_is_zero(
    donor_client, framework, builds, django_assert_num_queries, kind
):
    url = f"/fr/progress/export.{kind}"
    donor_client.get(url)

    # user, roles; indicators, periods, reported values, the participants'
    # computation (women_share shares it): no change stamp either.
    with django_assert_num_queries(6):
        donor_client.get(url)

    assert builds.call_count == 2

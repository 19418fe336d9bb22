"""The progress pages (``network/progress/views_pages.py``): who sees them, what they show, cost.

Periods are the project's semesters from November 2013 (``PeriodFactory``),
all started by today, so the straight path to the target at the end of the
k-th of 6 periods is ``baseline + (target - baseline) × k / 6``.
"""

import datetime
import re
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import AnonymousUser

from dialogues.enums import EventStatus, Level, Visibility
from network.progress.computed import COMPUTATIONS
from network.progress.enums import Direction, Source, Unit, ValueStatus
from network.progress.views_pages import EVENTS_PER_PAGE, default_period
from strategy.enums import SectionStatus
from strategy.models import Section
from tests.factories import OrganisationFactory, OrganisationPersonFactory, UserFactory
from tests.factories.dialogues import DialogueEventFactory
from tests.factories.progress import (
    IndicatorFactory,
    IndicatorValueFactory,
    MilestoneFactory,
    ObjectiveFactory,
    PeriodFactory,
)
from tests.factories.strategy import make_section

pytestmark = pytest.mark.django_db

BAMAKO = ZoneInfo("Africa/Bamako")
PROTECTED = ["overview/", "indicators/{pk}/", "timeline/", "strategy/"]


@pytest.fixture(autouse=True)
def _indicators_numbered_from_one():
    """Each test's first indicator of an objective is "x.1"."""
    IndicatorFactory.reset_sequence(0)


@pytest.fixture
def periods():
    return [PeriodFactory() for _ in range(6)]


def log_in(client, role):
    """Log in someone holding ``role`` ("visitor": nobody; "member": a member organisation's)."""
    if role == "visitor":
        return AnonymousUser()
    if role == "member":
        user = OrganisationPersonFactory().user
    else:
        user = UserFactory(roles=[role])
    client.force_login(user)
    return user


def page(client, path, **params):
    response = client.get(f"/en/progress/{path}", params)
    assert response.status_code == 200
    return response.content.decode()


def status_of(html, name):
    """The status word printed for the indicator whose heading ends with ``name``."""
    found = re.search(
        rf"{re.escape(name)}(?:</a>)?</h3>\s*<p class=\"figures\"><span class=\"status "
        rf"status-(\w+)\">([^<]+)</span>",
        html,
    )
    return found.groups() if found else None


# --- Who may see them ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("visitor", "login"),
        ("member", 404),
        ("coordinator", 200),
        ("donor", 200),
        ("administrator", 200),
    ],
)
@pytest.mark.parametrize("path", PROTECTED)
def test_protected_pages_by_role(client, periods, role, expected, path):
    indicator = IndicatorFactory()
    log_in(client, role)

    response = client.get(f"/en/progress/{path.format(pk=indicator.pk)}")

    if expected == "login":
        assert response.status_code == 302
        assert response["Location"].startswith("/en/accounts/login/?next=/en/progress/")
    else:
        assert response.status_code == expected


@pytest.mark.parametrize("role", ["visitor", "member", "coordinator", "donor", "administrator"])
def test_summary_is_public(client, periods, role):
    log_in(client, role)

    assert client.get("/en/progress/").status_code == 200


def test_missing_indicator_answers_404_and_sends_visitors_to_log_in(client):
    assert client.get("/en/progress/indicators/999/").status_code == 302
    log_in(client, "donor")
    assert client.get("/en/progress/indicators/999/").status_code == 404


# --- Overview ---------------------------------------------------------------------------


def test_overview_shows_each_status_as_a_word_and_a_class(client, periods):
    achieved = IndicatorFactory(name="Reached")
    on_track = IndicatorFactory(name="Steady")
    behind = IndicatorFactory(name="Late")
    IndicatorFactory(name="Nothing")
    falling = IndicatorFactory(
        name="Incidents", direction=Direction.DECREASE, baseline=Decimal(60), target=Decimal(0)
    )
    IndicatorValueFactory(indicator=achieved, period=periods[0], value=Decimal(100))
    IndicatorValueFactory(indicator=on_track, period=periods[2], value=Decimal(50))  # path: 50
    IndicatorValueFactory(indicator=behind, period=periods[2], value=Decimal(49))
    IndicatorValueFactory(indicator=falling, period=periods[2], value=Decimal(30))  # path: 30
    log_in(client, "donor")

    html = page(client, "overview/")

    assert status_of(html, "Reached") == ("achieved", "Achieved")
    assert status_of(html, "Steady") == ("on_track", "On track")
    assert status_of(html, "Late") == ("behind", "Behind")
    assert status_of(html, "Nothing") == ("no_data", "No value yet")
    assert status_of(html, "Incidents") == ("on_track", "On track")
    assert "a straight path from the baseline to the target" in html


def test_overview_shows_latest_value_baseline_and_target(client, periods):
    objective = ObjectiveFactory(number=2, title_fr="Stratégie", title_en="Strategy")
    indicator = IndicatorFactory(
        objective=objective, number=3, name="Drafted", baseline=Decimal(5), target=Decimal(1200),
        baseline_date=datetime.date(2013, 11, 1),
    )  # fmt: skip
    IndicatorValueFactory(indicator=indicator, period=periods[0], value=Decimal(40))
    IndicatorValueFactory(indicator=indicator, period=periods[1], value=Decimal("1250.5"))
    log_in(client, "coordinator")

    html = page(client, "overview/")

    assert "Objective 2: Strategy" in html
    assert f'<a href="/en/progress/indicators/{indicator.pk}/">2.3 Drafted</a>' in html
    assert "Latest value: <strong>1,250.50</strong> (Semestre 2)" in html
    assert "Baseline: 5 (01/11/2013)" in html
    assert "Target: 1,200" in html


def test_overview_shows_only_approved_values(client, periods):
    indicator = IndicatorFactory(name="Checked")
    IndicatorValueFactory(indicator=indicator, period=periods[0], value=Decimal(11))
    IndicatorValueFactory(
        indicator=indicator, period=periods[1], value=Decimal(7777), status=ValueStatus.SUBMITTED
    )
    IndicatorValueFactory(
        indicator=indicator, period=periods[2], value=Decimal(8888), status=ValueStatus.DRAFT
    )
    IndicatorValueFactory(
        indicator=indicator, period=periods[3], value=Decimal(9999), status=ValueStatus.RETURNED,
        decision_comment="Source?",
    )  # fmt: skip
    log_in(client, "coordinator")

    html = page(client, "overview/")

    assert "Latest value: <strong>11</strong> (Semestre 1)" in html
    for hidden in ("7,777", "8,888", "9,999"):
        assert hidden not in html


def test_overview_links_the_other_pages_and_the_exports(client, periods):
    log_in(client, "donor")

    html = page(client, "overview/")

    for url in ("timeline/", "strategy/", "export.csv", "export.xlsx"):
        assert f'href="/en/progress/{url}"' in html


def test_overview_empty_states(client):
    log_in(client, "donor")
    assert "The objectives have not been entered yet." in page(client, "overview/")

    ObjectiveFactory(number=1)
    html = page(client, "overview/")

    assert "No indicator has been defined for this objective yet." in html
    assert "No reporting period has been defined yet, so no value can be shown." in html


def test_overview_without_values_says_no_value_yet(client, periods):
    IndicatorFactory(name="Empty")
    log_in(client, "donor")

    html = page(client, "overview/")

    assert status_of(html, "Empty") == ("no_data", "No value yet")
    assert "Latest value" not in html


# --- Indicator page ----------------------------------------------------------------------


def svg_values(html):
    return re.findall(r'<text class="chart-value"[^>]*>([^<]*)</text>', html)


def table_rows(html):
    rows = re.findall(r'<tr><th scope="row">([^<]*)</th>(.*?)</tr>', html)
    return [(label, re.findall(r"<td>([^<]*)</td>", cells)) for label, cells in rows]


def test_indicator_page_shows_its_definition_and_figures(client, periods):
    indicator = IndicatorFactory(
        name="Women trained", definition="Women who finished the training.", disaggregated=True,
        baseline=Decimal(0), target=Decimal(300),
    )  # fmt: skip
    IndicatorValueFactory(
        indicator=indicator, period=periods[1], value=Decimal(120), women=Decimal(70),
        men=Decimal(50),
    )  # fmt: skip
    log_in(client, "donor")

    html = page(client, f"indicators/{indicator.pk}/")

    assert "<h1>1.1 Women trained</h1>" in html
    assert "Objective 1: Objectif 1" in html
    assert "<dd>Women who finished the training.</dd>" in html
    assert "<dd>Higher is better</dd>" in html
    assert "<dd>Reported: only values approved by the coordinators are shown.</dd>" in html
    assert "<dd>0 (1 November 2013)</dd>" in html
    assert "<dd>300</dd>" in html
    assert "Latest value: <strong>120</strong> (Semestre 2)" in html
    assert "How the portal computes it" not in html


def test_indicator_chart_and_table_hold_the_same_figures(client, periods):
    indicator = IndicatorFactory(disaggregated=True, target=Decimal(2000))
    IndicatorValueFactory(
        indicator=indicator, period=periods[0], value=Decimal(30), women=Decimal(10),
        men=Decimal(20),
    )  # fmt: skip
    IndicatorValueFactory(indicator=indicator, period=periods[2], value=Decimal("1500.25"))
    IndicatorValueFactory(
        indicator=indicator, period=periods[3], value=Decimal(5000), status=ValueStatus.SUBMITTED
    )
    log_in(client, "donor")

    html = page(client, f"indicators/{indicator.pk}/")

    assert svg_values(html) == ["30", "1,500.25"]
    assert table_rows(html) == [
        ("Semestre 1", ["30", "10", "20"]),
        ("Semestre 2", ["No value", "", ""]),
        ("Semestre 3", ["1,500.25", "", ""]),
        ("Semestre 4", ["No value", "", ""]),
        ("Semestre 5", ["No value", "", ""]),
        ("Semestre 6", ["No value", "", ""]),
    ]
    assert "<title>Semestre 1, Women: 10</title>" in html
    assert '<span class="swatch swatch-women" aria-hidden="true"></span> Women' in html
    assert (
        f'<desc id="chart-indicator-{indicator.pk}-desc">Value per period from Semestre 1 to '
        "Semestre 6; baseline 0, target 2,000; latest 1,500.25 in Semestre 3. Each bar is split "
        "into women (lower part) and men (upper part).</desc>"
    ) in html
    assert "5,000" not in html


def axis_labels(html):
    """The lines written under each bar of the page's chart."""
    labels = re.findall(r'<text class="chart-label"[^>]*>(.*?)</text>', html)
    return [tuple(re.findall(r"<tspan[^>]*>([^<]*)</tspan>", label)) for label in labels]


@pytest.mark.parametrize(
    ("language", "first", "second"),
    [("en", ("Nov.", "2013"), ("May", "2014")), ("fr", ("nov.", "2013"), ("mai", "2014"))],
)
def test_indicator_chart_labels_each_bar_with_its_first_month_and_year(
    client, periods, language, first, second
):
    indicator = IndicatorFactory(target=Decimal(40))
    IndicatorValueFactory(indicator=indicator, period=periods[0], value=Decimal(8))
    log_in(client, "donor")

    html = client.get(f"/{language}/progress/indicators/{indicator.pk}/").content.decode()

    assert axis_labels(html)[:2] == [first, second]
    assert len(axis_labels(html)) == 6
    assert "<title>Semestre 1: 8</title>" in html
    assert "<title>Semestre 2</title>" in html
    assert '<tr><th scope="row">Semestre 2</th>' in html


def test_cumulative_indicator_table_shows_what_each_period_brought(client, periods):
    indicator = IndicatorFactory(cumulative=True, target=Decimal(2000))
    IndicatorValueFactory(indicator=indicator, period=periods[0], value=Decimal(8))
    IndicatorValueFactory(indicator=indicator, period=periods[1], value=Decimal(1500))
    IndicatorValueFactory(indicator=indicator, period=periods[3], value=Decimal("2.5"))
    log_in(client, "donor")

    html = page(client, f"indicators/{indicator.pk}/")

    assert '<th scope="col">Value</th><th scope="col">In this period</th>' in html
    assert table_rows(html) == [
        ("Semestre 1", ["8", "8"]),
        ("Semestre 2", ["1,508", "1,500"]),
        ("Semestre 3", ["No value", ""]),
        ("Semestre 4", ["1,510.50", "2.50"]),
        ("Semestre 5", ["No value", ""]),
        ("Semestre 6", ["No value", ""]),
    ]
    assert svg_values(html) == ["8", "1,508", "1,510.50"]


def test_indicator_table_of_a_non_cumulative_indicator_has_no_period_column(client, periods):
    indicator = IndicatorFactory()
    IndicatorValueFactory(indicator=indicator, period=periods[0], value=Decimal(8))
    log_in(client, "donor")

    html = page(client, f"indicators/{indicator.pk}/")

    assert "In this period" not in html
    assert table_rows(html)[0] == ("Semestre 1", ["8"])


def test_indicator_page_of_a_computed_indicator_states_its_computation(client, periods):
    indicator = IndicatorFactory(
        source=Source.COMPUTED, computation="women_share", unit=Unit.PERCENT, target=Decimal(50)
    )
    log_in(client, "donor")

    html = page(client, f"indicators/{indicator.pk}/")

    definition = str(COMPUTATIONS["women_share"].definition)
    assert f"<dt>How the portal computes it</dt><dd>{definition}</dd>" in html
    assert "<dd>Computed from the portal</dd>" in html
    assert "<dd>50&nbsp;%</dd>" in html
    assert (
        "No value yet for any period from Semestre 1 to Semestre 6; baseline 0%, target 50%."
        in html
    )


def test_indicator_page_without_periods(client):
    indicator = IndicatorFactory()
    log_in(client, "donor")

    html = page(client, f"indicators/{indicator.pk}/")

    assert "No reporting period yet; baseline 0, target 100." in html
    assert '<tr><td colspan="2">No reporting period yet.</td></tr>' in html


@pytest.mark.parametrize(("role", "links"), [("coordinator", 2), ("donor", 0)])
def test_indicator_page_links_coordinators_to_edit_and_enter(client, periods, role, links):
    indicator = IndicatorFactory()
    log_in(client, role)

    html = page(client, f"indicators/{indicator.pk}/")

    edit = f'href="/en/progress/framework/indicators/{indicator.pk}/edit/"'
    enter = f'href="/en/progress/indicators/{indicator.pk}/values/new/"'
    assert (edit in html) + (enter in html) == links


def test_donor_pages_show_no_names_nor_contact_details(client, periods):
    person = UserFactory(display_name="Aminata Traoré", email="aminata@example.org")
    organisation = OrganisationFactory(name="Femmes de Mopti")
    indicator = IndicatorFactory(members_may_report=True, public=True)
    IndicatorValueFactory(
        indicator=indicator, period=periods[0], organisation=organisation, entered_by=person,
        decided_by=person,
    )  # fmt: skip
    MilestoneFactory(date=periods[0].starts_on)
    DialogueEventFactory(
        starts_at=datetime.datetime(2014, 1, 10, 9, tzinfo=BAMAKO), created_by=person,
        organisers=[organisation],
    )  # fmt: skip
    log_in(client, "donor")

    for path in ["", "overview/", f"indicators/{indicator.pk}/", "timeline/?period="
                 f"{periods[0].pk}", "strategy/"]:  # fmt: skip
        html = client.get(f"/en/progress/{path}").content.decode()
        assert "Aminata" not in html
        assert "@example.org" not in html


# --- Public summary ---------------------------------------------------------------------


def test_summary_shows_public_indicators_only_and_no_link_for_visitors(client, periods):
    shown = IndicatorFactory(name="Open figure", public=True)
    hidden = IndicatorFactory(name="Inside figure", public=False)
    IndicatorValueFactory(indicator=shown, period=periods[0], value=Decimal(12))
    IndicatorValueFactory(indicator=hidden, period=periods[0], value=Decimal(34))

    html = page(client, "")

    assert "<h3>1.1 Open figure</h3>" in html
    assert "Latest value: <strong>12</strong> (Semestre 1)" in html
    assert "Inside figure" not in html
    assert "/progress/indicators/" not in html
    assert "/progress/overview/" not in html
    assert "the latest value approved by the network's coordinators" in html


def test_summary_shows_only_approved_values(client, periods):
    indicator = IndicatorFactory(public=True)
    IndicatorValueFactory(indicator=indicator, period=periods[0], value=Decimal(12))
    IndicatorValueFactory(
        indicator=indicator, period=periods[1], value=Decimal(7777), status=ValueStatus.SUBMITTED
    )

    html = page(client, "")

    assert "Latest value: <strong>12</strong> (Semestre 1)" in html
    assert "7,777" not in html


def test_summary_links_the_overview_for_those_who_may_see_it(client, periods):
    shown = IndicatorFactory(public=True)
    IndicatorFactory(public=False)
    log_in(client, "donor")

    html = page(client, "")

    assert '<a href="/en/progress/overview/">' in html
    assert html.count("/en/progress/indicators/") == 1
    assert f'href="/en/progress/indicators/{shown.pk}/"' in html


def test_summary_empty_states(client):
    assert "The objectives have not been entered yet." in page(client, "")

    ObjectiveFactory(number=1)
    IndicatorFactory(public=False)

    assert "No figure is published for this objective yet." in page(client, "")


def test_site_navigation_links_the_public_summary(client):
    html = client.get("/en/").content.decode()

    assert '<li><a href="/en/progress/">Progress</a></li>' in html


@pytest.mark.parametrize(
    ("role", "shown", "absent"),
    [
        ("coordinator", ["overview/", "timeline/", "strategy/", "framework/", "values/"], []),
        ("donor", ["overview/", "timeline/", "strategy/"], ["framework/", "values/"]),
    ],
)
def test_dashboard_links_the_progress_pages(client, role, shown, absent):
    log_in(client, role)

    html = client.get("/en/dashboard/").content.decode()

    for path in shown + ["", "export.csv", "export.xlsx"]:
        assert f'href="/en/progress/{path}"' in html
    for path in absent:
        assert f'href="/en/progress/{path}"' not in html
    assert "not built yet" not in html


# --- Timeline ---------------------------------------------------------------------------


def at(day: datetime.date, hour=10):
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=BAMAKO)


def test_default_period_is_the_latest_started_else_the_first(periods):
    assert default_period(periods, datetime.date(2014, 6, 1)) == periods[1]
    assert default_period(periods, datetime.date(2013, 1, 1)) == periods[0]
    assert default_period([], datetime.date(2014, 6, 1)) is None


def test_timeline_shows_the_chosen_period(client, periods):
    first, second = periods[0], periods[1]
    MilestoneFactory(date=datetime.date(2014, 2, 1), title="Network founded")
    MilestoneFactory(date=datetime.date(2014, 6, 1), title="Second step")
    DialogueEventFactory(
        title="Mopti dialogue", starts_at=at(datetime.date(2014, 3, 4)), level=Level.REGIONAL,
        status=EventStatus.HELD,
    )  # fmt: skip
    DialogueEventFactory(title="Later dialogue", starts_at=at(datetime.date(2014, 7, 4)))
    DialogueEventFactory(
        title="Cancelled dialogue", starts_at=at(datetime.date(2014, 3, 5)),
        status=EventStatus.CANCELLED,
    )  # fmt: skip
    log_in(client, "donor")

    html = page(client, "timeline/", period=first.pk)

    assert '<h2 id="period-title">Semestre 1</h2>' in html
    assert "From 1 November 2013 to 30 April 2014" in html
    assert "Network founded" in html
    assert "Second step" not in html
    assert "Mopti dialogue</a>" in html
    assert "4 March 2014</time> · Regional" in html
    assert "Later dialogue" not in html
    assert "Cancelled dialogue" not in html
    assert "1 dialogue event in this period." in html
    assert f'<a href="?period={second.pk}">Semestre 2</a>' in html
    assert '<strong aria-current="page">Semestre 1</strong>' in html


def test_timeline_defaults_to_the_latest_started_period(client, periods):
    log_in(client, "donor")

    html = page(client, "timeline/")

    assert '<h2 id="period-title">Semestre 6</h2>' in html


def test_timeline_shows_donors_only_the_events_they_may_see(client, periods):
    DialogueEventFactory(
        title="Closed meeting", starts_at=at(datetime.date(2014, 1, 8)),
        visibility=Visibility.RESTRICTED,
    )  # fmt: skip
    DialogueEventFactory(
        title="Network meeting", starts_at=at(datetime.date(2014, 1, 9)),
        visibility=Visibility.NETWORK,
    )  # fmt: skip
    log_in(client, "donor")

    html = page(client, "timeline/", period=periods[0].pk)

    assert "Network meeting" in html
    assert "Closed meeting" not in html


def test_timeline_pages_the_events_of_a_busy_period(client, periods):
    DialogueEventFactory.create_batch(EVENTS_PER_PAGE + 1, starts_at=at(datetime.date(2014, 2, 2)))
    log_in(client, "coordinator")

    first = client.get("/en/progress/timeline/", {"period": periods[0].pk})
    second = client.get("/en/progress/timeline/", {"period": periods[0].pk, "page": 2})

    assert len(first.context["events"]) == EVENTS_PER_PAGE
    assert len(second.context["events"]) == 1
    assert f"{EVENTS_PER_PAGE + 1} dialogue events in this period." in first.content.decode()
    assert f'href="?period={periods[0].pk}&amp;page=2"' in first.content.decode()


def test_timeline_empty_states(client):
    log_in(client, "donor")
    assert "No reporting period has been defined yet." in page(client, "timeline/")

    PeriodFactory()
    html = page(client, "timeline/")

    assert "No milestone in this period." in html
    assert "No dialogue event in this period." in html
    assert "dialogue events in this period." not in html  # not also "0 dialogue events…"


@pytest.mark.parametrize("asked", ["999", "abc", "1.5", "-1", "²", ""])
def test_timeline_ignores_a_malformed_or_unknown_period(client, periods, asked):
    # An old link (a period deleted since) or a mangled one: the usual page, no error.
    log_in(client, "donor")

    response = client.get("/en/progress/timeline/", {"period": asked})

    assert response.status_code == 200
    assert response.context["period"] == periods[-1]
    assert '<h2 id="period-title">Semestre 6</h2>' in response.content.decode()
    assert 'class="errorlist"' not in response.content.decode()


# --- Strategy progress --------------------------------------------------------------------


def test_strategy_page_counts_sections_per_status_in_chart_and_table(client, periods):
    first = make_section(title="Un")
    make_section(strategy=first.strategy, title="Deux")
    validated = make_section(strategy=first.strategy, title="Trois")
    Section.objects.filter(pk=validated.pk).update(status=SectionStatus.VALIDATED)
    indicator = IndicatorFactory(
        name="Sections agreed", source=Source.COMPUTED, computation="sections_validated"
    )
    IndicatorFactory(name="Unrelated", source=Source.COMPUTED, computation="events_held")
    log_in(client, "donor")

    html = page(client, "strategy/")

    assert svg_values(html) == ["2", "0", "1"]
    assert table_rows(html) == [("Draft", ["2"]), ("In review", ["0"]), ("Validated", ["1"])]
    assert "Strategy sections per status: Draft 2, In review 0, Validated 1." in html
    assert f'<a href="/en/progress/indicators/{indicator.pk}/">1.1 Sections agreed</a>' in html
    assert "Unrelated" not in html
    assert 'href="/en/strategy/"' in html


def test_strategy_page_without_sections(client):
    log_in(client, "donor")

    html = page(client, "strategy/")

    assert "No section of the strategy has been written yet." in html
    assert table_rows(html) == [("Draft", ["0"]), ("In review", ["0"]), ("Validated", ["0"])]


# --- Cost ----------------------------------------------------------------------------------


def reported(count, periods):
    """``count`` reported indicators, each with approved values in the first three periods."""
    indicators = IndicatorFactory.create_batch(count, disaggregated=True, public=True)
    for indicator in indicators:
        for period in periods[:3]:
            IndicatorValueFactory(
                indicator=indicator, period=period, value=Decimal(30), women=Decimal(10),
                men=Decimal(20),
            )  # fmt: skip
    return indicators


@pytest.mark.parametrize("item_count", [1, 20])
def test_overview_query_count(client, django_assert_num_queries, periods, item_count):
    reported(item_count, periods)
    log_in(client, "donor")

    # user, roles; objectives, their indicators; periods; reported values; unread
    # notifications
    with django_assert_num_queries(7):
        response = client.get("/fr/progress/overview/")

    assert sum(len(row["summaries"]) for row in response.context["objectives"]) == item_count


def test_overview_costs_one_query_per_distinct_computation(
    client, django_assert_num_queries, periods
):
    reported(1, periods)
    for key in COMPUTATIONS:
        IndicatorFactory(source=Source.COMPUTED, computation=key)
    IndicatorFactory(source=Source.COMPUTED, computation="events_held")  # shares its query
    log_in(client, "donor")

    # 7 for the page, then one per distinct computation (13), except that participants
    # and the shares of women and youth read the same attendance once: 7 + 11.
    assert len(COMPUTATIONS) == 13
    with django_assert_num_queries(18):
        response = client.get("/fr/progress/overview/")

    assert sum(len(row["summaries"]) for row in response.context["objectives"]) == 15


@pytest.mark.parametrize("item_count", [1, 20])
def test_indicator_query_count(client, django_assert_num_queries, item_count):
    periods = [PeriodFactory() for _ in range(item_count)]
    indicator = reported(item_count, periods)[0]
    log_in(client, "donor")

    # indicator with its objective; user, roles; periods; reported values; Django's
    # user and group permissions and the membership check (edit and enter links); unread
    # notifications
    with django_assert_num_queries(9):
        response = client.get(f"/fr/progress/indicators/{indicator.pk}/")

    assert len(response.context["chart"].points) == item_count


def test_indicator_of_a_computed_indicator_costs_one_query_for_its_computation(
    client, django_assert_num_queries, periods
):
    indicator = IndicatorFactory(source=Source.COMPUTED, computation="participants")
    log_in(client, "donor")

    # as above, the computation's one query instead of the reported values
    with django_assert_num_queries(9):
        client.get(f"/fr/progress/indicators/{indicator.pk}/")


@pytest.mark.parametrize("item_count", [1, 20])
def test_summary_query_count(client, django_assert_num_queries, periods, item_count):
    reported(item_count, periods)
    IndicatorFactory(public=False)

    # objectives, their public indicators; periods; reported values
    with django_assert_num_queries(4):
        response = client.get("/fr/progress/")

    assert sum(len(row["summaries"]) for row in response.context["objectives"]) == item_count


@pytest.mark.parametrize("item_count", [1, 20])
def test_timeline_query_count(client, django_assert_num_queries, periods, item_count):
    MilestoneFactory.create_batch(item_count, date=datetime.date(2014, 2, 1))
    DialogueEventFactory.create_batch(item_count, starts_at=at(datetime.date(2014, 2, 2)))
    log_in(client, "donor")

    # user, roles; periods; milestones; count and page of the events the donor may
    # see, with their regions; unread notifications
    with django_assert_num_queries(7):
        response = client.get("/fr/progress/timeline/", {"period": periods[0].pk})

    assert len(response.context["events"]) == item_count


@pytest.mark.parametrize("item_count", [1, 20])
def test_strategy_query_count(client, django_assert_num_queries, periods, item_count):
    section = make_section()
    for _ in range(item_count - 1):
        make_section(strategy=section.strategy, title=f"Section {_}")
    IndicatorFactory.create_batch(
        item_count, source=Source.COMPUTED, computation="sections_validated"
    )
    log_in(client, "donor")

    # user, roles; sections per status; indicators; periods; their one computation;
    # unread notifications
    with django_assert_num_queries(7):
        response = client.get("/fr/progress/strategy/")

    assert len(response.context["summaries"]) == item_count


def test_overview_says_how_old_computed_figures_may_be(client, settings):
    settings.NETWORK_PROGRESS_CACHE_SECONDS = 300
    log_in(client, "donor")

    response = client.get("/en/progress/overview/")

    assert (
        "The figures the portal computes may be up to 5 minutes old." in response.content.decode()
    )

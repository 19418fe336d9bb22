"""Each computed indicator, on a small fixture counted by hand, gives exactly that answer.

The fixture spans two semesters (S1: 1 Nov 2013 – 30 Apr 2014, S2: 1 May –
31 Oct 2014) and a third that has not started on "today" (15 Sep 2014).
Counts are cumulative from the project's first day (``computed.py``).
"""

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core.cache import cache

from dialogues.enums import EventStatus, Level, RecommendationStatus
from dialogues.models import Attendance
from members.enums import MembershipStatus
from members.models import StatusChange
from network.progress.computed import COMPUTATIONS, Measure, percent
from network.progress.enums import Source, Unit
from network.progress.selectors import computed_series
from strategy.enums import SectionStatus
from tests.factories import OrganisationFactory
from tests.factories.dialogues import DialogueEventFactory, RecommendationFactory
from tests.factories.progress import IndicatorFactory, PeriodFactory
from tests.factories.strategy import StrategyFactory, make_section

pytestmark = pytest.mark.django_db

BAMAKO = ZoneInfo("Africa/Bamako")
TODAY = datetime.date(2014, 9, 15)


def at(year, month, day, hour=10):
    return datetime.datetime(year, month, day, hour, tzinfo=BAMAKO)


@pytest.fixture
def periods():
    return [PeriodFactory(), PeriodFactory(), PeriodFactory()]  # S1, S2, S3 (not started)


def figures(key, periods):
    indicator = IndicatorFactory(source=Source.COMPUTED, computation=key)
    points = computed_series(indicators=[indicator], periods=periods, today=TODAY)[indicator.pk]
    return [point.measure for point in points]


def event(starts, *, status=EventStatus.HELD, level=Level.COMMUNITY, attendance=None):
    held = DialogueEventFactory(starts_at=starts, ends_at=starts, status=status, level=level)
    if attendance:
        total, women, youth = attendance
        Attendance.objects.create(
            event=held, total=total, women=women, men=total - women, youth=youth
        )
    return held


def membership(organisation, to_status, when):
    StatusChange.objects.create(organisation=organisation, to_status=to_status, created_at=when)


def test_active_organisations_follow_the_membership_history(periods):
    a, b, c, d = OrganisationFactory.create_batch(4)
    membership(a, MembershipStatus.ACTIVE, at(2013, 12, 1))  # active in S1 and S2
    membership(b, MembershipStatus.ACTIVE, at(2014, 2, 1))  # active in S1, suspended in S2
    membership(b, MembershipStatus.SUSPENDED, at(2014, 6, 1))
    membership(c, MembershipStatus.APPLICANT, at(2014, 3, 1))  # applicant in S1, active in S2
    membership(c, MembershipStatus.ACTIVE, at(2014, 5, 2))
    membership(d, MembershipStatus.ACTIVE, at(2014, 11, 3))  # joins after S2: never counted
    # The last day of a period counts whole: active on 30 Apr 2014 at 23:00.
    e = OrganisationFactory()
    membership(e, MembershipStatus.ACTIVE, at(2014, 4, 30, hour=23))

    assert figures("active_organisations", periods) == [
        Measure(Decimal(3)),  # a, b, e
        Measure(Decimal(3)),  # a, c, e
        None,  # S3 has not started
    ]


def test_events_held_count_only_held_events_cumulatively(periods):
    event(at(2013, 10, 31))  # before the project: not counted
    event(at(2013, 11, 1, hour=0))  # first hour of the project
    event(at(2014, 3, 1), level=Level.REGIONAL)
    event(at(2014, 3, 2), status=EventStatus.PLANNED)  # not held
    event(at(2014, 3, 3), status=EventStatus.CANCELLED)
    event(at(2014, 6, 1))
    event(at(2014, 10, 31, hour=23), level=Level.REGIONAL)  # last hour of S2

    assert figures("events_held", periods) == [Measure(Decimal(2)), Measure(Decimal(4)), None]
    assert figures("events_held_regional", periods) == [
        Measure(Decimal(1)),
        Measure(Decimal(2)),
        None,
    ]
    assert figures("events_held_community", periods) == [
        Measure(Decimal(1)),
        Measure(Decimal(2)),
        None,
    ]
    assert figures("events_held_national", periods) == [
        Measure(Decimal(0)),
        Measure(Decimal(0)),
        None,
    ]


def test_participants_and_shares_of_women_and_youth(periods):
    event(at(2014, 1, 10), attendance=(40, 10, 8))  # S1: 40 people, 10 women, 8 youth
    event(at(2014, 7, 10), attendance=(20, 14, 12))  # S2: 20 people, 14 women, 12 youth
    event(at(2014, 7, 11), status=EventStatus.CANCELLED, attendance=(50, 50, 50))  # ignored
    event(at(2014, 8, 1))  # held, attendance not recorded yet: adds nobody

    assert figures("participants", periods) == [
        Measure(Decimal(40), women=Decimal(10), men=Decimal(30)),
        Measure(Decimal(60), women=Decimal(24), men=Decimal(36)),
        None,
    ]
    # S1: 10/40 = 25 %; S2: 24/60 = 40 %.
    assert figures("women_share", periods) == [
        Measure(Decimal("25.00")),
        Measure(Decimal("40.00")),
        None,
    ]
    # S1: 8/40 = 20 %; S2: 20/60 = 33.33 %.
    assert figures("youth_share", periods) == [
        Measure(Decimal("20.00")),
        Measure(Decimal("33.33")),
        None,
    ]


def test_fewer_than_ten_participants_show_no_breakdown_nor_share(periods):
    # Dialogues show an event's shares from ten participants only, so that nobody can be
    # singled out ("the one woman present"): the running figures follow the same rule.
    event(at(2014, 1, 10), attendance=(3, 1, 1))  # S1: 3 people, 1 woman
    event(at(2014, 7, 10), attendance=(12, 6, 2))  # S2: 15 people in all, 7 women

    assert figures("participants", periods) == [
        Measure(Decimal(3)),
        Measure(Decimal(15), women=Decimal(7), men=Decimal(8)),
        None,
    ]
    assert figures("women_share", periods) == [None, Measure(Decimal("46.67")), None]
    assert figures("youth_share", periods) == [None, Measure(Decimal("20.00")), None]


def test_a_period_adding_fewer_than_ten_participants_shows_no_breakdown_nor_share(periods):
    # S2's figures minus S1's would give the breakdown of the three people S2 added.
    event(at(2014, 1, 10), attendance=(40, 10, 8))
    event(at(2014, 7, 10), attendance=(3, 1, 1))

    assert figures("participants", periods) == [
        Measure(Decimal(40), women=Decimal(10), men=Decimal(30)),
        Measure(Decimal(43)),
        None,
    ]
    assert figures("women_share", periods) == [Measure(Decimal("25.00")), None, None]
    assert figures("youth_share", periods) == [Measure(Decimal("20.00")), None, None]


def test_shares_have_no_value_while_nobody_was_counted(periods):
    assert figures("women_share", periods) == [None, None, None]
    assert figures("participants", periods) == [
        Measure(Decimal(0), women=Decimal(0), men=Decimal(0)),
        Measure(Decimal(0), women=Decimal(0), men=Decimal(0)),
        None,
    ]


def test_recommendations_forwarded_and_taken_count_by_decision_date(periods):
    def recommendation(status, decided):
        reason = "Hors sujet." if status == RecommendationStatus.DECLINED else ""
        RecommendationFactory(status=status, decided_at=decided, decline_reason=reason)

    recommendation(RecommendationStatus.FORWARDED, at(2014, 2, 1))
    recommendation(RecommendationStatus.FORWARDED, at(2014, 9, 1))
    recommendation(RecommendationStatus.TAKEN, at(2014, 4, 30, hour=22))
    recommendation(RecommendationStatus.TAKEN, at(2014, 5, 1, hour=1))
    recommendation(RecommendationStatus.TAKEN, at(2014, 6, 1))
    recommendation(RecommendationStatus.DECLINED, at(2014, 6, 1))  # neither
    recommendation(RecommendationStatus.PROPOSED, None)  # not decided

    assert figures("recommendations_forwarded", periods) == [
        Measure(Decimal(1)),
        Measure(Decimal(2)),
        None,
    ]
    assert figures("recommendations_taken", periods) == [
        Measure(Decimal(1)),
        Measure(Decimal(3)),
        None,
    ]


def test_sections_validated_count_from_their_validation_day(periods):
    strategy = StrategyFactory()

    def section(title, status, changed):
        created = make_section(strategy=strategy, title=title)
        type(created).objects.filter(pk=created.pk).update(status=status, status_changed_at=changed)

    section("Un", SectionStatus.VALIDATED, at(2014, 3, 1))
    section("Deux", SectionStatus.VALIDATED, at(2014, 8, 1))
    section("Trois", SectionStatus.IN_REVIEW, at(2014, 2, 1))  # sent back: not counted
    section("Quatre", SectionStatus.DRAFT, None)

    assert figures("sections_validated", periods) == [
        Measure(Decimal(1)),
        Measure(Decimal(2)),
        None,
    ]


@pytest.mark.parametrize("key", sorted(COMPUTATIONS))
def test_each_computation_costs_one_query_for_every_period(key, django_assert_num_queries):
    periods = [PeriodFactory() for _ in range(6)]
    indicator = IndicatorFactory(source=Source.COMPUTED, computation=key)

    with django_assert_num_queries(1):
        computed_series(indicators=[indicator], periods=periods, today=datetime.date(2020, 1, 1))


def test_indicators_sharing_a_computation_share_its_query(periods, django_assert_num_queries):
    indicators = [
        IndicatorFactory(source=Source.COMPUTED, computation="events_held") for _ in range(5)
    ]

    with django_assert_num_queries(1):
        series = computed_series(indicators=indicators, periods=periods, today=TODAY)

    assert len(series) == 5


def test_participants_and_shares_read_the_attendance_once(periods, django_assert_num_queries):
    indicators = [
        IndicatorFactory(source=Source.COMPUTED, computation=key)
        for key in ("participants", "women_share", "youth_share")
    ]

    with django_assert_num_queries(1):
        computed_series(indicators=indicators, periods=periods, today=TODAY)


def test_computed_figures_are_kept_in_the_cache_for_the_set_time(
    periods, settings, django_assert_num_queries
):
    settings.NETWORK_PROGRESS_CACHE_SECONDS = 300
    indicator = IndicatorFactory(source=Source.COMPUTED, computation="events_held")
    event(at(2014, 1, 10))
    with django_assert_num_queries(1):
        first = computed_series(indicators=[indicator], periods=periods, today=TODAY)
    event(at(2014, 1, 11))

    with django_assert_num_queries(0):
        again = computed_series(indicators=[indicator], periods=periods, today=TODAY)
    cache.clear()  # what the end of the 300 seconds does
    with django_assert_num_queries(1):
        fresh = computed_series(indicators=[indicator], periods=periods, today=TODAY)

    assert [p.measure for p in first[indicator.pk]] == [p.measure for p in again[indicator.pk]]
    assert [p.measure.value for p in fresh[indicator.pk][:2]] == [Decimal(2), Decimal(2)]


def test_every_computation_kept_in_the_cache_is_read_in_one_round_trip(
    periods, settings, django_assert_num_queries, monkeypatch
):
    settings.NETWORK_PROGRESS_CACHE_SECONDS = 300
    indicators = [
        IndicatorFactory(source=Source.COMPUTED, computation=key)
        for key in ("events_held", "active_organisations", "participants")
    ]
    event(at(2014, 1, 10))
    first = computed_series(indicators=indicators, periods=periods, today=TODAY)
    reads = []
    get_many = cache.get_many
    monkeypatch.setattr(cache, "get_many", lambda keys: reads.append(len(keys)) or get_many(keys))

    with django_assert_num_queries(0):
        again = computed_series(indicators=indicators, periods=periods, today=TODAY)

    assert reads == [3]  # one read for the three computations
    assert {pk: [p.measure for p in points] for pk, points in again.items()} == {
        pk: [p.measure for p in points] for pk, points in first.items()
    }


def test_percentages_round_half_up_to_the_hundredth():
    assert percent(1, 3) == Decimal("33.33")
    assert percent(2, 3) == Decimal("66.67")
    assert percent(1, 8) == Decimal("12.50")
    assert percent(0, 0) is None


def test_every_computation_declares_a_unit_and_a_definition():
    for computation in COMPUTATIONS.values():
        assert computation.unit in Unit.values
        assert str(computation.definition)
        assert not (computation.disaggregated and computation.unit == Unit.PERCENT)

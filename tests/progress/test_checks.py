"""What the walk-through of the progress pages asked for: figures that keep their meaning.

Cumulative indicators add up what each period brought; no value for a period
that has not started; what values depend on is locked once they exist; the
target lies on the good side of the baseline; people are whole; a corrected
value waits for a new decision; a return tells its comment.
"""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from network.notifications.models import Notification
from network.progress import services
from network.progress.computed import COMPUTATIONS, Measure
from network.progress.enums import Direction, Unit, ValueStatus
from network.progress.models import IndicatorValue
from network.progress.selectors import reported_series
from tests.factories import OrganisationFactory, OrganisationPersonFactory
from tests.factories.progress import IndicatorFactory, IndicatorValueFactory, PeriodFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    translation.activate("en")


def test_a_cumulative_indicator_shows_the_running_total_and_what_each_period_brought():
    indicator = IndicatorFactory(cumulative=True, disaggregated=True)
    s1, s2, s3, s4 = (PeriodFactory() for _ in range(4))
    IndicatorValueFactory(indicator=indicator, period=s1, value=8, women=3, men=5)
    IndicatorValueFactory(indicator=indicator, period=s2, value=4, women=4, men=0)
    # S4: the network's value and one organisation's contribution.
    IndicatorValueFactory(indicator=indicator, period=s4, value=5, women=2, men=3)
    IndicatorValueFactory(
        indicator=indicator, period=s4, value=3, women=1, men=2,
        organisation=OrganisationFactory(),
    )  # fmt: skip
    IndicatorValueFactory(  # submitted: not counted
        indicator=indicator, period=s3, value=50, women=25, men=25, status=ValueStatus.SUBMITTED
    )

    points = reported_series(indicators=[indicator], periods=[s1, s2, s3, s4])[indicator.pk]

    assert [p.measure for p in points] == [
        Measure(Decimal(8), Decimal(3), Decimal(5)),
        Measure(Decimal(12), Decimal(7), Decimal(5)),
        None,
        Measure(Decimal(20), Decimal(10), Decimal(10)),
    ]
    assert [p.entered for p in points] == [
        Measure(Decimal(8), Decimal(3), Decimal(5)),
        Measure(Decimal(4), Decimal(4), Decimal(0)),
        None,
        Measure(Decimal(8), Decimal(3), Decimal(5)),
    ]


def test_a_level_indicator_shows_each_period_as_entered():
    indicator = IndicatorFactory(cumulative=False)
    s1, s2 = PeriodFactory(), PeriodFactory()
    IndicatorValueFactory(indicator=indicator, period=s1, value=8)
    IndicatorValueFactory(indicator=indicator, period=s2, value=3)

    points = reported_series(indicators=[indicator], periods=[s1, s2])[indicator.pk]

    assert [p.measure.value for p in points] == [Decimal(8), Decimal(3)]
    assert [p.entered.value for p in points] == [Decimal(8), Decimal(3)]


def test_a_cumulative_percentage_is_refused(coordinator):
    indicator = IndicatorFactory.build(unit=Unit.PERCENT, cumulative=True, target=50)

    with pytest.raises(ValidationError) as error:
        services.indicator_save(indicator=indicator, actor=coordinator)

    assert error.value.message_dict == {
        "cumulative": ["Percentages do not add up over the periods: use a number."]
    }


def test_no_value_for_a_period_that_has_not_started(coordinator):
    tomorrow = datetime.date.today() + datetime.timedelta(days=1)
    future = PeriodFactory(starts_on=tomorrow, ends_on=tomorrow + datetime.timedelta(days=180))
    value = IndicatorValue(indicator=IndicatorFactory(), period=future, value=Decimal(7))

    with pytest.raises(ValidationError) as error:
        services.value_save(value=value, actor=coordinator)

    assert error.value.message_dict == {
        "period": ["This period has not started yet: it cannot hold a value."]
    }
    assert IndicatorValue.objects.count() == 0


@pytest.mark.parametrize(
    ("field", "new", "message"),
    [
        ("unit", Unit.PERCENT, "its unit cannot change"),
        ("disaggregated", True, "its breakdown by sex cannot change"),
        ("cumulative", True, "whether they add up cannot change"),
    ],
)
def test_what_values_depend_on_is_locked_once_they_exist(coordinator, field, new, message):
    value = IndicatorValueFactory(women=4, men=6) if field == "disaggregated" else None
    indicator = value.indicator if value else IndicatorValueFactory().indicator
    setattr(indicator, field, new)

    with pytest.raises(ValidationError) as error:
        services.indicator_save(indicator=indicator, actor=coordinator)

    assert list(error.value.message_dict) == [field]
    assert message in error.value.message_dict[field][0]


def test_what_values_depend_on_may_change_before_any_value(coordinator):
    indicator = IndicatorFactory()
    indicator.unit, indicator.target = Unit.PERCENT, Decimal(80)

    services.indicator_save(indicator=indicator, actor=coordinator)

    indicator.refresh_from_db()
    assert indicator.unit == Unit.PERCENT


@pytest.mark.parametrize(
    ("direction", "baseline", "target", "message"),
    [
        (Direction.INCREASE, 10, 5, "Higher is better: the target must be above the baseline."),
        (Direction.INCREASE, 10, 10, "Higher is better: the target must be above the baseline."),
        (Direction.DECREASE, 40, 60, "Lower is better: the target must be below the baseline."),
    ],
)
def test_the_target_lies_on_the_good_side_of_the_baseline(
    coordinator, direction, baseline, target, message
):
    indicator = IndicatorFactory.build(
        direction=direction, baseline=Decimal(baseline), target=Decimal(target)
    )

    with pytest.raises(ValidationError) as error:
        services.indicator_save(indicator=indicator, actor=coordinator)

    assert error.value.message_dict == {"target": [message]}


def test_people_are_counted_in_whole_numbers():
    indicator = IndicatorFactory.build(disaggregated=True)

    with pytest.raises(ValidationError) as error:
        services.check_figures(
            indicator=indicator, value=Decimal("9.5"), women=Decimal(4), men=Decimal("5.5")
        )

    assert error.value.message_dict == {
        "value": ["People are counted in whole numbers."],
        "men": ["People are counted in whole numbers."],
    }


def test_a_number_without_breakdown_may_have_decimals():
    indicator = IndicatorFactory.build(disaggregated=False)

    assert services.check_figures(
        indicator=indicator, value=Decimal("2.5"), women=None, men=None
    ) == (None, None)


def _returned_contribution(coordinator):
    organisation = OrganisationFactory()
    member = OrganisationPersonFactory(organisation=organisation).user
    indicator = IndicatorFactory(members_may_report=True)
    value = IndicatorValueFactory(
        indicator=indicator, organisation=organisation, entered_by=member,
        status=ValueStatus.SUBMITTED,
    )  # fmt: skip
    services.value_decide(
        value=value, actor=coordinator, approve=False, comment="Joindre la liste de présence."
    )
    return value, member


def test_a_corrected_value_waits_for_a_new_decision_with_the_last_comment(coordinator):
    value, member = _returned_contribution(coordinator)

    services.value_submit(value=value, actor=member)

    value.refresh_from_db()
    assert (value.status, value.decided_by, value.decided_at, value.decision_comment) == (
        ValueStatus.SUBMITTED,
        None,
        None,
        "Joindre la liste de présence.",
    )


def test_a_return_tells_its_comment_in_every_language(coordinator):
    value, member = _returned_contribution(coordinator)

    notification = Notification.objects.get(kind="progress.value_decided")

    assert notification.data["decision"] == {
        "fr": "renvoyée avec ce commentaire\u00a0: «\u00a0Joindre la liste de présence.\u00a0»",
        "en": "returned with this comment: “Joindre la liste de présence.”",
        "bm": notification.data["decision"]["bm"],
    }
    assert "Joindre la liste de présence." in notification.data["decision"]["bm"]


def test_each_level_of_dialogue_names_its_level_in_its_definition():
    with translation.override("en"):
        definitions = {
            key: str(c.definition)
            for key, c in COMPUTATIONS.items()
            if key.startswith("events_held_")
        }

    assert definitions["events_held_regional"].startswith(
        "Dialogue events at the level “Regional” whose status is “held”"
    )
    assert len(set(definitions.values())) == 5


def test_a_cumulative_indicator_where_lower_is_better_is_refused(coordinator):
    indicator = IndicatorFactory.build(
        cumulative=True, direction=Direction.DECREASE, baseline=Decimal(40), target=Decimal(10)
    )

    with pytest.raises(ValidationError) as error:
        services.indicator_save(indicator=indicator, actor=coordinator)

    assert list(error.value.message_dict) == ["cumulative"]


def test_a_contribution_is_frozen_once_the_indicator_is_closed_to_members():
    organisation = OrganisationFactory()
    member = OrganisationPersonFactory(organisation=organisation).user
    indicator = IndicatorFactory(members_may_report=True)
    draft = IndicatorValueFactory(
        indicator=indicator, organisation=organisation, status=ValueStatus.DRAFT
    )
    assert member.has_perm("progress.change_value", draft) is True

    indicator.members_may_report = False
    indicator.save()
    draft.refresh_from_db()

    assert member.has_perm("progress.change_value", draft) is False
    assert member.has_perm("progress.view_value", draft) is True

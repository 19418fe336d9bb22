"""Who may do what on the results framework (``network/progress/rules.py``), role by role."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser

from members.enums import MembershipStatus
from network.progress.computed import Measure
from network.progress.enums import Direction, Progress, Source, ValueStatus
from network.progress.selectors import Point, progress_status
from tests.factories import OrganisationFactory, OrganisationPersonFactory, UserFactory
from tests.factories.progress import IndicatorFactory, IndicatorValueFactory, PeriodFactory

pytestmark = pytest.mark.django_db

ROLES = ["visitor", "member", "other_member", "coordinator", "donor", "administrator"]


@pytest.fixture
def organisation():
    return OrganisationFactory()


def person(role, organisation):
    if role == "visitor":
        return AnonymousUser()
    if role == "member":
        return OrganisationPersonFactory(organisation=organisation).user
    if role == "other_member":
        return OrganisationPersonFactory().user
    return UserFactory(roles=[role])


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("visitor", {"view": False, "manage": False, "report": False}),
        ("member", {"view": False, "manage": False, "report": True}),
        ("other_member", {"view": False, "manage": False, "report": True}),
        ("coordinator", {"view": True, "manage": True, "report": True}),
        ("donor", {"view": True, "manage": False, "report": False}),
        ("administrator", {"view": True, "manage": True, "report": True}),
    ],
)
def test_global_permissions_by_role(role, expected, organisation):
    user = person(role, organisation)

    assert {
        "view": user.has_perm("progress.view_progress"),
        "manage": user.has_perm("progress.manage_framework"),
        "report": user.has_perm("progress.report_values"),
    } == expected


@pytest.mark.parametrize(
    ("role", "reported", "open_to_members", "computed"),
    [
        ("visitor", False, False, False),
        ("member", False, True, False),
        ("other_member", False, True, False),
        ("coordinator", True, True, False),
        ("donor", False, False, False),
        ("administrator", True, True, True),
    ],
)
def test_enter_value_by_role_and_indicator(role, reported, open_to_members, computed, organisation):
    user = person(role, organisation)

    assert [
        user.has_perm("progress.enter_value", IndicatorFactory()),
        user.has_perm("progress.enter_value", IndicatorFactory(members_may_report=True)),
        user.has_perm(
            "progress.enter_value",
            IndicatorFactory(source=Source.COMPUTED, computation="events_held"),
        ),
    ] == [reported, open_to_members, computed]


def test_a_suspended_organisation_reports_nothing(organisation):
    user = person("member", organisation)
    organisation.status = MembershipStatus.SUSPENDED
    organisation.save()
    value = IndicatorValueFactory(organisation=organisation, status=ValueStatus.DRAFT)

    assert user.has_perm("progress.report_values") is False
    assert user.has_perm("progress.change_value", value) is False
    assert user.has_perm("progress.view_value", value) is False


STATUSES = [ValueStatus.DRAFT, ValueStatus.SUBMITTED, ValueStatus.APPROVED, ValueStatus.RETURNED]


@pytest.mark.parametrize(
    ("role", "view", "change", "decide"),
    [
        # per status: draft, submitted, approved, returned
        ("visitor", [0, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0]),
        ("member", [1, 1, 1, 1], [1, 0, 0, 1], [0, 0, 0, 0]),
        ("other_member", [0, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0]),
        ("coordinator", [1, 1, 1, 1], [0, 0, 0, 0], [0, 1, 0, 0]),
        ("donor", [0, 0, 1, 0], [0, 0, 0, 0], [0, 0, 0, 0]),
        ("administrator", [1, 1, 1, 1], [1, 1, 1, 1], [1, 1, 1, 1]),
    ],
)
def test_an_organisation_contribution_by_role_and_status(role, view, change, decide, organisation):
    user = person(role, organisation)
    values = [
        IndicatorValueFactory(
            indicator=IndicatorFactory(members_may_report=True),
            organisation=organisation,
            status=status,
            decision_comment="À revoir.",
        )
        for status in STATUSES
    ]

    assert [int(user.has_perm("progress.view_value", v)) for v in values] == view
    assert [int(user.has_perm("progress.change_value", v)) for v in values] == change
    assert [int(user.has_perm("progress.decide_value", v)) for v in values] == decide


@pytest.mark.parametrize(
    ("role", "change"),
    [
        ("member", [0, 0, 0, 0]),
        ("coordinator", [1, 0, 0, 1]),
        ("donor", [0, 0, 0, 0]),
    ],
)
def test_the_network_value_is_changed_by_coordinators_only(role, change, organisation):
    user = person(role, organisation)
    values = [
        IndicatorValueFactory(status=status, decision_comment="À revoir.") for status in STATUSES
    ]

    assert [int(user.has_perm("progress.change_value", v)) for v in values] == change


def _points(periods, values):
    return [
        Point(period, None if value is None else Measure(Decimal(value)))
        for period, value in zip(periods, values, strict=True)
    ]


@pytest.mark.parametrize(
    ("direction", "baseline", "target", "values", "expected"),
    [
        # Four periods; the straight path from 0 to 100 expects 25, 50, 75, 100.
        (Direction.INCREASE, 0, 100, [None, None, None, None], Progress.NO_DATA),
        (Direction.INCREASE, 0, 100, [30, None, None, None], Progress.ON_TRACK),
        (Direction.INCREASE, 0, 100, [25, None, None, None], Progress.ON_TRACK),
        (Direction.INCREASE, 0, 100, [20, 49, None, None], Progress.BEHIND),
        (Direction.INCREASE, 0, 100, [20, 100, None, None], Progress.ACHIEVED),
        (Direction.INCREASE, 0, 100, [20, 60, 74, 99], Progress.BEHIND),
        # Lower is better: from 40 incidents down to 0 expects 30, 20, 10, 0.
        (Direction.DECREASE, 40, 0, [35, None, None, None], Progress.BEHIND),
        (Direction.DECREASE, 40, 0, [30, 20, None, None], Progress.ON_TRACK),
        (Direction.DECREASE, 40, 0, [30, 20, 0, None], Progress.ACHIEVED),
        # The latest value decides, even after a gap.
        (Direction.INCREASE, 10, 50, [40, None, 45, None], Progress.ON_TRACK),
    ],
)
def test_progress_status_against_a_straight_path(direction, baseline, target, values, expected):
    indicator = IndicatorFactory.build(
        direction=direction, baseline=Decimal(baseline), target=Decimal(target)
    )
    periods = [PeriodFactory() for _ in values]

    status = progress_status(indicator=indicator, points=_points(periods, values), periods=periods)

    assert status == expected


def test_the_first_period_starts_with_the_project():
    assert PeriodFactory().starts_on == datetime.date(2013, 11, 1)

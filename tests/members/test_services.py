"""Membership services: transitions, reasons, last admin."""

import pytest

from members import services
from members.enums import MembershipStatus, OrganisationRole
from tests.factories import OrganisationFactory, OrganisationPersonFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("from_status", "to_status", "allowed"),
    [
        ("applicant", "active", True),
        ("applicant", "declined", True),
        ("applicant", "suspended", False),
        ("active", "suspended", True),
        ("active", "left", True),
        ("active", "applicant", False),
        ("suspended", "active", True),
        ("left", "active", True),
        ("declined", "active", False),
    ],
)
def test_status_transitions(coordinator, from_status, to_status, allowed):
    organisation = OrganisationFactory(status=from_status)

    try:
        services.organisation_set_status(
            organisation=organisation, to_status=to_status, decided_by=coordinator, reason="r"
        )
        happened = True
    except services.MembershipError as error:
        assert error.code == "transition"
        happened = False

    organisation.refresh_from_db()
    assert happened is allowed
    assert organisation.status == (to_status if allowed else from_status)


@pytest.mark.parametrize("to_status", ["suspended", "left"])
def test_suspending_or_ending_needs_a_reason(coordinator, to_status):
    organisation = OrganisationFactory()

    with pytest.raises(services.MembershipError) as raised:
        services.organisation_set_status(
            organisation=organisation, to_status=to_status, decided_by=coordinator, reason="  "
        )

    assert raised.value.code == "reason"
    organisation.refresh_from_db()
    assert organisation.status == MembershipStatus.ACTIVE


def test_last_admin_can_neither_leave_nor_be_demoted():
    admin = OrganisationPersonFactory(role=OrganisationRole.ADMIN)

    with pytest.raises(services.MembershipError) as removed:
        services.person_remove(person=admin, removed_by=admin.user)
    with pytest.raises(services.MembershipError) as demoted:
        services.person_set_role(person=admin, role="editor", changed_by=admin.user)

    assert (removed.value.code, demoted.value.code) == ("last_admin", "last_admin")


def test_admin_may_leave_when_another_admin_remains():
    admin = OrganisationPersonFactory(role=OrganisationRole.ADMIN)
    OrganisationPersonFactory(organisation=admin.organisation, role=OrganisationRole.ADMIN)

    services.person_remove(person=admin, removed_by=admin.user)

    assert admin.organisation.people.count() == 1


def test_organisation_slugs_avoid_route_words(user):
    organisation = services.organisation_apply(
        applicant=user, fields={"name": "Apply", "kind": "ngo", "description_fr": "x"}
    )

    assert organisation.slug == "apply-2"

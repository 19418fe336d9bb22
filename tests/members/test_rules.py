"""Members predicates, over roles and organisation states (pretalx's test_rules pattern)."""

import pytest
from django.contrib.auth.models import AnonymousUser

from members.enums import MembershipStatus, OrganisationRole
from members.rules import is_org_admin, is_org_person, is_public
from tests.factories import OrganisationFactory, OrganisationPersonFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("status", "listed", "expected"),
    [
        (MembershipStatus.ACTIVE, True, True),
        (MembershipStatus.ACTIVE, False, False),
        (MembershipStatus.APPLICANT, True, False),
        (MembershipStatus.SUSPENDED, True, False),
        (MembershipStatus.LEFT, True, False),
        (MembershipStatus.DECLINED, True, False),
    ],
)
def test_is_public(status, listed, expected):
    organisation = OrganisationFactory(status=status, listed=listed)

    assert is_public(AnonymousUser(), organisation) is expected


@pytest.mark.parametrize(
    ("role", "person", "admin"),
    [
        (OrganisationRole.ADMIN, True, True),
        (OrganisationRole.EDITOR, True, False),
        (None, False, False),
    ],
)
def test_org_person_and_admin(role, person, admin):
    organisation = OrganisationFactory()
    user = UserFactory()
    if role:
        OrganisationPersonFactory(organisation=organisation, user=user, role=role)

    assert (is_org_person(user, organisation), is_org_admin(user, organisation)) == (person, admin)


@pytest.mark.parametrize(
    ("perm", "expected"),
    [
        ("members.view_organisation", [True, True, True, True, True, True]),
        ("members.view_private_contact", [False, True, True, False, True, False]),
        ("members.change_organisation", [False, True, True, False, False, False]),
        ("members.manage_people", [False, True, False, False, True, False]),
        ("members.view_history", [False, True, False, False, True, False]),
        ("members.decide_membership", [False, False, False, False, True, False]),
        ("members.exchange_csv", [False, False, False, False, True, False]),
    ],
)
def test_permissions_by_role(perm, expected):
    organisation = OrganisationFactory()
    admin = OrganisationPersonFactory(organisation=organisation, role=OrganisationRole.ADMIN).user
    editor = OrganisationPersonFactory(organisation=organisation).user
    other = OrganisationPersonFactory().user
    users = [AnonymousUser(), admin, editor, other, UserFactory(roles=["coordinator"]),
             UserFactory(roles=["donor"])]  # fmt: skip

    assert [user.has_perm(perm, organisation) for user in users] == expected

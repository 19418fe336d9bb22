"""Who may do what with member organisations (django-rules).

Object predicates take ``(user, organisation)``. Roles come from DESIGN.md:
an organisation's admins and editors keep its profile, its admins manage its
people; coordinators decide memberships and see contact details; donors and
visitors see only what is public.
"""

import rules

from members.enums import MembershipStatus, OrganisationRole
from network.accounts.rules import is_administrator, is_coordinator


def _org_role(user, organisation) -> str | None:
    """The user's role in ``organisation`` (``"admin"``/``"editor"``) or ``None``; cached."""
    if not user.is_authenticated or organisation is None:
        return None
    cache = user.__dict__.setdefault("_organisation_roles", {})
    if organisation.pk not in cache:
        cache[organisation.pk] = (
            organisation.people.filter(user=user).values_list("role", flat=True).first()
        )
    return cache[organisation.pk]


def forget_roles(*users) -> None:
    """Drop the cached organisation roles of ``users`` after a service changed them."""
    for user in users:
        if user is not None and hasattr(user, "__dict__"):
            user.__dict__.pop("_organisation_roles", None)


@rules.predicate
def is_member(user) -> bool:
    """A person attached to at least one active member organisation."""
    if not user.is_authenticated:
        return False
    return user.organisation_roles.filter(organisation__status=MembershipStatus.ACTIVE).exists()


@rules.predicate
def is_org_person(user, organisation) -> bool:
    return _org_role(user, organisation) is not None


@rules.predicate
def is_org_admin(user, organisation) -> bool:
    return _org_role(user, organisation) == OrganisationRole.ADMIN


@rules.predicate
def is_public(user, organisation) -> bool:
    return (
        organisation is not None
        and organisation.status == MembershipStatus.ACTIVE
        and organisation.listed
    )


@rules.predicate
def is_applicant_of(user, organisation) -> bool:
    """The person who applied, while the application is pending or declined."""
    return (
        user.is_authenticated
        and organisation is not None
        and organisation.applied_by_id == user.pk
        and organisation.status in (MembershipStatus.APPLICANT, MembershipStatus.DECLINED)
    )


@rules.predicate
def is_in_good_standing(user, organisation) -> bool:
    """Active, or applying: a suspended or departed organisation takes in nobody."""
    return organisation is not None and organisation.status in (
        MembershipStatus.ACTIVE,
        MembershipStatus.APPLICANT,
    )


staff = is_coordinator | is_administrator

rules.add_rule("members.is_member", is_member)
rules.add_perm("members.view_organisation", is_public | is_org_person | is_applicant_of | staff)
rules.add_perm("members.view_private_contact", is_org_person | staff)
rules.add_perm("members.change_organisation", is_org_person)
# Coordinators too: an organisation whose last admin left must not be stranded.
rules.add_perm("members.manage_people", (is_org_admin | is_coordinator) & is_in_good_standing)
rules.add_perm("members.view_history", is_org_admin | staff)
rules.add_perm("members.decide_membership", is_coordinator)
rules.add_perm("members.exchange_csv", is_coordinator)
rules.add_perm("members.apply", rules.is_authenticated)

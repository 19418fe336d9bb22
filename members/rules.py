"""Predicates for the member role (DESIGN.md: a person attached to an active
member organisation, as its ``admin`` or ``editor``)."""

import rules

from members.enums import MembershipStatus


@rules.predicate
def is_member(user) -> bool:
    if not user.is_authenticated:
        return False
    return user.organisation_roles.filter(organisation__status=MembershipStatus.ACTIVE).exists()


rules.add_rule("members.is_member", is_member)

"""Reads on member organisations that other code reuses."""

from django.db.models import QuerySet

from members.enums import MembershipStatus
from members.models import OrganisationPerson


def memberships_of_user(*, user) -> QuerySet[OrganisationPerson]:
    """The user's places in active organisations, with the organisation (one query)."""
    return (
        OrganisationPerson.objects.filter(user=user, organisation__status=MembershipStatus.ACTIVE)
        .select_related("organisation")
        .order_by("organisation__name")
    )

"""Reads on member organisations that views and other apps reuse."""

import datetime
from collections.abc import Sequence

from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery

from members.enums import MembershipStatus
from members.models import Organisation, OrganisationPerson, ProfileChange, StatusChange
from network.lists import page_stamp
from network.pages.models import Region, Theme
from network.periods import day_after


def memberships_of_user(*, user) -> QuerySet[OrganisationPerson]:
    """The user's places in active organisations, with the organisation (one query)."""
    return (
        OrganisationPerson.objects.filter(user=user, organisation__status=MembershipStatus.ACTIVE)
        .select_related("organisation")
        .order_by("organisation__name")
    )


def _with_tags(organisations: QuerySet[Organisation]) -> QuerySet[Organisation]:
    """Regions and themes prefetched: two queries for any number of organisations."""
    return organisations.prefetch_related(
        Prefetch("regions", queryset=Region.objects.order_by("order")),
        Prefetch("themes", queryset=Theme.objects.order_by("order")),
    )


def directory(
    *, query: str = "", region: str = "", theme: str = "", kind: str = ""
) -> QuerySet[Organisation]:
    """The public directory: active organisations that chose to be listed, by name.

    ``query`` matches the name or acronym (neither is translated, so the
    search works whichever language is active); ``region`` and ``theme``
    are slugs, ``kind`` an ``OrganisationKind`` value.
    """
    organisations = Organisation.objects.filter(status=MembershipStatus.ACTIVE, listed=True)
    query = query.strip()
    if query:
        organisations = organisations.filter(Q(name__icontains=query) | Q(acronym__icontains=query))
    if region:
        organisations = organisations.filter(regions__slug=region)
    if theme:
        organisations = organisations.filter(themes__slug=theme)
    if region or theme:
        organisations = organisations.distinct()  # the joins may repeat a row
    if kind:
        organisations = organisations.filter(kind=kind)
    return _with_tags(organisations.order_by("name", "pk"))


def directory_page_stamp(organisations: QuerySet[Organisation]) -> str:
    """What the cards of a page of the directory show, as a short text for a cache key.

    ``organisations``: the page's organisations (a slice of ``directory``).
    The stamp names exactly those organisations, in their order, each with
    its last change (every profile save, in the portal or the admin): two
    pages with the same stamp show the same cards. Region and theme names
    changed in the admin are not seen: a cached page shows them at the
    latest after ``DIRECTORY_CACHE_SECONDS``. One query (one row per
    organisation of the page).
    """
    return page_stamp(organisations, "pk", "updated_at")


#: Seconds a rendered page of the directory is kept (``directory_page_stamp`` says when it
#: is out of date).
DIRECTORY_CACHE_SECONDS = 600


def organisation_by_slug(*, slug: str) -> Organisation | None:
    """One organisation with its regions and themes, whatever its status (3 queries)."""
    return _with_tags(Organisation.objects.filter(slug=slug)).first()


def applications_queue() -> QuerySet[Organisation]:
    """Organisations waiting for a decision, oldest application first."""
    return (
        Organisation.objects.filter(status=MembershipStatus.APPLICANT)
        .select_related("applied_by")
        .order_by("created_at", "pk")
    )


def organisations_for_coordinators(*, status: str = "", query: str = "") -> QuerySet[Organisation]:
    """Every organisation, for the coordinators' list, optionally by status and name."""
    organisations = Organisation.objects.all()
    if status:
        organisations = organisations.filter(status=status)
    if query.strip():
        organisations = organisations.filter(
            Q(name__icontains=query.strip()) | Q(acronym__icontains=query.strip())
        )
    return organisations.order_by("name", "pk")


def people_of(*, organisation: Organisation) -> QuerySet[OrganisationPerson]:
    return organisation.people.select_related("user").order_by("user__display_name", "pk")


def status_history(*, organisation: Organisation) -> QuerySet[StatusChange]:
    return organisation.status_changes.select_related("decided_by")


def profile_history(*, organisation: Organisation) -> QuerySet[ProfileChange]:
    return organisation.profile_changes.select_related("changed_by")


def active_organisations_at(*, days: Sequence[datetime.date]) -> list[int]:
    """How many organisations were active members at the end of each day in ``days``.

    An organisation's membership on a day is the status its latest
    ``StatusChange`` recorded on or before that day gave it (the membership
    history, not today's status). Returns one count per day, in order; one
    aggregate query for any number of days (none for no day).
    """
    if not days:
        return []
    latest = {
        f"status_{i}": Subquery(
            StatusChange.objects.filter(organisation=OuterRef("pk"), created_at__lt=day_after(day))
            .order_by("-created_at", "-pk")
            .values("to_status")[:1]
        )
        for i, day in enumerate(days)
    }
    counts = Organisation.objects.annotate(**latest).aggregate(
        **{
            f"active_{i}": Count("pk", filter=Q(**{f"status_{i}": MembershipStatus.ACTIVE}))
            for i in range(len(days))
        }
    )
    return [counts[f"active_{i}"] for i in range(len(days))]

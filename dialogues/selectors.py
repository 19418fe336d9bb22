"""Reads on dialogue events that views, feeds and other apps reuse.

The visibility filter here is the queryset twin of ``dialogues.view_event``
in ``dialogues/rules.py``: the rule answers for one event, this answers for
a list. ``tests/dialogues/test_events.py`` checks that both agree over
every role, visibility and status.
"""

import datetime
from collections.abc import Sequence

import rules
from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from modeltranslation.utils import get_translation_fields

from dialogues.enums import EventStatus, Level, RecommendationStatus, Visibility
from dialogues.models import Attendance, DialogueEvent, Recommendation
from members.enums import MembershipStatus, OrganisationRole
from members.models import Organisation
from network.lists import page_stamp
from network.pages.models import Theme
from network.periods import day_after, day_start

#: How far back the public iCalendar feed reaches.
CALENDAR_PAST = datetime.timedelta(days=365)

#: Statuses that the lists show (proposed events are added by the visibility filter).
LISTED_STATUSES = (EventStatus.PLANNED, EventStatus.HELD)


def _organised_by_people_of(user) -> QuerySet:
    """Ids of events organised by an active organisation ``user`` belongs to (a subquery)."""
    through = DialogueEvent.organisers.through
    return through.objects.filter(
        organisation__status=MembershipStatus.ACTIVE, organisation__people__user=user
    ).values("dialogueevent_id")


def sees_every_event(*, user) -> bool:
    """Whether ``user`` may see every event, whatever its visibility and status (coordinators
    and administrators): ``events_visible_to`` then filters nothing, and a caller may leave
    the filter out of its query. Costs the user's role queries (cached on the user)."""
    return user.is_authenticated and (
        rules.test_rule("accounts.is_coordinator", user)
        or rules.test_rule("accounts.is_administrator", user)
    )


def events_visible_to(*, user) -> QuerySet[DialogueEvent]:
    """Events ``user`` may see, as ``dialogues.view_event`` decides for one event.

    Coordinators and administrators see every event. Others see published
    (not proposed) public events; members of active organisations and
    donors also see published network events; the people of an active
    organising organisation see that organisation's events whatever their
    visibility and status. Costs the role queries of the user (none for a
    visitor), and no join that repeats rows (organisers go through a subquery).
    """
    events = DialogueEvent.objects.all()
    if not user.is_authenticated:
        return events.filter(~Q(status=EventStatus.PROPOSED), visibility=Visibility.PUBLIC)
    if sees_every_event(user=user):
        return events
    shown = Q(visibility=Visibility.PUBLIC)
    if rules.test_rule("accounts.is_donor", user) or rules.test_rule("members.is_member", user):
        shown |= Q(visibility=Visibility.NETWORK)
    return events.filter(
        (~Q(status=EventStatus.PROPOSED) & shown) | Q(pk__in=_organised_by_people_of(user))
    )


def events_list(
    *,
    user,
    past: bool = False,
    level: str = "",
    region: str = "",
    theme: str = "",
    year: int | None = None,
    now: datetime.datetime | None = None,
) -> QuerySet[DialogueEvent]:
    """Upcoming (not yet ended) or past events that ``user`` may see, with their region and themes.

    Upcoming: planned and held events whose end is not past, plus the
    proposed ones the user may see, soonest first. Past: planned and held
    events that have ended, latest first. Cancelled events are left out of
    both lists (their pages and the iCalendar feed still show them).
    ``region`` and ``theme`` are slugs, ``year`` the year of the start in
    the current time zone. Two queries for a page: the events with their
    region, then their themes.
    """
    now = now or timezone.now()
    events = events_visible_to(user=user)
    if past:
        events = events.filter(ends_at__lt=now, status__in=LISTED_STATUSES)
        events = events.order_by("-starts_at", "-pk")
    else:
        events = events.filter(
            ends_at__gte=now, status__in=(*LISTED_STATUSES, EventStatus.PROPOSED)
        )
        events = events.order_by("starts_at", "pk")
    if level:
        events = events.filter(level=level)
    if region:
        events = events.filter(region__slug=region)
    if theme:
        # One theme: each event matches at most one row of its themes, no DISTINCT needed.
        events = events.filter(themes__slug=theme)
    if year:
        events = events.filter(starts_at__year=year)
    return events.select_related("region").prefetch_related(
        Prefetch("themes", queryset=Theme.objects.order_by("order", "slug"))
    )


def events_page_stamp(events: QuerySet[DialogueEvent]) -> str:
    """What the cards of a page of events show, as a short text for a cache key.

    ``events``: the page's events (a slice of ``events_list``). The stamp
    names exactly those events, in their order, each with its version and
    last change (every save through the portal raises both; a save in the
    admin, the last change): two pages with the same stamp show the same
    cards, whoever reads them. It holds nothing the reader may not see: the
    events were chosen by ``events_visible_to`` before the slice. Region and
    theme names changed in the admin are not seen: a cached page shows them
    at the latest after ``EVENTS_CACHE_SECONDS``. One query (one row per
    event of the page).
    """
    return page_stamp(events, "pk", "version", "updated_at")


#: Seconds the cards of a page of events are kept (``events_page_stamp`` says when they are
#: out of date).
EVENTS_CACHE_SECONDS = 600


def event_by_slug(*, slug: str) -> DialogueEvent | None:
    """One event with its region, themes and organisers (3 queries), whatever its status."""
    return (
        DialogueEvent.objects.filter(slug=slug)
        .select_related("region")
        .prefetch_related(
            Prefetch("themes", queryset=Theme.objects.order_by("order", "slug")),
            Prefetch("organisers", queryset=Organisation.objects.order_by("name", "pk")),
        )
        .first()
    )


def events_for_calendar(*, now: datetime.datetime | None = None) -> QuerySet[DialogueEvent]:
    """The public iCalendar feed: public, published events not ended more than 12 months ago.

    Planned, held and cancelled events (the feed marks the cancelled ones
    so that calendars drop them); never proposed, network or restricted
    ones. Soonest first, with the region (one query).
    """
    now = now or timezone.now()
    return (
        DialogueEvent.objects.filter(
            visibility=Visibility.PUBLIC,
            status__in=(EventStatus.PLANNED, EventStatus.HELD, EventStatus.CANCELLED),
            ends_at__gte=now - CALENDAR_PAST,
        )
        .select_related("region")
        .order_by("starts_at", "pk")
    )


def organisations_for_organisers(*, event: DialogueEvent | None = None) -> QuerySet[Organisation]:
    """Organisations a coordinator may name as organisers: the active ones, and the event's own."""
    condition = Q(status=MembershipStatus.ACTIVE)
    if event is not None and event.pk is not None:
        condition |= Q(pk__in=event.organisers.values("pk"))
    return Organisation.objects.filter(condition).order_by("name", "pk")


def organisations_proposable_by(*, user) -> QuerySet[Organisation]:
    """Active organisations where ``user`` is an administrator: those they may propose for."""
    # One filter() call: one join, one row per organisation (a person holds one role there).
    return Organisation.objects.filter(
        status=MembershipStatus.ACTIVE, people__user=user, people__role=OrganisationRole.ADMIN
    ).order_by("name", "pk")


# Counts for the results framework (``network.progress.computed``). Each takes
# the first day counted and a list of last days, and answers one figure per
# last day, cumulative from ``first_day``, in one aggregate query. Every held
# event counts, whatever its visibility: a count reveals nobody.


def _held_from(first_day: datetime.date) -> Q:
    return Q(status=EventStatus.HELD, starts_at__gte=day_start(first_day))


def events_held_counts(
    *, first_day: datetime.date, last_days: Sequence[datetime.date], level: str = ""
) -> list[int]:
    """Dialogue events held (status "held") that started from ``first_day`` to each last day.

    ``level`` (a ``Level`` value) restricts the count to one level of the
    ladder. One query (none for no last day).
    """
    if not last_days:
        return []
    events = DialogueEvent.objects.filter(_held_from(first_day))
    if level:
        events = events.filter(level=level)
    counts = events.aggregate(
        **{
            f"held_{i}": Count("pk", filter=Q(starts_at__lt=day_after(day)))
            for i, day in enumerate(last_days)
        }
    )
    return [counts[f"held_{i}"] for i in range(len(last_days))]


#: Below this many participants, shares would point at individuals ("the one woman
#: present"): only the total is shown (DESIGN.md, "Do no harm"), on an event's page
#: and in the progress figures (``network.progress.computed``).
MIN_TOTAL_FOR_SHARES = 10


def attendance_sums(
    *, first_day: datetime.date, last_days: Sequence[datetime.date]
) -> list[dict[str, int]]:
    """Participants of the held events that started from ``first_day`` to each last day.

    Returns, per last day, ``{"total", "women", "men", "youth"}`` summed over
    the events' attendance records (events without attendance count as
    none). One query (none for no last day).
    """
    if not last_days:
        return []
    fields = ("total", "women", "men", "youth")
    held = Attendance.objects.filter(
        event__status=EventStatus.HELD, event__starts_at__gte=day_start(first_day)
    )
    sums = held.aggregate(
        **{
            f"{field}_{i}": Coalesce(Sum(field, filter=Q(event__starts_at__lt=day_after(day))), 0)
            for i, day in enumerate(last_days)
            for field in fields
        }
    )
    return [{field: sums[f"{field}_{i}"] for field in fields} for i in range(len(last_days))]


def levels() -> list[tuple[str, str]]:
    """The ladder of dialogue, from the village up: ``[(value, label), …]`` (``Level``)."""
    return list(Level.choices)


#: Outcomes of a recommendation that other apps count (``recommendations_decided_counts``).
FORWARDED = RecommendationStatus.FORWARDED.value
TAKEN = RecommendationStatus.TAKEN.value


def recommendations_decided_counts(
    *, status: str, first_day: datetime.date, last_days: Sequence[datetime.date]
) -> list[int]:
    """Recommendations now in ``status`` decided from ``first_day`` to each last day.

    ``status``: ``FORWARDED`` or ``TAKEN`` (any ``RecommendationStatus``
    value). "Decided" is ``decided_at``, when a coordinator forwarded, took
    or declined it. One query (none for no last day).
    """
    if not last_days:
        return []
    decided = Recommendation.objects.filter(status=status, decided_at__gte=day_start(first_day))
    counts = decided.aggregate(
        **{
            f"decided_{i}": Count("pk", filter=Q(decided_at__lt=day_after(day)))
            for i, day in enumerate(last_days)
        }
    )
    return [counts[f"decided_{i}"] for i in range(len(last_days))]


#: Words of a search that count (each adds conditions to the query).
SEARCH_WORDS = 8


def recommendations_proposed(*, user, query: str = "", level: str = "") -> QuerySet[Recommendation]:
    """Proposed recommendations (not yet forwarded, taken or declined) whose event ``user``
    may see, latest recorded first, each with its event.

    ``query``: words that must each appear, case-insensitively, in the
    recommendation's text (in any language) or its event's title (the first
    ``SEARCH_WORDS`` words; accents count); ``level``: a ``Level`` value,
    the level of the event where the recommendation was made, "" for any.
    For coordinators taking recommendations
    into the strategy (``strategy/views_links.py``); paginate the result.
    One query for a page, plus the user's role queries.
    """
    recommendations = Recommendation.objects.filter(status=RecommendationStatus.PROPOSED)
    if not sees_every_event(user=user):
        recommendations = recommendations.filter(event__in=events_visible_to(user=user))
    for word in query.split()[:SEARCH_WORDS]:
        matches = Q()
        for field in get_translation_fields("text"):
            matches |= Q(**{f"{field}__icontains": word})
        for field in get_translation_fields("title"):
            matches |= Q(**{f"event__{field}__icontains": word})
        recommendations = recommendations.filter(matches)
    if level:
        recommendations = recommendations.filter(event__level=level)
    return recommendations.select_related("event").order_by("-pk")


def events_for_timeline(
    *, user, first_day: datetime.date, last_day: datetime.date
) -> QuerySet[DialogueEvent]:
    """Events ``user`` may see that start from ``first_day`` to ``last_day``, not cancelled,
    by date, with their region."""
    return (
        events_visible_to(user=user)
        .filter(starts_at__gte=day_start(first_day), starts_at__lt=day_after(last_day))
        .exclude(status=EventStatus.CANCELLED)
        .select_related("region")
        .order_by("starts_at", "pk")
    )

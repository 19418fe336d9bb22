"""Reads on the results framework: the framework itself, values per period, progress status.

A *series* is an indicator's figure per reporting period (``Point``s, in
period order). Reported indicators sum their approved values per period
(the network's own value and the member organisations' contributions);
computed ones ask ``computed.COMPUTATIONS`` (one aggregate query per
computation, whatever the number of periods or indicators sharing it).
"""

import datetime
import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Exists, Max, OuterRef, Prefetch, QuerySet, Sum
from django.utils import timezone
from modeltranslation.utils import get_translation_fields

from network.progress.computed import COMPUTATIONS, Measure
from network.progress.enums import Direction, Progress, Source, ValueStatus
from network.progress.models import Indicator, IndicatorValue, Milestone, Objective, Period


def objectives_list() -> QuerySet[Objective]:
    """The project's objectives, by number."""
    return Objective.objects.order_by("number")


def framework(*, public_only: bool = False) -> QuerySet[Objective]:
    """Objectives by number, each with ``indicators`` prefetched in order (2 queries).

    ``public_only`` keeps the indicators chosen for the public summary.
    """
    indicators = Indicator.objects.select_related("objective").order_by("number")
    if public_only:
        indicators = indicators.filter(public=True)
    return Objective.objects.order_by("number").prefetch_related(
        Prefetch("indicators", queryset=indicators)
    )


def indicators_list() -> QuerySet[Indicator]:
    """Every indicator with its objective, in framework order ("1.1", "1.2", "2.1"…)."""
    return Indicator.objects.select_related("objective").order_by("objective__number", "number")


def indicator_by_pk(*, pk: int) -> Indicator | None:
    return Indicator.objects.select_related("objective").filter(pk=pk).first()


def periods_list() -> list[Period]:
    """The reporting periods, in order (one query)."""
    return list(Period.objects.order_by("starts_on"))


def milestones_list() -> QuerySet[Milestone]:
    return Milestone.objects.select_related("objective").order_by("date", "pk")


@dataclass(frozen=True)
class Point:
    """An indicator's figure for one period (``measure`` is ``None``: no value).

    ``measure`` is what compares with baseline and target. For a cumulative
    reported indicator it is the running total up to this period, and
    ``entered`` what was entered for this period alone; otherwise
    ``entered`` equals ``measure``.
    """

    period: Period
    measure: Measure | None
    entered: Measure | None = None

    def __post_init__(self):
        if self.entered is None and self.measure is not None:
            object.__setattr__(self, "entered", self.measure)


def reported_series(
    *, indicators: Sequence[Indicator], periods: Sequence[Period], statuses=(ValueStatus.APPROVED,)
) -> dict[int, list[Point]]:
    """The figures of reported ``indicators`` per period: sums of their values in ``statuses``.

    Returns ``{indicator.pk: [Point, …]}`` with one point per period of
    ``periods`` (in that order); a period without a value has ``measure``
    ``None``. ``women``/``men`` are summed only for disaggregated indicators.
    A cumulative indicator's points carry the running total (``measure``)
    and the period's own sum (``entered``). One query (none without reported indicators).
    """
    reported = [i for i in indicators if i.source == Source.REPORTED]
    if not reported:
        return {}
    rows = (
        IndicatorValue.objects.filter(indicator__in=reported, status__in=statuses)
        .values("indicator_id", "period_id")
        .annotate(value=Sum("value"), women=Sum("women"), men=Sum("men"), count=Count("pk"))
        .order_by()
    )
    found = {(row["indicator_id"], row["period_id"]): row for row in rows}
    series = {}
    for indicator in reported:
        points = []
        running = None
        for period in periods:
            row = found.get((indicator.pk, period.pk))
            if row is None:
                points.append(Point(period, None))
                continue
            split = indicator.disaggregated and row["women"] is not None and row["men"] is not None
            entered = Measure(
                row["value"], row["women"] if split else None, row["men"] if split else None
            )
            if not indicator.cumulative:
                points.append(Point(period, entered))
                continue
            running = entered if running is None else _add(running, entered)
            points.append(Point(period, running, entered))
        series[indicator.pk] = points
    return series


def _add(total: Measure, more: Measure) -> Measure:
    """Two measures summed, the breakdown only where both have one."""
    split = None not in (total.women, total.men, more.women, more.men)
    return Measure(
        total.value + more.value,
        total.women + more.women if split else None,
        total.men + more.men if split else None,
    )


def computed_series(
    *,
    indicators: Sequence[Indicator],
    periods: Sequence[Period],
    today: datetime.date | None = None,
) -> dict[int, list[Point]]:
    """The figures of computed ``indicators`` per period, from live data.

    A period that has not started by ``today`` (default: today in
    ``TIME_ZONE``) has no value; one that is running counts up to now. One
    query per distinct computation among ``indicators`` (participants and
    the shares of women and youth share theirs), none for a computation
    whose figures are in the cache (``NETWORK_PROGRESS_CACHE_SECONDS``).
    """
    today = today or timezone.localdate()
    computed = [i for i in indicators if i.source == Source.COMPUTED]
    if not computed or not periods:
        return {i.pk: [Point(p, None) for p in periods] for i in computed}
    started = [p for p in periods if p.starts_on <= today]
    first_day = periods[0].starts_on
    memo: dict = {}  # rows shared by several computations, read once in this call
    last_days = [p.ends_on for p in started]
    by_key = _computed_figures(
        list(dict.fromkeys(i.computation for i in computed)), first_day, last_days, memo
    )
    series = {}
    for indicator in computed:
        measures = dict(zip([p.pk for p in started], by_key[indicator.computation], strict=False))
        series[indicator.pk] = [Point(p, measures.get(p.pk)) for p in periods]
    return series


def _computed_figures(
    keys: list[str], first_day: datetime.date, last_days: list[datetime.date], memo: dict
) -> dict[str, list[Measure | None]]:
    """Each computation's figures for ``last_days`` (``{key: [...]}``; an unknown key gets
    ``[]``), from the cache when they were computed less than
    ``NETWORK_PROGRESS_CACHE_SECONDS`` ago (0: always computed); the cache is read once for
    all of them."""
    seconds = settings.NETWORK_PROGRESS_CACHE_SECONDS
    days = ",".join(day.isoformat() for day in last_days)
    cache_keys = {key: f"progress:computed:{key}:{first_day.isoformat()}:{days}" for key in keys}
    cached = cache.get_many(list(cache_keys.values())) if seconds else {}
    figures: dict[str, list[Measure | None]] = {}
    for key in keys:
        computation = COMPUTATIONS.get(key)
        if computation is None:
            figures[key] = []
        elif cache_keys[key] in cached:
            figures[key] = cached[cache_keys[key]]
        else:
            figures[key] = computation.compute(first_day, last_days, memo)
            if seconds:
                cache.set(cache_keys[key], figures[key], seconds)
    return figures


def series_for(
    *,
    indicators: Sequence[Indicator],
    periods: Sequence[Period],
    today: datetime.date | None = None,
) -> dict[int, list[Point]]:
    """Every indicator's figures per period as donors see them (approved or computed)."""
    series = reported_series(indicators=indicators, periods=periods)
    series.update(computed_series(indicators=indicators, periods=periods, today=today))
    return series


def latest_point(points: Iterable[Point]) -> Point | None:
    """The last period that has a value, or ``None``."""
    latest = None
    for point in points:
        if point.measure is not None:
            latest = point
    return latest


def progress_status(
    *, indicator: Indicator, points: Sequence[Point], periods: Sequence[Period]
) -> Progress:
    """Where ``indicator`` stands, from its latest value.

    - *achieved*: the latest value reaches the target (at or above it, or at
      or below it when lower is better);
    - *on track*: it is at least where a straight path from the baseline to
      the target would be by the end of that value's period (the share of
      the project's periods elapsed);
    - *behind*: short of that path; *no value yet* without any value.

    The straight path is the portal's own rule (a common way to read a
    results framework without intermediate targets); it is stated on the
    overview page.
    """
    latest = latest_point(points)
    if latest is None:
        return Progress.NO_DATA
    value, target, baseline = latest.measure.value, indicator.target, indicator.baseline
    better = (
        (lambda a, b: a >= b)
        if indicator.direction == Direction.INCREASE
        else (lambda a, b: a <= b)
    )
    if better(value, target):
        return Progress.ACHIEVED
    index = [p.pk for p in periods].index(latest.period.pk)
    elapsed = Decimal(index + 1) / Decimal(len(periods))
    expected = baseline + (target - baseline) * elapsed
    return Progress.ON_TRACK if better(value, expected) else Progress.BEHIND


@dataclass(frozen=True)
class IndicatorSummary:
    """One row of the overview: the indicator, its points, latest point and status."""

    indicator: Indicator
    points: list[Point]
    latest: Point | None
    status: Progress


def summaries(
    *,
    indicators: Sequence[Indicator],
    periods: Sequence[Period],
    today: datetime.date | None = None,
) -> dict[int, IndicatorSummary]:
    """``{indicator.pk: IndicatorSummary}`` for ``indicators`` (see ``series_for`` for queries)."""
    series = series_for(indicators=indicators, periods=periods, today=today)
    result = {}
    for indicator in indicators:
        points = series.get(indicator.pk, [Point(p, None) for p in periods])
        result[indicator.pk] = IndicatorSummary(
            indicator=indicator,
            points=points,
            latest=latest_point(points),
            status=progress_status(indicator=indicator, points=points, periods=periods),
        )
    return result


def export_stamp() -> str:
    """What the exports (``exports.progress_tables``) read from this app, as a short text for
    a cache key.

    It changes when a value is added, saved, submitted, approved, returned or
    deleted, whatever its status (the values' count, latest change and sum
    of versions: a save that commits late with an older ``updated_at`` still
    raises a version), when an indicator is added, changed or deleted (count
    and latest change), and when an objective's number or title or a
    period's name or dates change, in any language: objectives and periods
    have no timestamp and are few, so their rows are read and hashed.
    Computed figures are not in it (they follow ``NETWORK_PROGRESS_CACHE_SECONDS``).
    Four queries.
    """
    values = IndicatorValue.objects.aggregate(
        count=Count("pk"), versions=Sum("version"), changed=Max("updated_at")
    )
    indicators = Indicator.objects.aggregate(count=Count("pk"), changed=Max("updated_at"))
    objectives = Objective.objects.order_by("pk").values_list(
        "pk", "number", *get_translation_fields("title")
    )
    periods = Period.objects.order_by("pk").values_list(
        "pk", "starts_on", "ends_on", *get_translation_fields("name")
    )
    framework = hashlib.sha256(repr([list(objectives), list(periods)]).encode()).hexdigest()
    return "{}.{}.{}.{}.{}.{}".format(
        values["count"],
        values["versions"] or 0,
        values["changed"].isoformat() if values["changed"] else "-",
        indicators["count"],
        indicators["changed"].isoformat() if indicators["changed"] else "-",
        framework[:16],
    )


def values_of(*, indicator: Indicator) -> QuerySet[IndicatorValue]:
    """Every value of ``indicator``, any status, with period and organisation, by period."""
    return (
        IndicatorValue.objects.filter(indicator=indicator)
        .select_related("period", "organisation", "entered_by", "decided_by")
        .order_by("period__starts_on", "organisation__name", "pk")
    )


def values_to_decide() -> QuerySet[IndicatorValue]:
    """Submitted values waiting for a coordinator, oldest submission first."""
    return (
        IndicatorValue.objects.filter(status=ValueStatus.SUBMITTED)
        .select_related("indicator__objective", "period", "organisation", "entered_by")
        .order_by("submitted_at", "pk")
    )


def value_by_pk(*, pk: int) -> IndicatorValue | None:
    return (
        IndicatorValue.objects.select_related(
            "indicator__objective", "period", "organisation", "entered_by", "decided_by"
        )
        .filter(pk=pk)
        .first()
    )


def periods_with_usage() -> list[Period]:
    """The reporting periods in order, each with ``holds_values`` (any value, any status).

    A period holding values cannot be deleted (``services.period_delete``). One query.
    """
    holds = IndicatorValue.objects.filter(period=OuterRef("pk"))
    return list(Period.objects.annotate(holds_values=Exists(holds)).order_by("starts_on"))


def indicators_holding_values(*, organisation_ids: Iterable[int] | None = None) -> set[int]:
    """The pks of the indicators that hold values (any status); with ``organisation_ids``,
    values of those organisations only. One query.

    An indicator holding values cannot be deleted (``services.indicator_delete``); a
    member filters their organisations' values by the indicators they reported on.
    """
    values = IndicatorValue.objects.all()
    if organisation_ids is not None:
        values = values.filter(organisation_id__in=list(organisation_ids))
    return set(values.values_list("indicator_id", flat=True).order_by().distinct())


def period_by_pk(*, pk: int) -> Period | None:
    return Period.objects.filter(pk=pk).first()


def milestone_by_pk(*, pk: int) -> Milestone | None:
    return Milestone.objects.select_related("objective").filter(pk=pk).first()


def next_indicator_number(*, objective: Objective) -> int:
    """The number after the highest one used in ``objective`` (1 for an empty objective)."""
    highest = Indicator.objects.filter(objective=objective).aggregate(highest=Max("number"))
    return (highest["highest"] or 0) + 1


def indicator_numbered(
    *, objective: Objective, number: int, exclude: int | None = None
) -> Indicator | None:
    """The indicator holding ``number`` in ``objective``, other than the one of pk ``exclude``."""
    return (
        Indicator.objects.select_related("objective")
        .filter(objective=objective, number=number)
        .exclude(pk=exclude)
        .first()
    )

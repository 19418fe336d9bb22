"""Progress pages: public summary, overview, indicator page, timeline, strategy progress.

The public summary is for everyone; the other pages need
``progress.view_progress`` (coordinators, donors, administrators): a visitor
is sent to log in, anyone else gets 404 (DESIGN.md). Only approved values
and computed figures appear (``selectors.summaries``), never who entered
them: these pages show no person's name nor contact details.

Each page costs a fixed number of queries whatever the number of
indicators: the framework (2), the periods (1), and the figures of every
indicator of the page at once (``selectors.summaries``: one query for the
reported ones, one per distinct computation).
"""

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.paginator import Paginator
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from dialogues import selectors as dialogues_selectors
from network.accounts.mixins import ObjectPermissionMixin, PermissionRequiredMixin
from network.progress import charts, selectors
from network.progress.computed import COMPUTATIONS
from network.progress.enums import Direction, Unit
from network.progress.models import Indicator, Period
from strategy import selectors as strategy_selectors

#: Dialogue events listed per page of the timeline (the benchmark has 3,000 in all).
EVENTS_PER_PAGE = 50


class FollowsProgressMixin(PermissionRequiredMixin):
    """Log in first; then 404 unless the user may follow progress (``progress.view_progress``)."""

    permission = "progress.view_progress"


def objective_rows(*, public_only: bool) -> tuple[list[dict], list[Period]]:
    """The objectives in order, each ``{"objective", "summaries": [IndicatorSummary]}``.

    Also returns the periods. Fixed cost: framework (2), periods (1),
    figures (see the module docstring).
    """
    objectives = list(selectors.framework(public_only=public_only))
    indicators = [i for o in objectives for i in o.indicators.all()]
    periods = selectors.periods_list()
    found = selectors.summaries(indicators=indicators, periods=periods)
    rows = [
        {"objective": o, "summaries": [found[i.pk] for i in o.indicators.all()]} for o in objectives
    ]
    return rows, periods


def period_axis(period: Period) -> tuple[str, str]:
    """What a chart writes under a period's bar: its first month and year ("Nov.", "2013").

    Periods' names are long and alike ("Semestre 1 …", "Semestre 2 …"); their
    first months differ, and are short enough for a phone.
    """
    return date_format(period.starts_on, "N"), str(period.starts_on.year)


def chart_points(
    points: list[selectors.Point], *, cumulative: bool = False
) -> list[charts.ChartPoint]:
    """An indicator's ``Point``s as chart points labelled with the period's name.

    ``cumulative``: each point also carries what its period alone brought
    (``Point.entered``), for the table's "In this period" column.
    """
    return [
        charts.ChartPoint(p.period.name, None, axis=period_axis(p.period))
        if p.measure is None
        else charts.ChartPoint(
            p.period.name,
            p.measure.value,
            p.measure.women,
            p.measure.men,
            axis=period_axis(p.period),
            entered=p.entered.value if cumulative and p.entered else None,
        )
        for p in points
    ]


def indicator_chart(summary: selectors.IndicatorSummary) -> charts.Chart:
    indicator = summary.indicator
    return charts.value_chart(
        chart_id=f"chart-indicator-{indicator.pk}",
        title=_("%(code)s %(name)s: value per period")
        % {"code": indicator.code, "name": indicator.name},
        points=chart_points(summary.points, cumulative=indicator.cumulative),
        baseline=indicator.baseline,
        target=indicator.target,
        percent=indicator.unit == Unit.PERCENT,
        lower_is_better=indicator.direction == Direction.DECREASE,
    )


class SummaryView(TemplateView):
    """The public summary: each objective with its indicators chosen as public (anyone)."""

    template_name = "progress/pages/summary.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["objectives"], context["periods"] = objective_rows(public_only=True)
        return context


class OverviewView(FollowsProgressMixin, TemplateView):
    """Every objective with every indicator: latest value against baseline and target."""

    template_name = "progress/pages/overview.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["objectives"], context["periods"] = objective_rows(public_only=False)
        context["cache_minutes"] = -(-settings.NETWORK_PROGRESS_CACHE_SECONDS // 60)
        return context


class IndicatorView(ObjectPermissionMixin, TemplateView):
    """One indicator: its definition, figures, chart and the same figures as a table."""

    template_name = "progress/pages/indicator.html"
    permission = "progress.view_progress"
    object_attribute = "indicator"

    def load_object(self, **kwargs) -> Indicator | None:
        return selectors.indicator_by_pk(pk=kwargs["pk"])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        indicator = self.indicator
        periods = selectors.periods_list()
        summary = selectors.summaries(indicators=[indicator], periods=periods)[indicator.pk]
        user = self.request.user
        context.update(
            summary=summary,
            periods=periods,
            chart=indicator_chart(summary),
            computation=COMPUTATIONS.get(indicator.computation) if indicator.is_computed else None,
            can_manage=user.has_perm("progress.manage_framework"),
            can_enter=user.has_perm("progress.enter_value", indicator),
        )
        return context


def default_period(periods: list[Period], today: datetime.date) -> Period | None:
    """The latest period that has started by ``today``, else the first one (``None``: none)."""
    started = [p for p in periods if p.starts_on <= today]
    if started:
        return started[-1]
    return periods[0] if periods else None


class TimelineView(FollowsProgressMixin, TemplateView):
    """One reporting period of the project: its milestones and the dialogue events in it.

    ``?period=<pk>`` chooses the period (default: ``default_period``, also
    for a malformed or unknown pk); the other periods are links. Events are
    those the user may see, by date, ``EVENTS_PER_PAGE`` a page (``?page=``),
    so the page stays small whatever the number of events.
    """

    template_name = "progress/pages/timeline.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        periods = selectors.periods_list()
        # An unknown or malformed choice (an old link, a period deleted since) is a filter
        # that matches nothing: the page shows the default period, as without a choice.
        chosen = self.request.GET.get("period", "")
        period = next((p for p in periods if str(p.pk) == chosen), None)
        if period is None:
            period = default_period(periods, timezone.localdate())
        context.update(periods=periods, period=period)
        if period is None:
            return context
        events = dialogues_selectors.events_for_timeline(
            user=self.request.user, first_day=period.starts_on, last_day=period.ends_on
        )
        page = Paginator(events, EVENTS_PER_PAGE).get_page(self.request.GET.get("page"))
        context.update(
            milestones=list(
                selectors.milestones_list().filter(
                    date__gte=period.starts_on, date__lte=period.ends_on
                )
            ),
            page_obj=page,
            events=page.object_list,
            query_string=f"period={period.pk}",
        )
        return context


class StrategyProgressView(FollowsProgressMixin, TemplateView):
    """The strategy's sections per status (chart and table), and the indicators counting them."""

    template_name = "progress/pages/strategy.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        counts = strategy_selectors.sections_per_status()
        points = [
            charts.ChartPoint(str(label), Decimal(counts.get(status, 0)))
            for status, label in strategy_selectors.section_statuses()
        ]
        indicators = list(selectors.indicators_list().filter(computation="sections_validated"))
        periods = selectors.periods_list()
        found = selectors.summaries(indicators=indicators, periods=periods)
        context.update(
            total=sum(counts.values()),
            chart=charts.counts_chart(
                chart_id="chart-sections", title=_("Strategy sections per status"), points=points
            ),
            summaries=[found[i.pk] for i in indicators],
        )
        return context

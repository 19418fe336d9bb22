"""Small bar charts drawn on the server: points in, SVG geometry out (no JavaScript).

A ``Chart`` holds everything ``progress/includes/chart.html`` needs to draw
an inline ``<svg role="img">``: the frame of the plot, one ``Bar`` per point
(split into women/men ``Segment``s when the point has a breakdown),
horizontal ``Line``s (baseline, target), axis ``Tick``s, the text labels,
its ``title`` and a ``desc`` that says in words what it shows. Lengths are
SVG user units (``view_box``); the stylesheet scales the drawing to the
width of the screen and gives it its colours (classes ``chart-*``).

Scale: values cannot be negative (``IndicatorValue`` refuses them), so the
axis starts at 0; a negative figure (only a baseline or target typed below
zero could be one) is drawn at 0. Percentages use a fixed 0–100 scale;
other figures go up to a round number at or above the highest of the
values, the baseline and the target (so a value above its target stays
inside the frame). Whole-number data keep whole-number ticks; all zeros
give a 0–1 axis with flat bars.

The table printed next to a chart is its accessible equivalent: it is built
from the same ``points`` and the same ``number`` formatting, so both show
exactly the same figures.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import ROUND_CEILING, Decimal

from django.template.defaultfilters import floatformat
from django.utils.translation import gettext as _

# Geometry, in user units.
SLOT = 64  # horizontal room per bar
BAR_MAX = 40  # widest bar
LEFT = 44  # room for the tick labels
RIGHT = 12
TOP = 16  # room for a value label above the highest bar
BOTTOM = 24  # room for the bar labels under the axis
PLOT_HEIGHT = 140
MIN_WIDTH = 320
CHAR_WIDTH = 6  # average width of a character of the 10-unit labels
TICKS = 4  # at most this many steps on the axis

HUNDRED = Decimal(100)


def number(value: Decimal | None) -> str:
    """A figure as the page prints it: localised, up to two decimals, grouped; "" for none."""
    if value is None:
        return ""
    return floatformat(value, "-2g")


@dataclass(frozen=True)
class ChartPoint:
    """One bar to draw: its ``label`` (a period's name) and figure (``None``: no value)."""

    label: str
    value: Decimal | None
    women: Decimal | None = None
    men: Decimal | None = None

    @property
    def has_breakdown(self) -> bool:
        return self.value is not None and self.women is not None and self.men is not None

    @property
    def value_text(self) -> str:
        return number(self.value)

    @property
    def women_text(self) -> str:
        return number(self.women) if self.has_breakdown else ""

    @property
    def men_text(self) -> str:
        return number(self.men) if self.has_breakdown else ""


@dataclass(frozen=True)
class Segment:
    """Part of a stacked bar: ``kind`` is "women" (drawn at the bottom) or "men"."""

    kind: str
    label: str
    value: Decimal
    text: str
    y: float
    height: float


@dataclass(frozen=True)
class Bar:
    """The bar of one point; ``height`` 0 for a zero, no ``Bar`` at all for a missing value."""

    point: ChartPoint
    x: float
    y: float
    width: float
    height: float
    center: float
    value_y: float
    segments: tuple[Segment, ...] = ()


@dataclass(frozen=True)
class Slot:
    """The place of one point on the horizontal axis and its (possibly shortened) label."""

    point: ChartPoint
    center: float
    label: str


@dataclass(frozen=True)
class Line:
    """A horizontal reference line across the plot (``kind``: "baseline" or "target")."""

    kind: str
    value: Decimal
    y: float
    label: str
    label_y: float


@dataclass(frozen=True)
class Tick:
    value: Decimal
    y: float
    label: str


@dataclass(frozen=True)
class Chart:
    """Everything to draw one chart; ``empty`` when no point has a value (frame only)."""

    id: str
    title: str
    desc: str
    width: float
    height: float
    plot_left: float
    plot_top: float
    plot_width: float
    plot_height: float
    scale_max: Decimal
    points: tuple[ChartPoint, ...]
    slots: tuple[Slot, ...]
    bars: tuple[Bar, ...]
    lines: tuple[Line, ...] = ()
    ticks: tuple[Tick, ...] = ()
    stacked: bool = False
    legend: tuple[tuple[str, str], ...] = field(default=())

    @property
    def view_box(self) -> str:
        return f"0 0 {_coordinate(self.width)} {_coordinate(self.height)}"

    @property
    def plot_right(self) -> float:
        return round(self.plot_left + self.plot_width, 1)

    @property
    def plot_bottom(self) -> float:
        return round(self.plot_top + self.plot_height, 1)

    @property
    def tick_x(self) -> float:
        """Where the tick labels end, left of the plot."""
        return round(self.plot_left - 4, 1)

    @property
    def line_label_x(self) -> float:
        """Where the labels of the lines end, inside the plot's right edge."""
        return round(self.plot_right - 2, 1)

    @property
    def slot_label_y(self) -> float:
        """The baseline of the labels under the bars."""
        return round(self.plot_bottom + 14, 1)

    @property
    def empty(self) -> bool:
        return not self.bars

    @property
    def label_ids(self) -> str:
        """The value of ``aria-labelledby``: the ids of ``<title>`` and ``<desc>``."""
        return f"{self.id}-title {self.id}-desc"


def _coordinate(value: float) -> str:
    return f"{value:.1f}".removesuffix(".0")


def _positive(value: Decimal | None) -> Decimal:
    return max(value or Decimal(0), Decimal(0))


def _nice_step(raw: Decimal, whole: bool) -> Decimal:
    """The smallest of 1, 2, 2.5, 5 × 10ⁿ at or above ``raw`` (at least 1 if ``whole``)."""
    exponent = raw.adjusted()
    power = Decimal(1).scaleb(exponent)
    for factor in (1, 2, Decimal("2.5"), 5, 10):
        step = factor * power
        if step >= raw and not (whole and step % 1):
            return max(step, Decimal(1)) if whole else step
    return Decimal(1)  # pragma: no cover (10 × 10ⁿ is always at or above raw)


def scale(figures: Sequence[Decimal], *, percent: bool) -> list[Decimal]:
    """The axis ticks from 0 to the top of the scale (the last tick), in order.

    ``percent``: 0, 25, 50, 75, 100. Otherwise steps of 1, 2, 2.5 or 5 × 10ⁿ
    (whole steps when every figure is whole) up to at most ``TICKS`` steps,
    the top at or above the highest figure; 0 and 1 when every figure is 0.
    """
    if percent:
        return [Decimal(i * 25) for i in range(5)]
    highest = max((_positive(f) for f in figures), default=Decimal(0))
    whole = all(_positive(f) % 1 == 0 for f in figures)
    if highest == 0:
        return [Decimal(0), Decimal(1)]
    step = _nice_step(highest / TICKS, whole)
    steps = int((highest / step).to_integral_value(rounding=ROUND_CEILING))
    return [_tidy(step * i) for i in range(steps + 1)]


def _tidy(value: Decimal) -> Decimal:
    """``Decimal("2.0E+3")`` → ``Decimal("2000")``; ``Decimal("0.20")`` → ``Decimal("0.2")``."""
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()


def _short(label: str, room: float) -> str:
    most = max(int(room // CHAR_WIDTH), 3)
    return label if len(label) <= most else label[: most - 1].rstrip() + "…"


def bar_chart(
    *,
    chart_id: str,
    title: str,
    desc: str,
    points: Sequence[ChartPoint],
    percent: bool = False,
    references: Sequence[tuple[str, Decimal, str]] = (),
) -> Chart:
    """Lay out a bar per point with a value, and a line per reference.

    ``references`` are ``(kind, value, label)``: horizontal lines drawn
    across the plot (baseline, target), labelled at the right end, the
    higher one above its line and the lower one under it. A point with a
    breakdown becomes a stack of a women segment under a men segment whose
    heights add up to the bar's. ``chart_id`` must be unique in the page.
    """
    count = len(points)
    width = max(MIN_WIDTH, LEFT + max(count, 1) * SLOT + RIGHT)
    plot_width = width - LEFT - RIGHT
    height = TOP + PLOT_HEIGHT + BOTTOM
    figures = [p.value for p in points if p.value is not None] + [v for _, v, _ in references]
    ticks = scale(figures, percent=percent)
    top = ticks[-1]
    bottom_y = TOP + PLOT_HEIGHT

    def length(value: Decimal) -> float:
        return round(float(min(_positive(value), top) / top) * PLOT_HEIGHT, 1)

    def y_of(value: Decimal) -> float:
        return round(bottom_y - length(value), 1)

    slot = plot_width / max(count, 1)
    bar_width = round(min(slot * 0.6, BAR_MAX), 1)
    slots, bars = [], []
    women_label, men_label = _("Women"), _("Men")
    for index, point in enumerate(points):
        center = round(LEFT + slot * index + slot / 2, 1)
        slots.append(Slot(point, center, _short(point.label, slot)))
        if point.value is None:
            continue
        bar_height = length(point.value)
        bar_y = round(bottom_y - bar_height, 1)
        segments = ()
        if point.has_breakdown:
            women_height = length(point.women)
            men_height = round(bar_height - women_height, 1)
            segments = (
                Segment(
                    "women", women_label, point.women, point.women_text,
                    round(bottom_y - women_height, 1), women_height,
                ),
                Segment("men", men_label, point.men, point.men_text, bar_y, men_height),
            )  # fmt: skip
        bars.append(
            Bar(
                point=point,
                x=round(center - bar_width / 2, 1),
                y=bar_y,
                width=bar_width,
                height=bar_height,
                center=center,
                value_y=round(bar_y - 3, 1),
                segments=segments,
            )
        )
    lines = []
    ordered = sorted(references, key=lambda r: _positive(r[1]), reverse=True)
    for rank, (kind, value, label) in enumerate(ordered):
        y = y_of(value)
        below = rank > 0 and y + 11 <= bottom_y - 2
        lines.append(Line(kind, value, y, label, round(y + 11 if below else y - 3, 1)))
    stacked = any(b.segments for b in bars)
    return Chart(
        id=chart_id,
        title=title,
        desc=desc,
        width=width,
        height=height,
        plot_left=LEFT,
        plot_top=TOP,
        plot_width=plot_width,
        plot_height=PLOT_HEIGHT,
        scale_max=top,
        points=tuple(points),
        slots=tuple(slots),
        bars=tuple(bars),
        lines=tuple(lines),
        ticks=tuple(Tick(v, y_of(v), number(v)) for v in ticks),
        stacked=stacked,
        legend=(("women", women_label), ("men", men_label)) if stacked else (),
    )


def value_chart(
    *,
    chart_id: str,
    title: str,
    points: Sequence[ChartPoint],
    baseline: Decimal,
    target: Decimal,
    percent: bool = False,
    lower_is_better: bool = False,
) -> Chart:
    """An indicator's figure per period, with its baseline and target as lines.

    The ``desc`` names the first and last periods, the baseline and target,
    the latest value and its period (or says there is no value, or no period).
    """
    figures = {"baseline": number(baseline), "target": number(target)}
    if percent:
        figures = {key: _("%(number)s%%") % {"number": text} for key, text in figures.items()}
    latest = next((p for p in reversed(points) if p.value is not None), None)
    if not points:
        desc = _("No reporting period yet; baseline %(baseline)s, target %(target)s.") % figures
    elif latest is None:
        desc = _(
            "No value yet for any period from %(first)s to %(last)s; "
            "baseline %(baseline)s, target %(target)s."
        ) % {"first": points[0].label, "last": points[-1].label, **figures}
    else:
        latest_text = latest.value_text
        if percent:
            latest_text = _("%(number)s%%") % {"number": latest_text}
        desc = _(
            "Value per period from %(first)s to %(last)s; baseline %(baseline)s, "
            "target %(target)s; latest %(latest)s in %(period)s."
        ) % {
            "first": points[0].label,
            "last": points[-1].label,
            "latest": latest_text,
            "period": latest.label,
            **figures,
        }
    if lower_is_better:
        desc = f"{desc} {_('Lower is better.')}"
    if any(p.has_breakdown for p in points):
        desc = f"{desc} {_('Each bar is split into women (lower part) and men (upper part).')}"
    references = (
        ("baseline", baseline, _("Baseline %(number)s") % {"number": number(baseline)}),
        ("target", target, _("Target %(number)s") % {"number": number(target)}),
    )
    return bar_chart(
        chart_id=chart_id,
        title=title,
        desc=desc,
        points=points,
        percent=percent,
        references=references,
    )


def counts_chart(*, chart_id: str, title: str, points: Sequence[ChartPoint]) -> Chart:
    """Counts per category (e.g. sections per status); the ``desc`` lists them all."""
    counts = ", ".join(f"{p.label} {p.value_text}" for p in points)
    desc = _("%(title)s: %(counts)s.") % {"title": title, "counts": counts}
    return bar_chart(chart_id=chart_id, title=title, desc=desc, points=points)

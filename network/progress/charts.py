"""Small bar charts drawn on the server: points in, SVG geometry out (no JavaScript).

A ``Chart`` holds everything ``progress/includes/chart.html`` needs to draw
an inline ``<svg role="img">``: the frame of the plot, one ``Bar`` per point
(split into women/men ``Segment``s when the point has a breakdown),
horizontal ``Line``s (baseline, target), axis ``Tick``s, the text labels,
its ``title`` and a ``desc`` that says in words what it shows. Lengths are
SVG user units (``view_box``); the stylesheet gives the colours (classes
``chart-*``) and the text size, ``FONT`` units.

Text stays readable on a phone: the drawing is drawn ``SCALE`` times its
units where the page has room, and shrinks to the width of a narrower
screen; it is kept narrow enough (short labels under the bars: a period's
first month and year, on two lines) that six periods keep their text at 11
CSS pixels or more on a 360-pixel screen. The labels of the baseline and
target lines are in the legend under the drawing, where no bar can cover
them; each bar's ``<title>`` and the table keep the points' full labels.

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
FONT = 11  # size of every text (the stylesheet's ``.chart text``)
CHAR_WIDTH = 6.5  # a generous average width of a character of that size
LINE_HEIGHT = 13  # between the lines of a label under a bar
GAP = 8  # between neighbouring labels, and between the tick labels and the plot
MIN_SLOT = 40  # horizontal room per bar, at least…
MAX_SLOT = 96  # …and at most (longer labels are shortened)
BAR_MAX = 26  # widest bar
RIGHT = 6
TOP = 18  # room for a value label above the highest bar
PLOT_HEIGHT = 140
MIN_WIDTH = 240
SCALE = 1.3  # CSS pixels per unit where the page has room (a phone shrinks the drawing)
TICKS = 4  # at most this many steps on the axis

HUNDRED = Decimal(100)


def number(value: Decimal | None) -> str:
    """A figure as the page prints it: localised, up to two decimals, grouped; "" for none."""
    if value is None:
        return ""
    return floatformat(value, "-2g")


@dataclass(frozen=True)
class ChartPoint:
    """One bar to draw: its ``label`` (a period's name) and figure (``None``: no value).

    ``axis`` are the lines written under the bar (a period's first month and
    year); without them, ``label`` is written there, shortened to the room.
    The table and the bar's ``<title>`` show ``label`` whole. ``entered`` is
    what the period alone brought to a running total (shown in the table only).
    """

    label: str
    value: Decimal | None
    women: Decimal | None = None
    men: Decimal | None = None
    axis: tuple[str, ...] = ()
    entered: Decimal | None = None

    @property
    def has_breakdown(self) -> bool:
        return self.value is not None and self.women is not None and self.men is not None

    @property
    def value_text(self) -> str:
        return number(self.value)

    @property
    def entered_text(self) -> str:
        return number(self.entered)

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
    """The place of one point on the horizontal axis and the lines written under it."""

    point: ChartPoint
    center: float
    lines: tuple[str, ...]


@dataclass(frozen=True)
class Line:
    """A horizontal reference line across the plot (``kind``: "baseline" or "target").

    ``label`` is shown in the legend, out of the plot.
    """

    kind: str
    value: Decimal
    y: float
    label: str


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
    def display_width(self) -> str:
        """The drawing's width in CSS pixels where the page has room (``SCALE``)."""
        return _coordinate(round(self.width * SCALE, 1))

    @property
    def display_height(self) -> str:
        return _coordinate(round(self.height * SCALE, 1))

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
    def slot_label_y(self) -> float:
        """The baseline of the first line of the labels under the bars."""
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


def _text_width(text: str) -> float:
    return len(text) * CHAR_WIDTH


def _short(label: str, room: float) -> str:
    most = max(int(room // CHAR_WIDTH), 3)
    return label if len(label) <= most else label[: most - 1].rstrip(" (") + "…"


def _axis_lines(point: ChartPoint) -> tuple[str, ...]:
    return point.axis or (point.label,)


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
    across the plot (baseline, target), named in the legend, the higher
    one first. A point with a breakdown becomes a stack of a women segment
    under a men segment whose heights add up to the bar's. Each bar's slot
    is as wide as the widest label under a bar or above it, between
    ``MIN_SLOT`` and ``MAX_SLOT``; the tick labels (with "%" for a
    percentage) set the left margin. ``chart_id`` must be unique in the page.
    """
    count = len(points)
    figures = [p.value for p in points if p.value is not None] + [v for _, v, _ in references]
    ticks = scale(figures, percent=percent)
    tick_labels = [
        _("%(number)s%%") % {"number": number(v)} if percent else number(v) for v in ticks
    ]
    left = round(max(_text_width(label) for label in tick_labels) + GAP, 1)
    widest = max(
        [_text_width(line) for p in points for line in _axis_lines(p)]
        + [_text_width(p.value_text) for p in points],
        default=0,
    )
    slot_room = min(max(widest + GAP, MIN_SLOT), MAX_SLOT)
    width = round(max(MIN_WIDTH, left + max(count, 1) * slot_room + RIGHT), 1)
    plot_width = round(width - left - RIGHT, 1)
    label_lines = max((len(_axis_lines(p)) for p in points), default=1)
    height = TOP + PLOT_HEIGHT + 14 + LINE_HEIGHT * (label_lines - 1) + 5
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
        center = round(left + slot * index + slot / 2, 1)
        room = slot - GAP
        slots.append(Slot(point, center, tuple(_short(line, room) for line in _axis_lines(point))))
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
                value_y=round(bar_y - 4, 1),
                segments=segments,
            )
        )
    ordered = sorted(references, key=lambda r: _positive(r[1]), reverse=True)
    lines = [Line(kind, value, y_of(value), label) for kind, value, label in ordered]
    stacked = any(b.segments for b in bars)
    return Chart(
        id=chart_id,
        title=title,
        desc=desc,
        width=width,
        height=height,
        plot_left=left,
        plot_top=TOP,
        plot_width=plot_width,
        plot_height=PLOT_HEIGHT,
        scale_max=top,
        points=tuple(points),
        slots=tuple(slots),
        bars=tuple(bars),
        lines=tuple(lines),
        ticks=tuple(Tick(v, y_of(v), label) for v, label in zip(ticks, tick_labels, strict=True)),
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
        lower = _("Lower is better.")
        desc = f"{desc} {lower}"
    if any(p.has_breakdown for p in points):
        split = _("Each bar is split into women (lower part) and men (upper part).")
        desc = f"{desc} {split}"
    references = (
        ("baseline", baseline, _("Baseline %(number)s") % {"number": figures["baseline"]}),
        ("target", target, _("Target %(number)s") % {"number": figures["target"]}),
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

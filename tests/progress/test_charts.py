"""The chart geometry (``network/progress/charts.py``) and its SVG include, without a database.

The plot is ``charts.PLOT_HEIGHT`` (140) units high, its bottom at
``charts.TOP + charts.PLOT_HEIGHT`` (158): a figure ``v`` on a scale up to
``top`` is a bar ``140 × v / top`` high.
"""

import re
from decimal import Decimal

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from network.progress import charts
from network.progress.charts import ChartPoint

BOTTOM = charts.TOP + charts.PLOT_HEIGHT


def periods(*values, breakdowns=None):
    """``ChartPoint``s labelled "S1", "S2"… (``None``: no value)."""
    breakdowns = breakdowns or {}
    points = []
    for index, value in enumerate(values):
        women, men = breakdowns.get(index, (None, None))
        points.append(
            ChartPoint(
                f"S{index + 1}",
                None if value is None else Decimal(value),
                None if women is None else Decimal(women),
                None if men is None else Decimal(men),
            )
        )
    return points


def chart_of(*values, baseline=0, target=100, **kwargs):
    return charts.value_chart(
        chart_id="c",
        title="1.1 Organisations",
        points=periods(*values, breakdowns=kwargs.pop("breakdowns", None)),
        baseline=Decimal(baseline),
        target=Decimal(target),
        **kwargs,
    )


@pytest.fixture(autouse=True)
def _english():
    translation.activate("en")


# --- Scale ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("figures", "ticks"),
    [
        (["45", "0", "100"], ["0", "25", "50", "75", "100"]),
        (["45"], ["0", "20", "40", "60"]),
        (["3"], ["0", "1", "2", "3"]),
        (["7"], ["0", "2", "4", "6", "8"]),
        (["130", "100"], ["0", "50", "100", "150"]),
        (["2000"], ["0", "500", "1000", "1500", "2000"]),
        (["0.3", "0.1"], ["0", "0.1", "0.2", "0.3"]),
        (["12.5"], ["0", "5", "10", "15"]),
        (["0", "0"], ["0", "1"]),
        ([], ["0", "1"]),
        (["-5", "4"], ["0", "1", "2", "3", "4"]),
    ],
)
def test_scale_steps_to_a_round_top_at_or_above_the_highest_figure(figures, ticks):
    assert charts.scale([Decimal(f) for f in figures], percent=False) == [Decimal(t) for t in ticks]


def test_scale_of_percentages_is_always_0_to_100():
    assert charts.scale([Decimal("12.5")], percent=True) == [0, 25, 50, 75, 100]


# --- Bars, lines, ticks -----------------------------------------------------------------


def test_bar_heights_are_proportional_to_the_values():
    chart = chart_of(25, 50, 100)

    assert [bar.height for bar in chart.bars] == [35.0, 70.0, 140.0]
    assert [bar.y for bar in chart.bars] == [BOTTOM - 35, BOTTOM - 70, BOTTOM - 140]
    assert [bar.point.value for bar in chart.bars] == [25, 50, 100]


def test_baseline_and_target_lines_sit_at_their_values():
    chart = chart_of(10, baseline=20, target=80)  # scale 0–80 by 20

    lines = {line.kind: line for line in chart.lines}
    assert chart.scale_max == 80
    assert lines["target"].y == charts.TOP
    assert lines["baseline"].y == BOTTOM - 35.0
    assert lines["target"].label == "Target 80"
    assert lines["baseline"].label == "Baseline 20"


def test_lines_are_named_in_the_legend_target_first():
    chart = chart_of(10, baseline=20, target=80)

    assert [(line.kind, line.label) for line in chart.lines] == [
        ("target", "Target 80"),
        ("baseline", "Baseline 20"),
    ]


def test_ticks_are_labelled_at_their_height():
    chart = chart_of(50)

    assert [(tick.label, tick.y) for tick in chart.ticks] == [
        ("0", 158.0), ("25", 123.0), ("50", 88.0), ("75", 53.0), ("100", 18.0),
    ]  # fmt: skip


def test_breakdown_segments_add_up_to_the_bar():
    chart = chart_of(30, 45, breakdowns={0: (10, 20)})

    first, second = chart.bars
    women, men = first.segments
    assert (women.kind, women.value, women.height) == ("women", 10, 14.0)
    assert (men.kind, men.value, men.height) == ("men", 20, 28.0)
    assert women.height + men.height == first.height
    assert women.y + women.height == BOTTOM
    assert men.y == first.y
    assert second.segments == ()
    assert chart.stacked is True
    assert chart.legend == (("women", "Women"), ("men", "Men"))


def test_missing_values_leave_their_slot_empty():
    chart = chart_of(None, 40, None)

    assert [slot.lines for slot in chart.slots] == [("S1",), ("S2",), ("S3",)]
    assert [bar.point.label for bar in chart.bars] == ["S2"]
    assert chart.bars[0].center == chart.slots[1].center


def test_no_value_at_all_draws_only_the_frame_and_says_so():
    chart = chart_of(None, None, None)

    assert chart.empty is True
    assert chart.desc == "No value yet for any period from S1 to S3; baseline 0, target 100."


def test_no_period_says_so():
    chart = chart_of()

    assert chart.empty is True
    assert chart.slots == ()
    assert chart.desc == "No reporting period yet; baseline 0, target 100."


def test_all_zeros_give_flat_bars_on_a_0_to_1_axis():
    chart = charts.counts_chart(chart_id="sections", title="Sections", points=periods(0, 0, 0))

    assert [bar.height for bar in chart.bars] == [0.0, 0.0, 0.0]
    assert [tick.label for tick in chart.ticks] == ["0", "1"]
    assert chart.empty is False
    assert chart.desc == "Sections: S1 0, S2 0, S3 0."


def test_value_above_the_target_stays_inside_the_frame():
    chart = chart_of(130)  # target 100: scale 0–150

    assert chart.scale_max == 150
    assert chart.bars[0].height == round(140 * 130 / 150, 1)
    assert chart.bars[0].y >= chart.plot_top
    target = {line.kind: line.y for line in chart.lines}["target"]
    assert target == BOTTOM - round(140 * 100 / 150, 1)


def test_decreasing_indicator_has_its_target_under_its_baseline():
    chart = chart_of(40, 30, baseline=50, target=10, lower_is_better=True)

    lines = {line.kind: line for line in chart.lines}
    assert lines["target"].y > lines["baseline"].y
    assert chart.desc == (
        "Value per period from S1 to S2; baseline 50, target 10; latest 30 in S2. Lower is better."
    )


def test_percentages_use_the_whole_0_to_100_scale():
    chart = chart_of(20, baseline=5, target=50, percent=True)

    assert chart.scale_max == 100
    assert chart.bars[0].height == 28.0
    assert [tick.label for tick in chart.ticks] == ["0%", "25%", "50%", "75%", "100%"]
    assert [line.label for line in chart.lines] == ["Target 50%", "Baseline 5%"]
    assert chart.bars[0].point.value_text == "20"  # as in the table ("Value, in percent")
    assert chart.desc == (
        "Value per period from S1 to S1; baseline 5%, target 50%; latest 20% in S1."
    )


def test_negative_reference_is_drawn_at_zero():
    chart = chart_of(4, baseline=-5, target=4)

    assert {line.kind: line.y for line in chart.lines}["baseline"] == BOTTOM


def test_desc_names_periods_latest_value_and_breakdown():
    chart = chart_of(30, 45, None, breakdowns={0: (10, 20)})

    assert chart.desc == (
        "Value per period from S1 to S3; baseline 0, target 100; latest 45 in S2. "
        "Each bar is split into women (lower part) and men (upper part)."
    )


def test_bars_are_labelled_with_their_axis_lines_and_the_full_label_stays_for_title_and_table():
    name = "Semestre 1 (novembre 2013 – avril 2014)"
    points = [
        ChartPoint(name, Decimal(1), axis=("nov.", "2013")),
        ChartPoint("Semestre 2 (mai – octobre 2014)", None, axis=("mai", "2014")),
    ]

    chart = charts.counts_chart(chart_id="c", title="t", points=points)

    assert [slot.lines for slot in chart.slots] == [("nov.", "2013"), ("mai", "2014")]
    assert [slot.point.label for slot in chart.slots] == [name, "Semestre 2 (mai – octobre 2014)"]


def test_labels_without_axis_lines_are_shortened_to_their_slot():
    name = "Semester 1 (November 2013 to April 2014)"
    points = [ChartPoint(name, Decimal(1))] * 12

    chart = charts.counts_chart(chart_id="c", title="t", points=points)

    assert chart.slots[0].lines == ("Semester 1…",)
    assert chart.points[0].label == name


def test_slots_are_as_wide_as_their_labels():
    statuses = [ChartPoint(label, Decimal(1)) for label in ("Draft", "In review", "Validated")]

    chart = charts.counts_chart(chart_id="c", title="t", points=statuses)

    widest = max(len(line) for slot in chart.slots for line in slot.lines)
    assert chart.plot_width / 3 >= widest * charts.CHAR_WIDTH + charts.GAP


def semesters(*values):
    """Six semesters' points labelled as the indicator page labels them."""
    months = [("Nov.", "2013"), ("May", "2014"), ("Nov.", "2014"), ("May", "2015"),
              ("Nov.", "2015"), ("May", "2016")]  # fmt: skip
    return [
        ChartPoint(f"Semester {index + 1}", Decimal(value), axis=months[index])
        for index, value in enumerate(values)
    ]


@pytest.mark.parametrize("percent", [False, True])
def test_text_stays_readable_on_a_phone(percent):
    # 360 px wide, less the page's margins: the chart is 328 px wide.
    chart = charts.value_chart(
        chart_id="c",
        title="t",
        points=semesters(610, 1240, 1500, 1500, 1500, 1500),
        baseline=Decimal(0),
        target=Decimal(100 if percent else 1500),
        percent=percent,
    )

    assert charts.FONT * 328 / chart.width >= 11


def test_every_text_fits_its_place():
    chart = chart_of(610, 12000, 1500, target=20000)

    widest_tick = max(len(tick.label) for tick in chart.ticks) * charts.CHAR_WIDTH
    assert chart.tick_x - widest_tick >= 0
    slot = chart.plot_width / len(chart.slots)
    for bar in chart.bars:
        assert len(bar.point.value_text) * charts.CHAR_WIDTH <= slot


def test_width_grows_with_the_number_of_bars():
    chart = chart_of(*range(12))

    assert chart.width == chart.plot_left + 12 * charts.MIN_SLOT + charts.RIGHT
    assert chart_of(1, 2).width == charts.MIN_WIDTH
    assert chart_of(1).view_box == f"0 0 {charts.MIN_WIDTH} {chart_of(1).height}"


# --- The SVG include -------------------------------------------------------------------


def render(chart, **extra):
    return render_to_string(
        "progress/includes/chart.html",
        {"chart": chart, "label_heading": "Period", "value_heading": "Value", **extra},
    )


def test_svg_has_a_title_a_description_and_unique_ids():
    html = render(chart_of(10))

    opening = f'<svg role="img" aria-labelledby="c-title c-desc" viewBox="0 0 {charts.MIN_WIDTH} '
    assert opening in html
    assert '<title id="c-title">1.1 Organisations</title>' in html
    assert '<desc id="c-desc">Value per period from S1 to S1;' in html
    assert "style" not in html
    assert "<script" not in html


def test_svg_without_values_draws_the_frame_only():
    html = render(chart_of(None, None))
    svg = html[html.index("<svg") : html.index("</svg>")]

    assert re.findall(r"<(rect|line|text)\b", svg) == ["rect"]
    assert 'class="chart-frame"' in svg


def test_svg_and_table_show_the_same_figures_in_french():
    translation.activate("fr")
    chart = chart_of("12.5", None, 1500, breakdowns={0: ("5.5", 7)}, target=2000)

    html = render(chart, breakdown=True)

    drawn = re.findall(r'<text class="chart-value"[^>]*>([^<]*)</text>', html)
    table = re.findall(r"<tr><th scope=\"row\">[^<]*</th>(.*?)</tr>", html)
    cells = [re.findall(r"<td>([^<]*)</td>", row) for row in table]
    assert drawn == ["12,50", "1\xa0500"]
    assert [cells[0], cells[1][1:], cells[2]] == [
        ["12,50", "5,50", "7"],
        ["", ""],
        ["1\xa0500", "", ""],
    ]
    assert f'y="{BOTTOM:.1f}"' in html  # coordinates keep the decimal point whatever the language


def test_legend_in_text_for_a_breakdown():
    html = render(chart_of(30, breakdowns={0: (10, 20)}), breakdown=True)

    assert '<span class="swatch swatch-women" aria-hidden="true"></span> Women' in html
    assert "<title>S1, Women: 10</title>" in html


def test_lines_are_named_in_the_legend_outside_the_plot():
    html = render(chart_of(30, baseline=0, target=40))
    svg = html[html.index("<svg") : html.index("</svg>")]

    assert "Target" not in svg
    assert "Baseline" not in svg
    swatch = '<li><span class="swatch swatch-{}" aria-hidden="true"></span> {}</li>'
    assert swatch.format("target", "Target 40") in html
    assert swatch.format("baseline", "Baseline 0") in html


def test_bars_and_axis_labels_carry_the_full_label_as_their_title():
    points = [
        ChartPoint("Semestre 1 (novembre 2013)", Decimal(5), axis=("nov.", "2013")),
        ChartPoint("Semestre 2 (mai 2014)", None, axis=("mai", "2014")),
    ]
    chart = charts.value_chart(
        chart_id="c", title="t", points=points, baseline=Decimal(0), target=Decimal(10)
    )

    html = render(chart)

    assert "<title>Semestre 1 (novembre 2013): 5</title>" in html
    labels = re.findall(r'<text class="chart-label"[^>]*>(.*?)</text>', html)
    assert [re.sub(r"<[^>]+>", "|", label).strip("|") for label in labels] == [
        "Semestre 1 (novembre 2013)||nov.||2013",
        "Semestre 2 (mai 2014)||mai||2014",
    ]
    assert '<tr><th scope="row">Semestre 2 (mai 2014)</th><td>No value</td></tr>' in html

"""Indicators computed from the portal's live data, never copied by hand.

Each computation reads another app through its ``selectors`` (DESIGN.md:
``network.progress`` reads the domain apps only that way), with one
aggregate query for every period at once. Counts are cumulative from the
project's first day (the first period's ``starts_on``) to each period's last
day, so that they compare with an end-of-project target; "active member
organisations" is a stock at the period's last day; shares are percentages
(0–100) of the participants counted so far. The women and men among the
participants, and the shares, are left out where they could single out a few
people (``breakdown_shown``).

``COMPUTATIONS`` maps a key (stored in ``Indicator.computation``) to its
``Computation``; its ``definition`` is shown on the indicator's page.
"""

import datetime
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils.functional import Promise
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from dialogues import selectors as dialogues_selectors
from members import selectors as members_selectors
from network.progress.enums import Unit
from strategy import selectors as strategy_selectors

CENT = Decimal("0.01")


@dataclass(frozen=True)
class Measure:
    """A figure for one period: ``value`` and, for disaggregated figures, ``women``/``men``."""

    value: Decimal
    women: Decimal | None = None
    men: Decimal | None = None


#: ``compute(first_day, last_days, memo)`` → one ``Measure`` (or ``None``: nothing
#: to measure yet) per last day, in order. ``memo`` is a dict that lives for one
#: call of ``selectors.computed_series``: computations that read the same rows
#: (participants and the shares of women and youth) read them once.
Compute = Callable[[datetime.date, Sequence[datetime.date], dict], list[Measure | None]]


@dataclass(frozen=True)
class Computation:
    key: str
    label: Promise
    definition: Promise
    unit: str
    disaggregated: bool
    compute: Compute


def _counts(counts: list[int]) -> list[Measure | None]:
    return [Measure(Decimal(count)) for count in counts]


def _active_organisations(first_day, last_days, memo):
    return _counts(members_selectors.active_organisations_at(days=last_days))


def _events_held(level: str = "") -> Compute:
    def compute(first_day, last_days, memo):
        return _counts(
            dialogues_selectors.events_held_counts(
                first_day=first_day, last_days=last_days, level=level
            )
        )

    return compute


def breakdown_shown(totals: Sequence[int]) -> list[bool]:
    """Whether the breakdown and shares of each running total of participants may be shown.

    Dialogues show an event's shares from ``MIN_TOTAL_FOR_SHARES`` participants
    only (DESIGN.md, "Do no harm"). A running total shows its breakdown when it
    counts at least that many people more than the last one shown (or none more):
    neither a small total nor the difference between two shown periods can
    single out a few people.
    """
    shown, flags = 0, []
    for total in totals:
        flag = total == shown or total - shown >= dialogues_selectors.MIN_TOTAL_FOR_SHARES
        if flag:
            shown = total
        flags.append(flag)
    return flags


def _attendance(first_day, last_days, memo) -> list[dict[str, int]]:
    """The attendance sums, read once per ``memo`` for the same days."""
    key = ("attendance", first_day, tuple(last_days))
    if key not in memo:
        memo[key] = dialogues_selectors.attendance_sums(first_day=first_day, last_days=last_days)
    return memo[key]


def _participants(first_day, last_days, memo):
    sums = _attendance(first_day, last_days, memo)
    shown = breakdown_shown([s["total"] for s in sums])
    return [
        Measure(Decimal(s["total"]), Decimal(s["women"]), Decimal(s["men"]))
        if flag
        else Measure(Decimal(s["total"]))
        for s, flag in zip(sums, shown, strict=True)
    ]


def percent(part: int, whole: int) -> Decimal | None:
    """``part`` as a percentage of ``whole``, to the hundredth, rounded half up; ``None`` if 0."""
    if not whole:
        return None
    return (Decimal(100) * part / whole).quantize(CENT, rounding=ROUND_HALF_UP)


def _share_of(field: str) -> Compute:
    def compute(first_day, last_days, memo):
        sums = _attendance(first_day, last_days, memo)
        shown = breakdown_shown([s["total"] for s in sums])
        shares = [
            percent(s[field], s["total"]) if flag else None
            for s, flag in zip(sums, shown, strict=True)
        ]
        return [None if share is None else Measure(share) for share in shares]

    return compute


def _recommendations(status: str) -> Compute:
    def compute(first_day, last_days, memo):
        return _counts(
            dialogues_selectors.recommendations_decided_counts(
                status=status, first_day=first_day, last_days=last_days
            )
        )

    return compute


def _sections_validated(first_day, last_days, memo):
    return _counts(strategy_selectors.sections_validated_counts(last_days=last_days))


_HELD_AT_LEVEL = _(
    "Dialogue events at the level “{level}” whose status is “held”, that started between the "
    "first day of the project and the last day of the period (cumulative), whatever their "
    "visibility."
)
_HELD = _(
    "Dialogue events whose status is “held”, that started between the first day of the "
    "project and the last day of the period (cumulative), whatever their visibility."
)

_FEW_PEOPLE = _(
    "So that nobody can be singled out, the women and men and the shares are not shown "
    "while fewer than ten participants were counted, nor for a period that adds fewer than "
    "ten to the last figures shown."
)

_COMPUTATIONS = [
    Computation(
        "active_organisations",
        _("Active member organisations"),
        _(
            "Member organisations whose membership was active on the last day of the period, "
            "according to their membership history (the latest decision on or before that day)."
        ),
        Unit.NUMBER,
        False,
        _active_organisations,
    ),
    Computation(
        "events_held", _("Dialogue events held"), _HELD, Unit.NUMBER, False, _events_held()
    ),
    *(
        Computation(
            f"events_held_{level}",
            format_lazy("{}: {}", _("Dialogue events held"), label),
            format_lazy(_HELD_AT_LEVEL, level=label),
            Unit.NUMBER,
            False,
            _events_held(level),
        )
        for level, label in dialogues_selectors.levels()
    ),
    Computation(
        "participants",
        _("Participants in dialogue events"),
        format_lazy(
            "{} {}",
            _(
                "Participants recorded in the attendance of the dialogue events whose status is "
                "“held”, that started between the first day of the project and the last day of the "
                "period (cumulative), with the women and men among them."
            ),
            _FEW_PEOPLE,
        ),
        Unit.NUMBER,
        True,
        _participants,
    ),
    Computation(
        "women_share",
        _("Share of women among participants"),
        format_lazy(
            "{} {}",
            _(
                "Women as a percentage of all participants recorded in the attendance of the "
                "dialogue events held between the first day of the project and the last day of the "
                "period (cumulative); no value while nobody was counted."
            ),
            _FEW_PEOPLE,
        ),
        Unit.PERCENT,
        False,
        _share_of("women"),
    ),
    Computation(
        "youth_share",
        _("Share of youth (under 35) among participants"),
        format_lazy(
            "{} {}",
            _(
                "Participants under 35 as a percentage of all participants recorded in the "
                "attendance of the dialogue events held between the first day of the project "
                "and the last day of the period (cumulative); no value while nobody was counted."
            ),
            _FEW_PEOPLE,
        ),
        Unit.PERCENT,
        False,
        _share_of("youth"),
    ),
    Computation(
        "recommendations_forwarded",
        _("Recommendations forwarded to a higher level"),
        _(
            "Recommendations of dialogue events that a coordinator forwarded to the next level "
            "between the first day of the project and the last day of the period (cumulative)."
        ),
        Unit.NUMBER,
        False,
        _recommendations(dialogues_selectors.FORWARDED),
    ),
    Computation(
        "recommendations_taken",
        _("Recommendations taken into the strategy"),
        _(
            "Recommendations of dialogue events that a coordinator took into the strategy "
            "between the first day of the project and the last day of the period (cumulative)."
        ),
        Unit.NUMBER,
        False,
        _recommendations(dialogues_selectors.TAKEN),
    ),
    Computation(
        "sections_validated",
        _("Strategy sections validated"),
        _(
            "Sections of the strategy whose status is “validated”, counted from the day of "
            "their validation (a section sent back to review leaves the count)."
        ),
        Unit.NUMBER,
        False,
        _sections_validated,
    ),
]

COMPUTATIONS: dict[str, Computation] = {c.key: c for c in _COMPUTATIONS}

"""A person's data held by the progress app, for their "My data" download.

``register()`` adds it to ``network.accounts.personal_data``;
``ProgressConfig.ready()`` calls it. Values stay when an account is deleted
(they are the network's results, and ``entered_by`` becomes empty); the
deletion page warns about values the person left unsubmitted.
"""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from network.accounts import personal_data
from network.accounts.personal_data import iso
from network.progress.enums import ValueStatus
from network.progress.models import IndicatorValue


def progress_data(user) -> dict:
    """The indicator values ``user`` entered (one query).

    Each: indicator code ("2.3"), period name, value, women and men (as
    text, ``None`` without breakdown), organisation (``None`` for the
    network's own value), status, and when it was entered, submitted and
    decided (ISO 8601, UTC).
    """
    values = (
        IndicatorValue.objects.filter(entered_by=user)
        .select_related("indicator__objective", "period", "organisation")
        .order_by("created_at", "pk")
    )
    return {
        "values_entered": [
            {
                "indicator": value.indicator.code,
                "period": value.period.name,
                "value": str(value.value),
                "women": None if value.women is None else str(value.women),
                "men": None if value.men is None else str(value.men),
                "organisation": value.organisation.name if value.organisation else None,
                "status": value.status,
                "entered": iso(value.created_at),
                "submitted": iso(value.submitted_at),
                "decided": iso(value.decided_at),
            }
            for value in values
        ]
    }


def unsubmitted_values_warnings(user) -> list[str]:
    """One sentence if ``user`` entered values still in draft or returned (one query)."""
    count = IndicatorValue.objects.filter(
        entered_by=user, status__in=(ValueStatus.DRAFT, ValueStatus.RETURNED)
    ).count()
    if not count:
        return []
    return [
        ngettext(
            "You entered %(count)s indicator value that is not submitted yet: it stays, "
            "but nobody will be told when it is decided. Submit it first if it is ready.",
            "You entered %(count)s indicator values that are not submitted yet: they stay, "
            "but nobody will be told when they are decided. Submit them first if they are ready.",
            count,
        )
        % {"count": count}
    ]


def register() -> None:
    """Add the ``progress`` section to every person's data download."""
    personal_data.register_deletion_warning(unsubmitted_values_warnings)
    personal_data.register(
        "progress",
        progress_data,
        description=_("The indicator values you entered, with their status."),
    )

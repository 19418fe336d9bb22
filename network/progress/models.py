"""The results framework: objectives, indicators, reporting periods, values, milestones.

DESIGN.md, "network.progress". Objectives are the four of the brief
(``shared/brief/project-brief.txt``); indicators measure them, either
*reported* (a value entered per period, with evidence, then approved) or
*computed* from the portal's live data (``computed.py``). Names follow the
results-framework vocabulary: baseline, target, period, disaggregation.
"""

import uuid
from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from network.progress.enums import Direction, Source, Unit, ValueStatus
from network.storage import private_storage


class Objective(models.Model):
    """A key objective of the project (``shared/brief/project-brief.txt``: four).

    ``title`` and ``description`` are translated; ``number`` orders them (1–4).
    """

    number = models.PositiveSmallIntegerField(_("number"), unique=True)
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("objective")
        verbose_name_plural = _("objectives")
        ordering = ["number"]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


def computation_choices() -> list[tuple[str, str]]:
    """The computed indicators the portal knows (``computed.COMPUTATIONS``), for the field."""
    from network.progress.computed import COMPUTATIONS

    return [(key, computation.label) for key, computation in COMPUTATIONS.items()]


class Indicator(models.Model):
    """What measures an objective: ``code`` is "objective.number" (e.g. "2.3").

    ``name`` and ``definition`` are translated. ``baseline`` is the value
    at ``baseline_date``; ``target`` the value to reach by the end of the
    project; both in ``unit``. ``direction`` says whether rising or falling
    is good. A *reported* indicator takes values entered per period
    (by coordinators; also by member organisations if ``members_may_report``);
    a *computed* one names its ``computation`` (``computed.COMPUTATIONS``).
    ``disaggregated`` asks for a women/men breakdown (numbers only, so the
    parts add up to the total). A ``cumulative`` reported indicator takes
    what happened in each period, and its figure is the running total
    (computed indicators are running totals by definition; a percentage
    never adds up). ``public`` puts it in the public summary.
    """

    objective = models.ForeignKey(
        Objective, on_delete=models.PROTECT, related_name="indicators", verbose_name=_("objective")
    )
    number = models.PositiveSmallIntegerField(_("number within the objective"))
    name = models.CharField(_("name"), max_length=255)
    definition = models.TextField(_("definition"), blank=True)
    unit = models.CharField(_("unit"), max_length=16, choices=Unit.choices, default=Unit.NUMBER)
    direction = models.CharField(
        _("direction"), max_length=16, choices=Direction.choices, default=Direction.INCREASE
    )
    baseline = models.DecimalField(_("baseline"), max_digits=12, decimal_places=2)
    baseline_date = models.DateField(_("baseline date"))
    target = models.DecimalField(_("target"), max_digits=12, decimal_places=2)
    disaggregated = models.BooleanField(_("disaggregated by sex"), default=False)
    source = models.CharField(
        _("source"), max_length=16, choices=Source.choices, default=Source.REPORTED
    )
    computation = models.CharField(
        _("computation"), max_length=40, choices=computation_choices, blank=True
    )
    cumulative = models.BooleanField(
        _("values add up over the periods"),
        default=False,
        help_text=_(
            "Each period's value counts what happened in that period; the figure compared "
            "with the target is their running total."
        ),
    )
    members_may_report = models.BooleanField(
        _("member organisations may report values"), default=False
    )
    public = models.BooleanField(_("shown in the public summary"), default=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["objective__number", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["objective", "number"], name="progress_indicator_number_per_objective"
            ),
            models.CheckConstraint(
                condition=(Q(source=Source.COMPUTED) & ~Q(computation=""))
                | (Q(source=Source.REPORTED) & Q(computation="")),
                name="progress_indicator_computed_has_computation",
            ),
            models.CheckConstraint(
                condition=~Q(disaggregated=True, unit=Unit.PERCENT),
                name="progress_indicator_disaggregated_numbers_only",
            ),
            models.CheckConstraint(
                condition=~Q(members_may_report=True, source=Source.COMPUTED),
                name="progress_indicator_members_report_reported_only",
            ),
            models.CheckConstraint(
                condition=~Q(cumulative=True, source=Source.COMPUTED)
                & ~Q(cumulative=True, unit=Unit.PERCENT),
                name="progress_indicator_cumulative_reported_numbers_only",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def get_absolute_url(self) -> str:
        return reverse("progress:indicator", kwargs={"pk": self.pk})

    @property
    def code(self) -> str:
        """ "2.3": the objective's number, then the indicator's (needs ``objective`` loaded)."""
        return f"{self.objective.number}.{self.number}"

    @property
    def is_computed(self) -> bool:
        return self.source == Source.COMPUTED


class Period(models.Model):
    """A reporting period (the project's semesters): ``starts_on`` to ``ends_on`` inclusive."""

    name = models.CharField(_("name"), max_length=100)
    starts_on = models.DateField(_("first day"), unique=True)
    ends_on = models.DateField(_("last day"))

    class Meta:
        verbose_name = _("reporting period")
        verbose_name_plural = _("reporting periods")
        ordering = ["starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")), name="progress_period_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return self.name


def evidence_path(instance: "IndicatorValue", filename: str) -> str:
    """Stored under a random name; the original name (any alphabet) is kept in the row."""
    return f"evidence/{instance.indicator_id}/{uuid.uuid4().hex}"


class IndicatorValue(models.Model):
    """A value of a reported indicator for one period, with its evidence and decision.

    ``value`` is in the indicator's unit; ``women`` and ``men`` are its
    breakdown when the indicator is disaggregated (then ``women + men ==
    value``, held by the service and by a constraint). Coordinators enter
    the network's value (``organisation`` empty); where the indicator allows
    it, each member organisation enters its own contribution
    (``organisation`` set), and the period's figure is the sum of the
    approved values (``selectors.reported_series``). ``version`` rises at each
    save, for optimistic concurrency. Only ``APPROVED`` values reach donor
    and public pages.
    """

    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="values", verbose_name=_("indicator")
    )
    period = models.ForeignKey(
        Period, on_delete=models.PROTECT, related_name="values", verbose_name=_("period")
    )
    value = models.DecimalField(
        _("value"), max_digits=12, decimal_places=2, validators=[MinValueValidator(Decimal(0))]
    )
    women = models.DecimalField(
        _("women"), max_digits=12, decimal_places=2, null=True, blank=True,
        validators=[MinValueValidator(Decimal(0))],
    )  # fmt: skip
    men = models.DecimalField(
        _("men"), max_digits=12, decimal_places=2, null=True, blank=True,
        validators=[MinValueValidator(Decimal(0))],
    )  # fmt: skip
    evidence_note = models.TextField(_("evidence"), blank=True)
    evidence_file = models.FileField(
        _("evidence file"), storage=private_storage, upload_to=evidence_path, blank=True
    )
    evidence_name = models.CharField(_("file name"), max_length=255, blank=True)
    evidence_type = models.CharField(_("file type"), max_length=100, blank=True)
    evidence_size = models.PositiveIntegerField(_("file size (bytes)"), null=True, blank=True)
    organisation = models.ForeignKey(
        "members.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reported by the organisation"),
    )
    status = models.CharField(
        _("status"), max_length=16, choices=ValueStatus.choices, default=ValueStatus.DRAFT
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+",
        verbose_name=_("entered by"),
    )  # fmt: skip
    created_at = models.DateTimeField(_("entered"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("decided by"),
    )  # fmt: skip
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decision_comment = models.TextField(_("comment on the decision"), blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)

    class Meta:
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")
        ordering = ["indicator", "period__starts_on"]
        constraints = [
            # The network's own value (entered by coordinators), once per period…
            models.UniqueConstraint(
                fields=["indicator", "period"],
                condition=Q(organisation__isnull=True),
                name="progress_value_one_network_value_per_period",
            ),
            # …and each member organisation's contribution, once per period.
            models.UniqueConstraint(
                fields=["indicator", "period", "organisation"],
                condition=Q(organisation__isnull=False),
                name="progress_value_one_contribution_per_organisation",
            ),
            models.CheckConstraint(
                condition=Q(women__isnull=True)
                | Q(men__isnull=True)
                | Q(value=F("women") + F("men")),
                name="progress_value_breakdown_adds_up",
            ),
            models.CheckConstraint(
                condition=~Q(status=ValueStatus.RETURNED) | ~Q(decision_comment=""),
                name="progress_value_returned_with_comment",
            ),
        ]
        indexes = [models.Index(fields=["status"], name="progress_value_status")]

    def __str__(self) -> str:
        return f"{self.indicator_id} · {self.period_id}: {self.value}"

    def get_absolute_url(self) -> str:
        return reverse("progress:value", kwargs={"pk": self.pk})


class Milestone(models.Model):
    """A dated step of the project shown on the timeline (``title`` translated)."""

    date = models.DateField(_("date"))
    title = models.CharField(_("title"), max_length=255)
    objective = models.ForeignKey(
        Objective, on_delete=models.SET_NULL, null=True, blank=True, related_name="milestones",
        verbose_name=_("objective"),
    )  # fmt: skip

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["date", "pk"]

    def __str__(self) -> str:
        return self.title

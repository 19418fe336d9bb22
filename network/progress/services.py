"""Writes on the results framework: framework changes, values and their approval.

Every change a coordinator makes to the framework or a decision on a value
is written to the audit log (DESIGN.md, "Do no harm": privileged actions are
audited). Values go draft → submitted → approved, or returned with a comment
and then corrected and submitted again; only approved values reach donor
and public pages.
"""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from network.accounts.enums import AuditAction, Role
from network.accounts.selectors import users_with_role
from network.accounts.services import audit_log_write
from network.files import CheckedFile
from network.notifications.services import (
    field_in_every_language,
    notify,
    text_in_every_language,
)
from network.progress.computed import COMPUTATIONS
from network.progress.enums import Direction, Source, Unit, ValueStatus
from network.progress.models import Indicator, IndicatorValue, Milestone, Period


class StaleValue(Exception):
    """Someone saved the value since the form was opened (its ``version`` moved on)."""


# --- Framework ----------------------------------------------------------------


def _audit_framework(actor, action: AuditAction, obj, **flags: bool) -> None:
    """One audit entry for a change to the framework: ``{"<model>": pk, "created"/"deleted"}``."""
    audit_log_write(
        actor=actor,
        action=action,
        subject_repr=str(obj),
        data={obj._meta.model_name: obj.pk, **flags},
    )


#: What reported values depend on: none of these may change once values exist.
LOCKED_ONCE_REPORTED = {
    "source": _(
        "Values were reported for this indicator: its source cannot change. "
        "Create a new indicator instead."
    ),
    "unit": _(
        "Values were reported for this indicator: its unit cannot change. "
        "Create a new indicator instead."
    ),
    "disaggregated": _(
        "Values were reported for this indicator: its breakdown by sex cannot change. "
        "Create a new indicator instead."
    ),
    "cumulative": _(
        "Values were reported for this indicator: whether they add up cannot change. "
        "Create a new indicator instead."
    ),
}


def _check_locked_fields(indicator: Indicator) -> None:
    if indicator.pk is None:
        return
    stored = Indicator.objects.filter(pk=indicator.pk).values(*LOCKED_ONCE_REPORTED).first()
    if stored is None:
        return
    changed = [f for f in LOCKED_ONCE_REPORTED if stored[f] != getattr(indicator, f)]
    if changed and indicator.values.exists():
        raise ValidationError({field: LOCKED_ONCE_REPORTED[field] for field in changed})


def _check_direction(indicator: Indicator) -> None:
    """The target lies on the good side of the baseline (above it when higher is better)."""
    if indicator.baseline is None or indicator.target is None:
        return
    if indicator.direction == Direction.INCREASE and indicator.target <= indicator.baseline:
        raise ValidationError(
            {"target": _("Higher is better: the target must be above the baseline.")}
        )
    if indicator.direction == Direction.DECREASE and indicator.target >= indicator.baseline:
        raise ValidationError(
            {"target": _("Lower is better: the target must be below the baseline.")}
        )


@transaction.atomic
def indicator_save(*, indicator: Indicator, actor) -> Indicator:
    """Create or update ``indicator`` and audit it.

    A computed indicator takes its unit and disaggregation from its
    computation (``computed.COMPUTATIONS``) and is never reported by
    members; a reported one has no computation. Raises ``ValidationError``
    for an unknown computation, a disaggregated or cumulative percentage or one
    reported by member organisations (their contributions are summed), a
    percentage baseline or target outside 0–100, a target on the wrong side
    of the baseline for the direction, and (keyed by field) for a change of
    source, unit, disaggregation or accumulation once values were reported:
    they would no longer mean what was entered.
    Writes: the indicator; one audit entry (``progress.indicator``).
    """
    _check_locked_fields(indicator)
    _check_direction(indicator)
    if indicator.source == Source.COMPUTED:
        computation = COMPUTATIONS.get(indicator.computation)
        if computation is None:
            raise ValidationError(
                {"computation": _("Choose how the portal computes this indicator.")}
            )
        indicator.unit = computation.unit
        indicator.disaggregated = computation.disaggregated
        indicator.members_may_report = False
        indicator.cumulative = False
    else:
        indicator.computation = ""
        if indicator.disaggregated and indicator.unit == Unit.PERCENT:
            raise ValidationError(
                {
                    "disaggregated": _(
                        "A percentage cannot be broken down into women and men that add up: "
                        "use a number, or two indicators."
                    )
                }
            )
        if indicator.cumulative and indicator.direction == Direction.DECREASE:
            raise ValidationError(
                {
                    "cumulative": _(
                        "A running total only rises: an indicator whose values add up must be "
                        "one where higher is better."
                    )
                }
            )
        if indicator.cumulative and indicator.unit == Unit.PERCENT:
            raise ValidationError(
                {"cumulative": _("Percentages do not add up over the periods: use a number.")}
            )
        if indicator.members_may_report and indicator.unit == Unit.PERCENT:
            # The period's figure is the sum of the contributions.
            raise ValidationError(
                {
                    "members_may_report": _(
                        "Percentages of several organisations do not add up: only the "
                        "coordinators report a percentage."
                    )
                }
            )
    if indicator.unit == Unit.PERCENT:
        outside = {
            name: _("A percentage lies between 0 and 100.")
            for name in ("baseline", "target")
            if getattr(indicator, name) is not None and not 0 <= getattr(indicator, name) <= 100
        }
        if outside:
            raise ValidationError(outside)
    created = indicator.pk is None
    indicator.save()
    _audit_framework(actor, AuditAction.INDICATOR_SAVED, indicator, created=created)
    return indicator


@transaction.atomic
def indicator_delete(*, indicator: Indicator, actor) -> None:
    """Delete an indicator that holds no value; audit it. Raises ``ValidationError`` otherwise.

    Its values (approved ones among them, with their evidence) would go with it.
    """
    if indicator.values.exists():
        raise ValidationError(_("Values were reported for this indicator: it cannot be deleted."))
    _audit_framework(actor, AuditAction.INDICATOR_SAVED, indicator, deleted=True)
    indicator.delete()


def _check_period_dates(period: Period) -> None:
    if period.ends_on < period.starts_on:
        raise ValidationError({"ends_on": _("The last day must come after the first.")})
    overlapping = Period.objects.filter(
        starts_on__lte=period.ends_on, ends_on__gte=period.starts_on
    ).exclude(pk=period.pk)
    other = overlapping.first()
    if other is not None:
        raise ValidationError(
            {"starts_on": _("These dates overlap the period “%(name)s”.") % {"name": other.name}}
        )


@transaction.atomic
def period_save(*, period: Period, actor) -> Period:
    """Create or update a reporting period; audit it.

    Raises ``ValidationError`` if it ends before it starts or overlaps
    another period, one saved at the same time included. Writes: the period;
    one audit entry (``progress.period``).
    """
    _check_period_dates(period)
    created = period.pk is None
    try:
        with transaction.atomic():
            period.save()
    except IntegrityError:
        # Another period starting that day was saved since the check: name it.
        _check_period_dates(period)
        raise
    _audit_framework(actor, AuditAction.PERIOD_SAVED, period, created=created)
    return period


@transaction.atomic
def period_delete(*, period: Period, actor) -> None:
    """Delete a period that holds no value; audit it. Raises ``ValidationError`` otherwise."""
    if period.values.exists():
        raise ValidationError(_("This period holds values: it cannot be deleted."))
    _audit_framework(actor, AuditAction.PERIOD_SAVED, period, deleted=True)
    try:
        with transaction.atomic():
            period.delete()
    except ProtectedError as error:  # a value entered since the check
        raise ValidationError(_("This period holds values: it cannot be deleted.")) from error


@transaction.atomic
def milestone_save(*, milestone: Milestone, actor) -> Milestone:
    """Create or update a milestone of the timeline; audit it."""
    created = milestone.pk is None
    milestone.save()
    _audit_framework(actor, AuditAction.MILESTONE_SAVED, milestone, created=created)
    return milestone


@transaction.atomic
def milestone_delete(*, milestone: Milestone, actor) -> None:
    _audit_framework(actor, AuditAction.MILESTONE_SAVED, milestone, deleted=True)
    milestone.delete()


# --- Values -------------------------------------------------------------------


def check_figures(
    *, indicator: Indicator, value: Decimal, women: Decimal | None, men: Decimal | None
) -> tuple[Decimal | None, Decimal | None]:
    """Check a value and its breakdown against ``indicator``; return the breakdown to store.

    Disaggregated indicators need both ``women`` and ``men``, whole numbers
    adding up to ``value``; others store no breakdown. A percentage lies
    within 0–100.
    Raises ``ValidationError`` keyed by field, with a translated message.
    """
    errors = {}
    if value is not None and value < 0:
        errors["value"] = _("A value cannot be negative.")
    if indicator.unit == Unit.PERCENT and value is not None and value > 100:
        errors["value"] = _("A percentage lies between 0 and 100.")
    if not indicator.disaggregated:
        if errors:
            raise ValidationError(errors)
        return None, None
    if women is None:
        errors["women"] = _("Give the number of women: this indicator is disaggregated by sex.")
    if men is None:
        errors["men"] = _("Give the number of men: this indicator is disaggregated by sex.")
    # A breakdown by sex counts people: whole numbers only.
    for field, figure in (("value", value), ("women", women), ("men", men)):
        if figure is not None and field not in errors and figure != figure.to_integral_value():
            errors[field] = _("People are counted in whole numbers.")
    if women is not None and men is not None and not errors and women + men != value:
        errors["women"] = _(
            "Women (%(women)s) and men (%(men)s) add up to %(sum)s, not to the value %(value)s."
        ) % {"women": women, "men": men, "sum": women + men, "value": value}
    if errors:
        raise ValidationError(errors)
    return women, men


def _target_text(value: IndicatorValue) -> dict[str, str]:
    """ "2.1 Name (Semester 1)" in every language, for notifications."""
    names = field_in_every_language(value.indicator, "name")
    periods = field_in_every_language(value.period, "name")
    return {
        code: f"{value.indicator.code} {names[code]} ({periods[code]})"
        for code, _name in settings.LANGUAGES
    }


@transaction.atomic
def value_save(
    *,
    value: IndicatorValue,
    actor,
    evidence: CheckedFile | None = None,
    remove_evidence: bool = False,
    version: int | None = None,
) -> IndicatorValue:
    """Create ``value`` (no pk, as a draft) or save the changes made to a draft or returned one.

    A returned value stays "returned" (with its comment) until it is submitted again.

    ``value`` holds the new figures (``value``, ``women``, ``men``,
    ``evidence_note``) on an indicator, a period and, for a member
    organisation's contribution, an organisation. ``version`` is the one the
    form was opened on: if the stored value has moved on, raises
    ``StaleValue`` and saves nothing. ``evidence`` (checked by
    ``network.files.attachment_check``) replaces the file; ``remove_evidence``
    drops it. Raises ``ValidationError`` for a bad breakdown or a second
    value for the same period (and organisation).
    Raises ``ValidationError`` too for a computed indicator, whoever asks (administrators
    pass every permission).
    Writes: the value (``version`` + 1); the old file is deleted after commit.
    """
    if value.indicator.source != Source.REPORTED:
        raise ValidationError(
            _(
                "The portal computes this indicator from its own records: "
                "it takes no reported value."
            )
        )
    value.women, value.men = check_figures(
        indicator=value.indicator, value=value.value, women=value.women, men=value.men
    )
    if value.period.starts_on > timezone.localdate():
        raise ValidationError(
            {"period": _("This period has not started yet: it cannot hold a value.")}
        )
    old_file = ""
    if value.pk is None:
        value.entered_by = actor
        value.status = ValueStatus.DRAFT
    else:
        stored = IndicatorValue.objects.select_for_update().get(pk=value.pk)
        if version is not None and stored.version != version:
            raise StaleValue
        if stored.status not in (ValueStatus.DRAFT, ValueStatus.RETURNED):
            raise ValidationError(_("This value was submitted: it can no longer be changed."))
        value.version = stored.version + 1
        old_file = stored.evidence_file.name if (evidence or remove_evidence) else ""
    if remove_evidence and not evidence:
        value.evidence_file = ""
        value.evidence_name = value.evidence_type = ""
        value.evidence_size = None
    if evidence is not None:
        value.evidence_file.save(evidence.name, evidence.file, save=False)
        value.evidence_name = evidence.name
        value.evidence_type = evidence.content_type
        value.evidence_size = evidence.size
    try:
        with transaction.atomic():
            value.save()
    except IntegrityError as error:
        if value.evidence_file and evidence is not None:
            value.evidence_file.storage.delete(value.evidence_file.name)
        raise ValidationError(
            {"period": _("A value for this period exists already: open it to change it.")}
        ) from error
    if old_file:
        storage = value.evidence_file.storage
        transaction.on_commit(lambda: storage.delete(old_file))
    return value


@transaction.atomic
def value_submit(*, value: IndicatorValue, actor) -> IndicatorValue:
    """Send a draft or returned value to the coordinators for approval.

    Raises ``ValidationError`` if it is not a draft or returned.
    Writes: status "submitted", ``submitted_at``, the previous decision's
    author and date cleared (its comment kept); one notification
    (``progress.value_submitted``) to the coordinators (not the actor).
    """
    value = (
        IndicatorValue.objects.select_for_update()
        .select_related("indicator__objective", "period")
        .get(pk=value.pk)
    )
    if value.status not in (ValueStatus.DRAFT, ValueStatus.RETURNED):
        raise ValidationError(_("This value was already submitted."))
    value.status = ValueStatus.SUBMITTED
    value.submitted_at = timezone.now()
    # A corrected value waits for a new decision; the last return's comment stays
    # (``decision_comment``) so the coordinator sees what was asked.
    value.decided_by = None
    value.decided_at = None
    value.version += 1
    value.save(
        update_fields=[
            "status", "submitted_at", "decided_by", "decided_at", "version", "updated_at",
        ]
    )  # fmt: skip
    notify(
        kind="progress.value_submitted",
        recipients=users_with_role(role=Role.COORDINATOR),
        actor=actor,
        target=value,
        data={"target": _target_text(value)},
    )
    return value


DECISION_WORDS = {
    ValueStatus.APPROVED: _("approved"),
    ValueStatus.RETURNED: _("returned with a comment"),
}


def _decision_text(value: IndicatorValue) -> dict[str, str]:
    """The decision in every language; a return carries the coordinator's comment."""
    words = text_in_every_language(DECISION_WORDS[value.status])
    if value.status != ValueStatus.RETURNED:
        return words
    returned = text_in_every_language(_("returned with this comment: “%(comment)s”"))
    return {code: text % {"comment": value.decision_comment} for code, text in returned.items()}


@transaction.atomic
def value_decide(
    *, value: IndicatorValue, actor, approve: bool, comment: str = "", version: int | None = None
) -> IndicatorValue:
    """Approve a submitted value, or return it with ``comment`` (required to return).

    Raises ``ValidationError`` if the value is no longer submitted (someone
    decided first) or a return has no comment; ``StaleValue`` if it is no
    longer at ``version``, the one the coordinator saw (it was returned,
    corrected and submitted again meanwhile).
    Writes: status, ``decided_by``/``decided_at``/``decision_comment``; one
    audit entry (``progress.value_decided``); one notification
    (``progress.value_decided``) to whoever entered the value, if they may still see it.
    """
    # Lock the value's row only: PostgreSQL refuses FOR UPDATE on the nullable side of the
    # outer join that ``entered_by`` needs (and the indicator and period need no lock).
    value = (
        IndicatorValue.objects.select_for_update(of=("self",))
        .select_related("indicator__objective", "period", "entered_by")
        .get(pk=value.pk)
    )
    if value.status != ValueStatus.SUBMITTED:
        raise ValidationError(_("This value is no longer waiting for a decision."))
    if version is not None and value.version != version:
        raise StaleValue
    comment = comment.strip()
    if not approve and not comment:
        raise ValidationError({"comment": _("Say what to correct before returning the value.")})
    value.status = ValueStatus.APPROVED if approve else ValueStatus.RETURNED
    value.decided_by = actor
    value.decided_at = timezone.now()
    value.decision_comment = comment
    value.version += 1
    value.save(
        update_fields=[
            "status", "decided_by", "decided_at", "decision_comment", "version", "updated_at",
        ]
    )  # fmt: skip
    audit_log_write(
        actor=actor,
        action=AuditAction.VALUE_DECIDED,
        subject_user=value.entered_by,
        subject_repr=f"{value.indicator.code} · {value.period}",
        data={"value": value.pk, "status": value.status},
    )
    # Only someone who may still see the value is told: not a person who has left the
    # organisation, or whose organisation was suspended, since they entered it.
    if value.entered_by is not None and value.entered_by.has_perm("progress.view_value", value):
        notify(
            kind="progress.value_decided",
            recipients=[value.entered_by],
            actor=actor,
            target=value,
            data={
                "target": _target_text(value),
                "decision": _decision_text(value),
            },
        )
    return value


@transaction.atomic
def value_delete(*, value: IndicatorValue, actor) -> None:
    """Delete a draft or returned value and, after commit, its evidence file.

    Raises ``ValidationError`` for a submitted or approved value.
    """
    value = IndicatorValue.objects.select_for_update().get(pk=value.pk)
    if value.status not in (ValueStatus.DRAFT, ValueStatus.RETURNED):
        raise ValidationError(_("Only a draft or returned value can be deleted."))
    name, storage = value.evidence_file.name, value.evidence_file.storage
    value.delete()
    if name:
        transaction.on_commit(lambda: storage.delete(name))

"""Writes on dialogue events: planning, registration, attendance, recommendations,
reports, follow-up. Each docstring lists its side effects in order."""

from dataclasses import dataclass
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from dialogues.enums import (
    EventStatus,
    Level,
    RecommendationStatus,
    RegistrationStatus,
)
from dialogues.models import (
    Attendance,
    DialogueEvent,
    EventReport,
    FollowUpAction,
    Recommendation,
    Registration,
    ReportAttachment,
)
from members.enums import MembershipStatus
from network.accounts.enums import AuditAction
from network.accounts.services import audit_log_write
from network.notifications.services import field_in_every_language, notify
from network.pages.services import insert_with_unique_slug

#: Words that ``dialogues/<slug>/`` cannot be: other routes use them.
RESERVED_SLUGS = frozenset(
    {"new", "propose", "feed", "calendar", "recommendations", "actions", "attachments", "past"}
)
#: The reminder goes out this long before an event starts.
REMINDER_BEFORE = timedelta(days=2)


class DialogueError(Exception):
    """An action the rules refuse; ``code`` names the reason (each view maps it to a message)."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class EventConflict(Exception):
    """The event was saved by someone else after the editor opened it."""

    current: DialogueEvent


def _people_in_regions(event: DialogueEvent):
    """People of active member organisations working in the event's region."""
    if event.region_id is None:
        return get_user_model().objects.none()
    return (
        get_user_model()
        .objects.filter(
            is_active=True,
            organisation_roles__organisation__status=MembershipStatus.ACTIVE,
            organisation_roles__organisation__regions=event.region_id,
        )
        .distinct()
    )


def _set_m2m(event: DialogueEvent, m2m: dict | None) -> None:
    for name, values in (m2m or {}).items():
        getattr(event, name).set(values)


# --- Events -----------------------------------------------------------------


@transaction.atomic
def event_create(
    *, fields: dict, m2m: dict | None = None, created_by, proposed: bool = False
) -> DialogueEvent:
    """Create an event; a coordinator's is planned (published), an organisation's proposed.

    ``fields``: model values (``title_fr``… ``starts_at`` aware datetimes);
    ``m2m``: ``{"themes": [...], "organisers": [...]}``. Side effects, in
    order: the event with a slug from its French title; its themes and
    organisers; when published and public or network-wide, a
    ``dialogue.published`` notification to the people of member
    organisations working in its region.
    """
    event = DialogueEvent(**fields, created_by=created_by)
    event.status = EventStatus.PROPOSED if proposed else fields.get("status", EventStatus.PLANNED)
    insert_with_unique_slug(
        event, text=event.title_fr or event.title, fallback="dialogue", reserved=RESERVED_SLUGS
    )
    _set_m2m(event, m2m)
    if event.status == EventStatus.PLANNED:
        _announce(event, actor=created_by)
    return event


def _announce(event: DialogueEvent, *, actor) -> None:
    from dialogues.enums import Visibility

    if event.visibility == Visibility.RESTRICTED:
        return
    notify(
        kind="dialogue.published",
        recipients=_people_in_regions(event),
        actor=actor,
        target=event,
        data={"target": field_in_every_language(event, "title")},
    )


@transaction.atomic
def event_update(
    *, event: DialogueEvent, fields: dict, m2m: dict | None = None, changed_by, loaded_version: int
) -> DialogueEvent:
    """Save an edit made from version ``loaded_version``; raises ``EventConflict`` if stale."""
    current = DialogueEvent.objects.select_for_update().get(pk=event.pk)
    if current.version != loaded_version:
        raise EventConflict(current=current)
    for name, value in fields.items():
        setattr(current, name, value)
    current.version += 1
    current.save()
    _set_m2m(current, m2m)
    return current


@transaction.atomic
def event_set_status(*, event: DialogueEvent, status: str, changed_by) -> DialogueEvent:
    """Publish (proposed → planned), mark held, or cancel an event.

    Side effects, in order: the status saved; an audit entry; on
    publication, the ``dialogue.published`` notification; on cancellation, a
    ``dialogue.cancelled`` notification to the registered delegates. Raises
    ``DialogueError("transition")``
    for a step not allowed (a cancelled event stays cancelled).
    """
    allowed = {
        EventStatus.PROPOSED: {EventStatus.PLANNED, EventStatus.CANCELLED},
        EventStatus.PLANNED: {EventStatus.HELD, EventStatus.CANCELLED},
        EventStatus.HELD: set(),
        EventStatus.CANCELLED: set(),
    }
    current = DialogueEvent.objects.select_for_update().get(pk=event.pk)
    if status not in allowed[current.status]:
        raise DialogueError("transition")
    was = current.status
    current.status = status
    current.version += 1
    current.save(update_fields=["status", "version", "updated_at"])
    audit_log_write(
        actor=changed_by,
        action=AuditAction.EVENT_STATUS,
        subject_repr=str(current),
        data={"event": current.pk, "from": was, "to": status},
    )
    if was == EventStatus.PROPOSED and status == EventStatus.PLANNED:
        _announce(current, actor=changed_by)
    if status == EventStatus.CANCELLED:
        notify(
            kind="dialogue.cancelled",
            recipients=get_user_model().objects.filter(
                event_registrations__event=current,
                event_registrations__status=RegistrationStatus.REGISTERED,
            ),
            actor=changed_by,
            target=current,
            data={"target": field_in_every_language(current, "title")},
        )
    return current


# --- Registration -----------------------------------------------------------


@transaction.atomic
def registration_create(*, event: DialogueEvent, organisation, delegate, registered_by):
    """Register ``delegate`` (a person of ``organisation``) for ``event``.

    The event row is locked so that two registrations at once cannot pass
    the capacity together. Side effects: the registration; a
    ``dialogue.registration`` notification to the delegate. Raises
    ``DialogueError`` with ``"full"``, ``"not_a_person"`` (the delegate
    does not belong to the organisation), ``"already_registered"`` or
    ``"closed"`` (the event is not planned or is over).
    """
    event = DialogueEvent.objects.select_for_update().get(pk=event.pk)
    if event.status != EventStatus.PLANNED or event.ends_at <= timezone.now():
        raise DialogueError("closed")
    if not organisation.people.filter(user=delegate).exists():
        raise DialogueError("not_a_person")
    active = event.registrations.filter(status=RegistrationStatus.REGISTERED)
    if active.filter(delegate=delegate).exists():
        raise DialogueError("already_registered")
    if event.capacity is not None and active.count() >= event.capacity:
        raise DialogueError("full")
    registration = Registration.objects.create(
        event=event, organisation=organisation, delegate=delegate, registered_by=registered_by
    )
    notify(
        kind="dialogue.registration",
        recipients=[delegate],
        actor=registered_by,
        target=event,
        data={"target": field_in_every_language(event, "title")},
    )
    return registration


@transaction.atomic
def registration_cancel(*, registration: Registration, cancelled_by) -> Registration:
    """Cancel a registration (the seat is freed) and tell the delegate; idempotent."""
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.status != RegistrationStatus.CANCELLED:
        registration.status = RegistrationStatus.CANCELLED
        registration.cancelled_at = timezone.now()
        registration.save(update_fields=["status", "cancelled_at"])
        notify(
            kind="dialogue.cancelled",
            recipients=[registration.delegate],
            actor=cancelled_by,
            target=registration.event,
            data={"target": field_in_every_language(registration.event, "title")},
        )
    return registration


def participants_exported(*, event: DialogueEvent, exported_by, count: int) -> None:
    """Record in the audit log that someone downloaded the participant list."""
    audit_log_write(
        actor=exported_by,
        action=AuditAction.PARTICIPANTS_EXPORTED,
        subject_repr=str(event),
        data={"event": event.pk, "count": count},
    )


# --- Attendance -------------------------------------------------------------


@transaction.atomic
def attendance_record(*, event: DialogueEvent, counts: dict, recorded_by) -> Attendance:
    """Record or correct the attendance counts of a held (or past) event.

    ``counts``: ``{"total", "women", "men", "youth"}`` already checked by
    ``AttendanceForm``. Marks a planned event that has ended as held.
    """
    attendance, _created = Attendance.objects.update_or_create(
        event=event, defaults={**counts, "recorded_by": recorded_by, "recorded_at": timezone.now()}
    )
    if event.status == EventStatus.PLANNED and event.ends_at <= timezone.now():
        event_set_status(event=event, status=EventStatus.HELD, changed_by=recorded_by)
    return attendance


# --- Recommendations --------------------------------------------------------


def recommendation_create(*, event: DialogueEvent, fields: dict, created_by) -> Recommendation:
    """Record a recommendation made at ``event`` (``fields``: text_fr…, addressed_level)."""
    return Recommendation.objects.create(event=event, created_by=created_by, **fields)


def _audit_recommendation(recommendation: Recommendation, actor, **data) -> None:
    audit_log_write(
        actor=actor,
        action=AuditAction.RECOMMENDATION_DECIDED,
        subject_repr=str(recommendation),
        data={"recommendation": recommendation.pk, "status": recommendation.status, **data},
    )


@transaction.atomic
def recommendation_forward(
    *, recommendation: Recommendation, to_event: DialogueEvent, forwarded_by
) -> Recommendation:
    """Carry a recommendation up to a higher-level event; return its new place there.

    Side effects: the original marked forwarded; a new recommendation at
    ``to_event`` with the same texts and ``forwarded_from`` set, so the
    chain stays whole. Raises ``DialogueError("not_higher")`` when the
    event is not of a higher level, ``DialogueError("not_proposed")`` when
    the recommendation was already forwarded, taken or declined.
    """
    recommendation = Recommendation.objects.select_for_update().get(pk=recommendation.pk)
    if recommendation.status != RecommendationStatus.PROPOSED:
        raise DialogueError("not_proposed")
    if Level(to_event.level).rank <= Level(recommendation.event.level).rank:
        raise DialogueError("not_higher")
    recommendation.status = RecommendationStatus.FORWARDED
    recommendation.decided_at = timezone.now()
    recommendation.save(update_fields=["status", "decided_at"])
    _audit_recommendation(recommendation, forwarded_by, to_event=to_event.pk)
    texts = {f"text_{code}": getattr(recommendation, f"text_{code}") for code in ("fr", "en", "bm")}
    return Recommendation.objects.create(
        event=to_event,
        text=recommendation.text_fr or recommendation.text,
        **texts,
        addressed_level=recommendation.addressed_level,
        forwarded_from=recommendation,
        created_by=forwarded_by,
    )


@transaction.atomic
def recommendation_decide(
    *, recommendation: Recommendation, status: str, decided_by, reason: str = ""
) -> Recommendation:
    """Mark a proposed recommendation taken into the strategy, or declined (with a reason).

    Raises ``DialogueError("reason")`` for a decline without reason and
    ``DialogueError("not_proposed")`` when it was already decided.
    """
    recommendation = Recommendation.objects.select_for_update().get(pk=recommendation.pk)
    if recommendation.status != RecommendationStatus.PROPOSED:
        raise DialogueError("not_proposed")
    if status == RecommendationStatus.DECLINED and not reason.strip():
        raise DialogueError("reason")
    if status not in (RecommendationStatus.TAKEN, RecommendationStatus.DECLINED):
        raise DialogueError("transition")
    recommendation.status = status
    declined = status == RecommendationStatus.DECLINED
    recommendation.decline_reason = reason.strip() if declined else ""
    recommendation.decided_at = timezone.now()
    recommendation.save(update_fields=["status", "decline_reason", "decided_at"])
    _audit_recommendation(recommendation, decided_by)
    return recommendation


@transaction.atomic
def recommendation_reopen(*, recommendation: Recommendation, reopened_by) -> Recommendation:
    """Put a recommendation taken into the strategy back among the proposed ones.

    For the strategy app, when the last link between the recommendation and
    a strategy section is removed: it is then in no section, so it is no
    longer "taken into the strategy" (nor counted as such by the progress
    indicators) and coordinators may take it in again. Audited like a
    decision. Raises ``DialogueError("transition")`` unless it was taken.
    """
    recommendation = Recommendation.objects.select_for_update().get(pk=recommendation.pk)
    if recommendation.status != RecommendationStatus.TAKEN:
        raise DialogueError("transition")
    recommendation.status = RecommendationStatus.PROPOSED
    recommendation.decided_at = None
    recommendation.save(update_fields=["status", "decided_at"])
    _audit_recommendation(recommendation, reopened_by, reopened=True)
    return recommendation


def recommendation_path(recommendation: Recommendation) -> list[Recommendation]:
    """The chain from the event where it was first made to where it stands now.

    Returns recommendations oldest first (one query per step up or down,
    bounded by the five levels), each with its event loaded.
    """
    recommendation = Recommendation.objects.select_related("event").get(pk=recommendation.pk)
    path = [recommendation]
    current = recommendation
    while current.forwarded_from_id is not None and len(path) < 10:
        current = Recommendation.objects.select_related("event").get(pk=current.forwarded_from_id)
        path.insert(0, current)
    current = recommendation
    while len(path) < 10:
        nxt = Recommendation.objects.select_related("event").filter(forwarded_from=current).first()
        if nxt is None:
            break
        path.append(nxt)
        current = nxt
    return path


# --- Reports and follow-up --------------------------------------------------


@transaction.atomic
def report_save(*, event: DialogueEvent, fields: dict, author, publish: bool) -> EventReport:
    """Create or update the event's report; publishing it the first time tells the delegates.

    Side effects: the report; on first publication, a
    ``dialogue.report_published`` notification to the registered delegates
    and the organisers' people.
    """
    report, _created = EventReport.objects.get_or_create(
        event=event, defaults={"author": author, "body": fields.get("body_fr", "")}
    )
    for name, value in fields.items():
        setattr(report, name, value)
    first_publication = publish and report.published_at is None
    if first_publication:
        report.published_at = timezone.now()
    report.save()
    if first_publication:
        recipients = (
            get_user_model()
            .objects.filter(
                is_active=True,
            )
            .filter(
                pk__in=list(
                    event.registrations.filter(status=RegistrationStatus.REGISTERED).values_list(
                        "delegate_id", flat=True
                    )
                )
                + list(event.organisers.values_list("people__user_id", flat=True))
            )
        )
        notify(
            kind="dialogue.report_published",
            recipients=recipients,
            actor=author,
            target=event,
            data={"target": field_in_every_language(event, "title")},
        )
    return report


def attachment_add(*, report: EventReport, checked, uploaded_by) -> ReportAttachment:
    """Store a checked upload (``network.files.CheckedFile``) as an attachment of ``report``."""
    attachment = ReportAttachment(
        report=report,
        original_name=checked.name,
        content_type=checked.content_type,
        size=checked.size,
        uploaded_by=uploaded_by,
    )
    attachment.file.save(checked.name, checked.file, save=False)
    attachment.save()
    return attachment


def action_save(*, action: FollowUpAction, saved_by) -> FollowUpAction:
    """Create or update a follow-up action (one ``save()``)."""
    if action.pk is None:
        action.created_by = saved_by
    action.save()
    return action


def reminders_send(*, now=None) -> int:
    """Remind delegates of events starting within ``REMINDER_BEFORE``; return how many events.

    Run daily by Celery beat. Each event is reminded once (the
    notification's uniqueness per event is kept by ``reminded`` in
    ``Notification.data``: an event already reminded is skipped).
    """
    from network.notifications.models import Notification

    now = now or timezone.now()
    soon = DialogueEvent.objects.filter(
        status=EventStatus.PLANNED, starts_at__gt=now, starts_at__lte=now + REMINDER_BEFORE
    )
    reminded = 0
    for event in soon:
        already = Notification.objects.filter(
            kind="dialogue.reminder", target_id=str(event.pk), data__event=event.pk
        ).exists()
        if already:
            continue
        delegates = get_user_model().objects.filter(
            event_registrations__event=event,
            event_registrations__status=RegistrationStatus.REGISTERED,
        )
        with transaction.atomic():
            notify(
                kind="dialogue.reminder",
                # An event made restricted since: only delegates who may still see it.
                recipients=[d for d in delegates if d.has_perm("dialogues.view_event", event)],
                target=event,
                data={"target": field_in_every_language(event, "title"), "event": event.pk},
            )
        reminded += 1
    return reminded

"""Writes of the notifications app: the outbox, delivery, digests, preferences.

How a notification travels (DESIGN.md, notifications paragraph):

1. ``notify()`` runs inside the caller's transaction. It writes the
   ``Notification`` and, per recipient, one in-app ``Delivery`` (written as
   sent: the inbox is the delivery) and one email ``Delivery`` (pending,
   immediately or for a digest), following each recipient's preference.
   If the caller's transaction rolls back, none of it exists.
2. After commit, one Celery task per notification is queued
   (``notifications.deliver_notification``). If the broker is down, the
   queueing fails quietly (logged) and the rows stay pending.
3. ``delivery_send_email()`` sends one email delivery exactly once: it locks
   the row, sends only if it is still pending, and marks it sent in the same
   transaction. Transient SMTP errors leave it pending with a backoff;
   permanent ones mark it failed with the reason.
4. Every few minutes Celery beat runs ``deliveries_retry_due()``: pending
   immediate deliveries older than ``STALE_AFTER`` (the broker was down) or
   whose backoff has passed are sent.
5. At 08:00 (``TIME_ZONE``) beat runs the daily digest, and on Mondays the
   weekly one: ``digest_send()`` groups each reader's waiting deliveries in
   one email; nothing is sent to someone with nothing waiting.
"""

import logging
import smtplib
from collections.abc import Iterable
from datetime import timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core import signing
from django.db import transaction
from django.db.models import Model, Q, QuerySet
from django.utils import timezone, translation

from network.notifications.emails import render_digest_email, render_notification_email
from network.notifications.enums import Channel, DeliveryStatus, Frequency
from network.notifications.kinds import KINDS, get_kind
from network.notifications.models import Delivery, Notification, Preference

logger = logging.getLogger(__name__)

#: An immediate delivery still pending after this long was never picked up
#: (broker down, worker lost): the periodic task sends it.
STALE_AFTER = timedelta(minutes=5)
#: Attempts before a transiently failing email is marked failed.
MAX_ATTEMPTS = 5
UNSUBSCRIBE_SALT = "network.notifications.unsubscribe"


class TransientDeliveryError(Exception):
    """The mail server may accept the message later (4xx reply, connection lost)."""


# --- Preferences ------------------------------------------------------------


def preferences_for(*, user_ids: Iterable[int], kind: str) -> dict[int, Frequency]:
    """Each user's frequency for ``kind`` (one query); users without a row get the default."""
    default = get_kind(kind).default
    chosen = dict(
        Preference.objects.filter(kind=kind, user_id__in=list(user_ids)).values_list(
            "user_id", "frequency"
        )
    )
    return {user_id: Frequency(chosen.get(user_id, default)) for user_id in user_ids}


def preferences_save(*, user, frequencies: dict[str, str]) -> None:
    """Store ``{kind: frequency}`` for ``user``; unknown kinds raise ``KeyError``."""
    for kind, frequency in frequencies.items():
        get_kind(kind)
        Preference.objects.update_or_create(
            user=user, kind=kind, defaults={"frequency": Frequency(frequency)}
        )


def unsubscribe_token(*, user, kind: str) -> str:
    """A signed token that turns ``kind`` off for ``user``; it never expires."""
    return signing.dumps([user.pk, kind], salt=UNSUBSCRIBE_SALT, compress=True)


def unsubscribe(*, token: str):
    """Turn off the kind named in ``token`` for its user; return ``(user, kind)``.

    Raises ``signing.BadSignature`` for a token that was not made by
    ``unsubscribe_token`` with this site's ``SECRET_KEY`` (a forged or
    altered one), and ``LookupError`` when its user or kind no longer exists.
    """
    from django.contrib.auth import get_user_model

    user_id, kind = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    if kind not in KINDS:
        raise LookupError(kind)
    user = get_user_model().objects.get(pk=user_id)
    preferences_save(user=user, frequencies={kind: Frequency.OFF})
    return user, kind


# --- Notification data in every language ---------------------------------------


def field_in_every_language(obj: Model, field: str) -> dict[str, str]:
    """A translated field's text per served language, empty ones falling back to French.

    ``{"fr": "Genre", "en": "Gender", "bm": "Cɛ ni muso danbɛ"}``: the form a
    notification's ``data`` takes, so each reader gets their own language.
    """
    default = getattr(obj, f"{field}_{settings.LANGUAGE_CODE}") or getattr(obj, field)
    return {code: getattr(obj, f"{field}_{code}") or default for code, _ in settings.LANGUAGES}


def text_in_every_language(text) -> dict[str, str]:
    """A translatable (lazy) string rendered in each served language: ``{"fr": …, …}``."""
    words = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            words[code] = str(text)
    return words


# --- Outbox -----------------------------------------------------------------


def _language_neutral_path(target: Model | None) -> str:
    """The target's URL in the default language, or "" if it has none."""
    if target is None or not hasattr(target, "get_absolute_url"):
        return ""
    with translation.override(settings.LANGUAGE_CODE):
        return target.get_absolute_url()


def notify(
    *,
    kind: str,
    recipients: Iterable | QuerySet,
    actor=None,
    target: Model | None = None,
    data: dict[str, str] | None = None,
) -> Notification | None:
    """Tell ``recipients`` that something of ``kind`` happened; call it inside your transaction.

    ``recipients``: users or a user queryset (the actor is left out).
    ``data``: plain strings for the kind's message; ``actor`` and ``target``
    default to their ``str()``. Returns the notification, or ``None`` when no
    one is left to tell.

    Writes, in the caller's transaction: one ``Notification``; then, with
    bulk inserts (a fixed number of queries for any number of recipients),
    per recipient whose preference is not "off", one in-app delivery (sent)
    and one email delivery (pending; ``digest`` set for digest readers).
    After commit, queues ``notifications.deliver_notification``.

    Raises ``KeyError`` for an undeclared kind.
    """
    get_kind(kind)
    if isinstance(recipients, QuerySet):
        recipient_ids = list(recipients.filter(is_active=True).values_list("pk", flat=True))
    else:
        recipient_ids = [user.pk for user in recipients if user.is_active]
    if actor is not None:
        recipient_ids = [pk for pk in recipient_ids if pk != actor.pk]
    recipient_ids = list(dict.fromkeys(recipient_ids))
    frequencies = preferences_for(user_ids=recipient_ids, kind=kind)
    wanted = [pk for pk in recipient_ids if frequencies[pk] != Frequency.OFF]
    if not wanted:
        return None

    payload = {"actor": str(actor) if actor else "", "target": str(target) if target else ""}
    payload.update(data or {})
    now = timezone.now()
    notification = Notification.objects.create(
        kind=kind,
        actor=actor,
        target_type=ContentType.objects.get_for_model(target) if target is not None else None,
        target_id=str(target.pk) if target is not None else "",
        url=_language_neutral_path(target),
        data=payload,
        created_at=now,
    )
    rows = []
    for pk in wanted:
        frequency = frequencies[pk]
        rows.append(
            Delivery(
                notification=notification,
                recipient_id=pk,
                channel=Channel.INBOX,
                status=DeliveryStatus.SENT,
                created_at=now,
                sent_at=now,
            )
        )
        rows.append(
            Delivery(
                notification=notification,
                recipient_id=pk,
                channel=Channel.EMAIL,
                digest="" if frequency == Frequency.IMMEDIATELY else frequency,
                created_at=now,
            )
        )
    Delivery.objects.bulk_create(rows, batch_size=1000)
    if any(frequencies[pk] == Frequency.IMMEDIATELY for pk in wanted):
        transaction.on_commit(lambda: _enqueue_delivery(notification.pk))
    return notification


def _enqueue_delivery(notification_id: int) -> None:
    """Queue the delivery task; a broker outage is logged, never raised.

    The deliveries stay pending and ``deliveries_retry_due`` sends them
    once the broker is back.
    """
    from network.notifications.tasks import deliver_notification

    try:
        deliver_notification.delay(notification_id=notification_id)
    except Exception:  # kombu.exceptions.OperationalError and friends: broker unreachable
        logger.warning(
            "Could not queue notification %s; the periodic task will send it.",
            notification_id,
            exc_info=True,
        )


# --- Sending ----------------------------------------------------------------


def _classify(error: Exception) -> type[Exception] | None:
    """``TransientDeliveryError`` for errors worth retrying, ``None`` for permanent ones.

    Transient: a lost or refused connection, a timeout, or a 4xx SMTP reply
    (RFC 5321, section 4.2.1: "transient negative completion").
    """
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _message in error.recipients.values()]
        return TransientDeliveryError if codes and all(400 <= c < 500 for c in codes) else None
    if isinstance(error, smtplib.SMTPResponseException):
        return TransientDeliveryError if 400 <= error.smtp_code < 500 else None
    if isinstance(error, smtplib.SMTPServerDisconnected | ConnectionError | TimeoutError):
        return TransientDeliveryError
    if isinstance(error, OSError):
        return TransientDeliveryError
    return None


def _is_mail_error(error: Exception) -> bool:
    """Whether ``error`` came from talking to the mail server (else it is a bug: re-raise)."""
    return isinstance(error, smtplib.SMTPException) or _classify(error) is not None


def _send_each(delivery_ids) -> dict[str, int]:
    """``delivery_send_email`` for each id; return how many ended each way."""
    counts: dict[str, int] = {}
    for delivery_id in list(delivery_ids):
        outcome = delivery_send_email(delivery_id=delivery_id)
        counts[outcome] = counts.get(outcome, 0) + 1
    return counts


def _backoff(attempts: int) -> timedelta:
    """Wait before attempt ``attempts + 1``: 2, 4, 8, 16 minutes."""
    return timedelta(minutes=2**attempts)


def _record_failure(delivery: Delivery, error: Exception) -> str:
    delivery.attempts += 1
    delivery.last_error = f"{type(error).__name__}: {error}"[:2000]
    if _classify(error) is TransientDeliveryError and delivery.attempts < MAX_ATTEMPTS:
        delivery.next_attempt_at = timezone.now() + _backoff(delivery.attempts)
        outcome = "retry"
    else:
        delivery.status = DeliveryStatus.FAILED
        delivery.next_attempt_at = None
        outcome = "failed"
    delivery.save(update_fields=["attempts", "last_error", "status", "next_attempt_at"])
    logger.warning("Email delivery %s: %s (%s)", delivery.pk, outcome, delivery.last_error)
    return outcome


def delivery_send_email(*, delivery_id: int) -> str:
    """Send one pending email delivery, at most once; return what happened.

    Returns ``"sent"``, ``"skipped"`` (already sent, failed, gone, or waiting
    for a digest), ``"retry"`` (transient error: pending again after a
    backoff) or ``"failed"`` (permanent error or ``MAX_ATTEMPTS`` reached; the
    reason is in ``last_error``, visible in the admin).

    The row is locked while the email is sent, so two workers running the
    same delivery send one email.
    """
    with transaction.atomic():
        delivery = (
            Delivery.objects.select_for_update(of=("self",))
            .select_related("notification", "recipient")
            .filter(
                pk=delivery_id,
                channel=Channel.EMAIL,
                status=DeliveryStatus.PENDING,
                digest="",
            )
            .first()
        )
        if delivery is None:
            return "skipped"
        message = render_notification_email(delivery)
        try:
            message.send()
        except Exception as error:
            if not _is_mail_error(error):
                raise
            return _record_failure(delivery, error)
        delivery.status = DeliveryStatus.SENT
        delivery.sent_at = timezone.now()
        delivery.attempts += 1
        delivery.next_attempt_at = None
        delivery.save(update_fields=["status", "sent_at", "attempts", "next_attempt_at"])
    return "sent"


def notification_send_emails(*, notification_id: int) -> dict[str, int]:
    """Send every pending immediate email of one notification; return counts by outcome."""
    return _send_each(
        Delivery.objects.filter(
            notification_id=notification_id,
            channel=Channel.EMAIL,
            status=DeliveryStatus.PENDING,
            digest="",
        ).values_list("pk", flat=True)
    )


def deliveries_retry_due(*, now=None) -> dict[str, int]:
    """Send the immediate email deliveries that are due; return counts by outcome.

    Due: pending and never tried for longer than ``STALE_AFTER`` (the queue
    lost them), or pending with a backoff that has passed.
    """
    now = now or timezone.now()
    due = Delivery.objects.filter(
        channel=Channel.EMAIL, status=DeliveryStatus.PENDING, digest=""
    ).filter(
        Q(next_attempt_at__isnull=True, created_at__lte=now - STALE_AFTER)
        | Q(next_attempt_at__lte=now)
    )
    return _send_each(due.values_list("pk", flat=True))


def digest_send(*, frequency: Frequency | str) -> int:
    """Send each reader one email with everything waiting for the ``frequency`` digest.

    Returns the number of emails sent. A reader with nothing waiting gets
    nothing. Each reader's deliveries are locked, sent in one email and
    marked sent together, so running the digest twice sends it once.
    A failed send leaves them pending for the next digest.
    """
    from django.contrib.auth import get_user_model

    frequency = Frequency(frequency)
    waiting = Delivery.objects.filter(
        channel=Channel.EMAIL, status=DeliveryStatus.PENDING, digest=frequency
    )
    user_ids = sorted(set(waiting.values_list("recipient_id", flat=True)))
    sent = 0
    for user in get_user_model().objects.filter(pk__in=user_ids, is_active=True):
        with transaction.atomic():
            deliveries = list(
                waiting.select_for_update(of=("self",))
                .filter(recipient=user)
                .select_related("notification")
                .order_by("created_at", "pk")
            )
            if not deliveries:
                continue
            message = render_digest_email(user, deliveries, frequency)
            try:
                message.send()
            except Exception as error:
                if not _is_mail_error(error):
                    raise
                logger.warning("Digest for user %s not sent: %s", user.pk, error)
                continue
            now = timezone.now()
            Delivery.objects.filter(pk__in=[d.pk for d in deliveries]).update(
                status=DeliveryStatus.SENT, sent_at=now
            )
            sent += 1
    return sent


# --- Inbox ------------------------------------------------------------------


def inbox_mark_read(*, user, delivery_id: int | None = None) -> int:
    """Mark one (``delivery_id``) or all of ``user``'s unread inbox items read; return how many."""
    unread = Delivery.objects.filter(recipient=user, channel=Channel.INBOX, read_at__isnull=True)
    if delivery_id is not None:
        unread = unread.filter(pk=delivery_id)
    return unread.update(read_at=timezone.now())

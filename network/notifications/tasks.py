"""Celery tasks of the notifications app: thin, idempotent, named."""

import logging

from celery import shared_task

from network.notifications import services
from network.notifications.enums import Frequency

logger = logging.getLogger(__name__)


@shared_task(name="notifications.deliver_notification", ignore_result=True)
def deliver_notification(*, notification_id: int) -> None:
    """Send the immediate emails of one notification (queued after the change commits)."""
    counts = services.notification_send_emails(notification_id=notification_id)
    logger.info("Notification %s delivered: %s", notification_id, counts)


@shared_task(name="notifications.retry_due", ignore_result=True)
def retry_due() -> None:
    """Every few minutes (beat): send what the queue lost or what waits after a backoff."""
    counts = services.deliveries_retry_due()
    if counts:
        logger.info("Pending deliveries retried: %s", counts)


@shared_task(name="notifications.send_digest", ignore_result=True)
def send_digest(*, frequency: str) -> None:
    """At 08:00 (beat): the daily digest, and on Mondays the weekly one."""
    if frequency not in {Frequency.DAILY, Frequency.WEEKLY}:
        logger.error("Unknown digest frequency %r", frequency)
        return
    sent = services.digest_send(frequency=frequency)
    logger.info("%s digest: %s emails", frequency, sent)

"""Celery tasks of the dialogues app."""

import logging

from celery import shared_task

from dialogues import services

logger = logging.getLogger(__name__)


@shared_task(name="dialogues.send_reminders", ignore_result=True)
def send_reminders() -> None:
    """Hourly (beat): remind delegates two days before their events."""
    count = services.reminders_send()
    if count:
        logger.info("Reminders sent for %s events", count)

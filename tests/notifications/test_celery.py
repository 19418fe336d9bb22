"""Celery: the beat schedule in the site's time zone, and a real worker on Redis."""

import os
import socket
import time
from datetime import datetime, timedelta
from urllib.parse import urlparse
from zoneinfo import ZoneInfo

import pytest
from celery import Celery
from celery.contrib.testing.worker import start_worker
from celery.schedules import crontab
from django.core import mail
from django.db import transaction

from network.celery import app as celery_app
from network.notifications import services
from network.notifications.enums import Channel, DeliveryStatus
from network.notifications.models import Delivery
from tests.conftest import require_service
from tests.factories import NewsPostFactory, UserFactory


def _bound(schedule: crontab, app: Celery, now: datetime) -> crontab:
    """A copy of ``schedule`` evaluated by ``app`` at the moment ``now``."""
    return crontab(
        minute=schedule._orig_minute,
        hour=schedule._orig_hour,
        day_of_week=schedule._orig_day_of_week,
        day_of_month=schedule._orig_day_of_month,
        month_of_year=schedule._orig_month_of_year,
        app=app,
        nowfun=lambda: now,
    )


def _app_from_settings() -> Celery:
    """A Celery app configured from the current Django settings, as a worker would be."""
    app = Celery("network-test", set_as_current=False)
    app.config_from_object("django.conf:settings", namespace="CELERY")
    return app


@pytest.mark.parametrize("zone", ["Asia/Kolkata", "America/Bogota"])
def test_daily_digest_fires_at_eight_local_time_outside_utc(settings, zone):
    settings.TIME_ZONE = zone
    settings.CELERY_TIMEZONE = zone
    app = _app_from_settings()
    entry = app.conf.beat_schedule["notifications-daily-digest"]
    local = ZoneInfo(zone)
    last_run = datetime(2014, 3, 4, 8, 0, tzinfo=local)

    def due_at(hour: int, minute: int) -> bool:
        now = datetime(2014, 3, 5, hour, minute, tzinfo=local)
        return _bound(entry["schedule"], app, now).is_due(last_run).is_due

    assert (entry["task"], entry["kwargs"]) == ("notifications.send_digest", {"frequency": "daily"})
    assert [due_at(7, 59), due_at(8, 0)] == [False, True]
    # 08:00 UTC is not 08:00 in that zone.
    utc_eight = datetime(2014, 3, 5, 8, 0, tzinfo=ZoneInfo("UTC")).astimezone(local)
    assert due_at(utc_eight.hour, utc_eight.minute) is (utc_eight.hour >= 8)


def test_weekly_digest_fires_on_monday_at_eight():
    app = _app_from_settings()
    schedule = app.conf.beat_schedule["notifications-weekly-digest"]["schedule"]
    bamako = ZoneInfo("Africa/Bamako")
    last_run = datetime(2014, 3, 3, 8, 0, tzinfo=bamako)  # a Monday

    sunday = _bound(schedule, app, datetime(2014, 3, 9, 8, 0, tzinfo=bamako)).is_due(last_run)
    monday = _bound(schedule, app, datetime(2014, 3, 10, 8, 0, tzinfo=bamako)).is_due(last_run)

    assert (sunday.is_due, monday.is_due) == (False, True)


def test_site_celery_app_keeps_bamako_time():
    assert celery_app.conf.timezone == "Africa/Bamako"
    assert celery_app.conf.beat_schedule["notifications-retry-due"]["schedule"] == 300.0


def _redis_reachable(url: str) -> bool:
    parsed = urlparse(url)
    try:
        with socket.create_connection((parsed.hostname, parsed.port or 6379), timeout=1):
            return True
    except OSError:
        return False


@pytest.mark.django_db(transaction=True)
def test_real_worker_on_redis_delivers_once():
    broker = os.environ.get("CELERY_BROKER_URL", "")
    require_service(
        broker.startswith("redis://") and _redis_reachable(broker),
        "a Redis broker at CELERY_BROKER_URL",
    )
    reader = UserFactory(preferred_language="en")
    actor = UserFactory(display_name="Oumar")
    post = NewsPostFactory(title_fr="Section 2")
    celery_app.conf.task_always_eager = False
    celery_app.control.purge()

    with start_worker(celery_app, pool="solo", perform_ping_check=False, loglevel="WARNING"):
        with transaction.atomic():
            notification = services.notify(
                kind="strategy.comment_reply", recipients=[reader], actor=actor, target=post
            )
        delivery = Delivery.objects.get(notification=notification, channel=Channel.EMAIL)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            delivery.refresh_from_db()
            if delivery.status != DeliveryStatus.PENDING:
                break
            time.sleep(0.1)

    assert delivery.status == DeliveryStatus.SENT
    assert [m.subject for m in mail.outbox] == ["Oumar replied to your comment on Section 2."]


def test_beat_schedule_covers_retry_digests_and_event_reminders():
    assert sorted(celery_app.conf.beat_schedule) == [
        "dialogues-reminders",
        "notifications-daily-digest",
        "notifications-retry-due",
        "notifications-weekly-digest",
    ]
    assert timedelta(minutes=5) == services.STALE_AFTER

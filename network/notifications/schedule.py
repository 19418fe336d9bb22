"""The Celery beat schedule, in code (``settings.CELERY_BEAT_SCHEDULE`` reads it).

Crontab times are in ``CELERY_TIMEZONE``, which is the site's ``TIME_ZONE``:
the digests go out at 08:00 in Bamako, not at 08:00 UTC.
"""

from celery.schedules import crontab

DIGEST_HOUR = 8

BEAT_SCHEDULE = {
    "notifications-retry-due": {
        "task": "notifications.retry_due",
        "schedule": 60.0 * 5,
    },
    # Hourly, so that each event is reminded close to 48 hours before it starts.
    "dialogues-reminders": {
        "task": "dialogues.send_reminders",
        "schedule": crontab(minute=15),
    },
    "notifications-daily-digest": {
        "task": "notifications.send_digest",
        "schedule": crontab(hour=DIGEST_HOUR, minute=0),
        "kwargs": {"frequency": "daily"},
    },
    "notifications-weekly-digest": {
        "task": "notifications.send_digest",
        "schedule": crontab(hour=DIGEST_HOUR, minute=0, day_of_week="mon"),
        "kwargs": {"frequency": "weekly"},
    },
}

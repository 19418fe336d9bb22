"""Day boundaries for reads that count "from one date to another" (indicator periods).

Dates are whole days in the portal's ``TIME_ZONE`` (Africa/Bamako); a
period's last day is included. Any app may use it (it imports no app).
"""

import datetime
from zoneinfo import ZoneInfo

from django.conf import settings


def day_start(day: datetime.date) -> datetime.datetime:
    """The first instant of ``day`` in ``TIME_ZONE`` (an aware datetime)."""
    return datetime.datetime.combine(day, datetime.time.min, tzinfo=ZoneInfo(settings.TIME_ZONE))


def day_after(day: datetime.date) -> datetime.datetime:
    """The first instant after ``day``: count ``< day_after(last_day)`` to include that day."""
    return day_start(day + datetime.timedelta(days=1))

"""Reads of the notifications app."""

from django.db.models import QuerySet

from network.notifications.enums import Channel
from network.notifications.models import Delivery


def inbox_for(*, user) -> QuerySet[Delivery]:
    """The user's in-app notifications, newest first, with their notification (one query)."""
    return (
        Delivery.objects.filter(recipient=user, channel=Channel.INBOX)
        .select_related("notification")
        .order_by("-created_at", "-pk")
    )


def unread_count(*, user) -> int:
    """How many in-app notifications the user has not read (one query)."""
    return Delivery.objects.filter(
        recipient=user, channel=Channel.INBOX, read_at__isnull=True
    ).count()

"""The outbox: notifications, their deliveries per recipient and channel, preferences."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from network.notifications.enums import Channel, DeliveryStatus, Frequency


class Notification(models.Model):
    """Something that happened, told to one or more people.

    ``data`` holds the strings the kind's message needs
    (``{"actor": "…", "target": "…"}``); a value may be a dict by language
    (``{"fr": "…", "bm": "…"}``) for translated content. ``url`` holds the
    object's path in the default language (``/fr/news/slug/``). Both let the
    message and link be rendered later in each reader's language.
    """

    # No ``choices``: every app adds kinds (notifications/kinds.py), and a
    # migration per new kind would only churn. ``kinds.get_kind`` validates.
    kind = models.CharField(_("kind"), max_length=64)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("actor"),
    )
    target_type = models.ForeignKey(
        ContentType, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    target_id = models.CharField(max_length=64, blank=True)
    target = GenericForeignKey("target_type", "target_id")
    url = models.CharField(_("link"), max_length=500, blank=True)
    data = models.JSONField(_("data"), default=dict, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.kind} · {self.data.get('target', '')}"


class Delivery(models.Model):
    """One notification for one recipient on one channel; the unit of exactly-once.

    Email deliveries with a ``digest`` wait for the daily or weekly digest;
    the others are sent right after the change commits. In-app deliveries
    are written as sent: the inbox is the delivery.
    """

    notification = models.ForeignKey(
        Notification, on_delete=models.CASCADE, related_name="deliveries"
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notification_deliveries",
        verbose_name=_("recipient"),
    )
    channel = models.CharField(_("channel"), max_length=8, choices=Channel.choices)
    digest = models.CharField(
        _("digest"),
        max_length=16,
        blank=True,
        choices=[
            (Frequency.DAILY, Frequency.DAILY.label),
            (Frequency.WEEKLY, Frequency.WEEKLY.label),
        ],
    )
    status = models.CharField(
        _("status"), max_length=16, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["notification", "recipient", "channel"],
                name="notifications_delivery_once",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "channel", "digest"], name="notif_delivery_queue"),
            models.Index(fields=["recipient", "channel", "read_at"], name="notif_delivery_inbox"),
        ]

    def __str__(self) -> str:
        return f"{self.notification} → {self.recipient} ({self.channel}, {self.status})"


class Preference(models.Model):
    """A user's choice for one kind; without a row, the kind's default applies."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notification_preferences",
    )
    # No ``choices``: every app adds kinds (notifications/kinds.py), and a
    # migration per new kind would only churn. ``kinds.get_kind`` validates.
    kind = models.CharField(_("kind"), max_length=64)
    frequency = models.CharField(_("delivery"), max_length=16, choices=Frequency.choices)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="notifications_preference_once"),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.kind}: {self.frequency}"

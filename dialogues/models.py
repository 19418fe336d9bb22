"""Dialogue events from village to nation: registrations, attendance, recommendations,
reports and follow-up (DESIGN.md, dialogues paragraph)."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dialogues.enums import (
    ActionStatus,
    EventStatus,
    Level,
    RecommendationStatus,
    RegistrationStatus,
    Visibility,
)
from network.storage import private_storage


class DialogueEvent(models.Model):
    """A dialogue event. ``title`` and ``description`` are translated.

    Times are stored in UTC and shown in ``TIME_ZONE`` (Africa/Bamako).
    ``version`` changes with every save through the services (optimistic
    concurrency).
    """

    title = models.CharField(_("title"), max_length=255)
    slug = models.SlugField(_("slug"), max_length=80, unique=True, allow_unicode=True)
    description = models.TextField(_("description"), blank=True)
    level = models.CharField(_("level"), max_length=16, choices=Level.choices)
    region = models.ForeignKey(
        "pages.Region",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="dialogue_events",
        verbose_name=_("region"),
    )
    place = models.CharField(_("place"), max_length=255, blank=True)
    starts_at = models.DateTimeField(_("start"))
    ends_at = models.DateTimeField(_("end"))
    themes = models.ManyToManyField(
        "pages.Theme", blank=True, related_name="dialogue_events", verbose_name=_("themes")
    )
    organisers = models.ManyToManyField(
        "members.Organisation",
        blank=True,
        related_name="organised_events",
        verbose_name=_("organising organisations"),
    )
    status = models.CharField(
        _("status"), max_length=16, choices=EventStatus.choices, default=EventStatus.PLANNED
    )
    visibility = models.CharField(
        _("visibility"), max_length=16, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    capacity = models.PositiveIntegerField(
        _("capacity"), null=True, blank=True, help_text=_("Delegates at most; empty: no limit.")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    version = models.PositiveIntegerField(_("version"), default=1)

    class Meta:
        verbose_name = _("dialogue event")
        verbose_name_plural = _("dialogue events")
        ordering = ["-starts_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gte=F("starts_at")),
                name="dialogues_event_ends_after_start",
                violation_error_message=_("The end must be after the start."),
            ),
        ]
        indexes = [
            models.Index(fields=["status", "visibility", "starts_at"], name="dialogues_event_list"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("dialogues:detail", kwargs={"slug": self.slug})


class Registration(models.Model):
    """A delegate registered by a member organisation for an event."""

    event = models.ForeignKey(DialogueEvent, on_delete=models.CASCADE, related_name="registrations")
    organisation = models.ForeignKey(
        "members.Organisation",
        on_delete=models.CASCADE,
        related_name="registrations",
        verbose_name=_("organisation"),
    )
    delegate = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="event_registrations",
        verbose_name=_("delegate"),
    )
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=RegistrationStatus.choices,
        default=RegistrationStatus.REGISTERED,
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("registered by"),
    )
    created_at = models.DateTimeField(_("registered"), default=timezone.now)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "delegate"],
                condition=Q(status=RegistrationStatus.REGISTERED),
                name="dialogues_registration_once",
                violation_error_message=_("This person is already registered for this event."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.delegate} · {self.event}"


class Attendance(models.Model):
    """Who took part, as counts only (DESIGN.md: publicly as totals only).

    ``women + men == total`` and ``youth <= total`` (youth: under 35), held
    by database constraints as well as by the form.
    """

    event = models.OneToOneField(DialogueEvent, on_delete=models.CASCADE, related_name="attendance")
    total = models.PositiveIntegerField(_("participants in all"))
    women = models.PositiveIntegerField(_("women"))
    men = models.PositiveIntegerField(_("men"))
    youth = models.PositiveIntegerField(_("youth (under 35)"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded"), default=timezone.now)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.CheckConstraint(
                condition=Q(total=F("women") + F("men")), name="dialogues_attendance_parts_add_up"
            ),
            models.CheckConstraint(
                condition=Q(youth__lte=F("total")), name="dialogues_attendance_youth_within_total"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.event}: {self.total}"

    @property
    def women_share(self) -> float:
        """Share of women, 0–1 (0 when nobody came)."""
        return self.women / self.total if self.total else 0.0

    @property
    def youth_share(self) -> float:
        return self.youth / self.total if self.total else 0.0


class Recommendation(models.Model):
    """A recommendation made at an event; ``text`` is translated.

    Forwarding makes a new recommendation at the higher-level event with
    ``forwarded_from`` pointing back, so the chain from the community
    event where it was first made is kept whole.
    """

    event = models.ForeignKey(
        DialogueEvent, on_delete=models.CASCADE, related_name="recommendations"
    )
    text = models.TextField(_("recommendation"))
    addressed_level = models.CharField(_("addressed to"), max_length=16, choices=Level.choices)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=RecommendationStatus.choices,
        default=RecommendationStatus.PROPOSED,
    )
    decline_reason = models.TextField(_("reason for declining"), blank=True)
    forwarded_from = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="forwarded_as",
        verbose_name=_("forwarded from"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("recorded"), default=timezone.now)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)

    class Meta:
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")
        ordering = ["event", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status=RecommendationStatus.DECLINED) | ~Q(decline_reason=""),
                name="dialogues_recommendation_declined_with_reason",
            ),
        ]

    def __str__(self) -> str:
        return self.text[:80]

    def get_absolute_url(self) -> str:
        return reverse("dialogues:recommendation", kwargs={"pk": self.pk})


def attachment_path(instance: "ReportAttachment", filename: str) -> str:
    """Stored under a random name: the original name (any alphabet) is kept in the row."""
    import uuid

    return f"reports/{instance.report.event_id}/{uuid.uuid4().hex}"


class EventReport(models.Model):
    """The narrative report of an event (Markdown, translated); public once published."""

    event = models.OneToOneField(DialogueEvent, on_delete=models.CASCADE, related_name="report")
    body = models.TextField(_("report"))
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("event report")
        verbose_name_plural = _("event reports")

    def __str__(self) -> str:
        return str(self.event)


class ReportAttachment(models.Model):
    """A file of a report, checked by content; served only to those who may see the event."""

    report = models.ForeignKey(EventReport, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("file"), upload_to=attachment_path, storage=private_storage)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveIntegerField(_("size (bytes)"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded"), default=timezone.now)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.original_name

    def get_absolute_url(self) -> str:
        return reverse("dialogues:attachment", kwargs={"pk": self.pk})


class FollowUpAction(models.Model):
    """Something to do after an event, owned by a member organisation."""

    event = models.ForeignKey(DialogueEvent, on_delete=models.CASCADE, related_name="actions")
    recommendation = models.ForeignKey(
        Recommendation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="actions",
        verbose_name=_("recommendation"),
    )
    description = models.TextField(_("action"))
    owner = models.ForeignKey(
        "members.Organisation",
        on_delete=models.PROTECT,
        related_name="follow_up_actions",
        verbose_name=_("owner organisation"),
    )
    due_on = models.DateField(_("due date"))
    status = models.CharField(
        _("status"), max_length=16, choices=ActionStatus.choices, default=ActionStatus.OPEN
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("follow-up action")
        verbose_name_plural = _("follow-up actions")
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return self.description[:80]

    @property
    def is_overdue(self) -> bool:
        return self.status in (ActionStatus.OPEN, ActionStatus.IN_PROGRESS) and (
            self.due_on < timezone.localdate()
        )

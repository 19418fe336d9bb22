"""Member organisations, their people, their membership history and profile changes."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from members.enums import MembershipStatus, OrganisationKind, OrganisationRole
from members.validators import validate_single_line_name

#: Fields anyone may see of a listed, active organisation (directory, detail, export).
PUBLIC_FIELDS = (
    "name", "acronym", "kind", "description", "website", "founded_year",
    "public_email", "public_phone",
)  # fmt: skip
#: Personal contact details: coordinators and the organisation's own people only.
PRIVATE_FIELDS = ("contact_name", "contact_email", "contact_phone")


def logo_path(instance: "Organisation", filename: str) -> str:
    """``logos/<random>.<ext>``: not guessable from the organisation's name (an application
    must not be confirmed by its logo's address); the extension is the checked format."""
    import uuid

    extension = filename.rsplit(".", 1)[-1].lower()
    return f"logos/{uuid.uuid4().hex}.{extension}"


class Organisation(models.Model):
    """A member organisation of the network (DESIGN.md, members paragraph).

    ``description`` is translated (``description_fr``, ``_en``, ``_bm``).
    ``public_email``/``public_phone`` are the organisation's own public
    contact; ``contact_*`` name a person and are private (PRIVATE_FIELDS).
    ``version`` changes with every profile save (optimistic concurrency).
    """

    name = models.CharField(_("name"), max_length=255, validators=[validate_single_line_name])
    acronym = models.CharField(
        _("acronym"), max_length=32, blank=True, validators=[validate_single_line_name]
    )
    slug = models.SlugField(_("slug"), max_length=80, unique=True, allow_unicode=True)
    kind = models.CharField(
        _("kind"), max_length=16, choices=OrganisationKind.choices, default=OrganisationKind.NGO
    )
    regions = models.ManyToManyField(
        "pages.Region",
        blank=True,
        related_name="organisations",
        verbose_name=_("regions of activity"),
    )
    themes = models.ManyToManyField(
        "pages.Theme", blank=True, related_name="organisations", verbose_name=_("themes")
    )
    description = models.TextField(_("description"), blank=True)
    logo = models.ImageField(_("logo"), upload_to=logo_path, blank=True)
    website = models.URLField(_("website"), blank=True)
    founded_year = models.PositiveSmallIntegerField(
        _("year founded"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1900), MaxValueValidator(2100)],
    )
    public_email = models.EmailField(_("public email"), blank=True)
    public_phone = models.CharField(_("public phone"), max_length=32, blank=True)
    contact_name = models.CharField(_("contact person"), max_length=150, blank=True)
    contact_email = models.EmailField(_("contact person's email"), blank=True)
    contact_phone = models.CharField(_("contact person's phone"), max_length=32, blank=True)
    listed = models.BooleanField(
        _("listed in the public directory"),
        default=False,
        help_text=_("Leave unticked to stay out of the public directory."),
    )
    status = models.CharField(
        _("membership status"),
        max_length=16,
        choices=MembershipStatus.choices,
        default=MembershipStatus.APPLICANT,
        db_index=True,
    )
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("applicant"),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    version = models.PositiveIntegerField(_("version"), default=1)

    class Meta:
        verbose_name = _("member organisation")
        verbose_name_plural = _("member organisations")
        ordering = ["name", "pk"]
        indexes = [models.Index(fields=["status", "listed"], name="members_org_directory")]

    def __str__(self) -> str:
        return f"{self.name} ({self.acronym})" if self.acronym else self.name

    def get_absolute_url(self) -> str:
        return reverse("members:detail", kwargs={"slug": self.slug})


class OrganisationPerson(models.Model):
    """A user's place in an organisation; a user may belong to several."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="people",
        verbose_name=_("organisation"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="organisation_roles",
        verbose_name=_("user"),
    )
    role = models.CharField(
        _("organisation role"),
        max_length=16,
        choices=OrganisationRole.choices,
        default=OrganisationRole.EDITOR,
    )
    joined_at = models.DateTimeField(_("joined"), default=timezone.now)

    class Meta:
        verbose_name = _("person of an organisation")
        verbose_name_plural = _("people of organisations")
        ordering = ["user__display_name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "user"], name="members_person_once_per_organisation"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.organisation} · {self.get_role_display()}"


class StatusChange(models.Model):
    """One step of an organisation's membership: who decided, when, why."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="status_changes"
    )
    from_status = models.CharField(
        _("from"), max_length=16, choices=MembershipStatus.choices, blank=True
    )
    to_status = models.CharField(_("to"), max_length=16, choices=MembershipStatus.choices)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    reason = models.TextField(_("reason"), blank=True)
    created_at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        verbose_name = _("membership status change")
        verbose_name_plural = _("membership status changes")
        ordering = ["-created_at", "-pk"]
        # The membership on a given day is the latest change before it
        # (``selectors.active_organisations_at``, the progress pages).
        indexes = [
            models.Index(fields=["organisation", "created_at"], name="members_status_change_day")
        ]

    def __str__(self) -> str:
        return f"{self.organisation}: {self.from_status or '-'} → {self.to_status}"


class ProfileChange(models.Model):
    """A saved profile edit: who, when, which fields (their names, not their values)."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="profile_changes"
    )
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("changed by"),
    )
    fields = models.JSONField(_("fields changed"), default=list)
    #: The organisation's ``version`` this change produced.
    version = models.PositiveIntegerField(_("version"), default=1)
    created_at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        verbose_name = _("profile change")
        verbose_name_plural = _("profile changes")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.organisation}: {', '.join(self.fields)}"


class Invitation(models.Model):
    """An invitation to join an organisation, sent by one of its admins to an email address."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField(_("email address"))
    role = models.CharField(
        _("organisation role"),
        max_length=16,
        choices=OrganisationRole.choices,
        default=OrganisationRole.EDITOR,
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("invited by"),
    )
    created_at = models.DateTimeField(_("sent"), default=timezone.now)
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("accepted by"),
    )

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.email} → {self.organisation}"

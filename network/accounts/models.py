"""Users, their network roles, and the audit log of privileged actions."""

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from network import languages
from network.accounts.enums import AuditAction, Role
from network.accounts.managers import UserManager


class User(AbstractBaseUser, PermissionsMixin):
    """A person who logs in with their email address.

    ``preferred_language`` is one of the served language codes; emails and
    background work addressed to the user render in it.
    """

    # unique=True for Django; the Lower() constraint below also refuses case variants.
    email = models.EmailField(_("email address"), unique=True)
    display_name = models.CharField(
        _("display name"),
        max_length=150,
        help_text=_("How your name is shown to other people of the network."),
    )
    preferred_language = models.CharField(
        _("preferred language"),
        max_length=8,
        choices=[(lang.code, lang.name_local) for lang in languages.PORTAL_LANGUAGES],
        default=languages.DEFAULT_LANGUAGE,
    )
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(
        _("staff status"),
        default=False,
        help_text=_("Whether the user can log into the administration site."),
    )
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["display_name"]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["display_name", "email"]
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                name="accounts_user_email_ci_unique",
                violation_error_message=_("A user with this email address already exists."),
            ),
        ]

    def __str__(self) -> str:
        return self.display_name or self.email

    def get_full_name(self) -> str:
        return self.display_name

    def get_short_name(self) -> str:
        return self.display_name

    @cached_property
    def network_roles(self) -> frozenset[str]:
        """The user's network roles as a set of ``Role`` values (one query, then cached).

        A superuser is an administrator whether or not the row exists.
        """
        roles = set(self.role_assignments.values_list("role", flat=True))
        if self.is_superuser:
            roles.add(Role.ADMINISTRATOR)
        return frozenset(roles)


class RoleAssignment(models.Model):
    """One network role held by one user; granted and revoked through services."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="role_assignments",
        verbose_name=_("user"),
    )
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("granted by"),
    )
    granted_at = models.DateTimeField(_("granted at"), default=timezone.now)

    class Meta:
        verbose_name = _("role")
        verbose_name_plural = _("roles")
        ordering = ["role"]
        constraints = [
            models.UniqueConstraint(fields=["user", "role"], name="accounts_role_once_per_user"),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()}"


class AuditLogEntry(models.Model):
    """A privileged action: who did what to whom, and when. Never edited."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("actor"),
    )
    # No ``choices`` in the database: new actions come with new features, and a
    # migration each time would only churn. ``action_label`` gives the words.
    action = models.CharField(_("action"), max_length=64)
    subject_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("subject"),
    )
    # Kept as text too, so the entry still says whom it was about after deletion.
    subject_repr = models.CharField(_("subject (as written)"), max_length=255, blank=True)
    data = models.JSONField(_("details"), default=dict, blank=True)
    created_at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("audit log entry")
        verbose_name_plural = _("audit log")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action_label} {self.subject_repr}"

    @property
    def action_label(self) -> str:
        """The action in words, in the active language (the code if unknown)."""
        try:
            return str(AuditAction(self.action).label)
        except ValueError:
            return self.action

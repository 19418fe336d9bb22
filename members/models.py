"""Member organisations and their people.

The foundation holds what the roles need (an organisation, its status, its
people and their organisation role); the members issue adds the profile,
the workflow and the directory.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from members.enums import MembershipStatus, OrganisationRole


class Organisation(models.Model):
    name = models.CharField(_("name"), max_length=255)
    acronym = models.CharField(_("acronym"), max_length=32, blank=True)
    slug = models.SlugField(_("slug"), max_length=80, unique=True, allow_unicode=True)
    status = models.CharField(
        _("membership status"),
        max_length=16,
        choices=MembershipStatus.choices,
        default=MembershipStatus.APPLICANT,
    )

    class Meta:
        verbose_name = _("member organisation")
        verbose_name_plural = _("member organisations")
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.acronym})" if self.acronym else self.name


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

    class Meta:
        verbose_name = _("person of an organisation")
        verbose_name_plural = _("people of organisations")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "user"], name="members_person_once_per_organisation"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.organisation} · {self.get_role_display()}"

from django.db import models
from django.utils.translation import pgettext_lazy


class MembershipStatus(models.TextChoices):
    APPLICANT = "applicant", pgettext_lazy("membership status", "Applicant")
    ACTIVE = "active", pgettext_lazy("membership status", "Active")
    SUSPENDED = "suspended", pgettext_lazy("membership status", "Suspended")
    LEFT = "left", pgettext_lazy("membership status", "Left")


class OrganisationRole(models.TextChoices):
    ADMIN = "admin", pgettext_lazy("organisation role", "Administrator")
    EDITOR = "editor", pgettext_lazy("organisation role", "Editor")

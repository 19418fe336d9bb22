from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class MembershipStatus(models.TextChoices):
    """Applicant → active → suspended / left (DESIGN.md); a refused application is declined."""

    APPLICANT = "applicant", pgettext_lazy("membership status", "Applicant")
    ACTIVE = "active", pgettext_lazy("membership status", "Active")
    SUSPENDED = "suspended", pgettext_lazy("membership status", "Suspended")
    LEFT = "left", pgettext_lazy("membership status", "Left")
    DECLINED = "declined", pgettext_lazy("membership status", "Application declined")


class OrganisationRole(models.TextChoices):
    ADMIN = "admin", pgettext_lazy("organisation role", "Administrator")
    EDITOR = "editor", pgettext_lazy("organisation role", "Editor")


class OrganisationKind(models.TextChoices):
    """Kinds of Malian civil-society organisations the network brings together."""

    NGO = "ngo", _("Non-governmental organisation")
    COMMUNITY_BASED = "cbo", _("Community-based organisation")
    WOMEN = "women", _("Women's association")
    YOUTH = "youth", _("Youth association")
    RELIGIOUS_TRADITIONAL = "religious", _("Religious or traditional authority")
    MEDIA = "media", pgettext_lazy("organisation kind", "Media")
    RESEARCH = "research", _("Research or academic institution")
    NETWORK = "network", _("Network or platform")
    OTHER = "other", pgettext_lazy("organisation kind", "Other")

"""Choices of the results framework (DESIGN.md, "network.progress")."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Unit(models.TextChoices):
    """What an indicator's values count: a number of things, or a percentage (0–100)."""

    NUMBER = "number", pgettext_lazy("indicator unit", "Number")
    PERCENT = "percent", pgettext_lazy("indicator unit", "Percentage")


class Direction(models.TextChoices):
    """Which way is good: most indicators should rise, some (incidents) should fall."""

    INCREASE = "increase", _("Higher is better")
    DECREASE = "decrease", _("Lower is better")


class Source(models.TextChoices):
    REPORTED = "reported", pgettext_lazy("indicator source", "Reported")
    COMPUTED = "computed", pgettext_lazy("indicator source", "Computed from the portal")


class ValueStatus(models.TextChoices):
    """Draft → submitted → approved, or returned with a comment and submitted again."""

    DRAFT = "draft", pgettext_lazy("indicator value", "Draft")
    SUBMITTED = "submitted", pgettext_lazy("indicator value", "Submitted")
    APPROVED = "approved", pgettext_lazy("indicator value", "Approved")
    RETURNED = "returned", pgettext_lazy("indicator value", "Returned")


class Progress(models.TextChoices):
    """Where an indicator stands against its target (see ``selectors.progress_status``)."""

    ACHIEVED = "achieved", pgettext_lazy("progress", "Achieved")
    ON_TRACK = "on_track", pgettext_lazy("progress", "On track")
    BEHIND = "behind", pgettext_lazy("progress", "Behind")
    NO_DATA = "no_data", pgettext_lazy("progress", "No value yet")

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Level(models.TextChoices):
    """The ladder of dialogue, from the village up (DESIGN.md); ``rank`` orders it."""

    COMMUNITY = "community", _("Community")
    LOCAL = "local", _("Local (cercle)")
    REGIONAL = "regional", _("Regional")
    NATIONAL = "national", _("National")
    INTERNATIONAL = "international", _("International")

    @property
    def rank(self) -> int:
        return list(Level).index(self)


class EventStatus(models.TextChoices):
    PROPOSED = "proposed", pgettext_lazy("event status", "Proposed")
    PLANNED = "planned", pgettext_lazy("event status", "Planned")
    HELD = "held", pgettext_lazy("event status", "Held")
    CANCELLED = "cancelled", pgettext_lazy("event status", "Cancelled")


class Visibility(models.TextChoices):
    PUBLIC = "public", pgettext_lazy("visibility", "Public")
    NETWORK = "network", _("Network members only")
    RESTRICTED = "restricted", _("Organisers and coordinators only")


class RegistrationStatus(models.TextChoices):
    REGISTERED = "registered", pgettext_lazy("registration", "Registered")
    CANCELLED = "cancelled", pgettext_lazy("registration", "Cancelled")


class RecommendationStatus(models.TextChoices):
    PROPOSED = "proposed", pgettext_lazy("recommendation", "Proposed")
    FORWARDED = "forwarded", _("Forwarded to a higher level")
    TAKEN = "taken", _("Taken into the strategy")
    DECLINED = "declined", pgettext_lazy("recommendation", "Declined")


class ActionStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("follow-up action", "Open")
    IN_PROGRESS = "in_progress", pgettext_lazy("follow-up action", "In progress")
    DONE = "done", pgettext_lazy("follow-up action", "Done")
    DROPPED = "dropped", pgettext_lazy("follow-up action", "Dropped")

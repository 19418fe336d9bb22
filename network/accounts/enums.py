"""Network-wide roles (DESIGN.md, "People and roles").

Being a *member* is not a network role: it follows from belonging to a
member organisation (``members.OrganisationPerson``).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Role(models.TextChoices):
    COORDINATOR = "coordinator", pgettext_lazy("role", "Coordinator")
    DONOR = "donor", pgettext_lazy("role", "Donor or partner officer")
    ADMINISTRATOR = "administrator", pgettext_lazy("role", "Administrator")


class AuditAction(models.TextChoices):
    ROLE_GRANTED = "role.granted", _("Role granted")
    ROLE_REVOKED = "role.revoked", _("Role revoked")
    USER_DELETED = "user.deleted", _("Account deleted")
    MEMBERSHIP_STATUS = "membership.status", _("Membership status changed")
    CONTACTS_EXPORTED = "members.contacts_exported", _("Private contacts exported")
    ORGANISATIONS_IMPORTED = "members.imported", _("Organisations imported")
    PERSON_ADDED = "members.person_added", _("Person added to an organisation")
    PERSON_ROLE_CHANGED = "members.person_role", _("Organisation role changed")
    PERSON_REMOVED = "members.person_removed", _("Person removed from an organisation")
    INVITATION_SENT = "members.invitation_sent", _("Invitation sent")
    INVITATION_WITHDRAWN = "members.invitation_withdrawn", _("Invitation withdrawn")
    PARTICIPANTS_EXPORTED = "dialogues.participants_exported", _("Participant list downloaded")
    EVENT_STATUS = "dialogues.event_status", _("Dialogue event status changed")
    RECOMMENDATION_DECIDED = "dialogues.recommendation", _("Recommendation forwarded or decided")
    SECTION_STATUS = "strategy.section_status", _("Strategy section status changed")
    STRATEGY_PUBLISHED = "strategy.published", _("Strategy published")
    STRATEGY_UNPUBLISHED = "strategy.unpublished", _("Strategy withdrawn from the public")
    INDICATOR_SAVED = "progress.indicator", _("Indicator created or changed")
    PERIOD_SAVED = "progress.period", _("Reporting period created, changed or deleted")
    MILESTONE_SAVED = "progress.milestone", _("Milestone created, changed or deleted")
    VALUE_DECIDED = "progress.value_decided", _("Indicator value approved or returned")

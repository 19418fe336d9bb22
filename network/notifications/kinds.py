"""Every kind of notification the portal sends, declared in one place.

A kind has a key (``"membership.decided"``), a label and a description for
the preferences page, a default delivery, and the sentence that tells the
reader what happened. The sentence is a translatable string with
``%(name)s`` placeholders filled from the notification's ``data`` (plain
strings stored when the notification is made, so the email can be rendered
later in any language).
"""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from network.notifications.enums import Frequency


@dataclass(frozen=True)
class NotificationKind:
    key: str
    label: Promise
    description: Promise
    default: Frequency
    #: What happened, e.g. "%(actor)s replied to your comment on %(target)s".
    message: Promise


KINDS: dict[str, NotificationKind] = {
    kind.key: kind
    for kind in (
        NotificationKind(
            "membership.applied",
            _("Membership applications"),
            _("An organisation applied to join the network (for coordinators)."),
            Frequency.IMMEDIATELY,
            _("%(target)s applied to join the network."),
        ),
        NotificationKind(
            "membership.added",
            _("Added to an organisation"),
            _("An administrator of a member organisation added you to its people."),
            Frequency.IMMEDIATELY,
            _("%(actor)s added you to %(target)s."),
        ),
        NotificationKind(
            "membership.decided",
            _("Membership decisions"),
            _("A coordinator approved or declined your organisation's membership application."),
            Frequency.IMMEDIATELY,
            _("Membership application of %(target)s: %(decision)s."),
        ),
        NotificationKind(
            "dialogue.published",
            _("New dialogue events"),
            _("A dialogue event was published in a region or on a theme you follow."),
            Frequency.DAILY,
            _("New dialogue event: %(target)s."),
        ),
        NotificationKind(
            "dialogue.registration",
            _("Registrations to dialogue events"),
            _("Your organisation registered you as a delegate, or cancelled the registration."),
            Frequency.IMMEDIATELY,
            _("%(actor)s registered you as a delegate to %(target)s."),
        ),
        NotificationKind(
            "dialogue.cancelled",
            _("Cancelled dialogue events"),
            _("An event you are registered for was cancelled, or your registration was."),
            Frequency.IMMEDIATELY,
            _("Cancelled: %(target)s."),
        ),
        NotificationKind(
            "dialogue.reminder",
            _("Reminders of dialogue events"),
            _("Two days before an event you are registered for."),
            Frequency.IMMEDIATELY,
            _("Reminder: %(target)s starts in two days."),
        ),
        NotificationKind(
            "dialogue.report_published",
            _("Reports of dialogue events"),
            _("The report of an event you took part in or organised was published."),
            Frequency.IMMEDIATELY,
            _("The report of %(target)s is published."),
        ),
        NotificationKind(
            "strategy.section_changed",
            _("Changes to sections you follow"),
            _("Someone saved a new text of a strategy section you follow."),
            Frequency.DAILY,
            _("%(actor)s changed the section %(target)s."),
        ),
        NotificationKind(
            "strategy.section_in_review",
            _("Sections put in review"),
            _("A strategy section you follow was put in review."),
            Frequency.IMMEDIATELY,
            _("The section %(target)s is in review."),
        ),
        NotificationKind(
            "strategy.comment_reply",
            _("Replies to your comments"),
            _("Someone replied to a comment you wrote on the strategy."),
            Frequency.IMMEDIATELY,
            _("%(actor)s replied to your comment on %(target)s."),
        ),
        NotificationKind(
            "strategy.amendment_decided",
            _("Decisions on your amendments"),
            _("A coordinator accepted or rejected an amendment you proposed."),
            Frequency.IMMEDIATELY,
            _("Your amendment to %(target)s was %(decision)s."),
        ),
        NotificationKind(
            "progress.value_submitted",
            _("Indicator values awaiting approval"),
            _("A value was submitted for an indicator and waits for a coordinator's approval."),
            Frequency.DAILY,
            _("A value for %(target)s waits for approval."),
        ),
        NotificationKind(
            "progress.value_decided",
            _("Decisions on indicator values"),
            _("A coordinator approved or returned an indicator value you entered."),
            Frequency.IMMEDIATELY,
            _("Your value for %(target)s was %(decision)s."),
        ),
        NotificationKind(
            "news.published",
            _("News of the network"),
            _("A coordinator published a news post."),
            Frequency.WEEKLY,
            _("News: %(target)s."),
        ),
    )
}


def get_kind(key: str) -> NotificationKind:
    """The kind declared under ``key``; raises ``KeyError`` for an undeclared kind."""
    return KINDS[key]

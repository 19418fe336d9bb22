"""A person's data held by the dialogues app, for their "My data" download."""

from django.utils.translation import gettext_lazy as _

from dialogues.models import DialogueEvent, Registration
from network.accounts import personal_data
from network.accounts.personal_data import iso


def dialogues_data(user) -> dict:
    """Events ``user`` was registered for, and events they created or proposed (2 queries)."""
    registrations = Registration.objects.filter(delegate=user).select_related(
        "event", "organisation"
    )
    created = DialogueEvent.objects.filter(created_by=user).only(
        "title", "slug", "status", "created_at"
    )
    return {
        "registrations": [
            {
                "event": registration.event.title,
                "slug": registration.event.slug,
                "organisation": registration.organisation.name,
                "status": registration.status,
                "registered": iso(registration.created_at),
            }
            for registration in registrations.order_by("created_at", "pk")
        ],
        "events_created_or_proposed": [
            {
                "event": event.title,
                "slug": event.slug,
                "status": event.status,
                "created": iso(event.created_at),
            }
            for event in created.order_by("created_at", "pk")
        ],
    }


def register() -> None:
    personal_data.register(
        "dialogues",
        dialogues_data,
        description=_("The dialogue events you were registered for, and those you proposed."),
    )

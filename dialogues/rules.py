"""Who may see and do what with dialogue events (django-rules).

Object predicates take ``(user, event)``. From DESIGN.md: coordinators manage
events; members register delegates and report on the events their
organisation organised; donors read; visibility is public, network (members,
coordinators, donors) or restricted (organisers and coordinators).
"""

import rules

from dialogues.enums import EventStatus, Visibility
from members.enums import MembershipStatus, OrganisationRole
from members.rules import is_member
from network.accounts.rules import is_administrator, is_coordinator, is_donor

staff = is_coordinator | is_administrator


def _organiser_role(user, event) -> str | None:
    """The user's best role in an organisation organising ``event`` ("admin", "editor", None)."""
    if not user.is_authenticated or event is None or event.pk is None:
        return None
    cache = user.__dict__.setdefault("_organiser_roles", {})
    if event.pk not in cache:
        roles = set(
            event.organisers.filter(status=MembershipStatus.ACTIVE, people__user=user).values_list(
                "people__role", flat=True
            )
        )
        cache[event.pk] = (
            OrganisationRole.ADMIN
            if OrganisationRole.ADMIN in roles
            else (OrganisationRole.EDITOR if roles else None)
        )
    return cache[event.pk]


def forget_organiser_roles(user) -> None:
    if user is not None and hasattr(user, "__dict__"):
        user.__dict__.pop("_organiser_roles", None)


@rules.predicate
def is_organiser(user, event) -> bool:
    return _organiser_role(user, event) is not None


@rules.predicate
def is_published(user, event) -> bool:
    return event is not None and event.status != EventStatus.PROPOSED


@rules.predicate
def is_public_event(user, event) -> bool:
    return event is not None and event.visibility == Visibility.PUBLIC


@rules.predicate
def is_network_event(user, event) -> bool:
    return event is not None and event.visibility == Visibility.NETWORK


@rules.predicate
def is_open_for_registration(user, event) -> bool:
    from django.utils import timezone

    return (
        event is not None and event.status == EventStatus.PLANNED and event.ends_at > timezone.now()
    )


@rules.predicate
def is_org_admin_somewhere(user) -> bool:
    """Admin of at least one active member organisation."""
    if not user.is_authenticated:
        return False
    return user.organisation_roles.filter(
        role=OrganisationRole.ADMIN, organisation__status=MembershipStatus.ACTIVE
    ).exists()


can_view = (
    staff
    | is_organiser
    | (is_published & (is_public_event | (is_network_event & (is_member | is_donor))))
)

rules.add_perm("dialogues.view_event", can_view)
rules.add_perm("dialogues.add_event", is_coordinator)
rules.add_perm("dialogues.propose_event", is_org_admin_somewhere)
rules.add_perm("dialogues.change_event", is_coordinator)
rules.add_perm(
    "dialogues.register_delegates", can_view & is_org_admin_somewhere & is_open_for_registration
)
rules.add_perm("dialogues.view_participants", staff | is_organiser)
rules.add_perm("dialogues.report_on_event", is_coordinator | is_organiser)
rules.add_perm("dialogues.decide_recommendation", is_coordinator)
rules.add_perm("dialogues.view_overdue_actions", is_coordinator)

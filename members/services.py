"""Writes on member organisations: joining, status, profile, people, invitations."""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core import signing
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy

from members.enums import MembershipStatus, OrganisationRole
from members.models import (
    Invitation,
    Organisation,
    OrganisationPerson,
    ProfileChange,
    StatusChange,
)
from members.rules import forget_roles
from network.accounts.enums import AuditAction, Role
from network.accounts.services import audit_log_write
from network.notifications.services import notify, text_in_every_language
from network.pages.services import insert_with_unique_slug, unique_slug

INVITATION_SALT = "members.invitation"
#: Seconds an invitation link stays valid (30 days).
INVITATION_MAX_AGE = 30 * 24 * 3600

#: Which membership status may follow which (DESIGN.md: applicant → active →
#: suspended / left). A declined application may apply again.
TRANSITIONS: dict[str, set[str]] = {
    MembershipStatus.APPLICANT: {MembershipStatus.ACTIVE, MembershipStatus.DECLINED},
    MembershipStatus.ACTIVE: {MembershipStatus.SUSPENDED, MembershipStatus.LEFT},
    MembershipStatus.SUSPENDED: {MembershipStatus.ACTIVE, MembershipStatus.LEFT},
    MembershipStatus.LEFT: {MembershipStatus.ACTIVE},
    MembershipStatus.DECLINED: {MembershipStatus.APPLICANT},
}


class MembershipError(Exception):
    """A membership action that the rules refuse; ``str()`` is the reason (translatable code)."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class ProfileConflict(Exception):
    """The profile changed after the editor opened it.

    ``current`` is the organisation as saved now; ``changes`` are the
    profile changes made since the editor's version, oldest first.
    """

    current: Organisation
    changes: list[ProfileChange]


#: Words that ``members/<slug>/`` cannot be: other routes under ``members/`` use them.
RESERVED_SLUGS = frozenset({"apply", "applications", "import", "export", "invitations"})


def organisation_slug(name: str) -> str:
    """A free slug for an organisation called ``name``, in any script (ɛ, ɔ, ɲ, ŋ kept)."""
    return unique_slug(
        text=name, model=Organisation, fallback="organisation", reserved=RESERVED_SLUGS
    )


def _coordinators():
    return get_user_model().objects.filter(is_active=True, role_assignments__role=Role.COORDINATOR)


def _set_m2m(organisation: Organisation, m2m: dict) -> None:
    for name, values in m2m.items():
        getattr(organisation, name).set(values)


@transaction.atomic
def organisation_apply(*, applicant, fields: dict, m2m: dict | None = None) -> Organisation:
    """A logged-in person applies on behalf of a new organisation.

    ``fields``: model field values (name, kind, description_fr…); ``m2m``:
    ``{"regions": [...], "themes": [...]}``. Side effects, in order: the
    organisation (status applicant, ``applied_by`` the applicant, a slug
    from its name in any script); its first ``StatusChange``; a
    ``membership.applied`` notification to the coordinators.
    """
    organisation = Organisation(**fields, applied_by=applicant)
    organisation.status = MembershipStatus.APPLICANT
    insert_with_unique_slug(
        organisation, text=organisation.name, fallback="organisation", reserved=RESERVED_SLUGS
    )
    _set_m2m(organisation, m2m or {})
    StatusChange.objects.create(
        organisation=organisation,
        from_status="",
        to_status=MembershipStatus.APPLICANT,
        decided_by=applicant,
    )
    notify(
        kind="membership.applied",
        recipients=_coordinators(),
        actor=applicant,
        target=organisation,
    )
    return organisation


@transaction.atomic
def organisation_set_status(
    *, organisation: Organisation, to_status: str, decided_by, reason: str = ""
) -> StatusChange:
    """Move an organisation to ``to_status``; return the recorded step.

    Allowed steps are ``TRANSITIONS``; declining, suspending and ending a
    membership need a reason. Side effects, in order: the status saved; a
    ``StatusChange`` (who, when, why); an audit entry; on approval
    (applicant → active) the applicant becomes the organisation's admin;
    on a decision about an application, a ``membership.decided``
    notification to the applicant.

    Raises ``MembershipError("transition")`` for a step not allowed and
    ``MembershipError("reason")`` when a needed reason is missing.
    """
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    from_status = organisation.status
    if to_status not in TRANSITIONS.get(from_status, set()):
        raise MembershipError("transition")
    reason = reason.strip()
    needs_reason = to_status in {
        MembershipStatus.DECLINED,
        MembershipStatus.SUSPENDED,
        MembershipStatus.LEFT,
    }
    if needs_reason and not reason:
        raise MembershipError("reason")
    organisation.status = to_status
    organisation.save(update_fields=["status", "updated_at"])
    change = StatusChange.objects.create(
        organisation=organisation,
        from_status=from_status,
        to_status=to_status,
        decided_by=decided_by,
        reason=reason,
    )
    audit_log_write(
        actor=decided_by,
        action=AuditAction.MEMBERSHIP_STATUS,
        subject_repr=str(organisation),
        data={"organisation": organisation.pk, "from": from_status, "to": to_status},
    )
    applicant = organisation.applied_by
    if from_status == MembershipStatus.APPLICANT and applicant is not None:
        if to_status == MembershipStatus.ACTIVE:
            OrganisationPerson.objects.update_or_create(
                organisation=organisation,
                user=applicant,
                defaults={"role": OrganisationRole.ADMIN},
            )
        notify(
            kind="membership.decided",
            recipients=[applicant],
            actor=decided_by,
            target=organisation,
            data={"decision": text_in_every_language(DECISION_WORDS[to_status])},
        )
    return change


DECISION_WORDS = {
    MembershipStatus.ACTIVE: gettext_lazy("approved"),
    MembershipStatus.DECLINED: gettext_lazy("declined"),
}


def _same(stored, submitted) -> bool:
    """Equal values, counting an empty translation (``None``) and ``""`` as the same."""
    if stored in (None, "") and submitted in (None, ""):
        return True
    return stored == submitted


@transaction.atomic
def organisation_update_profile(
    *,
    organisation: Organisation,
    fields: dict,
    m2m: dict | None = None,
    changed_by,
    loaded_version: int,
) -> ProfileChange | None:
    """Save a profile edit made from version ``loaded_version``; return the recorded change.

    Compares each value with what is stored and writes only the fields
    that differ; returns ``None`` when nothing changed. Side effects, in
    order: the organisation saved with ``version`` + 1; its regions and
    themes; one ``ProfileChange`` (who, when, which field names).

    Raises ``ProfileConflict`` (and saves nothing) when someone saved the
    profile after ``loaded_version``: no edit silently overwrites another.
    """
    current = Organisation.objects.select_for_update().get(pk=organisation.pk)
    if current.version != loaded_version:
        raise ProfileConflict(
            current=current,
            changes=list(
                current.profile_changes.filter(version__gt=loaded_version)
                .select_related("changed_by")
                .order_by("version")
            ),
        )
    changed = [name for name, value in fields.items() if not _same(getattr(current, name), value)]
    for name, values in (m2m or {}).items():
        before = {obj.pk for obj in getattr(current, name).all()}
        if before != {obj.pk for obj in values}:
            changed.append(name)
    if not changed:
        return None
    for name in changed:
        if name in fields:
            setattr(current, name, fields[name])
    current.version += 1
    current.save()
    _set_m2m(current, {k: v for k, v in (m2m or {}).items() if k in changed})
    organisation.version = current.version
    return ProfileChange.objects.create(
        organisation=current, changed_by=changed_by, fields=changed, version=current.version
    )


# --- People -----------------------------------------------------------------


def _lock_organisation(organisation_id: int) -> Organisation:
    """Lock the organisation row: decisions about its admins are taken one at a time.

    Without it, two admins demoting each other at the same moment on
    PostgreSQL would both count two admins and leave none.
    """
    return Organisation.objects.select_for_update().get(pk=organisation_id)


def _admin_count(organisation: Organisation) -> int:
    return organisation.people.filter(role=OrganisationRole.ADMIN).count()


def _audit_person(action, *, actor, person: OrganisationPerson, **data) -> None:
    audit_log_write(
        actor=actor,
        action=action,
        subject_user=person.user,
        data={"organisation": person.organisation_id, **data},
    )


@transaction.atomic
def person_set_role(*, person: OrganisationPerson, role: str, changed_by) -> OrganisationPerson:
    """Change a person's organisation role (admin or editor).

    Side effects: the role saved; an audit entry. Raises
    ``MembershipError("last_admin")`` when it would leave the organisation
    without an admin.
    """
    _lock_organisation(person.organisation_id)
    person = OrganisationPerson.objects.select_related("user").get(pk=person.pk)
    role = OrganisationRole(role)
    if person.role == OrganisationRole.ADMIN and role != OrganisationRole.ADMIN:
        if _admin_count(person.organisation) <= 1:
            raise MembershipError("last_admin")
    if person.role != role:
        _audit_person(
            AuditAction.PERSON_ROLE_CHANGED, actor=changed_by, person=person,
            **{"from": person.role, "to": role.value},
        )  # fmt: skip
        person.role = role
        person.save(update_fields=["role"])
    forget_roles(changed_by, person.user)
    return person


@transaction.atomic
def person_remove(*, person: OrganisationPerson, removed_by) -> None:
    """Take a person out of an organisation (their account stays), with an audit entry.

    Raises ``MembershipError("last_admin")`` for the last admin.
    """
    _lock_organisation(person.organisation_id)
    person = OrganisationPerson.objects.select_related("user").get(pk=person.pk)
    if person.role == OrganisationRole.ADMIN and _admin_count(person.organisation) <= 1:
        raise MembershipError("last_admin")
    _audit_person(AuditAction.PERSON_REMOVED, actor=removed_by, person=person, role=person.role)
    person.delete()
    forget_roles(removed_by, person.user)


def invitation_token(invitation: Invitation) -> str:
    """The signed token of an invitation link (valid ``INVITATION_MAX_AGE`` seconds)."""
    return signing.dumps(invitation.pk, salt=INVITATION_SALT)


def invitation_from_token(token: str) -> Invitation:
    """The pending invitation behind ``token``.

    Raises ``signing.BadSignature`` (or its subclass ``SignatureExpired``)
    for a forged or expired token, ``Invitation.DoesNotExist`` when it is
    gone or already accepted.
    """
    pk = signing.loads(token, salt=INVITATION_SALT, max_age=INVITATION_MAX_AGE)
    return Invitation.objects.select_related("organisation").get(pk=pk, accepted_at__isnull=True)


@transaction.atomic
def invitation_send(*, organisation: Organisation, email: str, role: str, invited_by) -> Invitation:
    """Invite ``email`` to the organisation with ``role``; return the pending invitation.

    Everyone, with or without an account, gets an email with a signed link
    and joins only by accepting it: nobody is attached without consent, and
    the inviter learns nothing about whether the address has an account.
    Inviting the same address again renews the pending invitation (new
    date, new link, the role now chosen). Side effects, in order: the
    invitation; an audit entry; the email, after commit.

    Raises ``MembershipError("already_member")`` when the account with that
    address already belongs to the organisation, and
    ``MembershipError("organisation_inactive")`` for a suspended, left or
    declined organisation.
    """
    from members.emails import send_invitation_email

    if organisation.status not in (MembershipStatus.ACTIVE, MembershipStatus.APPLICANT):
        raise MembershipError("organisation_inactive")
    if organisation.people.filter(user__email__iexact=email).exists():
        raise MembershipError("already_member")
    invitation = (
        organisation.invitations.filter(email__iexact=email, accepted_at__isnull=True)
        .order_by("-created_at")
        .first()
    )
    if invitation is None:
        invitation = Invitation(organisation=organisation, email=email)
    invitation.role = role
    invitation.invited_by = invited_by
    invitation.created_at = timezone.now()
    invitation.save()
    audit_log_write(
        actor=invited_by,
        action=AuditAction.INVITATION_SENT,
        subject_repr=email,
        data={"organisation": organisation.pk, "role": role},
    )
    transaction.on_commit(lambda: send_invitation_email(invitation.pk))
    return invitation


def invitation_withdraw(*, invitation: Invitation, withdrawn_by) -> None:
    """Delete a pending invitation: its link stops working (audited)."""
    audit_log_write(
        actor=withdrawn_by,
        action=AuditAction.INVITATION_WITHDRAWN,
        subject_repr=invitation.email,
        data={"organisation": invitation.organisation_id},
    )
    invitation.delete()


@transaction.atomic
def invitation_accept(*, invitation: Invitation, user) -> OrganisationPerson:
    """Attach ``user`` to the invitation's organisation and mark it accepted.

    The invitation was sent to an address: only the account with that
    address may accept it. Raises ``MembershipError("wrong_account")``
    otherwise, and ``MembershipError("organisation_inactive")`` when the
    organisation is suspended, has left or was declined meanwhile.
    """
    if user.email.lower() != invitation.email.lower():
        raise MembershipError("wrong_account")
    if invitation.organisation.status not in {
        MembershipStatus.ACTIVE,
        MembershipStatus.APPLICANT,
    }:
        raise MembershipError("organisation_inactive")
    person, _created = OrganisationPerson.objects.get_or_create(
        organisation=invitation.organisation, user=user, defaults={"role": invitation.role}
    )
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    forget_roles(user)
    return person

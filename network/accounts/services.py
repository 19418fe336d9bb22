"""Writes on users, roles and the audit log (HackSoft's service layer)."""

from django.db import transaction

from network import languages
from network.accounts.enums import AuditAction, Role
from network.accounts.models import AuditLogEntry, RoleAssignment, User


def audit_log_write(
    *,
    actor: User | None,
    action: AuditAction,
    subject_user: User | None = None,
    subject_repr: str = "",
    data: dict | None = None,
) -> AuditLogEntry:
    """Write one audit log entry and return it.

    ``data`` must be JSON-serialisable; ``subject_repr`` defaults to the
    subject user's email so the entry still reads after the user is deleted.
    """
    return AuditLogEntry.objects.create(
        actor=actor,
        action=action,
        subject_user=subject_user,
        subject_repr=subject_repr or (subject_user.email if subject_user else ""),
        data=data or {},
    )


def _sync_admin_flags(user: User) -> None:
    """Keep Django's flags in step with the administrator role.

    Administrators run the Django admin and manage users and roles
    (DESIGN.md), which in Django terms is ``is_staff`` and ``is_superuser``.
    """
    is_admin = user.role_assignments.filter(role=Role.ADMINISTRATOR).exists()
    if user.is_staff != is_admin or user.is_superuser != is_admin:
        user.is_staff = is_admin
        user.is_superuser = is_admin
        user.save(update_fields=["is_staff", "is_superuser"])


@transaction.atomic
def role_grant(*, user: User, role: Role | str, granted_by: User | None) -> RoleAssignment:
    """Give ``user`` the network ``role``; return the assignment.

    Idempotent: granting a role the user already holds changes nothing and
    writes no audit entry. Side effects, in order: a ``RoleAssignment`` row;
    for the administrator role, ``is_staff``/``is_superuser`` set; one audit
    log entry ``role.granted`` (actor, subject, role).

    Raises ``ValueError`` for an unknown role.
    """
    role = Role(role)
    assignment, created = RoleAssignment.objects.get_or_create(
        user=user, role=role, defaults={"granted_by": granted_by}
    )
    if created:
        if role == Role.ADMINISTRATOR:
            _sync_admin_flags(user)
        audit_log_write(
            actor=granted_by,
            action=AuditAction.ROLE_GRANTED,
            subject_user=user,
            data={"role": role.value},
        )
        user.__dict__.pop("network_roles", None)
    return assignment


@transaction.atomic
def role_revoke(*, user: User, role: Role | str, revoked_by: User | None) -> bool:
    """Take the network ``role`` from ``user``; return whether they held it.

    Side effects, in order: the ``RoleAssignment`` row deleted; for the
    administrator role, ``is_staff``/``is_superuser`` cleared; one audit log
    entry ``role.revoked``. Nothing is written when the user did not hold it.

    Raises ``ValueError`` for an unknown role.
    """
    role = Role(role)
    deleted, _ = RoleAssignment.objects.filter(user=user, role=role).delete()
    if not deleted:
        return False
    if role == Role.ADMINISTRATOR:
        _sync_admin_flags(user)
    audit_log_write(
        actor=revoked_by,
        action=AuditAction.ROLE_REVOKED,
        subject_user=user,
        data={"role": role.value},
    )
    user.__dict__.pop("network_roles", None)
    return True


@transaction.atomic
def user_delete(*, user: User, deleted_by: User | None) -> None:
    """Delete ``user`` (their roles go with them) and audit it.

    Side effects, in order: one audit entry ``user.deleted`` naming the
    roles the user held; the user row and what cascades from it deleted.
    """
    audit_log_write(
        actor=deleted_by,
        action=AuditAction.USER_DELETED,
        subject_user=None,
        subject_repr=user.email,
        data={"roles": sorted(user.network_roles)},
    )
    user.delete()


def user_set_preferred_language(*, user: User, language: str) -> None:
    """Store ``language`` (a served language code) as the user's preferred language.

    Raises ``ValueError`` when ``language`` is not served.
    """
    if language not in {lang.code for lang in languages.PORTAL_LANGUAGES}:
        raise ValueError(f"Language not served: {language!r}")
    if user.preferred_language != language:
        user.preferred_language = language
        user.save(update_fields=["preferred_language"])


def email_mark_verified(*, user: User) -> None:
    """Record the user's own address as their verified, primary allauth address."""
    from allauth.account.models import EmailAddress

    EmailAddress.objects.update_or_create(
        user=user,
        email=user.email,
        defaults={"verified": True, "primary": True},
    )

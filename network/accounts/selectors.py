"""Reads on users and roles that other code reuses."""

from django.db.models import QuerySet

from network.accounts.enums import Role
from network.accounts.models import AuditLogEntry, User


def users_with_role(*, role: Role | str) -> QuerySet[User]:
    """Active users holding the network ``role``, by display name."""
    return User.objects.filter(is_active=True, role_assignments__role=Role(role)).distinct()


def audit_log_for_user(*, user: User) -> QuerySet[AuditLogEntry]:
    """Audit entries whose subject is ``user``, newest first, with their actor."""
    return AuditLogEntry.objects.filter(subject_user=user).select_related("actor")

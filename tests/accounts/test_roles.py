"""Network roles: predicates, services, audit log, admin."""

import pytest

from network.accounts.enums import AuditAction, Role
from network.accounts.models import AuditLogEntry, RoleAssignment
from network.accounts.rules import is_administrator, is_coordinator, is_donor, needs_two_factor
from network.accounts.services import role_grant, role_revoke
from tests.factories import UserFactory


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("roles", "expected"),
    [
        ([], (False, False, False, False)),
        (["coordinator"], (True, False, False, True)),
        (["donor"], (False, True, False, False)),
        (["administrator"], (False, False, True, True)),
        (["coordinator", "donor"], (True, True, False, True)),
    ],
)
def test_role_predicates(roles, expected):
    user = UserFactory(roles=roles)

    result = (is_coordinator(user), is_donor(user), is_administrator(user), needs_two_factor(user))

    assert result == expected


def test_role_predicates_refuse_anonymous():
    from django.contrib.auth.models import AnonymousUser

    anonymous = AnonymousUser()

    assert [is_coordinator(anonymous), is_donor(anonymous), is_administrator(anonymous)] == [
        False,
        False,
        False,
    ]


@pytest.mark.django_db
def test_role_grant_writes_audit_entry_once(administrator):
    user = UserFactory()

    role_grant(user=user, role=Role.COORDINATOR, granted_by=administrator)
    role_grant(user=user, role=Role.COORDINATOR, granted_by=administrator)

    entries = list(AuditLogEntry.objects.filter(subject_user=user))
    assert [(e.actor, e.action, e.data) for e in entries] == [
        (administrator, AuditAction.ROLE_GRANTED, {"role": "coordinator"})
    ]


@pytest.mark.django_db
def test_role_revoke_writes_audit_entry_and_clears_admin_flags(administrator):
    user = UserFactory(roles=["administrator"])
    assert (user.is_staff, user.is_superuser) == (True, True)

    revoked = role_revoke(user=user, role=Role.ADMINISTRATOR, revoked_by=administrator)

    user.refresh_from_db()
    assert revoked is True
    assert (user.is_staff, user.is_superuser) == (False, False)
    assert (
        AuditLogEntry.objects.filter(subject_user=user).first().action == AuditAction.ROLE_REVOKED
    )


@pytest.mark.django_db
def test_role_revoke_of_role_not_held_writes_nothing(administrator):
    user = UserFactory()

    revoked = role_revoke(user=user, role=Role.DONOR, revoked_by=administrator)

    assert revoked is False
    assert AuditLogEntry.objects.filter(subject_user=user).count() == 0


@pytest.mark.django_db
def test_role_granted_in_the_admin_is_audited(client, administrator):
    user = UserFactory()
    client.force_login(administrator)
    url = f"/admin/accounts/user/{user.pk}/change/"
    page = client.get(url)
    form = page.context["adminform"].form
    data = {
        "email": user.email,
        "display_name": user.display_name,
        "preferred_language": "fr",
        "is_active": "on",
        "date_joined_0": "",
        "role_assignments-TOTAL_FORMS": "1",
        "role_assignments-INITIAL_FORMS": "0",
        "role_assignments-MIN_NUM_FORMS": "0",
        "role_assignments-MAX_NUM_FORMS": "1000",
        "role_assignments-0-role": "donor",
        "role_assignments-0-user": str(user.pk),
    }
    assert "email" in form.fields

    response = client.post(url, data)

    assert response.status_code == 302
    assert list(RoleAssignment.objects.filter(user=user).values_list("role", flat=True)) == [
        "donor"
    ]
    entry = AuditLogEntry.objects.get(subject_user=user)
    assert (entry.actor, entry.action, entry.data) == (
        administrator,
        AuditAction.ROLE_GRANTED,
        {"role": "donor"},
    )


@pytest.mark.django_db
def test_role_removed_in_the_admin_is_audited(client, administrator):
    user = UserFactory(roles=["donor"])
    assignment = RoleAssignment.objects.get(user=user)
    client.force_login(administrator)
    data = {
        "email": user.email,
        "display_name": user.display_name,
        "preferred_language": "fr",
        "is_active": "on",
        "role_assignments-TOTAL_FORMS": "1",
        "role_assignments-INITIAL_FORMS": "1",
        "role_assignments-MIN_NUM_FORMS": "0",
        "role_assignments-MAX_NUM_FORMS": "1000",
        "role_assignments-0-id": str(assignment.pk),
        "role_assignments-0-user": str(user.pk),
        "role_assignments-0-role": "donor",
        "role_assignments-0-DELETE": "on",
    }

    response = client.post(f"/admin/accounts/user/{user.pk}/change/", data)

    assert response.status_code == 302
    assert RoleAssignment.objects.filter(user=user).count() == 0
    assert (
        AuditLogEntry.objects.filter(
            subject_user=user, action=AuditAction.ROLE_REVOKED, actor=administrator
        ).count()
        == 1
    )


@pytest.mark.django_db
def test_non_staff_user_cannot_open_the_admin(client, coordinator):
    client.force_login(coordinator)

    response = client.get("/admin/", follow=True)

    assert response.redirect_chain == [("/admin/login/?next=/admin/", 302)]
    assert response.status_code == 403


@pytest.mark.django_db
def test_role_changed_in_place_in_the_admin_revokes_the_old_one(client, administrator):
    user = UserFactory(roles=["coordinator"])
    assignment = RoleAssignment.objects.get(user=user)
    client.force_login(administrator)
    data = {
        "email": user.email,
        "display_name": user.display_name,
        "preferred_language": "fr",
        "is_active": "on",
        "role_assignments-TOTAL_FORMS": "1",
        "role_assignments-INITIAL_FORMS": "1",
        "role_assignments-MIN_NUM_FORMS": "0",
        "role_assignments-MAX_NUM_FORMS": "1000",
        "role_assignments-0-id": str(assignment.pk),
        "role_assignments-0-user": str(user.pk),
        "role_assignments-0-role": "donor",
    }

    client.post(f"/admin/accounts/user/{user.pk}/change/", data)

    assert list(RoleAssignment.objects.filter(user=user).values_list("role", flat=True)) == [
        "donor"
    ]
    actions = list(
        AuditLogEntry.objects.filter(subject_user=user).order_by("id").values_list("action", "data")
    )
    assert actions[-2:] == [
        (AuditAction.ROLE_REVOKED, {"role": "coordinator"}),
        (AuditAction.ROLE_GRANTED, {"role": "donor"}),
    ]


@pytest.mark.django_db
def test_superuser_holds_the_administrator_role_row():
    from network.accounts.models import User

    user = User.objects.create_superuser(email="root@example.org", password="x", display_name="R")

    assert list(user.role_assignments.values_list("role", flat=True)) == ["administrator"]


@pytest.mark.django_db
def test_deleting_a_user_in_the_admin_is_audited(client, administrator):
    user = UserFactory(email="leaving@example.org", roles=["coordinator"])
    client.force_login(administrator)

    client.post(f"/admin/accounts/user/{user.pk}/delete/", {"post": "yes"})

    entry = AuditLogEntry.objects.get(action=AuditAction.USER_DELETED)
    assert (entry.actor, entry.subject_repr, entry.data) == (
        administrator,
        "leaving@example.org",
        {"roles": ["coordinator"]},
    )

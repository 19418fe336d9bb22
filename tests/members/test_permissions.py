"""Every members view × every role: the status each one gets (DESIGN.md: a denied object is 404).

A URL pattern of the members app with no row here fails the test, so a new
view cannot ship without its permissions being decided.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from members.enums import OrganisationRole
from members.models import Invitation
from members.services import invitation_token
from tests.factories import OrganisationFactory, OrganisationPersonFactory, UserFactory

ROLES = [
    "visitor",
    "org_admin",
    "org_editor",
    "other_member",
    "coordinator",
    "donor",
    "administrator",
]
LOGIN = 302
# (url name, method): expected status for each role, in ROLES order.
MATRIX = {
    ("directory", "get"): [200, 200, 200, 200, 200, 200, 200],
    ("apply", "get"): [LOGIN, 200, 200, 200, 200, 200, 200],
    ("applications", "get"): [LOGIN, 404, 404, 404, 200, 404, 200],
    ("detail", "get"): [200, 200, 200, 200, 200, 200, 200],
    ("edit", "get"): [LOGIN, 200, 200, 404, 404, 404, 200],
    ("history", "get"): [LOGIN, 200, 404, 404, 200, 404, 200],
    ("decide", "get"): [LOGIN, 404, 404, 404, 200, 404, 200],
    ("status", "get"): [LOGIN, 404, 404, 404, 200, 404, 200],
    ("people", "get"): [LOGIN, 200, 404, 404, 200, 404, 200],
    ("invite", "get"): [LOGIN, 405, 404, 404, 405, 404, 405],
    ("person_role", "get"): [LOGIN, 405, 404, 404, 405, 404, 405],
    ("person_remove", "get"): [LOGIN, 405, 404, 404, 405, 404, 405],
    ("invitation_withdraw", "get"): [LOGIN, 405, 404, 404, 405, 404, 405],
    ("invitation", "get"): [200, 200, 200, 200, 200, 200, 200],
    ("import", "get"): [LOGIN, 404, 404, 404, 200, 404, 200],
    ("export", "get"): [LOGIN, 404, 404, 404, 200, 404, 200],
}
HIDDEN_ORGANISATION_DETAIL = [404, 200, 200, 404, 200, 404, 200]


def _members_route_names() -> set[str]:
    def walk(resolver, inside):
        names = set()
        for pattern in resolver.url_patterns:
            if isinstance(pattern, URLResolver):
                names |= walk(pattern, inside or pattern.namespace == "members")
            elif isinstance(pattern, URLPattern) and inside and pattern.name:
                names.add(pattern.name)
        return names

    return walk(get_resolver(), False)


def test_every_members_route_has_a_row():
    assert _members_route_names() == {name for name, _method in MATRIX}


@pytest.fixture
def world(db):
    organisation = OrganisationFactory()
    admin = OrganisationPersonFactory(organisation=organisation, role=OrganisationRole.ADMIN)
    editor = OrganisationPersonFactory(organisation=organisation, role=OrganisationRole.EDITOR)
    other = OrganisationPersonFactory()
    invitation = Invitation.objects.create(
        organisation=organisation, email="new@example.org", role="editor", invited_by=admin.user
    )
    users = {
        "visitor": None,
        "org_admin": admin.user,
        "org_editor": editor.user,
        "other_member": other.user,
        "coordinator": UserFactory(roles=["coordinator"]),
        "donor": UserFactory(roles=["donor"]),
        "administrator": UserFactory(roles=["administrator"]),
    }
    kwargs = {
        "slug": {"slug": organisation.slug},
        "person": {"slug": organisation.slug, "pk": editor.pk},
        "token": {"token": invitation_token(invitation)},
        "invitation": {"slug": organisation.slug, "pk": invitation.pk},
    }
    return {"organisation": organisation, "users": users, "kwargs": kwargs}


def _url(name: str, world) -> str:
    for kwargs in (None, world["kwargs"]["slug"], world["kwargs"]["person"],
                   world["kwargs"]["token"], world["kwargs"]["invitation"]):  # fmt: skip
        try:
            return reverse(f"members:{name}", kwargs=kwargs)
        except Exception:  # noqa: BLE001 - try the next argument set
            continue
    raise AssertionError(f"cannot reverse members:{name}")


@pytest.mark.parametrize(("name", "method"), sorted(MATRIX))
def test_members_permission_matrix(client, world, name, method):
    url = _url(name, world)
    statuses = []

    for role in ROLES:
        user = world["users"][role]
        client.logout()
        if user is not None:
            client.force_login(user)
        statuses.append(getattr(client, method)(url).status_code)

    assert statuses == MATRIX[(name, method)]


def test_unlisted_organisation_is_hidden_from_outsiders(client, world):
    organisation = world["organisation"]
    organisation.listed = False
    organisation.save()
    statuses = []

    for role in ROLES:
        client.logout()
        if world["users"][role] is not None:
            client.force_login(world["users"][role])
        statuses.append(client.get(organisation.get_absolute_url()).status_code)

    assert statuses == HIDDEN_ORGANISATION_DETAIL

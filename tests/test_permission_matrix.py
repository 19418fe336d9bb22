"""Every URL pattern of the project × every role: the status each one gets, from one table.

DESIGN.md, "People and roles": permissions are checked on the server for
every object, and an object a user may not see answers 404, not 403.
``MATRIX`` says, for each URL name and method, what each role of ``ROLES``
gets: a visitor, a member (an admin) of the organisation the object belongs
to, a member of another organisation, a coordinator, a donor and an
administrator. The object of each route is the world's (``tests/world.py``,
``OBJECTS``): the member's organisation, its upcoming or held event, the
draft section of the strategy, its contributions to the indicators…; a row
with a third element asks about another object of the world instead.

Every URL pattern is walked, from the root resolver, under ``/fr/``. GET
for all; POST-only views are also posted to, with an empty body, without
following the redirect. Each request runs in a savepoint rolled back
afterwards, so every role finds the same world. A pattern with no row fails
(``test_every_url_pattern_has_a_row``), and so does a row for a pattern that
is gone. Besides the statuses, a GET must write nothing to the database and
no answer may be a server error.

The Django admin is one row for every model's pages (administrators only)
and one row per page of the admin site itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.views import static

from tests.world import ARGUMENTS, QUERIES, ROLES, admin_object_kwargs, build_world, url_for

pytestmark = pytest.mark.django_db

LOGIN = "login"  # a redirect to the portal's login page (a visitor, mostly)
ADMIN_LOGIN = "admin login"  # a redirect to the admin's login page
DONE = 302  # a POST that succeeded (or was refused with a message) goes back to a page
NO_GET = 405  # a POST-only view refuses GET (before or after the permission check)
LOGIN_PAGES = {LOGIN: "/fr/accounts/login/", ADMIN_LOGIN: "/admin/login/"}

#: A model's own pages in the Django admin (list, add, change, history, delete, a user's
#: password): all of them have this row unless ``MATRIX`` has one for their name.
ADMIN_MODEL_PAGE = "admin:<model page>"
#: ``/admin/<app>/<model>/<id>/``: the old address of an object, which redirects to its page.
ADMIN_OBJECT_ADDRESS = "admin:<object address>"
ADMIN_CATCH_ALL = "admin:<anything else>"

# (url name, method[, object of the world]): the status for each role, in ROLES order:
#   visitor, member, other_member, coordinator, donor, administrator.
# Administrators are superusers: Django grants them every permission, as in the app matrices.
MATRIX = {
    # --- Site-wide, pages -------------------------------------------------------------------
    ("set_language", "get"): [NO_GET] * 6,
    ("set_language", "post"): [302] * 6,  # back to the page, in the chosen language
    ("pages:home", "get"): [200] * 6,
    ("pages:about", "get"): [200] * 6,
    ("pages:dashboard", "get"): [LOGIN, 200, 200, 200, 200, 200],
    ("pages:news_list", "get"): [200] * 6,
    ("pages:news_feed", "get"): [200] * 6,
    ("pages:news_create", "get"): [LOGIN, 404, 404, 200, 404, 200],
    ("pages:news_detail", "get"): [200] * 6,
    ("pages:news_update", "get"): [LOGIN, 404, 404, 200, 404, 200],
    # --- allauth: logging in, signing up, addresses, passwords, two factors, sessions ------
    # Logged-in people are sent on from the login and sign-up pages (to the dashboard).
    ("account_login", "get"): [200, 302, 302, 302, 302, 302],
    ("account_logout", "get"): [302, 200, 200, 200, 200, 200],  # GET asks; POST logs out
    ("account_inactive", "get"): [200] * 6,
    ("account_signup", "get"): [200, 302, 302, 302, 302, 302],
    ("account_reauthenticate", "get"): [LOGIN, 200, 200, 200, 200, 200],
    ("account_email", "get"): [LOGIN, 200, 200, 200, 200, 200],
    ("account_email_verification_sent", "get"): [200] * 6,
    ("account_change_password", "get"): [LOGIN, 200, 200, 200, 200, 200],
    # Everyone has a password: "set" is for accounts without one, and sends to "change".
    ("account_set_password", "get"): [LOGIN, 302, 302, 302, 302, 302],
    ("account_reset_password", "get"): [200] * 6,
    # No login by code, no second factor waiting: whoever is logged in goes to the dashboard.
    ("account_confirm_login_code", "get"): [LOGIN, 302, 302, 302, 302, 302],
    # The member's second address, with the key allauth mails to it: whoever holds the key
    # sees the page (allauth logs out anyone else who is logged in: its own choice).
    ("account_confirm_email", "get"): [200] * 6,
    ("account_reset_password_from_key_done", "get"): [200] * 6,
    # The member's reset key: allauth keeps it in the session and redirects to the form.
    ("account_reset_password_from_key", "get"): [302] * 6,
    ("account_reset_password_done", "get"): [200] * 6,
    ("mfa_index", "get"): [LOGIN, 200, 200, 200, 200, 200],
    ("mfa_authenticate", "get"): [LOGIN, 302, 302, 302, 302, 302],
    # Nobody of the matrix has a second factor: reauthenticate with the password instead.
    ("mfa_reauthenticate", "get"): [LOGIN, 302, 302, 302, 302, 302],
    ("mfa_activate_totp", "get"): [LOGIN, 302, 302, 302, 302, 302],  # reauthenticate first
    ("mfa_deactivate_totp", "get"): [LOGIN, 404, 404, 404, 404, 404],  # no TOTP to remove
    ("mfa_view_recovery_codes", "get"): [LOGIN, 404, 404, 404, 404, 404],  # none yet
    ("mfa_generate_recovery_codes", "get"): [LOGIN, 302, 302, 302, 302, 302],  # the same
    ("mfa_download_recovery_codes", "get"): [LOGIN, 404, 404, 404, 404, 404],
    ("usersessions_list", "get"): [LOGIN, 200, 200, 200, 200, 200],
    # --- The user's own account and notifications ----------------------------------------
    ("accounts:profile", "get"): [LOGIN, 200, 200, 200, 200, 200],
    ("accounts:my_data", "get"): [LOGIN, 200, 200, 200, 200, 200],
    ("accounts:my_data_download", "get"): [LOGIN, 200, 200, 200, 200, 200],
    ("accounts:delete", "get"): [LOGIN, 200, 200, 200, 200, 200],  # GET asks; POST deletes
    ("notifications:inbox", "get"): [LOGIN, 200, 200, 200, 200, 200],
    ("notifications:mark_all_read", "get"): [LOGIN, NO_GET, NO_GET, NO_GET, NO_GET, NO_GET],
    ("notifications:mark_all_read", "post"): [LOGIN, DONE, DONE, DONE, DONE, DONE],
    ("notifications:mark_read", "get"): [LOGIN, NO_GET, NO_GET, NO_GET, NO_GET, NO_GET],
    # The member's own notification: anyone else's answers 404, administrators' too.
    ("notifications:mark_read", "post"): [LOGIN, DONE, 404, 404, 404, 404],
    ("notifications:preferences", "get"): [LOGIN, 200, 200, 200, 200, 200],
    # The member's link from an email: GET shows one button and changes nothing.
    ("notifications:unsubscribe", "get"): [200] * 6,
    # --- Members ----------------------------------------------------------------------------
    ("members:directory", "get"): [200] * 6,
    ("members:apply", "get"): [LOGIN, 200, 200, 200, 200, 200],
    ("members:applications", "get"): [LOGIN, 404, 404, 200, 404, 200],
    ("members:import", "get"): [LOGIN, 404, 404, 200, 404, 200],
    ("members:export", "get"): [LOGIN, 404, 404, 200, 404, 200],
    # The invitation's link (its signed token) shows the invitation to whoever holds it.
    ("members:invitation", "get"): [200] * 6,
    ("members:detail", "get"): [200] * 6,  # listed and active: public
    ("members:detail", "get", "unlisted"): [404, 404, 404, 200, 404, 200],  # nobody's own
    # Applicants are seen by coordinators (and their applicant, who is not in the matrix).
    ("members:detail", "get", "applicant"): [404, 404, 404, 200, 404, 200],
    # Its people edit the profile; coordinators decide memberships but do not write profiles.
    ("members:edit", "get"): [LOGIN, 200, 404, 404, 404, 200],
    ("members:history", "get"): [LOGIN, 200, 404, 200, 404, 200],
    ("members:decide", "get"): [LOGIN, 404, 404, 200, 404, 200],
    ("members:status", "get"): [LOGIN, 404, 404, 200, 404, 200],
    ("members:people", "get"): [LOGIN, 200, 404, 200, 404, 200],
    # People and invitations: POST only, for the organisation's admins and coordinators;
    # anyone else gets 404 before the method is looked at.
    ("members:invite", "get"): [LOGIN, NO_GET, 404, NO_GET, 404, NO_GET],
    ("members:invite", "post"): [LOGIN, 200, 404, 200, 404, 200],  # the form, with its errors
    ("members:person_role", "get"): [LOGIN, NO_GET, 404, NO_GET, 404, NO_GET],
    ("members:person_role", "post"): [LOGIN, DONE, 404, DONE, 404, DONE],
    ("members:invitation_withdraw", "get"): [LOGIN, NO_GET, 404, NO_GET, 404, NO_GET],
    ("members:invitation_withdraw", "post"): [LOGIN, DONE, 404, DONE, 404, DONE],
    ("members:person_remove", "get"): [LOGIN, NO_GET, 404, NO_GET, 404, NO_GET],
    ("members:person_remove", "post"): [LOGIN, DONE, 404, DONE, 404, DONE],
    # --- Dialogues: the upcoming public event organised by the member's organisation ------
    ("dialogues:list", "get"): [200] * 6,
    ("dialogues:past", "get"): [200] * 6,
    ("dialogues:calendar", "get"): [200] * 6,
    ("dialogues:new", "get"): [LOGIN, 404, 404, 200, 404, 200],
    # Organisations' admins propose events; coordinators (and administrators) create them.
    ("dialogues:propose", "get"): [LOGIN, 200, 200, 404, 404, 404],
    ("dialogues:detail", "get"): [200] * 6,
    ("dialogues:detail", "get", "held"): [200] * 6,
    ("dialogues:detail", "get", "network_only"): [LOGIN, 200, 200, 200, 200, 200],
    ("dialogues:detail", "get", "restricted"): [LOGIN, 200, 404, 200, 404, 200],
    ("dialogues:detail", "get", "proposed"): [LOGIN, 200, 404, 200, 404, 200],
    ("dialogues:ics", "get"): [200] * 6,
    ("dialogues:ics", "get", "restricted"): [LOGIN, 200, 404, 200, 404, 200],
    ("dialogues:edit", "get"): [LOGIN, 404, 404, 200, 404, 200],
    ("dialogues:status", "get"): [LOGIN, 404, 404, NO_GET, 404, NO_GET],
    ("dialogues:status", "post"): [LOGIN, 404, 404, DONE, 404, DONE],
    # Organisations' admins register their own people; coordinators register nobody.
    ("dialogues:register", "get"): [LOGIN, NO_GET, NO_GET, 404, 404, 404],
    ("dialogues:register", "post"): [LOGIN, DONE, DONE, 404, 404, 404],
    # The editor's registration: cancelled by the organisation's admins and coordinators
    # (administrators cancel only as one of those).
    ("dialogues:registration_cancel", "get"): [LOGIN, NO_GET, 404, NO_GET, 404, 404],
    ("dialogues:registration_cancel", "post"): [LOGIN, DONE, 404, DONE, 404, 404],
    # Names of the delegates: the organisers and coordinators, never donors.
    ("dialogues:participants", "get"): [LOGIN, 200, 404, 200, 404, 200],
    ("dialogues:participants_csv", "get"): [LOGIN, NO_GET, 404, NO_GET, 404, NO_GET],
    ("dialogues:participants_csv", "post"): [LOGIN, 200, 404, 200, 404, 200],  # audited
    # --- Dialogues: the held public event, its outcomes -----------------------------------
    ("dialogues:attendance", "get"): [LOGIN, 200, 404, 200, 404, 200],
    ("dialogues:recommendation", "get"): [200] * 6,
    ("dialogues:attachment", "get"): [200] * 6,  # of the published report of a public event
    ("dialogues:actions_overdue", "get"): [LOGIN, 404, 404, 200, 404, 200],
    ("dialogues:action_edit", "get"): [LOGIN, 200, 404, 200, 404, 200],
    ("dialogues:recommendation_add", "get"): [LOGIN, 200, 404, 200, 404, 200],
    ("dialogues:report", "get"): [LOGIN, 200, 404, 200, 404, 200],  # writing the report
    ("dialogues:action_add", "get"): [LOGIN, 200, 404, 200, 404, 200],
    # --- Strategy: the published document; its draft section --------------------------------
    ("strategy:document", "get"): [200] * 6,
    ("strategy:print", "get"): [200] * 6,
    ("strategy:pdf", "get"): [200] * 6,
    ("strategy:new", "get"): [LOGIN, 404, 404, 200, 404, 200],
    # Drafts are for the network's people: members (of any organisation) and coordinators.
    ("strategy:section", "get"): [LOGIN, 200, 200, 200, 404, 200],
    ("strategy:section", "get", "validated"): [200] * 6,  # validated and published
    ("strategy:edit", "get"): [LOGIN, 404, 404, 200, 404, 200],
    ("strategy:history", "get"): [LOGIN, 200, 200, 200, 404, 200],
    # Earlier drafts stay insiders' reading even when the section is published.
    ("strategy:history", "get", "validated"): [LOGIN, 200, 200, 200, 404, 200],
    ("strategy:diff", "get"): [LOGIN, 200, 200, 200, 404, 200],
    ("strategy:restore", "get"): [LOGIN, 404, 404, NO_GET, 404, NO_GET],
    ("strategy:restore", "post"): [LOGIN, 404, 404, DONE, 404, DONE],
    # POST only, refused as a method before anything is looked up.
    ("strategy:recommendations", "get"): [LOGIN, 404, 404, 200, 404, 200],
    ("strategy:recommendations", "post"): [LOGIN, 404, 404, DONE, 404, DONE],
    ("strategy:publish", "get"): [LOGIN, NO_GET, NO_GET, NO_GET, NO_GET, NO_GET],
    ("strategy:publish", "post"): [LOGIN, 404, 404, DONE, 404, DONE],
    ("strategy:unpublish", "get"): [LOGIN, NO_GET, NO_GET, NO_GET, NO_GET, NO_GET],
    ("strategy:unpublish", "post"): [LOGIN, 404, 404, DONE, 404, DONE],
    ("strategy:comment_resolve", "get"): [LOGIN, NO_GET, NO_GET, NO_GET, NO_GET, NO_GET],
    ("strategy:comment_resolve", "post"): [LOGIN, 404, 404, DONE, 404, DONE],
    ("strategy:comment_add", "get"): [LOGIN, NO_GET, NO_GET, NO_GET, 404, NO_GET],
    ("strategy:comment_add", "post"): [LOGIN, 200, 200, 200, 404, 200],  # an empty comment
    ("strategy:follow", "get"): [LOGIN, NO_GET, NO_GET, NO_GET, 404, NO_GET],
    ("strategy:follow", "post"): [LOGIN, DONE, DONE, DONE, 404, DONE],
    ("strategy:review", "get"): [LOGIN, 404, 404, NO_GET, 404, NO_GET],
    ("strategy:review", "post"): [LOGIN, 404, 404, 200, 404, 200],  # no status chosen
    # Members propose amendments; coordinators decide them and write the text themselves.
    ("strategy:amendment_add", "get"): [LOGIN, 200, 200, 404, 404, 200],
    ("strategy:amendment", "get"): [LOGIN, 200, 200, 200, 404, 200],
    # --- Progress -----------------------------------------------------------------------------
    ("progress:summary", "get"): [200] * 6,
    # Those who follow progress: coordinators and donors (DESIGN.md), not every member.
    ("progress:overview", "get"): [LOGIN, 404, 404, 200, 200, 200],
    ("progress:indicator", "get"): [LOGIN, 404, 404, 200, 200, 200],
    ("progress:timeline", "get"): [LOGIN, 404, 404, 200, 200, 200],
    ("progress:strategy", "get"): [LOGIN, 404, 404, 200, 200, 200],
    ("progress:export_csv", "get"): [LOGIN, 404, 404, 200, 200, 200],
    ("progress:export_xlsx", "get"): [LOGIN, 404, 404, 200, 200, 200],
    ("progress:framework", "get"): [LOGIN, 404, 404, 200, 404, 200],
    ("progress:indicator_create", "get"): [LOGIN, 404, 404, 200, 404, 200],
    ("progress:indicator_edit", "get"): [LOGIN, 404, 404, 200, 404, 200],
    ("progress:indicator_delete", "get"): [LOGIN, 404, 404, 200, 404, 200],  # GET asks
    ("progress:period_create", "get"): [LOGIN, 404, 404, 200, 404, 200],
    ("progress:period_edit", "get"): [LOGIN, 404, 404, 200, 404, 200],
    ("progress:period_delete", "get"): [LOGIN, 404, 404, 200, 404, 200],  # GET asks
    ("progress:milestone_create", "get"): [LOGIN, 404, 404, 200, 404, 200],
    ("progress:milestone_edit", "get"): [LOGIN, 404, 404, 200, 404, 200],
    ("progress:milestone_delete", "get"): [LOGIN, 404, 404, 200, 404, 200],  # GET asks
    # Entering values: coordinators, and members for the indicators open to them.
    ("progress:values", "get"): [LOGIN, 200, 200, 200, 404, 200],
    ("progress:value_create", "get"): [LOGIN, 200, 200, 200, 404, 200],
    # The organisation's approved contribution: its people, coordinators, donors.
    ("progress:value", "get"): [LOGIN, 200, 404, 200, 200, 200],
    ("progress:value_evidence", "get"): [LOGIN, 200, 404, 200, 200, 200],
    # Not approved yet: donors do not see it.
    ("progress:value", "get", "draft_contribution"): [LOGIN, 200, 404, 200, 404, 200],
    ("progress:value_evidence", "get", "submitted_contribution"): [
        LOGIN,
        200,
        404,
        200,
        404,
        200,
    ],  # fmt: skip
    # The network's own approved value: coordinators and donors, not members.
    ("progress:value", "get", "approved_value"): [LOGIN, 404, 404, 200, 200, 200],
    # A draft is changed by whoever entered it: its organisation's people (not coordinators),
    # and the network's own draft by coordinators.
    ("progress:value_edit", "get"): [LOGIN, 200, 404, 404, 404, 200],
    ("progress:value_edit", "get", "draft_value"): [LOGIN, 404, 404, 200, 404, 200],
    ("progress:value_submit", "get"): [LOGIN, NO_GET, 404, 404, 404, NO_GET],
    ("progress:value_submit", "post"): [LOGIN, DONE, 404, 404, 404, DONE],
    ("progress:value_delete", "get"): [LOGIN, 200, 404, 404, 404, 200],  # GET asks
    ("progress:value_decide", "get"): [LOGIN, 404, 404, 200, 404, 200],
    # --- The Django admin: administrators only -------------------------------------------
    # Everyone else is sent to the admin's login, which sends a visitor to the portal's login
    # and answers anyone logged in without the administrator role 403 (allauth's
    # secure_admin_login): the admin is no object of the portal, its address is no secret.
    (ADMIN_MODEL_PAGE, "get"): [ADMIN_LOGIN] * 5 + [200],
    (ADMIN_OBJECT_ADDRESS, "get"): [ADMIN_LOGIN] * 5 + [302],  # to the object's change page
    (ADMIN_CATCH_ALL, "get"): [ADMIN_LOGIN] * 5 + [404],
    ("admin:index", "get"): [ADMIN_LOGIN] * 5 + [200],
    ("admin:login", "get"): [LOGIN, 403, 403, 403, 403, 302],  # an administrator: to the index
    # Logging out of the admin: anyone but an administrator is sent to the admin's index.
    ("admin:logout", "get"): [302] * 5 + [NO_GET],
    ("admin:logout", "post"): [302] * 5 + [DONE],
    ("admin:password_change", "get"): [ADMIN_LOGIN] * 5 + [200],
    ("admin:password_change_done", "get"): [ADMIN_LOGIN] * 5 + [200],
    ("admin:autocomplete", "get"): [ADMIN_LOGIN] * 5 + [200],  # a user for an organisation
    ("admin:jsi18n", "get"): [ADMIN_LOGIN] * 5 + [200],
    ("admin:view_on_site", "get"): [ADMIN_LOGIN] * 5 + [302],  # to the organisation's page
    ("admin:app_list", "get"): [ADMIN_LOGIN] * 5 + [200],
    # A user's password form (Django's UserAdmin names it after its own model).
    ("admin:auth_user_password_change", "get"): [ADMIN_LOGIN] * 5 + [200],
    # Read-only in the admin (Django answers 403 to an administrator): the audit log is never
    # changed; sections, revisions, comments and amendments are written on the portal,
    # through the services that keep their history; values go through their approval; a
    # period or an indicator that has values is not deleted; deliveries are written by
    # ``notify`` only.
    ("admin:accounts_auditlogentry_add", "get"): [ADMIN_LOGIN] * 5 + [403],
    ("admin:notifications_delivery_add", "get"): [ADMIN_LOGIN] * 5 + [403],
    ("admin:accounts_auditlogentry_delete", "get"): [ADMIN_LOGIN] * 5 + [403],
    ("admin:strategy_section_add", "get"): [ADMIN_LOGIN] * 5 + [403],
    ("admin:strategy_revision_add", "get"): [ADMIN_LOGIN] * 5 + [403],
    ("admin:strategy_revision_delete", "get"): [ADMIN_LOGIN] * 5 + [403],
    ("admin:strategy_comment_add", "get"): [ADMIN_LOGIN] * 5 + [403],
    ("admin:strategy_amendment_add", "get"): [ADMIN_LOGIN] * 5 + [403],
    ("admin:progress_indicatorvalue_add", "get"): [ADMIN_LOGIN] * 5 + [403],
    ("admin:progress_indicatorvalue_delete", "get"): [ADMIN_LOGIN] * 5 + [403],
    ("admin:progress_period_delete", "get"): [ADMIN_LOGIN] * 5 + [403],
    ("admin:progress_indicator_delete", "get"): [ADMIN_LOGIN] * 5 + [403],
}

#: The only table a GET may write: the session (a message to show, a login in progress).
GET_MAY_WRITE = {"django_session"}
WRITE = re.compile(r'^\s*(?:INSERT INTO|UPDATE|DELETE FROM)\s+"?(\w+)"?', re.IGNORECASE)


# --- The URL patterns ---------------------------------------------------------------------


@dataclass(frozen=True)
class Route:
    """One URL pattern: its name (``members:edit``) and its row in ``MATRIX``."""

    name: str
    route: str
    pattern: URLPattern
    row: str

    @property
    def is_admin(self) -> bool:
        return self.name.startswith("admin:")


def project_routes() -> list[Route]:
    """Every URL pattern of the project, walked recursively from the root resolver."""
    routes = []

    def walk(resolver, prefix: str, namespaces: list[str]):
        for pattern in resolver.url_patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                walk(
                    pattern, route, namespaces + ([pattern.namespace] if pattern.namespace else [])
                )
            elif pattern.callback is not static.serve:  # uploads in development (DEBUG) only
                routes.append(_route(pattern, route, namespaces))

    walk(get_resolver(), "", [])
    return routes


def _route(pattern: URLPattern, route: str, namespaces: list[str]) -> Route:
    name = ":".join([*namespaces, pattern.name or route])
    if namespaces[:1] != ["admin"]:
        return Route(name, route, pattern, name)
    if pattern.name is None:
        row = ADMIN_CATCH_ALL if "(?P<url>" in route else ADMIN_OBJECT_ADDRESS
        return Route(name, route, pattern, row)
    has_own_row = any(key[0] == name for key in MATRIX)
    on_a_model = hasattr(pattern.callback, "model_admin")
    return Route(name, route, pattern, ADMIN_MODEL_PAGE if on_a_model and not has_own_row else name)


def route_path(route: Route, world, label: str | None = None) -> str:
    """The path asked for ``route``: the world's object of it (or ``label``), tokens included."""
    if not route.is_admin:
        return url_for(route.name, world, label=label)
    query = QUERIES[route.name](world) if route.name in QUERIES else ""
    if route.row == ADMIN_CATCH_ALL:
        return "/admin/no-such-page/"
    if route.row == ADMIN_OBJECT_ADDRESS:
        object_id = admin_object_kwargs(route.pattern)["object_id"]
        return "/" + route.route.replace("<path:object_id>", str(object_id))
    if route.name in ARGUMENTS:
        kwargs = ARGUMENTS[route.name](world)
    elif "object_id" in route.route:
        kwargs = admin_object_kwargs(route.pattern)
    else:
        kwargs = {}
    return reverse(route.name, kwargs=kwargs) + query


# --- Asking as each role ------------------------------------------------------------------


class Roles:
    """One test client per role, logged in once (again after a request that logged it out)."""

    def __init__(self, world):
        self.world = world
        self.clients = {role: Client() for role in ROLES}
        for role in ROLES:
            self._login(role)

    def _login(self, role: str) -> None:
        if self.world.users[role] is not None:
            self.clients[role].force_login(self.world.users[role])

    def _session_key(self, role: str) -> str | None:
        cookie = self.clients[role].cookies.get(settings.SESSION_COOKIE_NAME)
        return cookie.value if cookie else None

    def ask(self, role: str, method: str, path: str) -> tuple[int | str, set[str]]:
        """``(status, tables written)``, in a savepoint rolled back after the request.

        A server error is answered as ``"500 <exception>"`` so that the table
        shows it beside the other statuses.
        """
        client = self.clients[role]
        session_key = self._session_key(role)
        cache.clear()  # rate limits
        connection.queries_log.clear()  # the log is bounded: keep this request's queries only
        with CaptureQueriesContext(connection) as queries, transaction.atomic():
            try:
                response = getattr(client, method)(path)
                if response.streaming:
                    b"".join(response.streaming_content)
                status = _status(response)
            except Exception as error:  # noqa: BLE001 - a server error is an answer here
                status = f"500 {type(error).__name__}: {error}"[:160]
            transaction.set_rollback(True)
        written = {m.group(1) for q in queries.captured_queries if (m := WRITE.match(q["sql"]))}
        if self._session_key(role) != session_key:
            self._login(role)  # logged out (allauth's email confirmation does it)
        return status, written - GET_MAY_WRITE


def _status(response) -> int | str:
    """The status, or ``LOGIN`` / ``ADMIN_LOGIN`` for a redirect to one of the login pages."""
    if response.status_code == 302:
        for name, page in LOGIN_PAGES.items():
            if response["Location"].startswith(page):
                return name
    return response.status_code


@pytest.fixture
def world(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    return build_world()


# --- The tests ------------------------------------------------------------------------------


def test_every_url_pattern_has_a_row():
    rows = {route.row for route in project_routes()}

    assert rows == {key[0] for key in MATRIX}


def test_no_status_in_the_table_is_a_server_error_or_a_bare_403_on_the_portal():
    """DESIGN.md: a denied object answers 404. Only the Django admin says 403."""
    portal = [key for key, row in MATRIX.items() if not key[0].startswith("admin:")]

    assert [key for key in portal if 403 in MATRIX[key] or 500 in MATRIX[key]] == []


def test_every_url_answers_each_role_as_the_matrix_says(world):
    roles = Roles(world)
    by_row = {}
    for route in project_routes():
        by_row.setdefault(route.row, []).append(route)
    mismatches, writes = [], []

    for key, expected in MATRIX.items():
        row, method, *label = key
        for route in by_row.get(row, []):
            path = route_path(route, world, *label)
            answers = [roles.ask(role, method, path) for role in ROLES]
            statuses = [status for status, _written in answers]
            if statuses != expected:
                mismatches.append((route.name, method, *label, path, statuses))
            if method == "get":
                writes += [
                    (route.name, role, sorted(t))
                    for role, (_s, t) in zip(ROLES, answers, strict=True)
                    if t
                ]

    assert mismatches == [], "\n".join(f"{m[:-2]} {m[-2]}\n    got {m[-1]}" for m in mismatches)
    assert writes == [], "GETs that wrote: " + "\n".join(map(str, writes))


#: Views that show a page to a GET and act on a POST: both rows are in the table.
SHOWN_AND_POSTED = {"strategy:recommendations"}


def test_every_view_that_refuses_get_is_also_posted_to():
    """By the table (a 405 to a GET) and by the code (a class-based view without ``get``);
    the views that also answer GET are listed in ``SHOWN_AND_POSTED``."""
    refusing = {key[0] for key, row in MATRIX.items() if key[1] == "get" and NO_GET in row}
    refusing |= {route.row for route in project_routes() if _refuses_get(route.pattern)}
    posted = {key[0] for key in MATRIX if key[1] == "post"}

    assert refusing == posted - SHOWN_AND_POSTED
    assert not refusing & SHOWN_AND_POSTED


def _refuses_get(pattern: URLPattern) -> bool:
    view_class = getattr(pattern.callback, "view_class", None)
    if view_class is None:
        return False
    return "get" not in view_class.http_method_names or not hasattr(view_class, "get")

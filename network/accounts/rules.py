"""Predicates for the network roles (django-rules).

Member predicates (belonging to an organisation) live in ``members.rules``;
the roles here are those of DESIGN.md's table that are not organisation roles.
"""

import rules

from network.accounts.enums import Role


@rules.predicate
def is_coordinator(user) -> bool:
    return user.is_authenticated and Role.COORDINATOR in user.network_roles


@rules.predicate
def is_donor(user) -> bool:
    return user.is_authenticated and Role.DONOR in user.network_roles


@rules.predicate
def is_administrator(user) -> bool:
    return user.is_authenticated and Role.ADMINISTRATOR in user.network_roles


#: Roles that must use two-factor authentication (DESIGN.md, "Do no harm").
needs_two_factor = is_coordinator | is_administrator

rules.add_rule("accounts.is_coordinator", is_coordinator)
rules.add_rule("accounts.is_donor", is_donor)
rules.add_rule("accounts.is_administrator", is_administrator)
rules.add_rule("accounts.needs_two_factor", needs_two_factor)
rules.add_perm("accounts.view_auditlogentry", is_administrator | is_coordinator)

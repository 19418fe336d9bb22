"""Who may read and write the results framework (DESIGN.md, "People and roles").

- coordinators manage the framework, enter the network's values and decide
  on every value; donors (and partners' officers) read everything about
  progress, values, evidence and exports, but only approved values;
- people of an active member organisation enter their organisation's
  contributions to the indicators that allow it, and follow them;
- visitors read the public summary only.

Administrators are superusers (``has_perm`` is true for them everywhere).
Member checks go through ``members.selectors`` and the ``members.is_member``
rule, never ``members.rules`` (``network.progress`` reads other apps only
through their selectors).
"""

import rules

from members.selectors import memberships_of_user
from network.accounts.rules import is_coordinator, is_donor
from network.progress.enums import Source, ValueStatus


@rules.predicate
def is_member(user) -> bool:
    return rules.test_rule("members.is_member", user)


@rules.predicate
def indicator_open_to_members(user, indicator) -> bool:
    return (
        indicator is not None
        and indicator.source == Source.REPORTED
        and indicator.members_may_report
    )


@rules.predicate
def is_reported(user, indicator) -> bool:
    return indicator is not None and indicator.source == Source.REPORTED


@rules.predicate
def is_approved(user, value) -> bool:
    return value.status == ValueStatus.APPROVED


@rules.predicate
def is_open(user, value) -> bool:
    """Still in the hands of whoever entered it: draft, or returned for correction."""
    return value.status in (ValueStatus.DRAFT, ValueStatus.RETURNED)


@rules.predicate
def is_submitted(user, value) -> bool:
    return value.status == ValueStatus.SUBMITTED


@rules.predicate
def is_contributor(user, value) -> bool:
    """A person of the active organisation that entered the value."""
    if not user.is_authenticated or value.organisation_id is None:
        return False
    return memberships_of_user(user=user).filter(organisation_id=value.organisation_id).exists()


@rules.predicate
def is_network_value(user, value) -> bool:
    """Entered by coordinators for the network as a whole (no organisation)."""
    return value.organisation_id is None


@rules.predicate
def still_open_to_members(user, value) -> bool:
    """The value's indicator still takes members' contributions (coordinators may close it)."""
    return value.indicator.members_may_report


#: Who answers for a value: coordinators for the network's own, the contributing
#: organisation's people for theirs while the indicator takes contributions.
holds_value = (is_coordinator & is_network_value) | (is_contributor & still_open_to_members)

follows_progress = is_coordinator | is_donor

rules.add_perm("progress.view_progress", follows_progress)
rules.add_perm("progress.manage_framework", is_coordinator)
rules.add_perm("progress.report_values", is_coordinator | is_member)
rules.add_perm(
    "progress.enter_value", (is_coordinator & is_reported) | (is_member & indicator_open_to_members)
)
rules.add_perm("progress.view_value", is_coordinator | (is_donor & is_approved) | is_contributor)
rules.add_perm("progress.hold_value", holds_value)
rules.add_perm("progress.change_value", is_open & holds_value)
rules.add_perm("progress.decide_value", is_coordinator & is_submitted)

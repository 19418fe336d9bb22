"""Who may see and do what with the strategy (django-rules).

DESIGN.md: visitors and donors see the published strategy (validated
sections); members and coordinators see drafts, comments and amendments;
members comment and propose amendments; coordinators edit sections, decide
amendments, move sections through review and publish.
"""

import rules

from members.rules import is_member
from network.accounts.rules import is_administrator, is_coordinator
from strategy.enums import SectionStatus

# Roles first: they are cached on the user; the member check costs a query.
insiders = is_coordinator | is_administrator | is_member


@rules.predicate
def is_validated(user, section) -> bool:
    return section is not None and section.status == SectionStatus.VALIDATED


@rules.predicate
def is_published(user, section) -> bool:
    return section is not None and section.strategy.published_at is not None


rules.add_perm("strategy.view_section", insiders | (is_published & is_validated))
rules.add_perm("strategy.view_drafts", insiders)
rules.add_perm("strategy.change_section", is_coordinator)
rules.add_perm("strategy.comment", is_coordinator | is_member)
rules.add_perm("strategy.propose_amendment", is_member)
rules.add_perm("strategy.decide", is_coordinator)

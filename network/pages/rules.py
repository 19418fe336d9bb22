"""Who may do what with the public content."""

import rules

from network.accounts.rules import is_coordinator

rules.add_perm("pages.add_newspost", is_coordinator)
rules.add_perm("pages.change_newspost", is_coordinator)
rules.add_perm("pages.view_draft_newspost", is_coordinator)

"""Recommendations, reports and follow-up actions (to be built)."""


def outcomes_context(request, event) -> dict:
    """What the event page shows of recommendations, the report and follow-up actions."""
    return {}

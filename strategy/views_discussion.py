"""Comments, amendments and review (to be built)."""


def discussion_context(request, section) -> dict:
    """What the section page shows of comments, amendments and review, for ``request.user``."""
    return {}

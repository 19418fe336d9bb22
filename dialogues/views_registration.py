"""Registration of delegates and attendance (to be built)."""


def registration_context(request, event) -> dict:
    """What the event page shows of registrations and attendance, for ``request.user``."""
    return {}

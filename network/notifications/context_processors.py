from django.utils.functional import SimpleLazyObject

from network.notifications.selectors import unread_count


def inbox(request) -> dict:
    """``unread_notifications`` for the page header: one query, only if a template reads it."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notifications": SimpleLazyObject(lambda: unread_count(user=user))}

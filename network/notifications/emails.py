"""Emails of the notifications app, rendered in the reader's language.

Every email is rendered with the recipient's ``preferred_language`` active,
whatever language the sender or the worker has, in plain text and HTML.
It says why it was sent, links to the preferences page, and carries a
signed one-click unsubscribe link (also as ``List-Unsubscribe``, RFC 8058).
"""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse, translate_url
from django.utils import translation
from django.utils.translation import ngettext

from network.notifications.enums import Frequency
from network.notifications.kinds import get_kind


def absolute(path: str) -> str:
    """``/fr/x/`` → ``https://portal.example.org/fr/x/`` (``NETWORK_BASE_URL``)."""
    return settings.NETWORK_BASE_URL.rstrip("/") + path


def notification_message(notification) -> str:
    """The kind's sentence with the notification's data, in the active language.

    A data value given per language (``{"fr": "…", "bm": "…"}``) gives the
    active language's text, else the French one.
    """
    kind = get_kind(notification.kind)
    language = translation.get_language()
    data = {"actor": "", "target": "", "decision": ""}
    for key, value in notification.data.items():
        if isinstance(value, dict):
            value = value.get(language) or value.get(settings.LANGUAGE_CODE) or ""
        data[key] = value
    return str(kind.message) % data


def notification_path(notification, language: str) -> str:
    """Path of the notification's object in ``language`` (``/bm/news/x/``), or "".

    ``Notification.url`` is stored in the default language; Django resolves
    a path only in the language of its prefix, so that one is active while
    the path is translated.
    """
    if not notification.url:
        return ""
    with translation.override(settings.LANGUAGE_CODE):
        return translate_url(notification.url, language)


def notification_link(notification, language: str) -> str:
    """Absolute link to the notification's object in ``language``, or ""."""
    path = notification_path(notification, language)
    return absolute(path) if path else ""


def _common_context(user, kind_key: str | None) -> dict:
    from network.notifications.services import unsubscribe_token

    language = user.preferred_language
    context = {
        "user": user,
        "preferences_url": absolute(reverse("notifications:preferences")),
        "site_url": absolute(reverse("pages:home")),
        "language": language,
    }
    if kind_key:
        context["kind"] = get_kind(kind_key)
        context["unsubscribe_url"] = absolute(
            reverse(
                "notifications:unsubscribe",
                kwargs={"token": unsubscribe_token(user=user, kind=kind_key)},
            )
        )
    return context


def _message(*, subject: str, context: dict, template: str, to: str, unsubscribe_url: str = ""):
    text = render_to_string(f"notifications/email/{template}.txt", context)
    html = render_to_string(f"notifications/email/{template}.html", context)
    headers = {}
    if unsubscribe_url:
        headers["List-Unsubscribe"] = f"<{unsubscribe_url}>"
        headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message = EmailMultiAlternatives(
        # One line: a header holds no line break (CR, LF, or any other), whatever the
        # data (a coordinator's comment typed on several lines, sent as CR LF).
        subject=" ".join(subject.splitlines()).strip(),
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[to],
        headers=headers,
    )
    message.attach_alternative(html, "text/html")
    return message


def render_notification_email(delivery) -> EmailMultiAlternatives:
    """The email for one delivery, in its recipient's language."""
    user = delivery.recipient
    notification = delivery.notification
    with translation.override(user.preferred_language):
        context = _common_context(user, notification.kind)
        context.update(
            message=notification_message(notification),
            link=notification_link(notification, user.preferred_language),
        )
        return _message(
            subject=context["message"],
            context=context,
            template="notification",
            to=user.email,
            unsubscribe_url=context["unsubscribe_url"],
        )


def render_digest_email(user, deliveries, frequency: Frequency) -> EmailMultiAlternatives:
    """One email that groups ``deliveries`` (oldest first) for ``user``."""
    with translation.override(user.preferred_language):
        context = _common_context(user, None)
        context["items"] = [
            {
                "message": notification_message(d.notification),
                "link": notification_link(d.notification, user.preferred_language),
                "created_at": d.notification.created_at,
                "kind": get_kind(d.notification.kind),
            }
            for d in deliveries
        ]
        context["frequency"] = Frequency(frequency)
        count = len(deliveries)
        if frequency == Frequency.DAILY:
            subject = ngettext(
                "Your daily digest: %(count)s notification",
                "Your daily digest: %(count)s notifications",
                count,
            ) % {"count": count}
        else:
            subject = ngettext(
                "Your weekly digest: %(count)s notification",
                "Your weekly digest: %(count)s notifications",
                count,
            ) % {"count": count}
        return _message(subject=subject, context=context, template="digest", to=user.email)

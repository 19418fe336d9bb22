"""The invitation email: to someone who has no account yet, so in the inviter's language."""

import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

logger = logging.getLogger(__name__)


def send_invitation_email(invitation_id: int) -> None:
    """Send the invitation ``invitation_id`` (after the commit that made it).

    Written in the inviter's preferred language (the invitee has none yet),
    with the signed link to sign up and accept. A failure is logged: the
    inviter can send the invitation again from the people page.
    """
    from members.models import Invitation
    from members.services import invitation_token

    invitation = (
        Invitation.objects.select_related("organisation", "invited_by")
        .filter(pk=invitation_id, accepted_at__isnull=True)
        .first()
    )
    if invitation is None:
        return
    language = (
        invitation.invited_by.preferred_language
        if invitation.invited_by
        else settings.LANGUAGE_CODE
    )
    with translation.override(language):
        path = reverse("members:invitation", kwargs={"token": invitation_token(invitation)})
        context = {
            "invitation": invitation,
            "link": settings.NETWORK_BASE_URL.rstrip("/") + path,
        }
        subject = " ".join(
            render_to_string("members/email/invitation_subject.txt", context).split()
        )
        body = render_to_string("members/email/invitation.txt", context)
    message = EmailMultiAlternatives(subject, body, settings.DEFAULT_FROM_EMAIL, [invitation.email])
    try:
        message.send()
    except (OSError, ValueError):  # SMTP trouble, or a header Django refuses
        logger.warning("Invitation %s not sent", invitation_id, exc_info=True)

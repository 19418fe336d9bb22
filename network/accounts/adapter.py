"""How django-allauth behaves on this portal."""

from dataclasses import dataclass

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.core.ratelimit import respond_429
from django.urls import translate_url
from django.utils import translation
from django.utils.translation import gettext

from network import languages


@dataclass(frozen=True)
class PortalSite:
    """What allauth's email templates call ``current_site``: the network, not the host."""

    name: str
    domain: str


class AccountAdapter(DefaultAccountAdapter):
    """Adds three behaviours to allauth's default adapter.

    - A login attempt beyond the failed-login rate limit
      (``ACCOUNT_RATE_LIMITS["login_failed"]``) is answered with the
      translated 429 page rather than a form error, so that scripts hammering
      the form get an HTTP status they understand.
    - A new account's preferred language is the language it signed up in.
    - Account emails (confirmation, password reset…) are written in the
      recipient's preferred language, with links under that language's
      prefix, and are signed with the network's name rather than the host.
    """

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        from network.accounts.models import User

        user = context.get("user")
        if not isinstance(user, User):
            user = User.objects.filter(email__iexact=email).first()
        served = {lang.code for lang in languages.PORTAL_LANGUAGES}
        language = translation.get_language()
        if user is not None and user.preferred_language in served:
            language = user.preferred_language
        # translate_url resolves the link in the language it was made in (the
        # active one), so it runs before the recipient's language is activated.
        context = {
            key: translate_url(value, language)
            if key.endswith("_url") and isinstance(value, str)
            else value
            for key, value in context.items()
        }
        with translation.override(language):
            host = self.request.get_host() if self.request else ""
            context["current_site"] = PortalSite(
                name=gettext("Human security network, Mali"), domain=host
            )
            super().send_mail(template_prefix, email, context)

    def pre_authenticate(self, request, **credentials):
        from django.core.exceptions import ValidationError

        try:
            super().pre_authenticate(request, **credentials)
        except ValidationError as error:
            if getattr(error, "code", None) == "too_many_login_attempts":
                raise ImmediateHttpResponse(respond_429(request)) from error
            raise

    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=False)
        served = {lang.code for lang in languages.PORTAL_LANGUAGES}
        active = translation.get_language()
        if active in served:
            user.preferred_language = active
        if commit:
            user.save()
        return user

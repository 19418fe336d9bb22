"""How django-allauth behaves on this portal."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.core.ratelimit import respond_429
from django.utils import translation

from network import languages


class AccountAdapter(DefaultAccountAdapter):
    """Adds two behaviours to allauth's default adapter.

    - A login attempt beyond the failed-login rate limit
      (``ACCOUNT_RATE_LIMITS["login_failed"]``) is answered with the
      translated 429 page rather than a form error, so that scripts hammering
      the form get an HTTP status they understand.
    - A new account's preferred language is the language it signed up in.
    """

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

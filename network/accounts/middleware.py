"""Sends coordinators and administrators without two-factor authentication to set it up."""

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _


class RequireTwoFactorMiddleware:
    """Until a coordinator or administrator has a TOTP authenticator, every
    page except the set-up pages, logout, static files and the language
    switcher redirects to the TOTP set-up page (DESIGN.md, "Do no harm").

    Governed by ``settings.NETWORK_REQUIRE_TWO_FACTOR`` (on in production).
    Costs no query for anonymous users and users without these roles beyond
    the role lookup the dashboard makes anyway.
    """

    # URL name prefixes that stay reachable while two-factor is missing.
    allowed_url_names = ("mfa_", "account_logout", "account_reauthenticate", "set_language")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self._must_set_up(request):
            from django.contrib import messages

            messages.warning(
                request,
                _(
                    "Your role gives access to personal data: set up two-factor "
                    "authentication before you continue."
                ),
            )
            return redirect(reverse("mfa_activate_totp"))
        return self.get_response(request)

    def _must_set_up(self, request) -> bool:
        if not settings.NETWORK_REQUIRE_TWO_FACTOR:
            return False
        user = request.user
        if not user.is_authenticated:
            return False
        if request.path.startswith((settings.STATIC_URL, settings.MEDIA_URL)):
            return False
        match = getattr(request, "resolver_match", None)
        if match is None:
            from django.urls import Resolver404, resolve

            try:
                match = resolve(request.path_info)
            except Resolver404:
                return False
        if (match.url_name or "").startswith(self.allowed_url_names):
            return False
        from network.accounts.rules import needs_two_factor

        if not needs_two_factor(user):
            return False
        return not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.urls import reverse_lazy
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from django.views.generic import UpdateView
from django.views.i18n import set_language as django_set_language

from network import languages
from network.accounts.models import User
from network.accounts.services import user_set_preferred_language


@require_POST
def set_language(request):
    """Switch language and return to the same page in it (Django's ``set_language``).

    Takes POST ``language`` and ``next`` (the current path); answers a
    redirect to ``next`` translated into the chosen language. A code that
    is not served as such (``en-us``, ``BM``, ``bm-ML``) is mapped to the
    served language it belongs to; an unknown one changes nothing.
    ``next`` is resolved in the language of its own prefix (Django would
    use the request's, from the cookie or the browser, and fail when they
    differ). For a logged-in user the choice is also stored as their
    preferred language, which emails and background work use.
    """
    served = {lang.code for lang in languages.PORTAL_LANGUAGES}
    requested = request.POST.get("language", "")
    try:
        language = translation.get_supported_language_variant(requested.lower())
    except LookupError:
        language = ""
    if language not in served:
        language = ""
    request.POST = request.POST.copy()
    request.POST["language"] = language
    next_language = translation.get_language_from_path(request.POST.get("next", ""))
    with translation.override(next_language or translation.get_language()):
        response = django_set_language(request)
    if request.user.is_authenticated and language:
        user_set_preferred_language(user=request.user, language=language)
    return response


class ProfileUpdateView(LoginRequiredMixin, UpdateView):
    """A user's own name and preferred language."""

    model = User
    fields = ["display_name", "preferred_language"]
    template_name = "accounts/profile_form.html"
    success_url = reverse_lazy("accounts:profile")

    def get_object(self, queryset=None):
        return self.request.user

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, _("Your profile has been saved."))
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["current_language"] = translation.get_language()
        return context

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

    Takes POST ``language`` (a served code) and ``next`` (the current path);
    answers a redirect to ``next`` translated into the chosen language.
    For a logged-in user the choice is also stored as their preferred
    language, which emails and background work use.
    """
    response = django_set_language(request)
    language = request.POST.get("language", "")
    served = {lang.code for lang in languages.PORTAL_LANGUAGES}
    if request.user.is_authenticated and language in served:
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

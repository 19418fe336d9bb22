"""A person's own data: see what is kept, download it as JSON, delete the account.

DESIGN.md: "A user can download their own data (JSON) and delete their
account; the organisations they belonged to stay."
"""

import json

from allauth.core import ratelimit
from django import forms
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import FormView, TemplateView

from network.accounts import personal_data
from network.accounts.services import user_delete


class MyDataView(LoginRequiredMixin, TemplateView):
    """What the download holds, the download button, and the way to delete the account."""

    template_name = "accounts/my_data.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["providers"] = [p for p in personal_data.providers() if p.description]
        return context


class MyDataDownloadView(LoginRequiredMixin, View):
    """GET: the user's data (``personal_data.collect``) as ``my-data.json``."""

    def get(self, request, *args, **kwargs):
        data = personal_data.collect(request.user)
        body = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
        response = HttpResponse(body.encode("utf-8"), content_type="application/json")
        response["Content-Disposition"] = 'attachment; filename="my-data.json"'
        response["Cache-Control"] = "no-store"
        return response


class AccountDeleteForm(forms.Form):
    """The user's password, to confirm that they, not someone at their screen, delete it."""

    password = forms.CharField(
        label=gettext_lazy("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(
                _("This password is not correct. Your account has not been deleted."),
                code="password_incorrect",
            )
        return password


class AccountDeleteView(LoginRequiredMixin, FormView):
    """GET: what deleting does, and the password field. POST: delete, log out, go home.

    Uses ``user_delete`` (which writes the audit entry); the user's
    memberships go with the account, the organisations stay. Password
    attempts share allauth's "reauthenticate" rate limit (10 a minute).
    """

    template_name = "accounts/delete.html"
    form_class = AccountDeleteForm

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["user"] = self.request.user
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["warnings"] = personal_data.deletion_warnings(self.request.user)
        return context

    def post(self, request, *args, **kwargs):
        limited = ratelimit.consume_or_429(request, action="reauthenticate", user=request.user)
        if limited is not None:
            return limited
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        user = self.request.user
        user_delete(user=user, deleted_by=user)
        logout(self.request)
        messages.success(self.request, _("Your account has been deleted. Goodbye."))
        return redirect("pages:home")

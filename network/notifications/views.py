"""Inbox, preferences and one-click unsubscribe."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core import signing
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.csrf import csrf_exempt
from django.views.generic import FormView, ListView

from network.notifications import selectors, services
from network.notifications.emails import notification_message, notification_path
from network.notifications.enums import Channel
from network.notifications.forms import PreferencesForm
from network.notifications.kinds import KINDS
from network.notifications.models import Delivery, Preference


class InboxView(LoginRequiredMixin, ListView):
    """The user's notifications, newest first, 20 a page, unread ones marked."""

    template_name = "notifications/inbox.html"
    context_object_name = "deliveries"
    paginate_by = 20

    def get_queryset(self):
        return selectors.inbox_for(user=self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        language = translation.get_language()
        context["items"] = [
            {
                "delivery": delivery,
                "message": notification_message(delivery.notification),
                "link": notification_path(delivery.notification, language),
                "kind": KINDS[delivery.notification.kind],
            }
            for delivery in context["deliveries"]
        ]
        return context


class InboxMarkReadView(LoginRequiredMixin, View):
    """POST: mark one notification (``pk``) or all of them (no ``pk``) read."""

    def post(self, request, pk: int | None = None):
        if pk is not None:
            get_object_or_404(Delivery, pk=pk, recipient=request.user, channel=Channel.INBOX)
        count = services.inbox_mark_read(user=request.user, delivery_id=pk)
        if pk is None:
            messages.success(request, _("All notifications are marked as read."))
        elif count:
            messages.success(request, _("The notification is marked as read."))
        return redirect("notifications:inbox")


class PreferencesView(LoginRequiredMixin, FormView):
    """Per kind: immediately, daily digest, weekly digest, or off."""

    template_name = "notifications/preferences.html"

    def get_form(self, form_class=None):
        current = dict(
            Preference.objects.filter(user=self.request.user).values_list("kind", "frequency")
        )
        return PreferencesForm(**self.get_form_kwargs(), current=current)

    def form_valid(self, form):
        services.preferences_save(user=self.request.user, frequencies=form.cleaned_data)
        messages.success(self.request, _("Your notification preferences have been saved."))
        return redirect("notifications:preferences")


@csrf_exempt  # RFC 8058 one-click: mail clients POST without a CSRF token; the token is the proof
def unsubscribe(request, token: str):
    """GET: a page with one button; POST: turn the kind off. No login needed.

    GET alone changes nothing, so that mail scanners following links do not
    unsubscribe anyone. A forged or altered token answers 404.
    """
    try:
        user_id, kind_key = signing.loads(token, salt=services.UNSUBSCRIBE_SALT)
        kind = KINDS[kind_key]
    except (signing.BadSignature, KeyError, ValueError, TypeError) as error:
        raise Http404 from error
    if request.method == "POST":
        try:
            services.unsubscribe(token=token)
        except LookupError as error:
            raise Http404 from error
        return render(request, "notifications/unsubscribed.html", {"kind": kind})
    return render(request, "notifications/unsubscribe.html", {"kind": kind, "token": token})

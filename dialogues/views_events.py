"""Dialogue events: lists, page, planning (create, propose, edit, status) and iCalendar.

Every view checks its permission on the event (``dialogues/rules.py``). An
event a user may not see answers 404; a visitor (not logged in) is sent to
the login page instead, since logging in may help. A visitor is sent there
for a slug that does not exist as well, so the answer never tells whether
a hidden event exists.

Registration and outcomes add their panels to the event page through
``registration_context`` and ``outcomes_context``.
"""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.cache import cache
from django.db.models import Count, Max
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils import formats, timezone, translation
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import DetailView, FormView, ListView

from dialogues import calendar, selectors
from dialogues.enums import EventStatus
from dialogues.forms_events import EventFilterForm, EventForm, EventStatusForm, event_initial
from dialogues.services import (
    DialogueError,
    EventConflict,
    event_create,
    event_set_status,
    event_update,
)
from dialogues.views_outcomes import outcomes_context
from dialogues.views_registration import registration_context
from network.accounts.mixins import ObjectPermissionMixin
from network.lists import query_without_page
from network.pages.selectors import regions_list, themes_list

STATUS_ERRORS = {
    "transition": gettext_lazy("This change of status is not possible from the current status."),
}
STATUS_DONE = {
    EventStatus.PLANNED: gettext_lazy(
        "The event has been published; member organisations working in its region are told."
    ),
    EventStatus.HELD: gettext_lazy("The event is recorded as held."),
    EventStatus.CANCELLED: gettext_lazy("The event has been cancelled."),
}


class EventMixin(ObjectPermissionMixin):
    """The event of the URL's slug; 404 unless ``permission`` holds (login for visitors)."""

    permission = "dialogues.view_event"
    object_attribute = "event"

    def load_object(self, **kwargs):
        return selectors.event_by_slug(slug=kwargs["slug"])


class PermissionMixin:
    """404 for a logged-in user without ``permission`` (no object): no such page for them."""

    permission = ""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not request.user.has_perm(self.permission):
            raise Http404
        return super().dispatch(request, *args, **kwargs)


# --- Finding events -----------------------------------------------------------


class EventListView(ListView):
    """Upcoming (``past = False``) or past events the user may see; filters, 20 a page."""

    template_name = "dialogues/events/list.html"
    context_object_name = "events"
    paginate_by = 20
    past = False

    def get_queryset(self):
        self.regions = list(regions_list())
        self.themes = list(themes_list())
        self.filter_form = EventFilterForm(
            self.request.GET or None, regions=self.regions, themes=self.themes
        )
        filters = self.filter_form.filters() if self.request.GET else {}
        return selectors.events_list(user=self.request.user, past=self.past, **filters)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["filter_form"] = self.filter_form
        context["past"] = self.past
        context["query_string"] = query_without_page(self.request)
        context["filtered"] = any(
            self.request.GET.get(name) for name in ("level", "region", "theme", "year")
        )
        # The cards of a page are rendered once per language for the same events in the same
        # state (the stamp), whoever reads: their rendering is most of the page's time
        # (bench/RESULTS.md). The events themselves are read only when the cache misses.
        context["events_stamp"] = selectors.events_page_stamp(context["page_obj"].object_list)
        context["events_seconds"] = selectors.EVENTS_CACHE_SECONDS
        context["can_add"] = user.is_authenticated and user.has_perm("dialogues.add_event")
        context["can_propose"] = (
            user.is_authenticated
            and not context["can_add"]
            and user.has_perm("dialogues.propose_event")
        )
        return context


class EventDetailView(EventMixin, DetailView):
    """An event's page, with the panels of registration and outcomes."""

    template_name = "dialogues/events/detail.html"
    context_object_name = "event"

    def get_object(self, queryset=None):
        return self.event

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        request, event = self.request, self.event
        user = request.user
        language = translation.get_language()
        # Which language the title and description are really in (French when they fall back).
        context["title_lang"] = language if getattr(event, f"title_{language}", "") else "fr"
        context["description_lang"] = (
            language if getattr(event, f"description_{language}", "") else "fr"
        )
        organisers = list(event.organisers.all())
        context["organisers_shown"] = [
            organisation
            for organisation in organisers
            if user.has_perm("members.view_organisation", organisation)
        ]
        context["organisers_hidden"] = len(organisers) - len(context["organisers_shown"])
        context["time_zone"] = timezone.get_current_timezone_name()
        context["is_past"] = event.ends_at < timezone.now()
        can_change = user.is_authenticated and user.has_perm("dialogues.change_event", event)
        context["can_change"] = can_change
        if can_change:
            context["status_actions"] = self._status_actions()
        context.update(registration_context(request, event))
        context.update(outcomes_context(request, event))
        return context

    def _status_actions(self) -> list[str]:
        """The status actions a coordinator may take now, as ``EventStatus`` values."""
        event = self.event
        if event.status == EventStatus.PROPOSED:
            return [EventStatus.PLANNED, EventStatus.CANCELLED]
        if event.status == EventStatus.PLANNED:
            started = event.starts_at <= timezone.now()
            return [EventStatus.HELD, EventStatus.CANCELLED] if started else [EventStatus.CANCELLED]
        return []


# --- Planning -----------------------------------------------------------------


class EventCreateView(LoginRequiredMixin, PermissionMixin, FormView):
    """Coordinators create an event; it is planned (published) at once."""

    permission = "dialogues.add_event"
    template_name = "dialogues/events/form.html"
    form_class = EventForm
    proposed = False

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["organisers"] = selectors.organisations_for_organisers()
        return kwargs

    def form_valid(self, form):
        fields, m2m = form.event_values()
        event = event_create(
            fields=fields, m2m=m2m, created_by=self.request.user, proposed=self.proposed
        )
        messages.success(self.request, self.success_message())
        return redirect(event)

    def success_message(self) -> str:
        return _("The event has been published.")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["mode"] = "propose" if self.proposed else "new"
        return context


class EventProposeView(EventCreateView):
    """Admins of active member organisations propose an event; a coordinator publishes it."""

    permission = "dialogues.propose_event"
    proposed = True

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.choices = selectors.organisations_proposable_by(user=request.user)
            # A superuser holds every permission, but proposes only for an organisation.
            if not self.choices.exists():
                raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        choices = self.choices
        kwargs["organisers"] = choices
        kwargs["organisers_required"] = True
        if not self.request.method == "POST":
            # One organisation: tick it already.
            only = list(choices[:2])
            if len(only) == 1:
                kwargs.setdefault("initial", {})["organisers"] = [only[0].pk]
        return kwargs

    def success_message(self) -> str:
        return _(
            "Your proposal has been recorded. A coordinator will publish it; "
            "until then only your organisation's people and the coordinators see it."
        )


class EventEditView(LoginRequiredMixin, EventMixin, FormView):
    """Coordinators edit an event; a concurrent save never overwrites silently."""

    permission = "dialogues.change_event"
    template_name = "dialogues/events/form.html"
    form_class = EventForm

    def get_initial(self):
        return event_initial(self.event)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["organisers"] = selectors.organisations_for_organisers(event=self.event)
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["mode"] = "edit"
        return context

    def form_valid(self, form):
        fields, m2m = form.event_values()
        try:
            event = event_update(
                event=self.event,
                fields=fields,
                m2m=m2m,
                changed_by=self.request.user,
                loaded_version=form.cleaned_data["version"] or 0,
            )
        except EventConflict as conflict:
            return self._conflict(form, conflict.current)
        messages.success(self.request, _("The event has been saved."))
        return redirect(event)

    def _conflict(self, form, current):
        """Keep what the editor typed, show the values saved meanwhile, let them save again."""
        form.data = form.data.copy()
        form.data["version"] = current.version
        form.add_error(
            None,
            _(
                "Someone saved this event after you opened it. What you typed is kept below; "
                "the values they saved are listed above it. Check them, then save again."
            ),
        )
        context = self.get_context_data(form=form)
        context["conflict"] = current
        context["conflict_fields"] = _differences(form, current)
        return self.render_to_response(context)


def _shown(value) -> str:
    """A saved value as the conflict table shows it, in the active language's formats."""
    if value is None or value == "":
        return "—"
    if hasattr(value, "astimezone"):
        return formats.date_format(timezone.localtime(value), "DATETIME_FORMAT")
    if isinstance(value, list | tuple):
        return ", ".join(str(item) for item in value) or "—"
    return str(value)


def _differences(form: EventForm, current) -> list[dict]:
    """Each field whose saved value differs from what the editor typed: label and saved value."""
    typed = form.cleaned_data
    current_themes = list(current.themes.order_by("order", "slug"))
    current_organisers = list(current.organisers.order_by("name", "pk"))
    saved = {name: getattr(current, name) for name in form.fields if hasattr(current, name)}
    saved["themes"], saved["organisers"] = current_themes, current_organisers
    rows = []
    for name, field in form.fields.items():
        if name == "version" or name not in saved:
            continue
        mine, theirs = typed.get(name), saved[name]
        if name in ("themes", "organisers"):
            differ = {item.pk for item in mine or []} != {item.pk for item in theirs}
        elif name in ("title_en", "title_bm", "description_en", "description_bm", "place"):
            differ = (mine or "") != (theirs or "")
        elif name in ("starts_at", "ends_at"):
            # The form holds minutes: a saved time is compared at that precision.
            differ = mine is None or mine != theirs.replace(second=0, microsecond=0)
        else:
            differ = mine != theirs
        if not differ:
            continue
        if name == "level":
            theirs = current.get_level_display()
        elif name == "visibility":
            theirs = current.get_visibility_display()
        rows.append({"label": field.label, "current": _shown(theirs)})
    return rows


class EventStatusView(LoginRequiredMixin, EventMixin, View):
    """POST: publish a proposal, record an event as held, or cancel it (coordinators)."""

    permission = "dialogues.change_event"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        form = EventStatusForm(request.POST, event=self.event)
        if not form.is_valid():
            for error in form.non_field_errors() or [_("Choose a valid action.")]:
                messages.error(request, error)
            return redirect(self.event)
        status = form.cleaned_data["status"]
        try:
            event_set_status(event=self.event, status=status, changed_by=request.user)
        except DialogueError as error:
            messages.error(request, str(STATUS_ERRORS.get(error.code, error.code)))
            return redirect(self.event)
        messages.success(request, str(STATUS_DONE[EventStatus(status)]))
        return redirect(self.event)


# --- iCalendar ----------------------------------------------------------------

CALENDAR_CONTENT_TYPE = "text/calendar; charset=utf-8"
CALENDAR_CACHE_SECONDS = 60 * 60


class CalendarFeedView(View):
    """The iCalendar feed of public events: upcoming ones and those of the last 12 months.

    Building a large feed takes seconds (``bench/RESULTS.md``), and calendar
    clients poll it: the body is cached, under a key made of the events'
    count and latest change, so any edit shows at once (1 query when
    cached, 2 otherwise).
    """

    def get(self, request, *args, **kwargs):
        events = selectors.events_for_calendar()
        stamp = events.aggregate(count=Count("pk"), changed=Max("updated_at"))
        key = "dialogues:ics:{}:{}:{}:{}".format(
            translation.get_language(),
            request.get_host(),
            stamp["count"],
            stamp["changed"].isoformat() if stamp["changed"] else "-",
        )
        body = cache.get(key)
        if body is None:
            body = calendar.calendar_for(events, request, name=calendar.feed_name())
            cache.set(key, body, CALENDAR_CACHE_SECONDS)
        response = HttpResponse(body, content_type=CALENDAR_CONTENT_TYPE)
        response["Content-Disposition"] = content_disposition_header(False, "dialogues.ics")
        return response


class EventIcsView(EventMixin, View):
    """One event as an ``.ics`` download, for those who may see it."""

    def get(self, request, *args, **kwargs):
        body = calendar.calendar_for([self.event], request, name=self.event.title)
        response = HttpResponse(body, content_type=CALENDAR_CONTENT_TYPE)
        response["Content-Disposition"] = content_disposition_header(True, f"{self.event.slug}.ics")
        return response

"""Registration of delegates, the participant list and attendance of a dialogue event.

The event page (``views_events``) shows what ``registration_context`` gives
and includes ``dialogues/registration/panel.html``. The routes here
(``urls_registration.py``) check, in this order: logged in (a visitor gets
the login page), the event exists and the user may see it, then the
route's permission (``dialogues/rules.py``); anything denied answers 404
(DESIGN.md). Names of participants are shown only to those with
``dialogues.view_participants`` (coordinators and the organisers' people);
everyone else sees counts (DESIGN.md, "Do no harm").
"""

import csv
import io

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.db.models import Count, Q, Subquery
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView, View

from dialogues import services
from dialogues.enums import EventStatus, RegistrationStatus
from dialogues.forms_registration import AttendanceForm, RegistrationForm
from dialogues.models import Attendance, DialogueEvent, Registration
from dialogues.rules import is_open_for_registration, is_org_admin_somewhere
from dialogues.selectors import MIN_TOTAL_FOR_SHARES
from members.enums import MembershipStatus, OrganisationRole
from members.models import OrganisationPerson
from network.accounts.mixins import ObjectPermissionMixin
from network.accounts.rules import is_coordinator

REGISTRATION_ERRORS = {
    "full": gettext_lazy("This event is full: no more delegates can be registered."),
    "not_a_person": gettext_lazy("This person does not belong to the organisation you chose."),
    "already_registered": gettext_lazy("This person is already registered for this event."),
    "closed": gettext_lazy("Registration is closed for this event."),
}
#: Where a failed registration form's choices wait for the event page (DESIGN.md, "Nothing lost").
KEPT_FORM_KEY = "dialogues.registration_form"
#: First characters that make a spreadsheet read a cell as a formula (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def registration_error_message(error: services.DialogueError) -> str:
    """The translated sentence for a registration ``DialogueError`` code."""
    return str(REGISTRATION_ERRORS.get(error.code, error.code))


# --- Reads ------------------------------------------------------------------


def _event_by_slug(slug: str) -> DialogueEvent | None:
    # The slug is not translated: the lookup works whichever language is active.
    return DialogueEvent.objects.filter(slug=slug).first()


def _people_of_administered(user) -> list[OrganisationPerson]:
    """Active people of the active organisations ``user`` administers, by organisation (1 query)."""
    administered = OrganisationPerson.objects.filter(
        user=user, role=OrganisationRole.ADMIN, organisation__status=MembershipStatus.ACTIVE
    ).values("organisation_id")
    return list(
        OrganisationPerson.objects.filter(
            organisation_id__in=Subquery(administered), user__is_active=True
        )
        .select_related("organisation", "user")
        .order_by("organisation__name", "organisation_id", "user__display_name", "pk")
    )


def _administered_ids(user) -> set[int]:
    """Ids of the active organisations ``user`` administers (1 query)."""
    return set(
        OrganisationPerson.objects.filter(
            user=user, role=OrganisationRole.ADMIN, organisation__status=MembershipStatus.ACTIVE
        ).values_list("organisation_id", flat=True)
    )


def _registered(event: DialogueEvent, *, organisation_ids=None) -> list[Registration]:
    """Registered delegates of ``event``, delegate and organisation loaded (1 query)."""
    registrations = Registration.objects.filter(
        event=event, status=RegistrationStatus.REGISTERED
    ).select_related("delegate", "organisation")
    if organisation_ids is not None:
        registrations = registrations.filter(organisation_id__in=organisation_ids)
    return list(
        registrations.order_by("organisation__name", "organisation_id", "delegate__display_name")
    )


def _counts(event: DialogueEvent) -> dict:
    """Registered delegates and the attendance counts of ``event`` (1 query)."""
    row = (
        DialogueEvent.objects.filter(pk=event.pk)
        .values("attendance__total", "attendance__women", "attendance__youth")
        .annotate(
            registered=Count(
                "registrations", filter=Q(registrations__status=RegistrationStatus.REGISTERED)
            )
        )
        .first()
    ) or {}
    return row


def _share(part: int, total: int) -> int:
    """``part`` of ``total`` in whole percent (0 when ``total`` is 0)."""
    return round(100 * part / total) if total else 0


def _has_started(event: DialogueEvent) -> bool:
    """Attendance can be recorded once a planned or held event has begun."""
    return (
        event.status in (EventStatus.PLANNED, EventStatus.HELD)
        and event.starts_at <= timezone.now()
    )


# --- The panel of the event page --------------------------------------------


def registration_context(request, event) -> dict:
    """What the event page shows of registrations and attendance, for ``request.user``.

    Everyone who may see the event: ``registration.registered`` and
    ``capacity``; once recorded, ``registration.attendance`` as the total
    and the shares of women and youth in percent, never names. Admins of
    active member organisations while registration is open
    (``dialogues.register_delegates``): ``form`` and ``own`` (their
    organisations' registrations, to cancel). ``participants_url`` for
    ``dialogues.view_participants``, ``attendance_url`` for
    ``dialogues.report_on_event`` once the event has started.

    A fixed number of queries whatever the number of registrations: 1 for
    the counts and the attendance; the permission look-ups (the user's
    network roles, organiser roles, organisation-admin check); for an
    organisation admin, 1 for the people of their organisations and 1 for
    their registrations.
    """
    user = request.user
    counts = _counts(event)
    registered = counts.get("registered", 0)
    capacity = event.capacity
    state = {
        "registered": registered,
        "capacity": capacity,
        "places_left": max(capacity - registered, 0) if capacity is not None else None,
        "is_open": is_open_for_registration(user, event),
        "attendance": None,
        "form": None,
        "own": [],
        "participants_url": None,
        "attendance_url": None,
    }
    total = counts.get("attendance__total")
    if total is not None:
        state["attendance"] = {"total": total, "shares_hidden": total < MIN_TOTAL_FOR_SHARES}
        if total >= MIN_TOTAL_FOR_SHARES:
            state["attendance"]["women_percent"] = _share(counts["attendance__women"], total)
            state["attendance"]["youth_percent"] = _share(counts["attendance__youth"], total)
    if user.is_authenticated:
        # An administrator passes every has_perm (superuser), open or not, but registers
        # only for organisations they administer: no organisation, no form.
        people = (
            _people_of_administered(user)
            if state["is_open"] and user.has_perm("dialogues.register_delegates", event)
            else []
        )
        if people:
            # Choices of a refused attempt (RegisterView._back_with), shown once.
            kept = request.session.pop(KEPT_FORM_KEY, None)
            initial = kept["data"] if kept and kept.get("event") == event.pk else None
            state["own"] = _registered(event, organisation_ids={p.organisation_id for p in people})
            state["form"] = RegistrationForm(
                initial=initial,
                people=people,
                registered=frozenset(r.delegate_id for r in state["own"]),
            )
        if user.has_perm("dialogues.view_participants", event):
            state["participants_url"] = reverse(
                "dialogues:participants", kwargs={"slug": event.slug}
            )
        if _has_started(event) and user.has_perm("dialogues.report_on_event", event):
            state["attendance_url"] = reverse("dialogues:attendance", kwargs={"slug": event.slug})
    return {"registration_panel": True, "registration": state}


# --- Routes -----------------------------------------------------------------


class EventMixin(ObjectPermissionMixin):
    """The event of the URL's slug; 404 unless the user may see it and has ``permission``.

    Put after ``LoginRequiredMixin`` so that a visitor gets the login page first.
    """

    permission: str | None = None
    object_attribute = "event"

    def load_object(self, **kwargs):
        return _event_by_slug(kwargs["slug"])

    def get_permissions(self) -> tuple[str, ...]:
        return ("dialogues.view_event",) + ((self.permission,) if self.permission else ())

    def check_object(self) -> bool:
        return self.has_event_permission()

    def has_event_permission(self) -> bool:
        """What a view adds to the permissions (the event has started…); by default nothing."""
        return True

    def event_url(self, anchor: str = "registration") -> str:
        """The event page, at the panel's ``anchor`` (``registration`` or ``attendance``)."""
        return f"{reverse('dialogues:detail', kwargs={'slug': self.event.slug})}#{anchor}"


class RegisterView(LoginRequiredMixin, EventMixin, View):
    """POST: register one of the user's organisations' people as delegate, then back to the event.

    While registration is open, admins of active member organisations who
    may see the event; when it has closed meanwhile, such an admin is told
    so (``"closed"``) instead of getting 404.
    """

    http_method_names = ["post"]

    def has_event_permission(self) -> bool:
        user = self.request.user
        # An administrator passes every has_perm (superuser): ask the rule itself too.
        if not is_org_admin_somewhere(user):
            return False
        self.closed = not is_open_for_registration(user, self.event)
        return self.closed or user.has_perm("dialogues.register_delegates", self.event)

    def post(self, request, *args, **kwargs):
        if self.closed:
            messages.error(request, REGISTRATION_ERRORS["closed"])
            return redirect(self.event_url())
        form = RegistrationForm(request.POST, people=_people_of_administered(request.user))
        if not form.is_valid():
            for errors in form.errors.values():
                for error in dict.fromkeys(errors):
                    messages.error(request, error)
            return self._back_with(form)
        organisation, delegate = form.cleaned_data["organisation"], form.cleaned_data["delegate"]
        try:
            services.registration_create(
                event=self.event,
                organisation=organisation,
                delegate=delegate,
                registered_by=request.user,
            )
        except services.DialogueError as error:
            messages.error(request, registration_error_message(error))
            return self._back_with(form)
        messages.success(
            request,
            _("%(name)s is registered as a delegate of %(organisation)s.")
            % {"name": delegate.display_name or str(delegate), "organisation": organisation.name},
        )
        return redirect(self.event_url())

    def _back_with(self, form):
        """Back to the event page, where the form shows the choices just made."""
        self.request.session[KEPT_FORM_KEY] = {
            "event": self.event.pk,
            "data": {name: form.data.get(name, "") for name in ("organisation", "delegate")},
        }
        return redirect(self.event_url())


class RegistrationCancelView(LoginRequiredMixin, EventMixin, View):
    """POST: cancel a registration of this event (the seat is freed).

    Only the admins of the registering organisation (while it is an active
    member) and coordinators; anyone else, or a registration of another
    event, answers 404. Back to the participant list when the button was
    there (``from=participants``), else to the event page.
    """

    http_method_names = ["post"]

    def has_event_permission(self) -> bool:
        self.registration = (
            Registration.objects.select_related("delegate", "organisation")
            .filter(pk=self.kwargs["pk"], event=self.event)
            .first()
        )
        if self.registration is None:
            return False
        user = self.request.user
        return is_coordinator(user) or self.registration.organisation_id in _administered_ids(user)

    def post(self, request, *args, **kwargs):
        if request.POST.get("from") == "participants":
            back = reverse("dialogues:participants", kwargs={"slug": self.event.slug})
        else:
            back = self.event_url()
        if not is_open_for_registration(request.user, self.event):
            messages.error(request, REGISTRATION_ERRORS["closed"])
            return redirect(back)
        services.registration_cancel(registration=self.registration, cancelled_by=request.user)
        messages.success(
            request,
            _("The registration of %(name)s has been cancelled.")
            % {"name": self.registration.delegate.display_name or str(self.registration.delegate)},
        )
        return redirect(back)


class ParticipantsView(LoginRequiredMixin, EventMixin, TemplateView):
    """GET: names of the registered delegates and their organisations (no email, no phone)."""

    permission = "dialogues.view_participants"
    template_name = "dialogues/registration/participants.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        registrations = _registered(self.event)
        open_ = is_open_for_registration(user, self.event)
        cancel_all = open_ and is_coordinator(user)
        administered = _administered_ids(user) if open_ and not cancel_all else set()
        context["rows"] = [
            {
                "registration": registration,
                "can_cancel": cancel_all or registration.organisation_id in administered,
            }
            for registration in registrations
        ]
        context["can_cancel_any"] = any(row["can_cancel"] for row in context["rows"])
        context["capacity"] = self.event.capacity
        return context


def _safe_cell(value: str) -> str:
    """``value`` with a leading ``'`` when a spreadsheet would run it as a formula (OWASP)."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


class ParticipantsCsvView(LoginRequiredMixin, EventMixin, View):
    """POST: the participant list as CSV (UTF-8 with BOM), written to the audit log.

    A POST, as the organisations' export: the download writes an audit
    entry, so a link preview or prefetch must not trigger it.
    """

    permission = "dialogues.view_participants"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        registrations = _registered(self.event)
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow([_("Name"), _("Organisation"), _("Registered on")])
        for registration in registrations:
            writer.writerow(
                [
                    _safe_cell(registration.delegate.display_name or ""),
                    _safe_cell(registration.organisation.name),
                    timezone.localtime(registration.created_at).date().isoformat(),
                ]
            )
        services.participants_exported(
            event=self.event, exported_by=request.user, count=len(registrations)
        )
        # The byte order mark makes Excel read the file as UTF-8 (accents, ɛ, ɔ, ɲ, ŋ).
        response = HttpResponse(
            out.getvalue().encode("utf-8-sig"), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = content_disposition_header(
            True, f"participants-{self.event.slug}.csv"
        )
        response["Cache-Control"] = "no-store"
        return response


class AttendanceView(LoginRequiredMixin, EventMixin, FormView):
    """GET/POST: record or correct the attendance counts, once the event has started.

    Coordinators and the organisers' people (``dialogues.report_on_event``).
    A form that fails a check is shown again with what was typed.
    """

    permission = "dialogues.report_on_event"
    form_class = AttendanceForm
    template_name = "dialogues/registration/attendance.html"

    def has_event_permission(self) -> bool:
        return _has_started(self.event) and super().has_event_permission()

    def get_initial(self):
        """The counts recorded before, to correct them."""
        attendance = Attendance.objects.filter(event=self.event).first()
        if attendance is None:
            return {}
        return {name: getattr(attendance, name) for name in ("total", "women", "men", "youth")}

    def form_valid(self, form):
        services.attendance_record(
            event=self.event, counts=form.cleaned_data, recorded_by=self.request.user
        )
        messages.success(self.request, _("The attendance has been recorded."))
        return redirect(self.event_url(anchor="attendance"))

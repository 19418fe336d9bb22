"""Reported values and their approval: the list, entering, correcting, submitting, deciding,
deleting, and the evidence file.

Values go draft → submitted → approved, or returned with a comment, then
corrected and submitted again (``services.py``). Every view checks its
permission (``rules.py``): a value or indicator a user may not see or act on
answers 404, and a visitor is sent to log in. A user who may see the value
but comes too late to act on it (someone submitted or decided it
meanwhile) is sent back to the value with a message saying so.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import redirect
from django.template.defaultfilters import floatformat
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, ListView, TemplateView

from members.selectors import memberships_of_user
from network.accounts.mixins import ObjectPermissionMixin, PermissionRequiredMixin
from network.lists import query_without_page
from network.progress import selectors, services
from network.progress.enums import Source, ValueStatus
from network.progress.forms_values import DecisionForm, ValueFilterForm, ValueForm
from network.progress.models import Indicator, IndicatorValue, Period
from network.progress.rules import is_contributor
from network.storage import private_download

#: Values waiting for a decision shown above the list; more are reached by the status filter.
TO_DECIDE_MAX = 50


def _coordinates(user) -> bool:
    """Coordinators (and administrators) work on every value and enter the network's own."""
    return user.has_perm("progress.manage_framework")


def _add_errors(form, error: ValidationError) -> None:
    """Put a service's ``ValidationError`` on the form: on its field when the form has it."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _current_period(periods: list[Period]) -> Period | None:
    """The period running today (``TIME_ZONE``), else the last one started, else the first."""
    today = timezone.localdate()
    started = [period for period in periods if period.starts_on <= today]
    for period in started:
        if period.ends_on >= today:
            return period
    if started:
        return started[-1]
    return periods[0] if periods else None


class ReportValuesPermissionMixin(PermissionRequiredMixin):
    """Login first; then 404 unless the user may report values (coordinators, members)."""

    permission = "progress.report_values"


# --- The list -----------------------------------------------------------------


class ValuesView(ReportValuesPermissionMixin, ListView):
    """Coordinators: the values waiting for a decision, then every value (filters, 20 a page).

    Members: their organisations' contributions (filters, 20 a page) and the
    indicators open to member reporting, each with a link to enter a value.
    The indicator filter offers reported indicators only (computed ones take
    no value); to members, those open to them and those their organisations
    reported on. Queries are the same for any number of values.
    """

    template_name = "progress/values/list.html"
    context_object_name = "values"
    paginate_by = 20

    def get_queryset(self) -> QuerySet[IndicatorValue]:
        user = self.request.user
        self.coordinates = _coordinates(user)
        self.indicators = list(selectors.indicators_list())
        reported = [i for i in self.indicators if i.source == Source.REPORTED]
        values = IndicatorValue.objects.select_related(
            "indicator__objective", "period", "organisation"
        ).order_by("-updated_at", "-pk")
        if self.coordinates:
            filtered = reported
        else:
            self.memberships = list(memberships_of_user(user=user))
            organisation_ids = [person.organisation_id for person in self.memberships]
            values = values.filter(organisation_id__in=organisation_ids)
            # What they may enter now, and what they entered before (perhaps no longer open).
            theirs = selectors.indicators_holding_values(organisation_ids=organisation_ids)
            filtered = [i for i in reported if i.members_may_report or i.pk in theirs]
        self.filter_form = ValueFilterForm(self.request.GET or None, indicators=filtered)
        return values.filter(**self.filter_form.filters())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["coordinates"] = self.coordinates
        context["filter_form"] = self.filter_form
        context["filtered"] = bool(self.filter_form.filters())
        context["query_string"] = query_without_page(self.request)
        if self.coordinates:
            waiting = list(selectors.values_to_decide()[: TO_DECIDE_MAX + 1])
            context["to_decide"] = waiting[:TO_DECIDE_MAX]
            context["more_to_decide"] = len(waiting) > TO_DECIDE_MAX
            context["reportable"] = [i for i in self.indicators if i.source == Source.REPORTED]
        else:
            context["organisations"] = [person.organisation for person in self.memberships]
            context["reportable"] = [
                i for i in self.indicators if i.source == Source.REPORTED and i.members_may_report
            ]
        return context


# --- Entering and correcting --------------------------------------------------


class ValueCreateView(ObjectPermissionMixin, FormView):
    """Enter a value of the URL's indicator, as a draft (``?period=<pk>`` chooses the period).

    A coordinator enters the network's value (no organisation); a person of
    active member organisations enters their organisation's contribution,
    choosing which organisation when they belong to several.
    """

    permission = "progress.enter_value"
    object_attribute = "indicator"
    template_name = "progress/values/form.html"
    form_class = ValueForm

    def load_object(self, **kwargs) -> Indicator | None:
        return selectors.indicator_by_pk(pk=kwargs["pk"])

    def check_object(self) -> bool:
        # Administrators pass every permission: a computed indicator still takes no value.
        return self.indicator.source == Source.REPORTED

    def get_form_kwargs(self):
        user = self.request.user
        self.periods = selectors.periods_list()
        self.organisations = (
            []
            if _coordinates(user)
            else [person.organisation for person in memberships_of_user(user=user)]
        )
        return {
            **super().get_form_kwargs(),
            "indicator": self.indicator,
            "periods": self.periods,
            "organisations": self.organisations,
        }

    def get_initial(self):
        periods = self.periods  # read by get_form_kwargs, which asks for the initial data
        wanted = self.request.GET.get("period", "")
        chosen = next((p for p in periods if str(p.pk) == wanted), None)
        chosen = chosen or _current_period(periods)
        return {"period": chosen.pk if chosen else None}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["mode"] = "new"
        context["periods_exist"] = bool(self.periods)
        if len(self.organisations) == 1:
            context["organisation"] = self.organisations[0]
        context["back_url"] = reverse("progress:values")
        return context

    def form_valid(self, form):
        data = form.cleaned_data
        organisation = data.get("organisation")
        if organisation is None and len(self.organisations) == 1:
            organisation = self.organisations[0]
        value = IndicatorValue(
            indicator=self.indicator,
            period=data["period"],
            value=data["value"],
            women=data.get("women"),
            men=data.get("men"),
            evidence_note=data["evidence_note"],
            organisation=organisation,
        )
        try:
            services.value_save(
                value=value, actor=self.request.user, evidence=data["evidence_file"]
            )
        except ValidationError as error:
            _add_errors(form, error)
            existing = (
                IndicatorValue.objects.filter(
                    indicator=self.indicator, period=value.period, organisation=organisation
                ).first()
                if "period" in form.errors
                else None
            )
            context = self.get_context_data(form=form)
            if existing is not None and self.request.user.has_perm("progress.view_value", existing):
                context["existing"] = existing
            return self.render_to_response(context)
        messages.success(
            self.request,
            _(
                "The value has been saved as a draft. Submit it for approval when it is ready: "
                "until a coordinator approves it, it does not reach the progress pages."
            ),
        )
        return redirect(value)


class ValueMixin(ObjectPermissionMixin):
    """The value of the URL's pk (read once); 404 unless ``permission`` holds on it."""

    permission = "progress.view_value"
    object_attribute = "value"

    def load_object(self, **kwargs) -> IndicatorValue | None:
        if not hasattr(self, "_loaded"):
            self._loaded = selectors.value_by_pk(pk=kwargs["pk"])
        return self._loaded


class ValueActionMixin(ValueMixin):
    """A value the user acts on: one who may see it but comes too late is told, not 404'd.

    ``permission`` must hold on the value; if it does not but the user may
    see the value, ``too_late(value)`` gives the message (someone submitted
    or decided it meanwhile) and the user is sent back to the value.
    Otherwise the answer is 404 (a visitor: the login page).
    """

    def too_late(self, value: IndicatorValue) -> str:
        return ""

    def dispatch(self, request, *args, **kwargs):
        value = self.load_object(**kwargs)
        user = request.user
        if (
            value is not None
            and user.is_authenticated
            and not user.has_perm(self.permission, value)
            and user.has_perm("progress.view_value", value)
        ):
            message = self.too_late(value)
            if message:
                messages.error(request, message)
                return redirect(value)
        return super().dispatch(request, *args, **kwargs)


class ChangeValueMixin(ValueActionMixin):
    permission = "progress.change_value"

    def too_late(self, value: IndicatorValue) -> str:
        if value.status in (ValueStatus.DRAFT, ValueStatus.RETURNED):
            return ""
        return _("This value was submitted: it can no longer be changed.")


def _figure(value, number) -> str:
    """A figure as the pages show it ("12,5" in French), with "%" for a percentage."""
    if number is None or number == "":
        return "—"
    shown = floatformat(number, "-2g")
    return f"{shown} %" if value.indicator.unit == "percent" else shown


class ValueEditView(ChangeValueMixin, FormView):
    """Correct a draft or returned value; a save over a newer one never overwrites silently.

    The hidden ``version`` is the one the form was opened on. If someone
    saved meanwhile, nothing is stored: the form comes back with what the
    user typed, and the figures stored now beside it. So does a save that
    comes after someone submitted or decided the value: it is no longer
    changed, but what was typed is not lost (DESIGN.md, "Nothing lost").
    """

    template_name = "progress/values/form.html"
    form_class = ValueForm

    def _saving_what_they_hold(self) -> bool:
        value = self.load_object(**self.kwargs)
        return (
            self.request.method == "POST"
            and value is not None
            and self.request.user.has_perm("progress.hold_value", value)
        )

    def get_permissions(self) -> tuple[str, ...]:
        if self._saving_what_they_hold():
            return ("progress.hold_value",)
        return super().get_permissions()

    def too_late(self, value: IndicatorValue) -> str:
        if self._saving_what_they_hold():
            return ""  # the save meets the stored version and shows the conflict
        return super().too_late(value)

    def get_form_kwargs(self):
        self.periods = selectors.periods_list()
        return {
            **super().get_form_kwargs(),
            "indicator": self.value.indicator,
            "periods": self.periods,
            "value": self.value,
        }

    def get_initial(self):
        value = self.value
        return {
            "period": value.period_id,
            "value": value.value,
            "women": value.women,
            "men": value.men,
            "evidence_note": value.evidence_note,
            "version": value.version,
        }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["mode"] = "edit"
        context["indicator"] = self.value.indicator
        context["organisation"] = self.value.organisation
        context["periods_exist"] = True
        context["back_url"] = self.value.get_absolute_url()
        return context

    def form_valid(self, form):
        data = form.cleaned_data
        value = self.value
        value.period = data["period"]
        value.value = data["value"]
        value.women, value.men = data.get("women"), data.get("men")
        value.evidence_note = data["evidence_note"]
        try:
            services.value_save(
                value=value,
                actor=self.request.user,
                evidence=data["evidence_file"],
                remove_evidence=data.get("remove_evidence", False),
                version=data["version"],
            )
        except services.StaleValue:
            return self._conflict(form)
        except ValidationError as error:
            # Show the value as stored, not as the failed save left it in memory.
            self.value = selectors.value_by_pk(pk=value.pk)
            _add_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("The value has been saved."))
        return redirect(value)

    def _conflict(self, form):
        """Keep what the user typed; show the figures stored now beside it."""
        current = selectors.value_by_pk(pk=self.value.pk)
        if current is None:
            raise Http404
        self.value = current
        typed = form.cleaned_data
        form.data = form.data.copy()
        form.data["version"] = current.version
        form.add_error(
            None,
            _(
                "Someone saved this value after you opened it. Nothing was stored: what you "
                "typed is kept below, beside the figures saved now. Check them, then save again "
                "(choose the evidence file again if you had chosen one)."
            ),
        )
        rows = [
            (_("Reporting period"), str(current.period), str(typed["period"])),
            (_("Value"), _figure(current, current.value), _figure(current, typed["value"])),
        ]
        if current.indicator.disaggregated:
            rows += [
                (_("Women"), _figure(current, current.women), _figure(current, typed.get("women"))),
                (_("Men"), _figure(current, current.men), _figure(current, typed.get("men"))),
            ]
        rows.append((_("Evidence"), current.evidence_note or "—", typed["evidence_note"] or "—"))
        chosen = typed.get("evidence_file")
        saved_file = current.evidence_name or "—"
        if chosen is not None:
            rows.append((_("Evidence file"), saved_file, chosen.name))
        elif typed.get("remove_evidence"):
            rows.append((_("Evidence file"), saved_file, _("(removed)")))
        else:
            rows.append((_("Evidence file"), saved_file, saved_file))
        context = self.get_context_data(form=form)
        context["conflict"] = current
        context["conflict_rows"] = [
            {"label": label, "saved": saved, "typed": mine, "differs": saved != mine}
            for label, saved, mine in rows
        ]
        context["conflict_still_open"] = current.status in (
            ValueStatus.DRAFT,
            ValueStatus.RETURNED,
        )
        return self.render_to_response(context)


# --- The value's page and its workflow ----------------------------------------


class ValueView(ValueMixin, TemplateView):
    """A value: figures, evidence, status with dates, decision comment, and the actions
    the user may take. Who entered and decided it is shown only to coordinators and the
    contributing organisation's people, never to donors (DESIGN.md, "Do no harm")."""

    template_name = "progress/values/detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user, value = self.request.user, self.value
        context["can_change"] = user.has_perm("progress.change_value", value)
        context["can_decide"] = user.has_perm("progress.decide_value", value)
        context["show_people"] = _coordinates(user) or is_contributor(user, value)
        if context["can_decide"]:
            context["decision_form"] = DecisionForm(
                auto_id="decide-%s", initial={"version": value.version}
            )
        context["back_url"] = (
            reverse("progress:values") if user.has_perm("progress.report_values") else ""
        )
        return context


class ValueSubmitView(ChangeValueMixin, View):
    """POST: send a draft or returned value to the coordinators for approval."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        try:
            services.value_submit(value=self.value, actor=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(self.value)
        messages.success(
            request, _("The value has been submitted: the coordinators are told and will decide.")
        )
        return redirect(self.value)


class ValueDecideView(ValueActionMixin, FormView):
    """Approve a submitted value, or return it with a comment (coordinators).

    When another coordinator decided first, the second is told the value is
    no longer waiting for a decision and sent to it; so is one whose page
    showed figures that were returned, corrected and submitted again since.
    """

    permission = "progress.decide_value"
    template_name = "progress/values/decide.html"
    form_class = DecisionForm

    def too_late(self, value: IndicatorValue) -> str:
        if not _coordinates(self.request.user) or value.status == ValueStatus.SUBMITTED:
            return ""
        return _("This value is no longer waiting for a decision.")

    def get_initial(self):
        return {"version": self.value.version}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["show_people"] = True
        return context

    def form_valid(self, form):
        try:
            value = services.value_decide(
                value=self.value,
                actor=self.request.user,
                approve=form.approve,
                comment=form.cleaned_data["comment"],
                version=form.cleaned_data["version"],
            )
        except services.StaleValue:
            messages.error(
                self.request,
                _(
                    "This value was corrected and submitted again since you opened it: "
                    "check it before deciding."
                ),
            )
            return redirect(self.value)
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                _add_errors(form, error)
                return self.form_invalid(form)
            messages.error(self.request, " ".join(error.messages))
            return redirect(self.value)
        if value.status == ValueStatus.APPROVED:
            message = _("The value has been approved: it now counts on the progress pages.")
        else:
            message = _(
                "The value has been returned with your comment; whoever entered it is told."
            )
        messages.success(self.request, message)
        return redirect(value)


class ValueDeleteView(ChangeValueMixin, TemplateView):
    """GET: confirm. POST: delete a draft or returned value and its evidence file."""

    template_name = "progress/values/delete.html"

    def post(self, request, *args, **kwargs):
        try:
            services.value_delete(value=self.value, actor=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(self.value)
        messages.success(request, _("The value has been deleted."))
        return redirect("progress:values")


class ValueEvidenceView(ValueMixin, View):
    """The value's evidence file, as a download under its original name (any alphabet).

    Only to those who may see the value; 404 when it has no file. Served with
    the type its content was checked as, and ``X-Content-Type-Options:
    nosniff`` so that no browser guesses another.
    """

    def get(self, request, *args, **kwargs):
        value = self.value
        if not value.evidence_file:
            raise Http404
        return private_download(
            value.evidence_file,
            name=value.evidence_name or "evidence",
            content_type=value.evidence_type or "application/octet-stream",
        )

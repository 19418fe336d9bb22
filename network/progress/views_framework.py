"""The coordinators' management of the results framework: indicators, periods, milestones.

Every page needs ``progress.manage_framework`` (coordinators; administrators
are superusers). A visitor is sent to log in; anyone else logged in gets
404, as if the pages did not exist (DESIGN.md), whether or not the object
of the URL exists. Writes go through ``services.py``, which audits them;
after each one, a message and the framework page.
"""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView

from network.ids import is_id
from network.progress import selectors, services
from network.progress.computed import COMPUTATIONS
from network.progress.forms_framework import IndicatorForm, MilestoneForm, PeriodForm
from network.progress.models import Indicator, Milestone, Period

PERMISSION = "progress.manage_framework"
FRAMEWORK_URL = reverse_lazy("progress:framework")


class ManageFrameworkMixin(LoginRequiredMixin):
    """Visitors log in first; then 404 unless the user manages the framework.

    Subclasses with an object in the URL implement ``load_object(pk)``
    (``None`` when missing: 404) and find it in ``self.object``.
    """

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not request.user.has_perm(PERMISSION):
            raise Http404
        if "pk" in kwargs:
            self.object = self.load_object(kwargs["pk"])
            if self.object is None:
                raise Http404
        return super().dispatch(request, *args, **kwargs)

    def load_object(self, pk: int):
        raise NotImplementedError


def service_errors(form, error: ValidationError):
    """Put a service's ``ValidationError`` on the form: on its fields where keyed, else on top."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


class FrameworkView(ManageFrameworkMixin, TemplateView):
    """The framework on one page: objectives and indicators, periods, milestones.

    Queries: the objectives, their indicators, those holding values, the
    periods (with whether they hold values), the milestones with their
    objectives; whatever their number. Only what holds no value is offered
    for deletion.
    """

    template_name = "progress/framework/framework.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["objectives"] = list(selectors.framework())
        context["indicators_holding_values"] = selectors.indicators_holding_values()
        context["periods"] = selectors.periods_with_usage()
        context["milestones"] = list(selectors.milestones_list())
        return context


class FrameworkFormView(ManageFrameworkMixin, FormView):
    """A form whose valid data a service saves; its errors come back on the form."""

    template_name = "progress/framework/form.html"
    object = None

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["object"] = self.object
        context["title"] = self.page_title()
        context["delete_url"] = self.delete_url() if self.object is not None else ""
        return context

    def delete_url(self) -> str:
        """Where to delete the object, if it may be deleted (else "")."""
        return ""

    def editable(self):
        """A fresh copy of the object to write the form onto (the page keeps the stored one)."""
        return self.load_object(self.object.pk) if self.object else None

    def page_title(self) -> str:
        raise NotImplementedError

    def save(self, form):
        """Save through the service; return the saved object (may raise ``ValidationError``)."""
        raise NotImplementedError

    def saved_message(self, saved) -> str:
        raise NotImplementedError

    def form_valid(self, form):
        try:
            saved = self.save(form)
        except ValidationError as error:
            service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, self.saved_message(saved))
        return redirect(FRAMEWORK_URL)


# --- Indicators ---------------------------------------------------------------


class IndicatorFormView(FrameworkFormView):
    form_class = IndicatorForm

    def load_object(self, pk):
        return selectors.indicator_by_pk(pk=pk)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["indicator"] = self.object
        return kwargs

    def get_initial(self):
        if self.object is not None:
            return IndicatorForm.initial_for(self.object)
        initial = {}
        periods = selectors.periods_list()
        if periods:
            initial["baseline_date"] = periods[0].starts_on
        objective = self._objective_asked()
        if objective is not None:
            initial["objective"] = objective.pk
            initial["number"] = selectors.next_indicator_number(objective=objective)
        return initial

    def _objective_asked(self):
        """The objective of ``?objective=<number>``, if it names one."""
        number = self.request.GET.get("objective", "")
        if not is_id(number) or len(number) > 3:
            return None
        return next((o for o in selectors.objectives_list() if o.number == int(number)), None)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["computations"] = COMPUTATIONS.values()
        return context

    def delete_url(self) -> str:
        if self.object.values.exists():
            return ""
        return reverse("progress:indicator_delete", kwargs={"pk": self.object.pk})

    def page_title(self) -> str:
        if self.object is None:
            return _("Add an indicator")
        return _("Edit indicator %(code)s") % {"code": self.object.code}

    def save(self, form):
        indicator = form.apply_to(self.editable() or Indicator())
        try:
            return services.indicator_save(indicator=indicator, actor=self.request.user)
        except IntegrityError:
            # Someone took the number between the check and the save.
            raise ValidationError(
                {"number": _("This number was just taken in this objective: choose another.")}
            ) from None

    def saved_message(self, saved) -> str:
        return _("Indicator %(code)s has been saved.") % {"code": saved.code}


# --- Periods ------------------------------------------------------------------


class PeriodFormView(FrameworkFormView):
    form_class = PeriodForm

    def load_object(self, pk):
        return selectors.period_by_pk(pk=pk)

    def get_initial(self):
        return PeriodForm.initial_for(self.object) if self.object else {}

    def delete_url(self) -> str:
        if self.object.values.exists():
            return ""
        return reverse("progress:period_delete", kwargs={"pk": self.object.pk})

    def page_title(self) -> str:
        if self.object is None:
            return _("Add a reporting period")
        return _("Edit the period “%(name)s”") % {"name": self.object.name}

    def save(self, form):
        period = form.apply_to(self.editable() or Period())
        return services.period_save(period=period, actor=self.request.user)

    def saved_message(self, saved) -> str:
        return _("The period “%(name)s” has been saved.") % {"name": saved.name}


# --- Milestones ---------------------------------------------------------------


class MilestoneFormView(FrameworkFormView):
    form_class = MilestoneForm

    def load_object(self, pk):
        return selectors.milestone_by_pk(pk=pk)

    def get_initial(self):
        return MilestoneForm.initial_for(self.object) if self.object else {}

    def delete_url(self) -> str:
        return reverse("progress:milestone_delete", kwargs={"pk": self.object.pk})

    def page_title(self) -> str:
        if self.object is None:
            return _("Add a milestone")
        return _("Edit the milestone “%(title)s”") % {"title": self.object.title}

    def save(self, form):
        milestone = form.apply_to(self.editable() or Milestone())
        return services.milestone_save(milestone=milestone, actor=self.request.user)

    def saved_message(self, saved) -> str:
        return _("The milestone “%(title)s” has been saved.") % {"title": saved.title}


# --- Deleting -----------------------------------------------------------------


class DeleteView(ManageFrameworkMixin, TemplateView):
    """GET: what will be deleted, and a button; POST: delete through the service.

    What cannot be deleted (``refusal()``: a period or an indicator holding
    values) gets the reason instead of the button; a refusal of the service
    (values entered meanwhile) comes back as a message on the framework page.
    """

    template_name = "progress/framework/delete.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["object"] = self.object
        context["title"] = self.page_title()
        context["refusal"] = self.refusal()
        return context

    def refusal(self) -> str:
        """Why the object cannot be deleted ("" when it can)."""
        return ""

    def post(self, request, *args, **kwargs):
        try:
            self.delete()
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
            return redirect(FRAMEWORK_URL)
        messages.success(request, self.deleted_message())
        return redirect(FRAMEWORK_URL)


class PeriodDeleteView(DeleteView):
    def load_object(self, pk):
        return selectors.period_by_pk(pk=pk)

    def page_title(self) -> str:
        return _("Delete the period “%(name)s”") % {"name": self.object.name}

    def refusal(self) -> str:
        if self.object.values.exists():
            return _("This period holds values: it cannot be deleted.")
        return ""

    def delete(self):
        services.period_delete(period=self.object, actor=self.request.user)

    def deleted_message(self) -> str:
        return _("The period “%(name)s” has been deleted.") % {"name": self.object.name}


class IndicatorDeleteView(DeleteView):
    def load_object(self, pk):
        return selectors.indicator_by_pk(pk=pk)

    def page_title(self) -> str:
        return _("Delete indicator %(code)s %(name)s") % {
            "code": self.object.code,
            "name": self.object.name,
        }

    def refusal(self) -> str:
        if self.object.values.exists():
            return _("Values were reported for this indicator: it cannot be deleted.")
        return ""

    def delete(self):
        services.indicator_delete(indicator=self.object, actor=self.request.user)

    def deleted_message(self) -> str:
        return _("Indicator %(code)s has been deleted.") % {"code": self.object.code}


class MilestoneDeleteView(DeleteView):
    def load_object(self, pk):
        return selectors.milestone_by_pk(pk=pk)

    def page_title(self) -> str:
        return _("Delete the milestone “%(title)s”") % {"title": self.object.title}

    def delete(self):
        services.milestone_delete(milestone=self.object, actor=self.request.user)

    def deleted_message(self) -> str:
        return _("The milestone “%(title)s” has been deleted.") % {"title": self.object.title}

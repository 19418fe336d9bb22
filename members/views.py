"""Directory, profile, joining and membership decisions.

People and invitations are in ``views_people.py``; CSV import and export in
``views_csv.py``. Every view checks its permission on the object
(``members/rules.py``); an organisation a user may not see answers 404.
"""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404
from django.shortcuts import redirect
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import DetailView, FormView, ListView, TemplateView

from members import selectors, services
from members.enums import MembershipStatus
from members.forms import DecisionForm, DirectoryFilterForm, OrganisationProfileForm, StatusForm
from members.models import PRIVATE_FIELDS
from network.accounts.mixins import ObjectPermissionMixin
from network.lists import query_without_page
from network.pages.selectors import regions_list, themes_list

MEMBERSHIP_ERRORS = {
    "transition": gettext_lazy("This change of status is not possible from the current status."),
    "reason": gettext_lazy("Give a reason for this decision."),
    "last_admin": gettext_lazy("An organisation needs at least one administrator."),
    "already_member": gettext_lazy("This person already belongs to the organisation."),
    "wrong_account": gettext_lazy("This invitation was sent to another email address."),
    "organisation_inactive": gettext_lazy(
        "This organisation is not an active member any more: the invitation cannot be accepted."
    ),
}


def membership_error_message(error: services.MembershipError) -> str:
    """The translated sentence for a ``MembershipError`` code."""
    return str(MEMBERSHIP_ERRORS.get(error.code, error.code))


class OrganisationMixin(ObjectPermissionMixin):
    """The organisation of the URL's slug; 404 unless ``permission`` holds (visitors too:
    views that need a login put ``LoginRequiredMixin`` first)."""

    permission = "members.view_organisation"
    object_attribute = "organisation"
    login_for_visitors = False

    def load_object(self, **kwargs):
        return selectors.organisation_by_slug(slug=kwargs["slug"])


class DirectoryView(ListView):
    """The public directory: listed active organisations, filters, search, 20 a page."""

    template_name = "members/directory.html"
    context_object_name = "organisations"
    paginate_by = 20

    def get_queryset(self):
        self.regions = list(regions_list())
        self.themes = list(themes_list())
        self.filter_form = DirectoryFilterForm(
            self.request.GET or None, regions=self.regions, themes=self.themes
        )
        filters = self.filter_form.cleaned_data if self.filter_form.is_valid() else {}
        return selectors.directory(
            query=filters.get("q", ""),
            region=filters.get("region", ""),
            theme=filters.get("theme", ""),
            kind=filters.get("kind", ""),
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["filter_form"] = self.filter_form
        context["query_string"] = query_without_page(self.request)
        context["filtered"] = any(self.request.GET.get(k) for k in ("q", "region", "theme", "kind"))
        # The cards of a page are rendered once per language for the same organisations in
        # the same state (the stamp): their rendering is most of the page's time
        # (bench/RESULTS.md). The organisations are read only when the cache misses.
        context["directory_stamp"] = selectors.directory_page_stamp(context["page_obj"].object_list)
        context["directory_seconds"] = selectors.DIRECTORY_CACHE_SECONDS
        return context


class OrganisationDetailView(OrganisationMixin, DetailView):
    """An organisation's profile; private contacts only for its people and coordinators."""

    template_name = "members/detail.html"
    context_object_name = "organisation"

    def get_object(self, queryset=None):
        return self.organisation

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user, organisation = self.request.user, self.organisation
        context["can_view_private"] = user.has_perm("members.view_private_contact", organisation)
        context["can_edit"] = user.has_perm("members.change_organisation", organisation)
        context["can_manage_people"] = user.has_perm("members.manage_people", organisation)
        context["can_view_history"] = user.has_perm("members.view_history", organisation)
        context["can_decide"] = user.has_perm("members.decide_membership", organisation)
        if context["can_decide"]:
            if organisation.status == MembershipStatus.APPLICANT:
                context["decision_form"] = DecisionForm()
            else:
                context["status_form"] = StatusForm()
        return context


class ApplyView(LoginRequiredMixin, FormView):
    """A logged-in person applies on behalf of a new organisation."""

    template_name = "members/apply.html"
    form_class = OrganisationProfileForm

    def form_valid(self, form):
        data = dict(form.cleaned_data)
        m2m = {"regions": data.pop("regions"), "themes": data.pop("themes")}
        data.pop("version", None)
        logo = data.pop("logo", None)
        organisation = services.organisation_apply(
            applicant=self.request.user, fields=data, m2m=m2m
        )
        if logo:
            organisation.logo.save(logo.name, logo, save=True)
        messages.success(
            self.request,
            _("Your application has been sent. A coordinator will review it; you will be told."),
        )
        return redirect(organisation)


class ApplicationsView(LoginRequiredMixin, TemplateView):
    """Coordinators: the applications waiting for a decision, and every organisation by status."""

    template_name = "members/applications.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not request.user.has_perm("members.decide_membership"):
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        status = self.request.GET.get("status", "")
        if status not in MembershipStatus.values:
            status = ""
        context["applications"] = list(selectors.applications_queue())
        context["organisations"] = list(
            selectors.organisations_for_coordinators(
                status=status, query=self.request.GET.get("q", "")
            )[:200]
        )
        context["status"] = status
        context["statuses"] = MembershipStatus.choices
        context["query"] = self.request.GET.get("q", "")
        return context


class DecideView(LoginRequiredMixin, OrganisationMixin, FormView):
    """POST: approve or decline an application (coordinators)."""

    permission = "members.decide_membership"
    form_class = DecisionForm
    template_name = "members/decide.html"
    http_method_names = ["get", "post"]

    def form_valid(self, form):
        if self.organisation.status != MembershipStatus.APPLICANT:
            form.add_error(None, membership_error_message(services.MembershipError("transition")))
            return self.form_invalid(form)
        try:
            services.organisation_set_status(
                organisation=self.organisation,
                to_status=form.cleaned_data["decision"],
                decided_by=self.request.user,
                reason=form.cleaned_data["reason"],
            )
        except services.MembershipError as error:
            form.add_error(None, membership_error_message(error))
            return self.form_invalid(form)
        messages.success(self.request, _("The decision has been recorded and the applicant told."))
        return redirect(self.organisation)


class StatusView(DecideView):
    """POST: suspend, end or restore a membership (coordinators)."""

    form_class = StatusForm
    template_name = "members/status.html"

    def form_valid(self, form):
        try:
            services.organisation_set_status(
                organisation=self.organisation,
                to_status=form.cleaned_data["status"],
                decided_by=self.request.user,
                reason=form.cleaned_data["reason"],
            )
        except services.MembershipError as error:
            form.add_error(None, membership_error_message(error))
            return self.form_invalid(form)
        messages.success(self.request, _("The membership status has been changed."))
        return redirect(self.organisation)


class EditView(LoginRequiredMixin, OrganisationMixin, FormView):
    """The organisation's people edit its profile; a concurrent save never overwrites silently."""

    permission = "members.change_organisation"
    form_class = OrganisationProfileForm
    template_name = "members/edit.html"

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = self.organisation
        return kwargs

    def form_valid(self, form):
        data = dict(form.cleaned_data)
        m2m = {"regions": data.pop("regions"), "themes": data.pop("themes")}
        loaded_version = data.pop("version") or 0
        logo = data.pop("logo", None)
        # The form has already put the upload on the instance: ask the database.
        old_logo = (
            type(self.organisation)
            .objects.filter(pk=self.organisation.pk)
            .values_list("logo", flat=True)
            .first()
        )
        if logo and hasattr(logo, "read") and not getattr(logo, "_committed", False):
            # A newly uploaded logo, already checked by the form.
            self.organisation.logo.save(logo.name, logo, save=False)
            data["logo"] = self.organisation.logo.name
        elif logo is False:
            data["logo"] = ""
        else:
            data.pop("logo", None)
        try:
            change = services.organisation_update_profile(
                organisation=self.organisation,
                fields=data,
                m2m=m2m,
                changed_by=self.request.user,
                loaded_version=loaded_version,
            )
        except services.ProfileConflict as conflict:
            if data.get("logo") and data["logo"] != old_logo:
                self.organisation.logo.storage.delete(data["logo"])  # not saved: no orphan
            return self._conflict(form, conflict)
        if old_logo and "logo" in data and data["logo"] != old_logo:
            # A replaced or removed logo must not stay reachable at its old address.
            self.organisation.logo.storage.delete(old_logo)
        if change is None:
            messages.info(self.request, _("Nothing was changed."))
        else:
            messages.success(self.request, _("The profile has been saved."))
        return redirect(self.organisation)

    def _conflict(self, form, conflict: services.ProfileConflict):
        """Show what changed meanwhile, keep what the editor typed, let them save again."""
        form.data = form.data.copy()
        form.data["version"] = conflict.current.version
        changed = sorted({name for change in conflict.changes for name in change.fields})
        form.add_error(
            None,
            _(
                "Someone saved this profile after you opened it. Your text is kept below; "
                "the fields they changed are listed above it. Check them, then save again."
            ),
        )
        context = self.get_context_data(form=form)
        context["conflict"] = conflict
        context["conflict_fields"] = [
            {
                "label": form.fields[name].label if name in form.fields else name,
                "current": getattr(conflict.current, name, ""),
            }
            for name in changed
            if name not in ("regions", "themes", "logo")
        ]
        return self.render_to_response(context)


class HistoryView(LoginRequiredMixin, OrganisationMixin, TemplateView):
    """Status history and profile changes (who, when, which fields): org admins, coordinators."""

    permission = "members.view_history"
    template_name = "members/history.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["status_changes"] = list(selectors.status_history(organisation=self.organisation))
        labels = {
            f.name: capfirst(f.verbose_name)
            for f in self.organisation._meta.get_fields()
            if hasattr(f, "verbose_name")
        }
        context["profile_changes"] = [
            {
                "change": change,
                "fields": [str(labels.get(name, name)) for name in change.fields],
            }
            for change in selectors.profile_history(organisation=self.organisation)
        ]
        context["private_fields"] = PRIVATE_FIELDS
        return context

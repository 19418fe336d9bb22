"""CSV import and export of organisations: coordinators only (``members.exchange_csv``).

Anyone else gets 404 (DESIGN.md: a denied page answers 404), a visitor the
login page. The work is done by ``members.csv_io``; these views wire it.
"""

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.generic import FormView

from members import csv_io
from members.enums import OrganisationKind
from network.accounts.mixins import PermissionRequiredMixin
from network.pages.selectors import regions_list, themes_list


class ExportForm(forms.Form):
    include_private = forms.BooleanField(
        label=gettext_lazy("Include private contact details"),
        required=False,
        help_text=gettext_lazy(
            "Adds the contact person's name, email address and phone number. "
            "Exporting them is recorded in the audit log."
        ),
    )


class ImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("CSV file"),
        help_text=gettext_lazy("UTF-8, separated by commas or semicolons, at most 2 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )

    def clean_file(self):
        file = self.cleaned_data["file"]
        if file.size > csv_io.MAX_IMPORT_BYTES:
            raise forms.ValidationError(
                _("The file is larger than 2 MB. Split it into several files.")
            )
        return file


class CoordinatorRequiredMixin(PermissionRequiredMixin):
    """Login first; then 404 unless the user may exchange CSV files."""

    permission = "members.exchange_csv"


class ExportView(CoordinatorRequiredMixin, FormView):
    """GET: the export page. POST: the CSV file, private contacts only when ticked.

    The download is a POST because, with private contacts, it writes to the
    audit log: a link preview or prefetch must not trigger it.
    """

    template_name = "members/csv/export.html"
    form_class = ExportForm

    def form_valid(self, form):
        include_private = form.cleaned_data["include_private"]
        text = csv_io.organisations_export(
            include_private=include_private, exported_by=self.request.user
        )
        name = "organisations-contacts" if include_private else "organisations"
        filename = f"{name}-{timezone.localdate():%Y-%m-%d}.csv"
        # The byte order mark makes Excel read the file as UTF-8 (accents, ɛ, ɔ, ɲ, ŋ).
        response = HttpResponse(text.encode("utf-8-sig"), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        response["Cache-Control"] = "no-store"
        return response


class ImportView(CoordinatorRequiredMixin, FormView):
    """GET: the upload form and the columns expected. POST: import, or list the problems."""

    template_name = "members/csv/import.html"
    form_class = ImportForm

    def form_valid(self, form):
        result = csv_io.organisations_import(
            file=form.cleaned_data["file"], imported_by=self.request.user
        )
        if not result.ok:
            return self.render_to_response(self.get_context_data(form=form, result=result))
        count = len(result.created)
        messages.success(
            self.request,
            format_html(
                '{} <a href="{}">{}</a>',
                ngettext(
                    "%(count)d organisation has been imported.",
                    "%(count)d organisations have been imported.",
                    count,
                )
                % {"count": count},
                reverse("members:applications"),
                _("See the list of organisations"),
            ),
        )
        return redirect("members:import")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["columns"] = _import_columns()
        context["kinds"] = OrganisationKind.choices
        context["regions"] = list(regions_list())
        context["themes"] = list(themes_list())
        context["max_problems"] = csv_io.MAX_REPORTED_ERRORS
        return context


def _import_columns() -> list[dict]:
    """The columns the import page documents: name, whether required, what goes in."""
    described = {
        "name": _("The organisation's name. It must not be used by another organisation."),
        "acronym": _("At most 32 characters."),
        "kind": _("One of the kind codes below. Empty: non-governmental organisation."),
        "regions": _("Region codes from the list below, separated by “;”."),
        "themes": _("Theme codes from the list below, separated by “;”."),
        "description_fr": _("Description in French."),
        "description_en": _("Description in English."),
        "description_bm": _("Description in Bambara."),
        "website": _("Address of the website, such as https://example.org."),
        "founded_year": _("Year founded, from 1900 to 2100."),
        "public_email": _("The organisation's public email address."),
        "public_phone": _("The organisation's public phone number."),
        "contact_name": _("Contact person (private)."),
        "contact_email": _("Contact person's email address (private)."),
        "contact_phone": _("Contact person's phone number (private)."),
        "listed": _(
            "Listed in the public directory: yes, no, oui, non, 1 or 0. Empty: not listed."
        ),
    }
    return [
        {
            "name": column,
            "required": column in csv_io.REQUIRED_COLUMNS,
            "description": described[column],
        }
        for column in csv_io.IMPORT_COLUMNS
    ]

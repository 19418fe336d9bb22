from django import forms
from django.core.validators import MaxLengthValidator
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from members.enums import MembershipStatus, OrganisationKind, OrganisationRole
from members.images import logo_clean
from members.models import Organisation
from network.pages.models import Region, Theme

#: Characters per description: a profile, not a report (keeps pages light).
DESCRIPTION_MAX_LENGTH = 5_000

PROFILE_FIELDS = [
    "name", "acronym", "kind", "regions", "themes",
    "description_fr", "description_en", "description_bm",
    "logo", "website", "founded_year", "public_email", "public_phone",
    "contact_name", "contact_email", "contact_phone", "listed",
]  # fmt: skip


class OrganisationProfileForm(forms.ModelForm):
    """An organisation's profile, for applying and for editing.

    ``version`` carries the profile version the editor started from
    (optimistic concurrency); the logo is checked by ``logo_clean``.
    """

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    website = forms.URLField(
        label=capfirst(_("website")), required=False, assume_scheme="https", max_length=200
    )
    # A plain file field: members.images.logo_clean is the one check, by content.
    logo = forms.FileField(
        label=capfirst(_("logo")),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/png,image/jpeg,image/webp"}),
        help_text=_("PNG, JPEG or WebP, at most 2 MB. It is resized and its metadata removed."),
    )

    class Meta:
        model = Organisation
        fields = PROFILE_FIELDS
        widgets = {
            "regions": forms.CheckboxSelectMultiple,
            "themes": forms.CheckboxSelectMultiple,
            "description_fr": forms.Textarea(attrs={"rows": 5}),
            "description_en": forms.Textarea(attrs={"rows": 5}),
            "description_bm": forms.Textarea(attrs={"rows": 5}),
            "logo": forms.ClearableFileInput(attrs={"accept": "image/png,image/jpeg,image/webp"}),
        }
        labels = {
            "description_fr": _("Description (French)"),
            "description_en": _("Description (English)"),
            "description_bm": _("Description (Bambara)"),
        }
        help_texts = {
            "logo": _("PNG, JPEG or WebP, at most 2 MB. It is resized and its metadata removed."),
            "contact_name": _(
                "Private: only coordinators and your organisation's people see the contact person."
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].initial = self.instance.version
        self.fields["regions"].queryset = Region.objects.order_by("order")
        self.fields["themes"].queryset = Theme.objects.order_by("order")
        self.fields["description_fr"].required = True
        for code in ("fr", "en", "bm"):
            field = self.fields[f"description_{code}"]
            field.max_length = DESCRIPTION_MAX_LENGTH
            field.validators.append(MaxLengthValidator(DESCRIPTION_MAX_LENGTH))
            field.widget.attrs["maxlength"] = str(DESCRIPTION_MAX_LENGTH)

    def clean_logo(self):
        logo = self.cleaned_data.get("logo")
        if logo and hasattr(logo, "content_type"):  # a new upload, not the stored file
            return logo_clean(logo)
        return logo


class DecisionForm(forms.Form):
    """A coordinator's decision on an application."""

    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            (MembershipStatus.ACTIVE, _("Approve: the organisation becomes a member")),
            (MembershipStatus.DECLINED, _("Decline the application")),
        ],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required to decline; sent to the applicant."),
    )

    def clean(self):
        data = super().clean()
        if data.get("decision") == MembershipStatus.DECLINED and not data.get("reason", "").strip():
            self.add_error("reason", _("Say why the application is declined."))
        return data


class StatusForm(forms.Form):
    """Suspend, end or restore a membership."""

    status = forms.ChoiceField(
        label=_("New status"),
        choices=[
            (MembershipStatus.SUSPENDED, pgettext_lazy("membership action", "Suspend")),
            (MembershipStatus.LEFT, pgettext_lazy("membership action", "Record that it left")),
            (MembershipStatus.ACTIVE, pgettext_lazy("membership action", "Reactivate")),
        ],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required to suspend or to record that it left."),
    )


class DirectoryFilterForm(forms.Form):
    """The directory's search and filters (GET)."""

    q = forms.CharField(label=_("Name or acronym"), required=False, max_length=100)
    region = forms.ChoiceField(label=_("Region"), required=False)
    theme = forms.ChoiceField(label=_("Theme"), required=False)
    kind = forms.ChoiceField(
        label=_("Kind"),
        required=False,
        choices=[("", _("All kinds"))] + list(OrganisationKind.choices),
    )

    def __init__(self, *args, regions, themes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = [("", _("All regions"))] + [
            (region.slug, region.name) for region in regions
        ]
        self.fields["theme"].choices = [("", _("All themes"))] + [
            (theme.slug, theme.name) for theme in themes
        ]


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("Email address"))
    role = forms.ChoiceField(
        label=_("Role in the organisation"),
        choices=OrganisationRole.choices,
        initial=OrganisationRole.EDITOR,
    )


class PersonRoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role in the organisation"), choices=OrganisationRole.choices)

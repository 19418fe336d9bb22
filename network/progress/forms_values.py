"""Forms for reported values: entering and correcting a value, deciding on it, filtering the list.

They validate only; ``network/progress/services.py`` acts. A form that
fails keeps everything that was typed (DESIGN.md, "Nothing lost"), except
the evidence file, which the browser cannot send back: its help text says so.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext

from network import files
from network.progress import services
from network.progress.enums import Unit, ValueStatus
from network.progress.models import Indicator, IndicatorValue, Period

#: Characters of an evidence note: a paragraph or two saying where the figure comes from.
EVIDENCE_NOTE_MAX_LENGTH = 4_000
#: Characters of a decision comment.
COMMENT_MAX_LENGTH = 2_000


def _figure_field(label, *, required: bool = True, help_text: str = "") -> forms.DecimalField:
    """A figure typed in the reader's own format ("12,5" in French, "12.5" in English)."""
    return forms.DecimalField(
        label=label,
        required=required,
        min_value=0,
        max_digits=12,
        decimal_places=2,
        localize=True,
        help_text=help_text,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )


class ValueForm(forms.Form):
    """A value of ``indicator`` for a period, its breakdown and evidence.

    - ``women`` and ``men`` are there only when the indicator is
      disaggregated by sex; they must add up to the value
      (``services.check_figures``, also checked here so that every error
      shows at once);
    - ``evidence_file`` cleans to a ``network.files.CheckedFile`` (checked by
      content), ``None`` when no file was chosen;
    - ``organisation`` is there only for a person of several active member
      organisations entering a new contribution (``organisations``: their
      ``Organisation`` objects); it cleans to one of them;
    - ``value`` (an existing ``IndicatorValue``) adds the hidden ``version``
      (optimistic concurrency) and ``remove_evidence`` when it has a file.
    """

    period = forms.ModelChoiceField(
        label=_("Reporting period"), queryset=Period.objects.none(), empty_label=None
    )
    value = _figure_field(_("Value"))
    women = _figure_field(_("Women"), required=False)
    men = _figure_field(_("Men"), required=False)
    evidence_note = forms.CharField(
        label=_("Evidence"),
        required=False,
        max_length=EVIDENCE_NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": str(EVIDENCE_NOTE_MAX_LENGTH)}),
        help_text=_("Where the figure comes from: report, attendance counts, survey, who counted."),
    )
    evidence_file = forms.FileField(
        label=_("Evidence file"),
        required=False,
        help_text=_(
            "Optional. PDF, image (PNG, JPEG, WebP) or office document, at most 10 MB. "
            "Donors may read it once the value is approved: leave out people's names, phone "
            "numbers and signatures (attendance lists are kept by the organisers, not here). "
            "If the form comes back with an error, choose the file again."
        ),
    )
    remove_evidence = forms.BooleanField(label=_("Remove the evidence file"), required=False)
    organisation = forms.TypedChoiceField(label=_("Reported for the organisation"), coerce=int)
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(
        self,
        *args,
        indicator: Indicator,
        periods: list[Period] | None = None,
        organisations=(),
        value: IndicatorValue | None = None,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.indicator = indicator
        self.organisations = {organisation.pk: organisation for organisation in organisations}
        period = self.fields["period"]
        period.queryset = Period.objects.order_by("starts_on")
        if periods is not None:
            # Already read by the view: no second query to render the choices.
            period.choices = [(p.pk, str(p)) for p in periods]
        unit = (
            _("percentage, 0 to 100")
            if indicator.unit == Unit.PERCENT
            else pgettext("indicator unit", "number")
        )
        self.fields["value"].help_text = _("In the indicator's unit: %(unit)s.") % {"unit": unit}
        if not indicator.disaggregated:
            del self.fields["women"], self.fields["men"]
        else:
            self.fields["women"].required = self.fields["men"].required = True
            self.fields["value"].help_text = _("The total: women and men must add up to it.")
        self.fields["evidence_file"].widget.attrs["accept"] = ",".join(
            f".{extension}" for extension in files.KINDS
        )
        if len(self.organisations) > 1 and value is None:
            self.fields["organisation"].choices = [("", "---------")] + [
                (pk, organisation.name) for pk, organisation in self.organisations.items()
            ]
        else:
            del self.fields["organisation"]
        if value is None:
            del self.fields["version"]
        if value is None or not value.evidence_file:
            del self.fields["remove_evidence"]
        else:
            self.fields["remove_evidence"].help_text = _("Now: %(name)s.") % {
                "name": value.evidence_name
            }

    def clean_evidence_file(self) -> files.CheckedFile | None:
        upload = self.cleaned_data.get("evidence_file")
        if not upload:
            return None
        return files.attachment_check(upload)

    def clean_organisation(self):
        organisation = self.organisations.get(self.cleaned_data["organisation"])
        if organisation is None:
            raise ValidationError(_("Choose one of your organisations."), code="invalid_choice")
        return organisation

    def clean(self):
        data = super().clean()
        if self.indicator.disaggregated and "value" in data:
            if data.get("women") is None or data.get("men") is None:
                # The field's own "required" message already says it.
                return data
        if data.get("value") is None:
            return data
        try:
            services.check_figures(
                indicator=self.indicator,
                value=data["value"],
                women=data.get("women"),
                men=data.get("men"),
            )
        except ValidationError as error:
            self.add_error(None, error)
        return data


class DecisionForm(forms.Form):
    """Approve a submitted value, or return it with a comment (required to return).

    ``version`` (hidden) is the value's version the page showed.
    """

    APPROVE, RETURN = "approve", "return"

    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            (APPROVE, _("Approve: the value reaches the progress pages")),
            (RETURN, _("Return it for correction")),
        ],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": str(COMMENT_MAX_LENGTH)}),
        help_text=_(
            "Required to return the value: say what to correct. Whoever entered it is told."
        ),
    )

    #: The value's version when the page was opened: a decision is on the figures shown.
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, required=False)

    def clean(self):
        data = super().clean()
        if data.get("decision") == self.RETURN and not data.get("comment", "").strip():
            self.add_error("comment", _("Say what to correct before returning the value."))
        return data

    @property
    def approve(self) -> bool:
        return self.cleaned_data["decision"] == self.APPROVE


class ValueFilterForm(forms.Form):
    """Filters of the values list: a status and an indicator (``indicators`` as read)."""

    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All"))] + ValueStatus.choices
    )
    indicator = forms.TypedChoiceField(label=_("Indicator"), required=False, coerce=int)

    def __init__(self, *args, indicators, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicator"].choices = [("", _("All"))] + [
            (indicator.pk, f"{indicator.code} {indicator.name}") for indicator in indicators
        ]

    def filters(self) -> dict:
        """``{"status": …, "indicator_id": …}`` for what is valid and chosen."""
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        chosen = {"status": data.get("status"), "indicator_id": data.get("indicator")}
        return {key: value for key, value in chosen.items() if value not in (None, "")}

"""Forms of the results framework: indicators, reporting periods, milestones (coordinators).

Plain forms rather than model forms: the services (``services.py``) set what
follows from the choices (a computed indicator's unit and disaggregation)
and check what needs the database (overlapping periods), so the model's
constraints are not run half-filled here. Texts come in the three languages,
French required; the others fall back to it (DESIGN.md, "Languages").
Numbers are typed in the active language's format (``12,5`` in French).
"""

import unicodedata
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from network.progress import selectors
from network.progress.computed import COMPUTATIONS
from network.progress.enums import Direction, Source, Unit
from network.progress.models import Indicator, Milestone, Objective, Period

#: The three languages of translated texts, French first (required; the others fall back to it).
LANGUAGE_CODES = ("fr", "en", "bm")

#: Labels of the translated fields, one per language (whole phrases, for translators).
LABELS = {
    "name": {"fr": _("Name (French)"), "en": _("Name (English)"), "bm": _("Name (Bambara)")},
    "definition": {
        "fr": _("Definition (French)"),
        "en": _("Definition (English)"),
        "bm": _("Definition (Bambara)"),
    },
    "title": {"fr": _("Title (French)"), "en": _("Title (English)"), "bm": _("Title (Bambara)")},
}

#: Characters per definition: a paragraph or two, not a report.
DEFINITION_MAX_LENGTH = 3_000

#: Years a date of the framework may be typed in: the network's past and foreseeable future.
YEARS = range(1990, 2101)

#: Bidirectional overrides and isolates: they can make a name read backwards.
BIDI_CONTROLS = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def validate_single_line(value: str) -> None:
    """Refuse line breaks, tabs, other control characters and bidi overrides in a name."""
    for character in value:
        if unicodedata.category(character) == "Cc" or character in BIDI_CONTROLS:
            raise ValidationError(
                _("Use a name on one line, without control characters."), code="control"
            )


class DayField(forms.DateField):
    """A day between 1990 and 2100 in a ``<input type="date">``; anything else is an error.

    The browser sends ``2014-05-01`` (ISO 8601, always accepted); without the
    date picker, the active language's format (``01/05/2014``) works too.
    """

    widget = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})

    def to_python(self, value):
        try:
            day = super().to_python(value)
        except (OverflowError, ValueError):
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None
        if day is not None and day.year not in YEARS:
            raise ValidationError(_("Give a date between 1990 and 2100."), code="out_of_range")
        return day


def figure_field(label, **kwargs) -> forms.DecimalField:
    """A figure as the model stores it: at most 12 digits, 2 after the decimal mark, ≥ 0."""
    field = forms.DecimalField(
        label=label,
        max_digits=12,
        decimal_places=2,
        min_value=Decimal(0),
        localize=True,
        **kwargs,
    )
    field.widget.attrs.update({"inputmode": "decimal", "autocomplete": "off"})
    return field


class TranslatedFieldsForm(forms.Form):
    """A form with texts in the three languages, named in ``translated``.

    ``translated`` holds ``(name, max_length)``: a one-line text of at most
    ``max_length`` characters, or with ``None`` a multi-line one of at most
    ``DEFINITION_MAX_LENGTH``. Only the French one-line texts are required.
    ``field_order`` places them among the form's own fields.
    """

    translated: tuple[tuple[str, int | None], ...] = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, max_length in self.translated:
            for code in LANGUAGE_CODES:
                if max_length is None:
                    field = forms.CharField(
                        max_length=DEFINITION_MAX_LENGTH,
                        required=False,
                        widget=forms.Textarea(attrs={"rows": 3}),
                    )
                else:
                    field = forms.CharField(
                        max_length=max_length,
                        required=code == "fr",
                        validators=[validate_single_line],
                    )
                field.label = LABELS[name][code]
                self.fields[f"{name}_{code}"] = field
        self.order_fields(self.field_order)

    def translated_values(self) -> dict[str, str]:
        """The translated fields' cleaned values, in the order to set them on an instance."""
        values = {}
        for name, _max_length in self.translated:
            # The untranslated name first: modeltranslation writes it to the active
            # language's field too, which the explicit values then set right.
            values[name] = self.cleaned_data[f"{name}_fr"]
            for code in LANGUAGE_CODES:
                values[f"{name}_{code}"] = self.cleaned_data[f"{name}_{code}"]
        return values

    @classmethod
    def translated_initial(cls, instance) -> dict[str, str]:
        return {
            f"{name}_{code}": getattr(instance, f"{name}_{code}") or ""
            for name, _max_length in cls.translated
            for code in LANGUAGE_CODES
        }


# --- Indicators ---------------------------------------------------------------


def computation_choices() -> list[tuple[str, str]]:
    return [("", pgettext_lazy("computation", "None (reported indicator)"))] + [
        (key, computation.label) for key, computation in COMPUTATIONS.items()
    ]


class IndicatorForm(TranslatedFieldsForm):
    """An indicator of the framework, for creating and editing.

    ``indicator`` is the one edited (``None`` to create). An empty
    ``number`` takes the next free number in the chosen objective; a number
    already used there is refused on the field.
    """

    translated = (("name", 255), ("definition", None))
    field_order = [
        "objective", "number", "name_fr", "name_en", "name_bm",
        "definition_fr", "definition_en", "definition_bm",
    ]  # fmt: skip

    objective = forms.ModelChoiceField(label=_("Objective"), queryset=Objective.objects.none())
    number = forms.IntegerField(
        label=_("Number within the objective"),
        min_value=1,
        max_value=999,
        required=False,
        help_text=_(
            "The indicator's code is the objective's number, a dot, and this number. "
            "Leave it empty for the next free number."
        ),
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    source = forms.ChoiceField(
        label=_("Source"),
        choices=Source.choices,
        initial=Source.REPORTED,
        widget=forms.RadioSelect,
        help_text=_(
            "Reported: values are entered for each period, with evidence, then approved. "
            "Computed: the portal counts them from its own data."
        ),
    )
    computation = forms.ChoiceField(
        label=_("Computation"),
        required=False,
        help_text=_(
            "Required for a computed indicator; what each one counts is explained below. "
            "A computed indicator takes its unit and its breakdown by sex from the computation."
        ),
    )
    unit = forms.ChoiceField(
        label=_("Unit"),
        choices=Unit.choices,
        initial=Unit.NUMBER,
        help_text=_("For a computed indicator, set by the computation."),
    )
    direction = forms.ChoiceField(
        label=_("Direction"), choices=Direction.choices, initial=Direction.INCREASE
    )
    baseline = figure_field(_("Baseline"), help_text=_("The value on the baseline date."))
    baseline_date = DayField(label=_("Baseline date"))
    target = figure_field(_("Target"), help_text=_("The value to reach by the end of the project."))
    disaggregated = forms.BooleanField(
        label=_("Disaggregated by sex"),
        required=False,
        help_text=_(
            "Values give the women and the men, adding up to the total (numbers only). "
            "For a computed indicator, set by the computation."
        ),
    )
    cumulative = forms.BooleanField(
        label=_("Values add up over the periods"),
        required=False,
        help_text=_(
            "Reported indicators only. Each period's value then counts what happened in that "
            "period alone, and the figure shown and compared with the target is their running "
            "total."
        ),
    )
    members_may_report = forms.BooleanField(
        label=_("Member organisations may report values"),
        required=False,
        help_text=_(
            "Each active member organisation enters its own contribution; the period's figure "
            "is the sum of the approved ones. Reported indicators only."
        ),
    )
    public = forms.BooleanField(
        label=_("Shown in the public summary"),
        required=False,
        help_text=_("Visitors see its approved or computed figures on the public summary."),
    )

    def __init__(self, *args, indicator: Indicator | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.indicator = indicator
        self.fields["objective"].queryset = selectors.objectives_list()
        self.fields["computation"].choices = computation_choices()

    @classmethod
    def initial_for(cls, indicator: Indicator) -> dict:
        fields = [
            "number", "source", "computation", "unit", "direction", "baseline", "baseline_date",
            "target", "disaggregated", "cumulative", "members_may_report", "public",
        ]  # fmt: skip
        initial = {name: getattr(indicator, name) for name in fields}
        initial["objective"] = indicator.objective_id
        initial.update(cls.translated_initial(indicator))
        return initial

    def clean(self):
        data = super().clean()
        objective, source = data.get("objective"), data.get("source")
        computation = COMPUTATIONS.get(data.get("computation") or "")
        if source == Source.COMPUTED and computation is None:
            self.add_error(
                "computation",
                ValidationError(
                    _("Choose how the portal computes this indicator."), code="required"
                ),
            )
        if source == Source.REPORTED:
            data["computation"] = ""
        unit = computation.unit if source == Source.COMPUTED and computation else data.get("unit")
        if unit == Unit.PERCENT:
            for name in ("baseline", "target"):
                figure = data.get(name)
                if figure is not None and figure > 100:
                    self.add_error(
                        name,
                        ValidationError(_("A percentage lies between 0 and 100."), code="percent"),
                    )
        if objective is not None and "number" not in self.errors:
            self._check_number(objective, data)
        return data

    def _check_number(self, objective: Objective, data: dict) -> None:
        """An empty number takes the next free one; a used one is refused on the field."""
        exclude = self.indicator.pk if self.indicator else None
        if data.get("number") is None:
            data["number"] = selectors.next_indicator_number(objective=objective)
            return
        taken = selectors.indicator_numbered(
            objective=objective, number=data["number"], exclude=exclude
        )
        if taken is not None:
            free = selectors.next_indicator_number(objective=objective)
            self.add_error(
                "number",
                ValidationError(
                    _(
                        "Indicator %(code)s exists already (%(name)s). Choose another "
                        "number: %(free)s is free."
                    ),
                    code="taken",
                    params={"code": taken.code, "name": taken.name, "free": free},
                ),
            )

    def apply_to(self, indicator: Indicator) -> Indicator:
        """Write the cleaned values onto ``indicator`` (not saved)."""
        data = self.cleaned_data
        for name in (
            "objective", "number", "source", "computation", "unit", "direction", "baseline",
            "baseline_date", "target", "disaggregated", "cumulative", "members_may_report",
            "public",
        ):  # fmt: skip
            setattr(indicator, name, data[name])
        for name, value in self.translated_values().items():
            setattr(indicator, name, value)
        return indicator


# --- Periods and milestones ----------------------------------------------------


class PeriodForm(TranslatedFieldsForm):
    """A reporting period: its name in three languages, its first and last day (inclusive)."""

    translated = (("name", 100),)
    field_order = ["name_fr", "name_en", "name_bm"]

    starts_on = DayField(label=_("First day"))
    ends_on = DayField(label=_("Last day"), help_text=_("Included in the period."))

    @classmethod
    def initial_for(cls, period: Period) -> dict:
        return {
            "starts_on": period.starts_on,
            "ends_on": period.ends_on,
            **cls.translated_initial(period),
        }

    def clean(self):
        data = super().clean()
        starts_on, ends_on = data.get("starts_on"), data.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error(
                "ends_on",
                ValidationError(_("The last day must come after the first."), code="order"),
            )
        return data

    def apply_to(self, period: Period) -> Period:
        period.starts_on = self.cleaned_data["starts_on"]
        period.ends_on = self.cleaned_data["ends_on"]
        for name, value in self.translated_values().items():
            setattr(period, name, value)
        return period


class MilestoneForm(TranslatedFieldsForm):
    """A dated step of the project's timeline, optionally tied to an objective."""

    translated = (("title", 255),)
    field_order = ["date", "title_fr", "title_en", "title_bm"]

    date = DayField(label=_("Date"))
    objective = forms.ModelChoiceField(
        label=_("Objective"),
        queryset=Objective.objects.none(),
        required=False,
        empty_label=pgettext_lazy("objective", "None (the whole project)"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["objective"].queryset = selectors.objectives_list()

    @classmethod
    def initial_for(cls, milestone: Milestone) -> dict:
        return {
            "date": milestone.date,
            "objective": milestone.objective_id,
            **cls.translated_initial(milestone),
        }

    def apply_to(self, milestone: Milestone) -> Milestone:
        milestone.date = self.cleaned_data["date"]
        milestone.objective = self.cleaned_data["objective"]
        for name, value in self.translated_values().items():
            setattr(milestone, name, value)
        return milestone

"""Forms of dialogue events: the event itself, its status actions, the lists' filters."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from dialogues.enums import EventStatus, Level, Visibility
from dialogues.models import DialogueEvent
from members.models import Organisation
from members.validators import validate_single_line_name
from network.pages.models import Region, Theme

#: Levels whose events happen somewhere in particular: their region is required.
LEVELS_WITH_REGION = frozenset({Level.COMMUNITY, Level.LOCAL, Level.REGIONAL})

#: Form fields written to the model as they are (``themes`` and ``organisers`` are M2M).
EVENT_FIELDS = [
    "title_fr", "description_fr", "title_en", "description_en", "title_bm", "description_bm",
    "level", "region", "place", "starts_at", "ends_at", "visibility", "capacity",
]  # fmt: skip
EVENT_M2M = ["themes", "organisers"]


def _typed_datetime_format() -> str:
    """The active language's first input format with hours and minutes but no seconds.

    ``05/03/2014 09:00`` in French, English and Bambara (``network/formats``):
    what the field shows back is what the user would type.
    """
    for candidate in formats.get_format("DATETIME_INPUT_FORMATS"):
        if "%H:%M" in candidate and "%S" not in candidate:
            return candidate
    return "%Y-%m-%d %H:%M"


#: Characters per description: an announcement, not a report (keeps pages light).
DESCRIPTION_MAX_LENGTH = 10_000

#: Years an event may be typed in: the network's past and its foreseeable future.
YEARS = range(1990, 2101)


class PlausibleDateTimeField(forms.DateTimeField):
    """A date and time between 1990 and 2100; anything else is a translated error, never a 500."""

    def to_python(self, value):
        try:
            moment = super().to_python(value)
        except (OverflowError, ValueError):
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None
        if moment is not None and moment.year not in YEARS:
            raise ValidationError(_("Give a date between 1990 and 2100."), code="out_of_range")
        return moment


class EventForm(forms.Form):
    """A dialogue event in three languages (French required), for creating and editing.

    Start and end are typed as local time of ``TIME_ZONE`` (Africa/Bamako)
    in the active language's format (``05/03/2014 09:00``); what
    ``<input type="datetime-local">`` sends (``2014-03-05T09:00``) is
    accepted too (Django's ISO 8601 fallback). ``version`` carries the
    version the editor started from (optimistic concurrency).

    ``organisers``: the organisations offered (a queryset); ``organisers_required``
    for a proposal, whose proposer's organisations must organise it.
    """

    title_fr = forms.CharField(
        label=_("Title (French)"), max_length=255, validators=[validate_single_line_name]
    )
    description_fr = forms.CharField(
        max_length=DESCRIPTION_MAX_LENGTH,
        label=_("Description (French)"),
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    title_en = forms.CharField(
        label=_("Title (English)"),
        max_length=255,
        required=False,
        validators=[validate_single_line_name],
    )
    description_en = forms.CharField(
        max_length=DESCRIPTION_MAX_LENGTH,
        label=_("Description (English)"),
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
    )
    title_bm = forms.CharField(
        label=_("Title (Bambara)"),
        max_length=255,
        required=False,
        validators=[validate_single_line_name],
    )
    description_bm = forms.CharField(
        max_length=DESCRIPTION_MAX_LENGTH,
        label=_("Description (Bambara)"),
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
    )
    level = forms.ChoiceField(label=_("Level"), choices=Level.choices)
    region = forms.ModelChoiceField(
        label=_("Region"),
        queryset=Region.objects.none(),
        required=False,
        empty_label=pgettext_lazy("region", "None (national or international)"),
        help_text=_("Required for community, local and regional events."),
    )
    place = forms.CharField(
        label=_("Place"),
        validators=[validate_single_line_name],
        max_length=255,
        required=False,
        help_text=_("Town or village, and the venue."),
    )
    starts_at = PlausibleDateTimeField(label=_("Start"))
    ends_at = PlausibleDateTimeField(label=_("End"))
    themes = forms.ModelMultipleChoiceField(
        label=_("Themes"),
        queryset=Theme.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    organisers = forms.ModelMultipleChoiceField(
        label=_("Organising organisations"),
        queryset=Organisation.objects.none(),
        required=False,
    )
    visibility = forms.ChoiceField(
        label=_("Who may see it"),
        choices=Visibility.choices,
        initial=Visibility.PUBLIC,
    )
    capacity = forms.IntegerField(
        label=_("Capacity"),
        min_value=1,
        max_value=100_000,
        required=False,
        help_text=_("Delegates at most; empty: no limit."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, organisers, organisers_required: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = Region.objects.order_by("order", "slug")
        self.fields["themes"].queryset = Theme.objects.order_by("order", "slug")
        if organisers_required:
            # A proposer chooses among their own organisations: few, so checkboxes.
            self.fields["organisers"] = forms.ModelMultipleChoiceField(
                label=self.fields["organisers"].label,
                queryset=organisers,
                widget=forms.CheckboxSelectMultiple,
                help_text=_("Your organisations: they organise the event with the network."),
            )
        else:
            field = self.fields["organisers"]
            field.queryset = organisers
            field.widget.attrs["size"] = 8
            field.help_text = _("Active member organisations; choose several with Ctrl or ⌘.")
        typed = _typed_datetime_format()
        zone = timezone.get_current_timezone_name()
        for name in ("starts_at", "ends_at"):
            self.fields[name].widget = forms.DateTimeInput(
                format=typed, attrs={"placeholder": "05/03/2014 09:00", "autocomplete": "off"}
            )
            self.fields[name].help_text = _(
                "Day/month/year and hour, in %(zone)s time, for example 05/03/2014 09:00."
            ) % {"zone": zone}

    def clean(self):
        data = super().clean()
        level, region = data.get("level"), data.get("region")
        if level in LEVELS_WITH_REGION and region is None and "region" not in self.errors:
            self.add_error(
                "region", _("Choose the region: community, local and regional events have one.")
            )
        starts_at, ends_at = data.get("starts_at"), data.get("ends_at")
        if starts_at and ends_at and ends_at <= starts_at:
            self.add_error("ends_at", _("The end must be after the start."))
        return data

    def event_values(self) -> tuple[dict, dict]:
        """``(fields, m2m)`` for ``event_create`` / ``event_update`` from valid data."""
        data = self.cleaned_data
        fields = {name: data[name] for name in EVENT_FIELDS}
        return fields, {name: list(data[name]) for name in EVENT_M2M}


def event_initial(event: DialogueEvent) -> dict:
    """The form's initial values for an existing event."""
    initial = {name: getattr(event, name) for name in EVENT_FIELDS}
    initial["region"] = event.region_id
    initial["themes"] = [theme.pk for theme in event.themes.all()]
    initial["organisers"] = [organisation.pk for organisation in event.organisers.all()]
    initial["version"] = event.version
    return initial


class EventStatusForm(forms.Form):
    """A coordinator's status action: publish a proposal, record it held, or cancel.

    Cancelling cannot be undone (``event_set_status``), so it needs ``confirm``;
    an event is recorded as held only once it has started.
    """

    status = forms.ChoiceField(
        choices=[
            (EventStatus.PLANNED, pgettext_lazy("event action", "Publish")),
            (EventStatus.HELD, pgettext_lazy("event action", "Record that it was held")),
            (EventStatus.CANCELLED, pgettext_lazy("event action", "Cancel the event")),
        ]
    )
    confirm = forms.BooleanField(
        label=_("Yes, cancel this event. This cannot be undone."), required=False
    )

    def __init__(self, *args, event: DialogueEvent, **kwargs):
        super().__init__(*args, **kwargs)
        self.event = event

    def clean(self):
        data = super().clean()
        status = data.get("status")
        if status == EventStatus.CANCELLED and not data.get("confirm"):
            raise forms.ValidationError(
                _("Tick the box to confirm that the event is cancelled."), code="confirm"
            )
        if status == EventStatus.HELD and self.event.starts_at > timezone.now():
            raise forms.ValidationError(
                _("An event can be recorded as held only once it has started."), code="early"
            )
        return data


class EventFilterForm(forms.Form):
    """The lists' filters (GET): level, region, theme, year."""

    level = forms.ChoiceField(label=_("Level"), required=False)
    region = forms.ChoiceField(label=_("Region"), required=False)
    theme = forms.ChoiceField(label=_("Theme"), required=False)
    year = forms.IntegerField(
        label=_("Year"),
        required=False,
        min_value=1900,
        max_value=2200,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )

    def __init__(self, *args, regions, themes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["level"].choices = [("", _("All levels"))] + list(Level.choices)
        self.fields["region"].choices = [("", _("All regions"))] + [
            (region.slug, region.name) for region in regions
        ]
        self.fields["theme"].choices = [("", _("All themes"))] + [
            (theme.slug, theme.name) for theme in themes
        ]

    def filters(self) -> dict:
        """The valid filters only: a wrong value in one leaves the others working."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        filters = {name: data.get(name) or "" for name in ("level", "region", "theme")}
        filters["year"] = data.get("year")
        return filters

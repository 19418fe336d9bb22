"""Forms for what comes out of a dialogue event: recommendations, the report, follow-up actions.

They validate only; the services in ``dialogues/services.py`` act. Every
message is translated; a form that fails keeps everything that was typed
(DESIGN.md, "Nothing lost").
"""

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from dialogues.enums import EventStatus, Level
from dialogues.models import DialogueEvent, FollowUpAction
from members.enums import MembershipStatus
from members.models import Organisation
from network import files

#: Characters per language of a recommendation: a few paragraphs at most.
RECOMMENDATION_MAX_LENGTH = 4_000
#: Characters per language of a report: a long narrative, short of what slows a page
#: down (the same bound as news posts, network/pages/forms.py).
REPORT_MAX_LENGTH = 30_000
#: Higher-level events offered as forwarding targets, newest first: enough for every
#: real choice while the coordinator's page stays light (DESIGN.md, "Low bandwidth").
FORWARD_CHOICES_MAX = 200

LANGUAGE_LABELS = {
    "fr": _("French"),
    "en": _("English"),
    "bm": _("Bambara"),
}


def _translated_textareas(form: forms.Form, name: str, max_length: int, rows: int) -> None:
    """Bound the length of ``<name>_fr``, ``_en`` and ``_bm`` (browser and server)."""
    for code in LANGUAGE_LABELS:
        field = form.fields[f"{name}_{code}"]
        field.validators.append(MaxLengthValidator(max_length))
        field.widget.attrs.update({"maxlength": str(max_length), "rows": str(rows)})


class RecommendationForm(forms.Form):
    """A recommendation made at an event: French text required, English and Bambara optional."""

    text_fr = forms.CharField(label=_("Recommendation (French)"), widget=forms.Textarea)
    text_en = forms.CharField(
        label=_("Recommendation (English)"), widget=forms.Textarea, required=False
    )
    text_bm = forms.CharField(
        label=_("Recommendation (Bambara)"), widget=forms.Textarea, required=False
    )
    addressed_level = forms.ChoiceField(
        label=_("Addressed to"),
        choices=Level.choices,
        help_text=_("The level of dialogue or authority that should act on it."),
    )

    def __init__(self, *args, event: DialogueEvent, **kwargs):
        super().__init__(*args, **kwargs)
        _translated_textareas(self, "text", RECOMMENDATION_MAX_LENGTH, rows=4)
        levels = list(Level)
        rank = Level(event.level).rank
        # Most often a recommendation asks the next level up to act.
        self.fields["addressed_level"].initial = levels[min(rank + 1, len(levels) - 1)]


class ForwardForm(forms.Form):
    """Choose the higher-level event a recommendation is carried to.

    The list offers events of a higher level only; the service checks the
    level again and refuses any other (``DialogueError("not_higher")``), so
    a stale page or a hand-made request gets a translated message.
    """

    to_event = forms.IntegerField(label=_("Forward to the event"), widget=forms.Select)

    def __init__(self, *args, event: DialogueEvent, **kwargs):
        super().__init__(*args, **kwargs)
        rank = Level(event.level).rank
        higher = [level for level in Level if level.rank > rank]
        targets = (
            DialogueEvent.objects.filter(
                level__in=higher, status__in=[EventStatus.PLANNED, EventStatus.HELD]
            )
            .exclude(pk=event.pk)
            .only("pk", "title", "title_fr", "title_en", "title_bm", "level", "starts_at")
            .order_by("-starts_at", "-pk")[:FORWARD_CHOICES_MAX]
        )
        groups: dict[str, list] = {level.value: [] for level in higher}
        for target in targets:
            groups[target.level].append((target.pk, _event_choice_label(target)))
        self.fields["to_event"].widget.choices = [("", "---------")] + [
            (Level(level).label, choices) for level, choices in groups.items() if choices
        ]
        self.has_targets = any(groups.values())

    def clean_to_event(self) -> DialogueEvent:
        event = (
            DialogueEvent.objects.filter(
                pk=self.cleaned_data["to_event"],
                status__in=(EventStatus.PLANNED, EventStatus.HELD),
            )
            .select_related("region")
            .first()
        )
        if event is None:
            raise ValidationError(
                _("Choose a planned or held event of a higher level."), code="missing"
            )
        return event


def _event_choice_label(event: DialogueEvent) -> str:
    day = formats.date_format(timezone.localtime(event.starts_at), "SHORT_DATE_FORMAT")
    return f"{event.title} ({day})"


class TakeForm(forms.Form):
    """Mark a recommendation taken into the strategy (a button; nothing to fill in)."""


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for declining"),
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": "2000"}),
        max_length=2000,
        error_messages={"required": _("Give a reason for declining this recommendation.")},
        help_text=_("Shown with the recommendation, so that those who made it know why."),
    )


#: Files per report save: each may be 10 MB and is read into memory to be checked.
MAX_FILES_PER_SAVE = 10


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class AttachmentsField(forms.FileField):
    """One or several uploads (``<input type="file" multiple>``), each checked by content.

    Cleans to a list of ``files.CheckedFile``; every refused file is named in
    its own translated message, so the person knows which one to fix.
    """

    widget = MultipleFileInput

    def clean(self, data, initial=None) -> list:
        uploads = [
            upload for upload in (data if isinstance(data, list | tuple) else [data]) if upload
        ]
        if len(uploads) > MAX_FILES_PER_SAVE:
            raise ValidationError(
                _("Attach at most %(count)s files at a time.") % {"count": MAX_FILES_PER_SAVE},
                code="too_many",
            )
        checked, errors = [], []
        for upload in uploads:
            name = files.clean_name(getattr(upload, "name", "") or "")
            try:
                super().clean(upload, initial)
                checked.append(files.attachment_check(upload))
            except ValidationError as error:
                for message in error.messages:
                    errors.append(
                        ValidationError(
                            # Translators: a refused file's name, then why it was refused.
                            _("%(name)s: %(message)s"),
                            code="attachment",
                            params={"name": name, "message": message},
                        )
                    )
        if errors:
            raise ValidationError(errors)
        return checked


class ReportForm(forms.Form):
    """The narrative report (Markdown, three languages), publication, and new attachments.

    ``loaded`` carries the time of the saved version the author started
    from, so that a save over someone else's newer version is caught
    (DESIGN.md: shared text uses optimistic concurrency).
    """

    body_fr = forms.CharField(label=_("Report (French)"), widget=forms.Textarea)
    body_en = forms.CharField(label=_("Report (English)"), widget=forms.Textarea, required=False)
    body_bm = forms.CharField(label=_("Report (Bambara)"), widget=forms.Textarea, required=False)
    publish = forms.BooleanField(
        label=_("Publish the report"),
        required=False,
        help_text=_(
            "Everyone who may see the event can then read it; "
            "the delegates and organisers are told."
        ),
    )
    attachments = AttachmentsField(
        label=_("Attach files"),
        required=False,
        help_text=_(
            "PDF, images (PNG, JPEG, WebP) or office documents, at most 10 MB each; you may "
            "choose several. Files are stored when you save, not when you preview."
        ),
    )
    loaded = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, published: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        _translated_textareas(self, "body", REPORT_MAX_LENGTH, rows=14)
        for code in LANGUAGE_LABELS:
            self.fields[f"body_{code}"].help_text = _(
                "Markdown: **bold**, *italic*, lines starting with - for a list, "
                "[text](https://…) for a link."
            )
        self.fields["attachments"].widget.attrs["accept"] = ",".join(
            f".{extension}" for extension in files.KINDS
        )
        if published:
            # The service never unpublishes; a published report stays published.
            del self.fields["publish"]


class ActionForm(forms.ModelForm):
    """A follow-up action of an event: owner among active member organisations, due date
    typed day/month/year in every language (``network/formats``)."""

    class Meta:
        model = FollowUpAction
        fields = ["description", "owner", "due_on", "status", "recommendation"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3, "maxlength": "2000"}),
            "due_on": forms.DateInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        }
        labels = {"description": _("What is to be done")}

    def __init__(self, *args, event: DialogueEvent, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.event = event
        self.fields["description"].validators.append(MaxLengthValidator(2000))
        active = Organisation.objects.filter(status=MembershipStatus.ACTIVE)
        if self.instance.owner_id:
            # An owner that has left since stays selectable for this action.
            active = active | Organisation.objects.filter(pk=self.instance.owner_id)
        self.fields["owner"].queryset = active.order_by("name", "pk")
        self.fields["due_on"].help_text = _("Day/month/year, for example 05/03/2014.")
        recommendation = self.fields["recommendation"]
        recommendation.queryset = event.recommendations.order_by("pk")
        recommendation.label = _("Recommendation it follows up (optional)")

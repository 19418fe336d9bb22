"""Forms of strategy sections: a new section, and an edit of a section in one language."""

from django import forms
from django.utils.translation import gettext_lazy as _

from members.validators import validate_single_line_name
from network.pages.selectors import themes_list
from strategy import selectors
from strategy.models import SOURCE_LANGUAGE, Revision, Section

#: Characters per section body: long enough for a chapter, short enough that a
#: word diff of two versions stays quick (``bench/RESULTS.md``).
BODY_MAX_LENGTH = 60_000

MARKDOWN_HELP = _(
    "Markdown: a blank line between paragraphs, # for a heading, * or - for a list, "
    "**bold**, *italics*, [text](https://…) for a link. HTML is shown as typed."
)


class SectionCreateForm(forms.Form):
    """A new section in French: where it sits in the document, its dimension and lead.

    ``outline``: ``[(section, number), …]`` in document order, offered as
    parents; ``cleaned_data["parent"]`` is a ``Section`` or ``None``.
    """

    title = forms.CharField(
        label=_("Title (French)"), max_length=255, validators=[validate_single_line_name]
    )
    body = forms.CharField(
        label=_("Text (French)"),
        required=False,
        max_length=BODY_MAX_LENGTH,
        help_text=MARKDOWN_HELP,
        widget=forms.Textarea(attrs={"rows": 12}),
    )
    parent = forms.ChoiceField(label=_("Under the section"), required=False)
    order = forms.IntegerField(
        label=_("Position among its neighbours"),
        min_value=0,
        max_value=10_000,
        initial=0,
        help_text=_("Sections with a smaller number come first."),
    )
    dimension = forms.ModelChoiceField(
        label=_("Human-security dimension"), queryset=themes_list(), required=False
    )
    lead = forms.ModelChoiceField(
        label=_("Lead coordinator"), queryset=selectors.lead_choices(), required=False
    )

    def __init__(self, *args, outline: list[tuple[Section, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self._parents = {str(section.pk): section for section, _number in outline}
        self.fields["parent"].choices = [("", _("None: a main section"))] + [
            (str(section.pk), f"{number} {section.title}") for section, number in outline
        ]

    def clean_parent(self) -> Section | None:
        value = self.cleaned_data["parent"]
        return self._parents.get(value) if value else None


class SectionEditForm(forms.Form):
    """An edit of a section in one language, made from the revision ``base``.

    ``base`` (hidden) is the revision the editor started from, ``None`` when
    the language has none yet. ``source`` (hidden, translations only) is the
    French revision the translator had before them. Both must belong to
    ``section``; any other id is refused as invalid.
    """

    title = forms.CharField(
        label=_("Title"), max_length=255, validators=[validate_single_line_name]
    )
    body = forms.CharField(
        label=_("Text"),
        required=False,
        max_length=BODY_MAX_LENGTH,
        help_text=MARKDOWN_HELP,
        widget=forms.Textarea(attrs={"rows": 20}),
    )
    summary = forms.CharField(
        label=_("Summary of the change"),
        required=False,
        max_length=255,
        help_text=_("A few words for the history, such as “Figures of 2015 added”."),
        validators=[validate_single_line_name],
    )
    base = forms.ModelChoiceField(
        queryset=Revision.objects.none(), required=False, widget=forms.HiddenInput
    )
    source = forms.ModelChoiceField(
        queryset=Revision.objects.none(), required=False, widget=forms.HiddenInput
    )

    def __init__(self, *args, section: Section, language: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["base"].queryset = Revision.objects.filter(section=section, language=language)
        self.fields["base"].error_messages["invalid_choice"] = _(
            "This form started from a revision of another section. Open the form again."
        )
        for name in ("title", "body"):
            self.fields[name].widget.attrs["lang"] = language
        if language == SOURCE_LANGUAGE:
            del self.fields["source"]
        else:
            self.fields["source"].queryset = Revision.objects.filter(
                section=section, language=SOURCE_LANGUAGE
            )
            self.fields["title"].label = _("Translated title")
            self.fields["body"].label = _("Translated text")


class CandidateFilterForm(forms.Form):
    """Filters (GET) of the proposed recommendations a coordinator may take into a section.

    ``levels``: ``[(value, label), …]`` of the dialogue levels
    (``dialogues.selectors.levels``). ``filters()`` gives ``{"query": str,
    "level": str}`` with the valid values only.
    """

    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    level = forms.ChoiceField(label=_("Level of the event"), required=False)

    def __init__(self, *args, levels, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["level"].choices = [("", _("All levels")), *levels]

    def filters(self) -> dict:
        """The valid filters only: a wrong value in one leaves the other working."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {"query": data.get("q") or "", "level": data.get("level") or ""}

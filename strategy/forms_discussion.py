"""Forms for the discussion of a strategy section: comments, amendments, review.

They validate only; ``strategy/services.py`` acts. Every message is
translated; a form that fails keeps everything that was typed (DESIGN.md,
"Nothing lost").
"""

from django import forms
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from strategy.enums import GENDER_CHECKLIST, SectionStatus
from strategy.forms import BODY_MAX_LENGTH
from strategy.models import SOURCE_LANGUAGE

#: Characters of a comment: a few paragraphs.
COMMENT_MAX_LENGTH = 5_000
#: Characters of a quoted passage: a paragraph or two of the section.
QUOTE_MAX_LENGTH = 2_000
#: Characters of an amendment's proposed text: a whole section, however long.
AMENDMENT_MAX_LENGTH = BODY_MAX_LENGTH  # what the section itself may hold
#: Characters of a rationale or of a reason for rejecting an amendment.
REASON_MAX_LENGTH = 4_000


def _textarea(rows: int, max_length: int) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": str(rows), "maxlength": str(max_length)})


class CommentForm(forms.Form):
    """A comment on a section, or a reply in a thread (``parent``: the thread's first comment)."""

    quote = forms.CharField(
        label=_("Passage you comment on (optional)"),
        required=False,
        max_length=QUOTE_MAX_LENGTH,
        widget=_textarea(2, QUOTE_MAX_LENGTH),
        help_text=_("Copy the sentence of the section your comment is about."),
    )
    body = forms.CharField(
        label=_("Comment"),
        max_length=COMMENT_MAX_LENGTH,
        widget=_textarea(4, COMMENT_MAX_LENGTH),
        error_messages={"required": _("Write your comment.")},
    )
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, reply: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if reply:
            # A reply answers the thread: no passage to quote.
            del self.fields["quote"]
            self.fields["body"].label = _("Reply")
            self.fields["body"].error_messages["required"] = _("Write your reply.")
            self.fields["body"].widget.attrs["rows"] = "2"


class AmendmentForm(forms.Form):
    """New French text proposed for a section, and why."""

    proposed_body = forms.CharField(
        label=_("Proposed text (French)"),
        widget=_textarea(16, AMENDMENT_MAX_LENGTH),
        help_text=_(
            "The whole text of the section as you propose it, in Markdown. "
            "It starts from the current French text: change what you want changed."
        ),
        error_messages={"required": _("Write the text you propose.")},
    )
    rationale = forms.CharField(
        label=_("Rationale"),
        widget=_textarea(4, REASON_MAX_LENGTH),
        help_text=_("Why the change is needed; the coordinators read it before deciding."),
        error_messages={"required": _("Say why you propose this change.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["proposed_body"].validators.append(MaxLengthValidator(AMENDMENT_MAX_LENGTH))
        self.fields["proposed_body"].widget.attrs["lang"] = SOURCE_LANGUAGE
        self.fields["rationale"].validators.append(MaxLengthValidator(REASON_MAX_LENGTH))

    def clean(self):
        data = super().clean()
        body = data.get("proposed_body")
        if body is not None and body.strip() == self.initial.get("proposed_body", "").strip():
            self.add_error("proposed_body", _("The proposed text is the same as the current text."))
        return data


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for rejecting"),
        max_length=REASON_MAX_LENGTH,
        widget=_textarea(3, REASON_MAX_LENGTH),
        error_messages={"required": _("Give a reason for rejecting this amendment.")},
        help_text=_("Shown with the amendment, so that the person who proposed it knows why."),
    )


class ReconcileForm(forms.Form):
    """The text a coordinator makes from the amendment and the section's newer text.

    ``latest`` is the French revision the coordinator saw: if someone saves
    the section again meanwhile, the page is shown again with the newer
    text instead of saving over it.
    """

    text = forms.CharField(
        label=_("Reconciled text (French)"),
        widget=_textarea(16, AMENDMENT_MAX_LENGTH),
        help_text=_(
            "Starts as the proposed text: bring into it what changed in the section since."
        ),
        error_messages={"required": _("Write the reconciled text.")},
    )
    latest = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["text"].validators.append(MaxLengthValidator(AMENDMENT_MAX_LENGTH))
        self.fields["text"].widget.attrs["lang"] = SOURCE_LANGUAGE


class ReviewForm(forms.Form):
    """The gender-sensitivity checklist and the status, given by the button pressed."""

    checklist = forms.MultipleChoiceField(
        label=_("Gender-sensitivity checklist"),
        choices=list(GENDER_CHECKLIST.items()),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Every point must be ticked before the section can be validated."),
    )
    status = forms.ChoiceField(
        label=_("Status"),
        choices=SectionStatus.choices,
        error_messages={"invalid_choice": _("Choose one of the statuses offered.")},
    )

    def checklist_dict(self) -> dict[str, bool]:
        ticked = set(self.cleaned_data.get("checklist", []))
        return {key: key in ticked for key in GENDER_CHECKLIST}

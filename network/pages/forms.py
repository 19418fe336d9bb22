from django import forms
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from network.pages.models import NewsPost

#: Characters per body: a long article, well short of what slows a page down.
BODY_MAX_LENGTH = 30_000


class NewsPostForm(forms.ModelForm):
    """A news post in the three languages; French is required, the others fall back to it."""

    class Meta:
        model = NewsPost
        fields = [
            "title_fr", "summary_fr", "body_fr",
            "title_en", "summary_en", "body_en",
            "title_bm", "summary_bm", "body_bm",
            "published_on", "status",
        ]  # fmt: skip
        widgets = {
            "published_on": forms.DateInput(attrs={"inputmode": "numeric"}),
        }
        labels = {
            "title_fr": _("Title (French)"),
            "summary_fr": _("Summary (French)"),
            "body_fr": _("Text (French)"),
            "title_en": _("Title (English)"),
            "summary_en": _("Summary (English)"),
            "body_en": _("Text (English)"),
            "title_bm": _("Title (Bambara)"),
            "summary_bm": _("Summary (Bambara)"),
            "body_bm": _("Text (Bambara)"),
        }

    version = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].initial = self.instance.version
        for code in ("fr", "en", "bm"):
            body = self.fields[f"body_{code}"]
            body.max_length = BODY_MAX_LENGTH
            body.validators.append(MaxLengthValidator(BODY_MAX_LENGTH))
            body.widget.attrs["maxlength"] = str(BODY_MAX_LENGTH)
        self.fields["title_fr"].required = True
        self.fields["body_fr"].required = True
        self.fields["published_on"].help_text = _("Day/month/year, for example 05/03/2014.")

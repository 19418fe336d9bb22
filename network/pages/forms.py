from django import forms
from django.utils.translation import gettext_lazy as _

from network.pages.models import NewsPost


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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["title_fr"].required = True
        self.fields["body_fr"].required = True
        self.fields["published_on"].help_text = _("Day/month/year, for example 05/03/2014.")

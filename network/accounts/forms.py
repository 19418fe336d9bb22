from django import forms
from django.utils.translation import gettext_lazy as _


class SignupExtraForm(forms.Form):
    """The fields allauth's sign-up form lacks: the name other members see."""

    display_name = forms.CharField(
        label=_("Display name"),
        max_length=150,
        help_text=_("How your name is shown to other people of the network."),
    )

    def signup(self, request, user) -> None:
        user.display_name = self.cleaned_data["display_name"]
        user.save(update_fields=["display_name"])

from django import forms

from network.notifications.enums import Frequency
from network.notifications.kinds import KINDS


class PreferencesForm(forms.Form):
    """One choice per kind: immediately, daily digest, weekly digest, off."""

    def __init__(self, *args, current: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        for key, kind in KINDS.items():
            self.fields[key] = forms.ChoiceField(
                label=kind.label,
                help_text=kind.description,
                choices=Frequency.choices,
                initial=current.get(key, kind.default),
                widget=forms.RadioSelect,
            )

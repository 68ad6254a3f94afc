from django import forms

from core.forms import Form

from .models import Frequency
from .registry import CATEGORIES, CATEGORY_HINTS, SECURITY


class PreferencesForm(Form):
    """One radio group per category. Account security is not a choice, so it has no field."""

    def __init__(self, *args, initial_preferences: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        for category, label in CATEGORIES.items():
            if category == SECURITY:
                continue
            self.fields[category] = forms.ChoiceField(
                label=label,
                help_text=CATEGORY_HINTS[category],
                choices=Frequency.choices,
                widget=forms.RadioSelect,
                initial=initial_preferences.get(category, Frequency.IMMEDIATE),
                error_messages={
                    "required": f"Select how you want emails about {label.lower()}",
                    "invalid_choice": f"Select one of the options for {label.lower()}",
                },
            )

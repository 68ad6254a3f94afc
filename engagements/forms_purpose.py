"""Input for the shared purpose's pages: its words, an approval, and the two versions to compare."""

from django import forms

from core.forms import Form, ModelMultipleChoiceField
from movements.models import WayOfImpact

from .models import Side

OUT_OF_DATE = "This page is out of date: open the shared purpose again"


class PurposeEditForm(Form):
    message_labels = {"statement": "Shared purpose", "outcomes": "Outcomes"}

    statement = forms.CharField(
        label="Shared purpose",
        max_length=2000,
        help_text="What both sides want to change together, in a sentence or two.",
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Enter the shared purpose: what both sides want to change together"},
    )
    outcomes = forms.CharField(
        label="Outcomes both sides seek (optional)",
        max_length=2000,
        required=False,
        help_text="How you will both know it worked. Put each outcome on a line of its own.",
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    ways_of_impact = ModelMultipleChoiceField(
        label="Which ways of impact does it serve?",
        queryset=WayOfImpact.objects.order_by("position", "name"),
        widget=forms.CheckboxSelectMultiple,
        help_text="Select all that apply.",
        error_messages={"required": "Select at least one way of impact the shared purpose serves"},
    )
    seen_revision = forms.IntegerField(
        widget=forms.HiddenInput,
        min_value=0,
        error_messages={"required": OUT_OF_DATE, "invalid": OUT_OF_DATE, "min_value": OUT_OF_DATE},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["ways_of_impact"]
        field.widget.attrs["choice_hints"] = {str(way.pk): way.description for way in field.queryset}


class ApproveForm(Form):
    """The version the person read, at the revision they read it, and (for someone who may
    approve for either side) the side they approve for."""

    version = forms.UUIDField(
        widget=forms.HiddenInput, error_messages={"required": OUT_OF_DATE, "invalid": OUT_OF_DATE}
    )
    revision = forms.IntegerField(
        widget=forms.HiddenInput,
        min_value=0,
        error_messages={"required": OUT_OF_DATE, "invalid": OUT_OF_DATE, "min_value": OUT_OF_DATE},
    )
    side = forms.ChoiceField(
        choices=[("", "")] + list(Side.choices),
        required=False,
        widget=forms.HiddenInput,
        error_messages={"invalid_choice": "Choose the movement or the institution"},
    )


class CompareForm(Form):
    """Which two versions to compare (?from=N&to=M), from the versions the shared purpose has."""

    def __init__(self, *args, numbers=(), **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(str(number), f"Version {number}") for number in numbers]
        wrong = "Choose a version this shared purpose has"
        self.fields["from"] = forms.TypedChoiceField(
            label="Compare version",
            choices=choices,
            coerce=int,
            error_messages={"required": "Choose the version to compare from", "invalid_choice": wrong},
        )
        self.fields["to"] = forms.TypedChoiceField(
            label="with version",
            choices=choices,
            coerce=int,
            error_messages={"required": "Choose the version to compare with", "invalid_choice": wrong},
        )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("from") is not None and cleaned.get("from") == cleaned.get("to"):
            self.add_error("to", "Choose two different versions to compare")
        return cleaned

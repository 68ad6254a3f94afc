from typing import cast

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.urls import reverse

from core.forms import (
    ConfirmNewNameMixin,
    FilterForm,
    Form,
    ModelForm,
    ModelMultipleChoiceField,
    label_for_messages,
    too_long_message,
)
from core.regions import Region

from .models import FocusArea, Invitation, Movement, Organiser, WayOfImpact
from .selectors import movements_named_like

STAGE_HINTS = {
    Movement.Stage.EMERGENCE: "People are starting to name a shared problem and find each other.",
    Movement.Stage.COALESCENCE: "A group has formed, with shared aims, some leaders and public actions.",
    Movement.Stage.ESTABLISHED: "An organised presence with regular activity, structures and perhaps paid roles.",
    Movement.Stage.DECLINE: (
        "Winding down, or changed into something else: a charity, a service, part of the mainstream."
    ),
}
DIRECTION_HINTS = {
    Movement.Direction.PROMOTE: "You want something new to happen, or something to grow.",
    Movement.Direction.RESIST: "You want to stop or reverse a change: a closure, a cut, a policy.",
}


_url_validator = URLValidator(schemes=["http", "https"])


def _clean_url(typed: str) -> str:
    """A web link, with https:// added when left off. Only http and https are allowed."""
    typed = typed.strip()
    value = typed if "://" in typed else "https://" + typed
    try:
        _url_validator(value)
    except ValidationError:
        raise ValidationError(
            f"Enter a web address starting with https:// or http://, like https://example.org (you entered {typed})"
        ) from None
    return value


def _check_stored_length(form, name: str, value: str) -> str:
    """Adding https:// can take a value past its column: the same message as for what was typed."""
    field = form.fields[name]
    if len(value) > field.max_length:
        label = form.message_labels.get(name) or label_for_messages(field.label)
        raise ValidationError(too_long_message(label, field.max_length, len(value)), code="max_length")
    return value


class MovementForm(ConfirmNewNameMixin, ModelForm):
    message_labels = {"description": "Description"}
    confirm_label = "This is a different movement"
    confirm_hint = "Tick this if none of the movements above is yours, then send the form again."
    matches_advice = "If one of these is your movement, ask its organisers to invite you instead of adding it again."
    matches_heading_level = 3  # inside the form's "About the movement" section

    # A plain text box: clean_website checks and completes the address itself.
    website = forms.CharField(
        label="Website (optional)",
        required=False,
        max_length=Movement._meta.get_field("website").max_length,
        help_text="For example, https://example.org",
    )
    regions = forms.MultipleChoiceField(
        label="Where does the movement work?",
        choices=Region.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text="Select all that apply.",
        error_messages={"required": "Select at least one region, or UK-wide or Online"},
    )

    class Meta:
        model = Movement
        field_classes = {"ways_of_impact": ModelMultipleChoiceField, "focus_areas": ModelMultipleChoiceField}
        fields = [
            "name",
            "summary",
            "description",
            "ways_of_impact",
            "focus_areas",
            "direction",
            "stage",
            "regions",
            "size",
            "website",
            "social_links",
            "open_to_proposals",
        ]
        labels = {
            "name": "Movement name",
            "summary": "Summary",
            "description": "About the movement",
            "ways_of_impact": "Which ways of making change does the movement pursue?",
            "focus_areas": "Health focus areas",
            "direction": "Is the movement promoting or resisting a change?",
            "stage": "What stage is the movement at?",
            "size": "Roughly how many people are involved?",
            "website": "Website (optional)",
            "social_links": "Social media and other links (optional)",
            "open_to_proposals": "Open to partnership proposals from NHS institutions",
        }
        help_texts = {
            "name": "The name people know you by.",
            "summary": "One or two sentences shown in the directory. Up to 280 characters.",
            "description": "What you want to change, why, and how you work. Up to 5,000 characters. Web links become "
            "clickable.",
            "ways_of_impact": "Select all that apply.",
            "focus_areas": "Select all that apply. Leave blank if none fit.",
            "website": "For example, https://example.org",
            "social_links": "One web address per line, for example https://www.instagram.com/yourgroup",
            "open_to_proposals": "NHS staff can propose working with you. You can always decline.",
        }
        error_messages = {
            "name": {"required": "Enter the movement's name"},
            "summary": {"required": "Enter a short summary of the movement"},
            "description": {"required": "Describe the movement"},
            "ways_of_impact": {"required": "Select at least one way the movement makes change"},
            "direction": {"required": "Select whether the movement is promoting or resisting a change"},
            "stage": {"required": "Select the stage the movement is at"},
            "size": {"required": "Select roughly how many people are involved"},
        }
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 3}),
            "description": forms.Textarea(attrs={"rows": 8}),
            "social_links": forms.Textarea(attrs={"rows": 3}),
            "ways_of_impact": forms.CheckboxSelectMultiple,
            "focus_areas": forms.CheckboxSelectMultiple,
            "direction": forms.RadioSelect,
            "stage": forms.RadioSelect,
            "size": forms.RadioSelect,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        ways = list(WayOfImpact.objects.order_by("position"))
        self.fields["ways_of_impact"].queryset = WayOfImpact.objects.order_by("position")
        self.fields["ways_of_impact"].widget.attrs["choice_hints"] = {str(w.pk): w.description for w in ways}
        self.fields["focus_areas"].queryset = FocusArea.objects.order_by("position")
        self.fields["direction"].widget.attrs["choice_hints"] = dict(DIRECTION_HINTS)
        self.fields["stage"].widget.attrs["choice_hints"] = dict(STAGE_HINTS)
        # Model choice fields with a default offer a blank option; radios should not.
        for name in ("direction", "stage", "size"):
            self.fields[name].choices = [c for c in self.fields[name].choices if c[0]]
        if self.instance.pk:
            self.initial["regions"] = [r.region for r in self.instance.region_rows.all()]

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        if len(name) < 3:
            raise ValidationError("Movement name must be at least 3 characters")
        return name

    def clean_website(self):
        value = self.cleaned_data.get("website", "")
        return _check_stored_length(self, "website", _clean_url(value)) if value.strip() else ""

    # Possible duplicates (core.forms.ConfirmNewNameMixin)

    def similar_names(self, name):
        return movements_named_like(name, visible_to=self.viewer, exclude=self.instance)

    def describe_match(self, match):
        url = reverse("movements:detail", kwargs={"slug": match.slug})
        detail = match.summary if match.is_public else f"{match.get_status_display()}. {match.summary}"
        return {"name": match.name, "url": url, "detail": detail}

    def matches_message(self, matches):
        if len(matches) == 1:
            return (
                f"There is already a movement called “{matches[0].name}”. If yours is a different movement, "
                "tick “This is a different movement” and send the form again"
            )
        return (
            f"There are already {len(matches)} movements with this name. If yours is a different movement, "
            "tick “This is a different movement” and send the form again"
        )

    def clean_social_links(self):
        lines = [line.strip() for line in self.cleaned_data.get("social_links", "").splitlines() if line.strip()]
        if len(lines) > 8:
            raise ValidationError("Enter up to 8 links")
        return _check_stored_length(self, "social_links", "\n".join(_clean_url(line) for line in lines))


class InvitationForm(Form):
    email = forms.EmailField(
        label="Email address",
        max_length=Invitation._meta.get_field("email").max_length,
        help_text="We will email them a link. It works once and lasts 7 days.",
        error_messages={
            "required": "Enter the email address of the person to invite",
            "invalid": "Enter an email address in the correct format, like name@example.com",
        },
    )
    role = forms.ChoiceField(
        label="Role",
        choices=Organiser.Role.choices,
        initial=Organiser.Role.ORGANISER,
        widget=forms.RadioSelect(
            attrs={
                "choice_hints": {
                    Organiser.Role.LEAD: "Can also change roles and remove organisers.",
                    Organiser.Role.ORGANISER: "Can edit the profile, invite people and answer proposals.",
                }
            }
        ),
    )

    def __init__(self, *args, can_invite_lead: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not can_invite_lead:
            role = cast(forms.ChoiceField, self.fields["role"])
            role.choices = [(Organiser.Role.ORGANISER, Organiser.Role.ORGANISER.label)]


class CloseForm(Form):
    """Why a lead organiser is closing the movement (optional)."""

    reason = forms.CharField(
        label="Why are you closing it? (optional)",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Shown on the movement's page and sent to your co-organisers. For example, "
        "“We achieved what we set out to do” or “We have joined another campaign”.",
    )


class RoleForm(Form):
    role = forms.ChoiceField(choices=Organiser.Role.choices, error_messages={"required": "Choose a role"})


class ReviewForm(Form):
    """A moderator's decision on a movement waiting for approval."""

    APPROVE, REJECT = "approve", "reject"

    decision = forms.ChoiceField(
        label="Approve or reject this movement?",
        choices=[(APPROVE, "Approve"), (REJECT, "Reject")],
        widget=forms.RadioSelect(
            attrs={
                "choice_hints": {
                    APPROVE: "It appears in the public directory straight away. The organisers are told.",
                    REJECT: "The organisers see your reason and can edit the movement and send it again.",
                }
            }
        ),
        error_messages={"required": "Choose whether to approve or reject this movement"},
    )
    reason = forms.CharField(
        label="Reason",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=(
            "Needed if you reject it: the organisers see it, so say what they would need to change. "
            "If you approve it, you can add a note for the moderation log."
        ),
    )

    def clean(self):
        cleaned = super().clean()
        # A reason already refused (too long) is not also a missing one.
        if cleaned.get("decision") == self.REJECT and "reason" in cleaned and not cleaned["reason"]:
            self.add_error("reason", "Give the organisers a reason, so they know what to change")
        return cleaned

    @property
    def approve(self) -> bool:
        return self.cleaned_data["decision"] == self.APPROVE


class DirectoryFilterForm(FilterForm):
    message_labels = {"q": "Your search"}

    q = forms.CharField(label="Search movements", required=False, max_length=200)
    way = forms.MultipleChoiceField(label="Ways of making change", required=False, widget=forms.CheckboxSelectMultiple)
    region = forms.MultipleChoiceField(
        label="Region", required=False, choices=Region.choices, widget=forms.CheckboxSelectMultiple
    )
    stage = forms.MultipleChoiceField(
        label="Stage", required=False, choices=Movement.Stage.choices, widget=forms.CheckboxSelectMultiple
    )
    focus = forms.MultipleChoiceField(label="Focus area", required=False, widget=forms.CheckboxSelectMultiple)
    open = forms.BooleanField(label="Only movements open to proposals", required=False)

    def __init__(self, *args, ways=(), focus_areas=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["way"].choices = [(w.slug, w.name) for w in ways]
        self.fields["focus"].choices = [(f.slug, f.name) for f in focus_areas]

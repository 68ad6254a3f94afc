"""Input for proposing, reviewing and discussing engagements: validation and messages, no side effects."""

from django import forms

from core.forms import FilterForm, Form

from .models import Engagement, EngagementModel

S = Engagement.Status


def _area(label, limit, *, rows=5, hint="", required=False):
    return forms.CharField(
        label=label, max_length=limit, required=required, help_text=hint, widget=forms.Textarea(attrs={"rows": rows})
    )


# --- Starting a proposal (choices made on GET pages: nothing is typed yet) --------------------


class SideForm(Form):
    """Which of the person's movements or institutions proposes ("movement:<slug>" or "institution:<ods>")."""

    side = forms.ChoiceField(
        label="Who are you proposing for?",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the movement or institution you are proposing for"},
    )

    def __init__(self, *args, sides=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["side"].choices = list(sides)


class PartnerForm(Form):
    """The other party: an institution (for a movement) or a movement open to proposals (for an institution)."""

    to = forms.ChoiceField(
        label="",
        error_messages={
            "required": "Choose who you are proposing to",
            "invalid_choice": "Choose from the list: the one you picked is not taking proposals now",
        },
    )

    def __init__(self, *args, partners=(), label="", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to"].choices = [("", "Choose one"), *partners]
        self.fields["to"].label = label


class ModelChoiceForm(Form):
    """The way of working, from those the institution is open to."""

    model = forms.ChoiceField(
        label="How would you like to work together?",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose a way of working"},
    )

    def __init__(self, *args, models=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["model"].choices = [(model.slug, model.name) for model in models]
        self.models = {model.slug: model for model in models}

    def chosen(self) -> EngagementModel:
        return self.models[self.cleaned_data["model"]]


# --- The proposal's questions, one page each (engagements/views/propose.py lists the steps) ----


class ProposalStepForm(Form):
    """A page of the proposal. The fields a model requires are required here too; the rest are optional."""

    def __init__(self, *args, required=(), **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            field.required = name in required or name in ("title", "ask")
            if name not in ("title", "ask"):
                field.error_messages["required"] = f"Fill in “{field.label}”: this way of working needs it"
            if not field.required and not str(field.label).endswith("(optional)"):
                field.label = f"{field.label} (optional)"


class TitleForm(ProposalStepForm):
    message_labels = {"title": "Title"}
    title = forms.CharField(
        label="Give the proposal a short title",
        max_length=200,
        help_text="For example, “Peer support in the respiratory clinic”.",
        error_messages={"required": "Enter a title for the proposal"},
    )


class AskForm(ProposalStepForm):
    message_labels = {"ask": "What you are asking for"}
    ask = _area(
        "What are you proposing or asking for?",
        5000,
        rows=8,
        hint="Say what you would like to happen and what you need from the other side.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ask"].error_messages["required"] = "Say what you are proposing or asking for"


class BringsForm(ProposalStepForm):
    movement_brings = _area("What the movement brings", 2000, hint="People, lived experience, networks, time.")
    institution_brings = _area("What the institution brings", 2000, hint="Space, staff time, money, data, access.")


class PurposeForm(ProposalStepForm):
    shared_purpose = _area("The shared purpose", 2000, hint="What both sides want to change, in a sentence or two.")
    outcomes = _area("Intended outcomes", 2000, hint="How you will both know it worked.")


class TimescaleForm(ProposalStepForm):
    timescale = forms.CharField(label="Timescale", max_length=200, help_text="For example, “one year from June”.")


# --- The receiving side's decisions and either side walking away ---------------------------


class AssignForm(Form):
    reviewer = forms.ChoiceField(
        label="Who will review it?", error_messages={"required": "Choose who will review the proposal"}
    )

    def __init__(self, *args, people=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reviewer"].choices = [("", "Choose a reviewer"), *people]


class ReasonForm(Form):
    message_labels = {"reason": "Reason"}
    reason = _area("What should change?", 2000, hint="The proposers see this.", required=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].error_messages["required"] = "Say what should change, so the proposers know what to do"


class DeclineForm(Form):
    message_labels = {"reason": "Reason"}
    category = forms.ChoiceField(
        label="Why are you declining?",
        choices=Engagement.DeclineCategory.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the reason that fits best"},
    )
    # The timeline says the category before these words, within its 2,000 characters.
    reason = _area("Tell them more", 1900, hint="The proposers see this.", required=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].error_messages["required"] = "Give the proposers a reason for declining"


class WithdrawForm(Form):
    message_labels = {"reason": "Reason"}
    reason = _area("Why are you withdrawing? (optional)", 2000, rows=3, hint="You do not have to give a reason.")


class CommentForm(Form):
    message_labels = {"body": "Comment"}
    body = _area("Add a comment", 5000, rows=4, hint="Both sides see comments.", required=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].error_messages["required"] = "Write your comment"


class NoteForm(Form):
    message_labels = {"note": "Note"}
    note = _area("Add a private note", 5000, rows=3, hint="Only your side's reviewers see notes.", required=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["note"].error_messages["required"] = "Write your note"


# --- The review queue's filters ----------------------------------------------------------------

_LISTED = (S.SUBMITTED, S.IN_REVIEW, S.CHANGES_REQUESTED, S.ACCEPTED, S.DECLINED, S.WITHDRAWN)
QUEUE_STATES = [(state, S(state).label) for state in _LISTED]


class QueueFilterForm(FilterForm):
    status = forms.ChoiceField(label="State", required=False, choices=[("", "Any state"), *QUEUE_STATES])
    show = forms.ChoiceField(
        label="Show",
        required=False,
        choices=[
            ("", "All proposals"),
            ("mine", "Assigned to me"),
            ("unassigned", "Not assigned yet"),
            ("overdue", "Past the response deadline"),
        ],
    )

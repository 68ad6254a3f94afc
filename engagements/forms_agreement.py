"""Input for drafting and signing the accountability agreement: validation and messages only.
The services check the rules (a safeguard switched off needs a reason, a date is sensible)."""

from django import forms

from core.forms import Form

from .models import Commitment, ReviewCadence, Side


def _area(label, limit, *, rows=4, hint=""):
    return forms.CharField(
        label=label, max_length=limit, required=False, help_text=hint, widget=forms.Textarea(attrs={"rows": rows})
    )


class _Revision(Form):
    """The version and revision the page showed, so a change made meanwhile is noticed."""

    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2_000_000_000)


class AgreementTermsForm(_Revision):
    review_cadence = forms.ChoiceField(
        label="How often will both sides review the agreement?",
        choices=ReviewCadence.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how often both sides review the agreement"},
    )
    escalation_route = _area(
        "Escalation route", 2000, hint="Who a problem goes to when the two sides cannot settle it between them."
    )
    escalation_days = forms.IntegerField(
        label="Escalate a commitment when it is overdue by more than this many days",
        min_value=1,
        max_value=365,
        widget=forms.NumberInput(attrs={"class": "nhsuk-input--width-3", "inputmode": "numeric"}),
        error_messages={
            "required": "Enter a number of days from 1 to 365",
            "invalid": "Enter a number of days from 1 to 365",
            "min_value": "Enter a number of days from 1 to 365",
            "max_value": "Enter a number of days from 1 to 365",
        },
    )
    exit_terms = _area("Exit terms", 2000, hint="How either side can end the engagement, and what happens then.")
    keeps_public_voice = forms.BooleanField(
        label="The movement keeps its right to speak publicly, including about the institution", required=False
    )
    public_voice_off_reason = _area(
        "If the movement does not keep its public voice, why not?",
        1000,
        rows=3,
        hint="Both sides see this reason on the agreement.",
    )
    keeps_right_to_withdraw = forms.BooleanField(
        label="The movement keeps its right to withdraw at any time", required=False
    )
    withdraw_off_reason = _area(
        "If the movement does not keep its right to withdraw, why not?",
        1000,
        rows=3,
        hint="Both sides see this reason on the agreement.",
    )
    no_endorsement_without_consent = forms.BooleanField(
        label="The institution will not present the movement as endorsing it without the movement's consent",
        required=False,
    )
    endorsement_off_reason = _area(
        "If the institution may present the movement as endorsing it, why?",
        1000,
        rows=3,
        hint="Both sides see this reason on the agreement.",
    )


class CommitmentForm(_Revision):
    party = forms.ChoiceField(
        label="Who commits?",
        choices=Side.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose who commits: the movement or the institution"},
    )
    what = forms.CharField(
        label="What is committed",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Say what is committed"},
    )
    success_measure = _area("How will success be seen?", 1000, rows=3, hint="What both sides will look at to know.")
    due_date = forms.DateField(
        label="Due date",
        required=False,
        help_text="For example, 2027-03-31. Give a due date, a review date or both.",
        widget=forms.DateInput(attrs={"type": "date", "class": "nhsuk-input--width-10"}, format="%Y-%m-%d"),
        error_messages={"invalid": "Enter the due date as a real date, for example 2027-03-31"},
    )
    review_date = forms.DateField(
        label="Review date",
        required=False,
        help_text="When both sides look at it again, for a commitment that runs on.",
        widget=forms.DateInput(attrs={"type": "date", "class": "nhsuk-input--width-10"}, format="%Y-%m-%d"),
        error_messages={"invalid": "Enter the review date as a real date, for example 2027-03-31"},
    )
    accountable_to = forms.ChoiceField(
        label="Accountable to",
        choices=Commitment.AccountableTo.choices,
        widget=forms.RadioSelect,
        initial=Commitment.AccountableTo.OTHER_SIDE,
        error_messages={"required": "Choose whom the commitment is accountable to"},
    )
    accountable_to_name = forms.CharField(
        label="Name of the role or board",
        max_length=200,
        required=False,
        help_text="For a named role or a board, for example 'Director of Nursing' or 'Trust board'.",
    )


class RemoveForm(_Revision):
    pass


class SignForm(_Revision):
    version = forms.UUIDField(widget=forms.HiddenInput)
    declaration = forms.BooleanField(
        label="I have read this version and I sign it on behalf of my side",
        error_messages={"required": "Tick the box to confirm you have read this version and sign it for your side"},
    )


class PublishForm(Form):
    side = forms.ChoiceField(choices=Side.choices, widget=forms.HiddenInput)
    publish = forms.ChoiceField(choices=[("yes", "Publish"), ("no", "Do not publish")], widget=forms.HiddenInput)


class CompareForm(Form):
    """?from=N&to=M: two version numbers."""

    from_ = forms.IntegerField(min_value=1, max_value=32767)
    to = forms.IntegerField(min_value=1, max_value=32767)

    def __init__(self, data=None, **kwargs):
        if data is not None:
            data = {"from_": data.get("from", ""), "to": data.get("to", "")}
        super().__init__(data, **kwargs)

"""Input for check-ins and for ending or completing an engagement: validation and messages only."""

import datetime

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError

from core.forms import Form, LengthLimit

from .models import CommitmentStatus

NOTE_LIMIT = 4000
COMMENT_LIMIT = 500
DATE_PARTS = ("day", "month", "year")


def _part(label: str, width: int) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        required=False,
        min_value=0,
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "class": f"nhsuk-date-input__input nhsuk-input--width-{width}"}
        ),
        error_messages={"invalid": "", "min_value": ""},  # the date's own message says what is wrong
    )


class CheckInForm(Form):
    """The date (NHS.UK date input: day, month, year), the note, and for each commitment of the
    version in force a status (`status_<uuid>`) and an optional comment (`comment_<uuid>`)."""

    message_labels = {"note": "Note"}
    held_on_day = _part("Day", 2)
    held_on_month = _part("Month", 2)
    held_on_year = _part("Year", 4)
    note = forms.CharField(
        label="What happened since the last check-in?",
        max_length=NOTE_LIMIT,
        help_text="Both sides see this note.",
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": "Write what happened since the last check-in"},
    )

    def __init__(self, *args, commitments, current=None, **kwargs):
        """`commitments`: those of the version in force; `current`: their statuses now, by key."""
        super().__init__(*args, **kwargs)
        current = current or {}
        self.commitments = list(commitments)
        for commitment in self.commitments:
            # The commitment's words are the legend of a fieldset around both fields (the template);
            # the error summary names the commitment, as it is read away from the fieldset.
            short = commitment.what if len(commitment.what) <= 60 else f"{commitment.what[:59]}…"
            status = forms.ChoiceField(
                label="Status",
                choices=CommitmentStatus.choices,
                widget=forms.RadioSelect,
                initial=current.get(commitment.key, CommitmentStatus.ON_TRACK),
                error_messages={"required": f"Choose a status for “{short}”"},
            )
            comment = forms.CharField(
                label="Comment (optional)",
                max_length=COMMENT_LIMIT,
                required=False,
                help_text="A line on why, if it helps.",
            )
            # Added after the site's limits were applied to the declared fields: the same limit here.
            comment.validators.append(LengthLimit(COMMENT_LIMIT, "Comment"))
            comment.error_messages["null_characters_not_allowed"] = (
                "Comment contains a character that cannot be stored (a null character). Remove it and try again"
            )
            self.fields[f"status_{commitment.uuid}"] = status
            self.fields[f"comment_{commitment.uuid}"] = comment

    def rows(self):
        """(commitment, its status field, its comment field), for the template."""
        return [(c, self[f"status_{c.uuid}"], self[f"comment_{c.uuid}"]) for c in self.commitments]

    def service_errors(self, error: ValidationError) -> ValidationError:
        """The service's refusal named for this form: the date ("held_on") on the day box, where the
        group starts; "statuses" (which commitments lack one) above the form."""
        if not hasattr(error, "error_dict"):
            return error
        names = {"held_on": "held_on_day", "statuses": NON_FIELD_ERRORS}
        return ValidationError({names.get(key, key): value for key, value in error.error_dict.items()})

    def add_error(self, field, error):
        super().add_error(field, error)
        if field == "held_on_day":
            # The whole date is wrong, not one box: every box is marked, the message said once.
            for name in ("held_on_month", "held_on_year"):
                widget = self.fields[name].widget
                if "nhsuk-input--error" not in widget.attrs.get("class", ""):
                    widget.attrs["class"] = f"{widget.attrs.get('class', '')} nhsuk-input--error"

    @property
    def date_error(self) -> str:
        errors = self.errors.get("held_on_day")
        return str(errors[0]) if errors else ""

    def clean(self):
        data = super().clean()
        parts = {name: data.get(f"held_on_{name}") for name in DATE_PARTS}
        typed = {name: (self.data.get(self.add_prefix(f"held_on_{name}")) or "").strip() for name in DATE_PARTS}
        for name in DATE_PARTS:
            self.errors.pop(f"held_on_{name}", None)  # one message for the whole date
        missing = [name for name in DATE_PARTS if not typed[name]]
        if len(missing) == 3:
            self.add_error("held_on_day", "Enter the date of the check-in")
        elif missing:
            self.add_error("held_on_day", f"Date of the check-in must include a {' and a '.join(missing)}")
        elif any(parts[name] is None for name in DATE_PARTS) or (parts["year"] or 0) < 1000:
            self.add_error("held_on_day", "Date of the check-in must be a real date, like 27 3 2026")
        else:
            try:
                data["held_on"] = datetime.date(parts["year"], parts["month"], parts["day"])
            except ValueError:
                self.add_error("held_on_day", "Date of the check-in must be a real date, like 27 3 2026")
        return data

    def statuses(self) -> dict[str, str]:
        return {str(c.uuid): self.cleaned_data.get(f"status_{c.uuid}") or "" for c in self.commitments}

    def comments(self) -> dict[str, str]:
        return {str(c.uuid): self.cleaned_data.get(f"comment_{c.uuid}") or "" for c in self.commitments}


class EndForm(Form):
    message_labels = {"reason": "Reason"}
    reason = forms.CharField(
        label="Why are you ending the engagement?",
        max_length=2000,
        help_text="Both sides see this reason, and it stays on the timeline.",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Give a reason for ending the engagement"},
    )


class CompleteForm(Form):
    message_labels = {"reason": "Note"}
    reason = forms.CharField(
        label="Anything to add? (optional)",
        max_length=2000,
        required=False,
        help_text="Both sides see this on the timeline.",
        widget=forms.Textarea(attrs={"rows": 3}),
    )

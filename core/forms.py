"""What every form on the site shares: the NHS.UK renderer, limits on text, and safe model choices.

Project forms subclass `Form` or `ModelForm` from here (forms built on a library's form add
`TextLimitsMixin`), and declare relations with this module's `ModelChoiceField` and
`ModelMultipleChoiceField`. tests/forms checks that every form does.
"""

from typing import TYPE_CHECKING, Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.forms.renderers import TemplatesSetting
from django.forms.utils import pretty_name

from .names import name_key


class NHSFormRenderer(TemplatesSetting):
    """Renders every Django form with NHS.UK design system markup.

    Project templates in templates/forms/ and templates/django/forms/widgets/
    take precedence, so `{{ form }}` anywhere gives labels, hints, inline
    errors and NHS.UK input classes without per-form work.
    """

    form_template_name = "forms/form.html"
    field_template_name = "forms/field.html"


# --- Limits on text ------------------------------------------------------------


def too_long_message(label: str, limit: int, count: int) -> str:
    """The one message for text over its limit, on every form."""
    return f"{label} must be {limit:,} characters or fewer (it has {count:,})"


def label_for_messages(label) -> str:
    """A field label as it reads at the start of a sentence: '(optional)' dropped."""
    text = str(label).strip()
    if text.lower().endswith("(optional)"):
        text = text[: -len("(optional)")].rstrip()
    return text


class LengthLimit(MaxLengthValidator):
    """Django's length check, with the site's message naming the field."""

    def __init__(self, limit_value: int, label: str):
        super().__init__(limit_value)
        self.label = label

    def __call__(self, value):
        count = self.clean(value)
        if count > self.limit_value:
            raise ValidationError(too_long_message(self.label, self.limit_value, count), code=self.code)


class TextLimitsMixin:
    """Every text field states its limit in words the person can act on.

    A field with `max_length` says "<Label> must be N characters or fewer (it has M)" next to
    the field and in the error summary. The limit is checked on the server only: a browser
    `maxlength` would silently cut off pasted text, which is losing what was typed.
    `message_labels` names a field in messages where its label reads badly in a sentence.
    """

    message_labels: dict[str, str] = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            label = self.message_labels.get(name) or label_for_messages(field.label or pretty_name(name))
            if isinstance(field, forms.CharField) and field.max_length is not None:
                field.validators = [v for v in field.validators if not isinstance(v, MaxLengthValidator)]
                field.validators.append(LengthLimit(field.max_length, label))
                field.error_messages.pop("max_length", None)
                field.widget.attrs.pop("maxlength", None)
            field.error_messages["null_characters_not_allowed"] = (
                f"{label} contains a character that cannot be stored (a null character). Remove it and try again"
            )


class Form(TextLimitsMixin, forms.Form):
    pass


def add_service_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Put a service's ValidationError on the form: beside the fields it names, else at the top.

    Views call this and nothing else with a service's refusal, so none reads an error's insides.
    """
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


class ModelForm(TextLimitsMixin, forms.ModelForm):
    pass


class ConfirmNewNameMixin:
    """Warns, before anything is saved, that the name typed is one we already have.

    When the name matches an existing one (case, spaces and punctuation aside: core.names) the
    form is not valid the first time: the name gets an error saying so, the matches are listed
    beside it with links, and a checkbox ("This is a different movement") lets the person send
    the same form again once they have checked. Everything typed stays in the form. An edit
    form asks only when the name changes. Put the mixin before the form class:

        class MovementForm(ConfirmNewNameMixin, ModelForm):
            confirm_label = "This is a different movement"

            def similar_names(self, name): ...         # the existing ones, at most a handful
            def describe_match(self, match): ...       # {"name":, "url":, "detail":} for the list
            def matches_message(self, matches): ...    # the error next to the name

    The view passes `viewer=request.user`, so only what that person may see is named. The
    checkbox's value is taken out of cleaned_data: services never see it.
    """

    name_field = "name"
    confirm_field = "confirm_new_name"
    confirm_label = "This is a different one"
    confirm_hint = "Tick this if none of those is the one you mean, then send the form again."
    matches_heading = "Is it one of these?"
    matches_advice = ""
    # The callout's heading sits under the page's headings: 2 below the h1, 3 inside an h2 section.
    matches_heading_level = 2

    def __init__(self, *args, viewer=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.viewer = viewer
        self.name_matches: list = []
        self.fields[self.confirm_field] = forms.BooleanField(
            label=self.confirm_label, help_text=self.confirm_hint, required=False
        )

    # -- for the form to say -------------------------------------------------------------

    def similar_names(self, name: str) -> list:
        raise NotImplementedError

    def describe_match(self, match) -> dict:
        raise NotImplementedError

    def matches_message(self, matches: list) -> str:
        raise NotImplementedError

    # -- the check ---------------------------------------------------------------------------

    def stored_name(self) -> str | None:
        """The name as saved, on an edit form (a ModelForm's instance is updated only after clean())."""
        instance = getattr(self, "instance", None)
        return instance.name if instance is not None and instance.pk else None

    def clean(self):
        cleaned = super().clean()
        confirmed = cleaned.pop(self.confirm_field, False)
        name = cleaned.get(self.name_field)
        stored = self.stored_name()
        if name and (stored is None or name_key(stored) != name_key(name)):
            self.name_matches = self.similar_names(name)
        if self.name_matches:
            self.fields[self.name_field].template_name = "forms/field_with_name_matches.html"
            if not confirmed:
                self.add_error(self.name_field, self.matches_message(self.name_matches))
        return cleaned

    @property
    def described_matches(self) -> list[dict]:
        return [self.describe_match(match) for match in self.name_matches]

    @property
    def confirm_bound_field(self):
        return self[self.confirm_field]

    def get_context(self):
        # The checkbox is drawn beside the name (forms/field_with_name_matches.html), only when needed.
        context = super().get_context()
        context["fields"] = [(field, errors) for field, errors in context["fields"] if field.name != self.confirm_field]
        return context


class FilterForm(Form):
    """Filters read from the query string of a list page.

    A value the form does not know (a link saved before a choice was renamed, a hand-edited
    address) is left out rather than refused: the page shows results for the rest, and
    `ignored` holds the labels of the filters left out, for the page to say so.
    """

    ignored: list[str] | tuple = ()

    def full_clean(self):
        self.ignored = []
        if self.is_bound:
            self._leave_out_unknown_choices()
        super().full_clean()

    def _leave_out_unknown_choices(self):
        data = self.data.copy()
        for name, field in self.fields.items():
            if not isinstance(field, forms.ChoiceField) or isinstance(field, forms.ModelChoiceField):
                continue
            key = self.add_prefix(name)
            values = data.getlist(key) if hasattr(data, "getlist") else [data[key]] if key in data else []
            known = [value for value in values if value == "" or field.valid_value(value)]
            if known != values:
                self.ignored.append(label_for_messages(field.label or pretty_name(name)))
                if hasattr(data, "setlist"):
                    data.setlist(key, known)
                elif known:
                    data[key] = known[0]
                else:
                    data.pop(key)
        self.data = data


# --- Model choices ---------------------------------------------------------------


# The mixin is used only on model choice fields: the type checker sees that base, Python does not.
if TYPE_CHECKING:
    _ModelChoiceBase = forms.ModelChoiceField[Any]
else:
    _ModelChoiceBase = object


class _CheckedKeysMixin(_ModelChoiceBase):
    """Checks each submitted key against its column's type and range before any query.

    Django hands a submitted key straight to the database, and a key the column cannot hold
    (99999999999999999999999 on SQLite) raises there instead of being a wrong choice. Here it
    is a wrong choice on every database.
    """

    default_error_messages = {
        "invalid_choice": "Choose from the options shown",
        "invalid_pk_value": "Choose from the options shown",
        "invalid_list": "Choose from the options shown",
    }

    def _key_field(self):
        meta = self.queryset.model._meta
        return meta.get_field(self.to_field_name) if self.to_field_name else meta.pk

    def _check_key(self, value) -> None:
        if not isinstance(value, str):
            return  # an object or key given by code, not by a person
        field = self._key_field()
        try:
            if "\x00" in value:
                raise ValidationError("null character")
            field.run_validators(field.to_python(value))
        except ValidationError:
            raise ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice", params={"value": value}
            ) from None


class ModelChoiceField(_CheckedKeysMixin, forms.ModelChoiceField):
    def to_python(self, value):
        if value not in self.empty_values:
            self._check_key(value)
        return super().to_python(value)


class ModelMultipleChoiceField(_CheckedKeysMixin, forms.ModelMultipleChoiceField):
    def _check_values(self, value):
        try:
            keys = frozenset(value)
        except TypeError:
            raise ValidationError(self.error_messages["invalid_list"], code="invalid_list") from None
        for key in keys:
            self._check_key(key)
        return super()._check_values(value)

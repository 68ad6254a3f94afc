from allauth.account.fields import EmailField
from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms

from core.forms import Form, TextLimitsMixin

# The address column holds 254 characters (RFC 5321's limit on a path); forms accept 320.
EMAIL_MAX_LENGTH = 254


class SignupForm(TextLimitsMixin, AllauthSignupForm):
    display_name = forms.CharField(
        label="Your name",
        max_length=80,
        help_text="Shown to other people beside what you do, for example ‘Amira Patel’.",
        widget=forms.TextInput(attrs={"autocomplete": "name", "spellcheck": "false"}),
    )

    email = EmailField(max_length=EMAIL_MAX_LENGTH)

    field_order = ["display_name", "email", "password1", "password2"]
    message_labels = {"email": "Email address"}

    def clean_display_name(self):
        name = " ".join(self.cleaned_data["display_name"].split())
        if not name:
            raise forms.ValidationError("Enter your name")
        return name


class DeleteAccountForm(Form):
    confirm = forms.BooleanField(
        label="I understand that my account will be deleted and I will be signed out",
        error_messages={"required": "Confirm that you want to delete your account"},
    )


class DisplayNameForm(Form):
    display_name = forms.CharField(
        label="Your name",
        max_length=80,
        help_text="Shown to other people beside what you do.",
        widget=forms.TextInput(attrs={"autocomplete": "name", "spellcheck": "false"}),
    )

    def clean_display_name(self):
        name = " ".join(self.cleaned_data["display_name"].split())
        if not name:
            raise forms.ValidationError("Enter your name")
        return name

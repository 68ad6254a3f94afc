from allauth.account.adapter import DefaultAccountAdapter
from django import forms


class AccountAdapter(DefaultAccountAdapter):
    """Fills our User's fields from the sign-up form and builds absolute links from SITE_URL."""

    def clean_email(self, email):
        # Longer addresses fit no email column (254, RFC 5321) and would fail
        # at the database on PostgreSQL instead of at the form.
        if len(email) > 254:
            raise forms.ValidationError("Enter an email address of 254 characters or fewer")
        return super().clean_email(email)

    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=False)
        user.display_name = form.cleaned_data.get("display_name", "").strip()
        if commit:
            user.save()
        return user

from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.models import EmailAddress
from django import forms
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import dateformat, timezone

from core.forms import too_long_message


class AccountAdapter(DefaultAccountAdapter):
    """Fills our User's fields from the sign-up form and builds absolute links from SITE_URL."""

    def clean_email(self, email):
        # Longer addresses fit no email column (254, RFC 5321) and would fail
        # at the database on PostgreSQL instead of at the form.
        if len(email) > 254:
            raise forms.ValidationError(too_long_message("Email address", 254, len(email)))
        return super().clean_email(email)

    # Links in emails use SITE_URL, not the host of whichever request sent them:
    # behind a proxy or from a worker the request's host is not the public one.
    def get_email_confirmation_url(self, request, emailconfirmation):
        return _on_site(super().get_email_confirmation_url(request, emailconfirmation))

    def get_reset_password_from_key_url(self, key):
        return _on_site(super().get_reset_password_from_key_url(key))

    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=False)
        user.display_name = form.cleaned_data.get("display_name", "").strip()
        if commit:
            user.save()
        return user

    # --- Notifications: account emails go through the notification pipeline, so they
    # also appear in the notification centre, are retried, and never block the request.

    def send_notification_mail(self, template_prefix, user, context=None, email=None):
        from notifications.services import notification_announce, notification_announce_to_email

        from .events import SECURITY_NOTICES

        if template_prefix not in SECURITY_NOTICES:
            # A notice we have no kind for (none today): let allauth send it as it would.
            return super().send_notification_mail(template_prefix, user, context=context, email=email)
        kind = SECURITY_NOTICES[template_prefix][0]
        details = self._security_context(context)
        url = _security_url(template_prefix)
        with transaction.atomic():
            notification_announce(kind=kind, recipients=[user], actor=user, context=details, url=url)
            # allauth tells the old address when the main address changes: the person
            # who lost control of their account must hear about it there.
            if email and email.lower() != (user.email or "").lower():
                notification_announce_to_email(kind=kind, email=email, actor=user, context=details, url=url)
        return None

    def _security_context(self, context):
        request = self.request
        details = {"when": dateformat.format(timezone.localtime(), "j F Y \\a\\t H:i"), "ip": "", "user_agent": ""}
        if request is not None:
            try:
                details["ip"] = self.get_client_ip(request)
            except PermissionDenied:
                pass
            details["user_agent"] = self.get_http_user_agent(request)[:200]
        details.update({k: v for k, v in (context or {}).items() if isinstance(v, str | int | float | bool)})
        return details

    def confirm_email(self, request, email_address):
        from notifications.services import notification_announce

        user = email_address.user
        newly_verified = not email_address.verified
        first = not EmailAddress.objects.filter(user=user, verified=True).exclude(pk=email_address.pk).exists()
        with transaction.atomic():
            confirmed = super().confirm_email(request, email_address)
            if confirmed and newly_verified:
                if first:
                    notification_announce(kind="accounts.welcome", recipients=[user], url="/dashboard/")
                else:
                    notification_announce(
                        kind="accounts.email_confirmed",
                        recipients=[user],
                        actor=user,
                        context={"email": email_address.email},
                        url="/accounts/email/",
                    )
        return confirmed


def _on_site(url: str) -> str:
    parts = urlsplit(url)
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    return f"{settings.SITE_URL}{path}"


def _security_url(template_prefix: str) -> str:
    if template_prefix.startswith("mfa/"):
        return "/accounts/2fa/"
    if "email_" in template_prefix:
        return "/accounts/email/"
    return "/accounts/password/change/"

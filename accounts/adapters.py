from urllib.parse import urlsplit

import rules
from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.models import EmailAddress
from django import forms
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import dateformat, timezone

from core.forms import too_long_message

from . import lockout, two_factor


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

    def get_reauthentication_methods(self, user):
        # People who must use two-factor confirm it is them with a code once they
        # have an authenticator: a password alone is what two-factor guards against.
        methods = super().get_reauthentication_methods(user)
        two_factor = [m for m in methods if m["id"].startswith("mfa_reauthenticate")]
        if two_factor and rules.test_rule("accounts.requires_mfa", user):
            return two_factor
        return methods

    def add_message(self, request, level, message_template=None, message_context=None, extra_tags="", message=None):
        if message_template == "mfa/messages/recovery_codes_generated.txt" and two_factor.is_setting_up(request):
            # The first codes, made with the authenticator app, replace none ("your old codes no
            # longer work" would be wrong): the codes page says what they are for.
            return
        super().add_message(request, level, message_template, message_context, extra_tags, message)

    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=False)
        user.display_name = form.cleaned_data.get("display_name", "").strip()
        if commit:
            user.save()
        return user

    # --- Failed sign-ins: the policy is in accounts/lockout.py.

    def _get_login_attempts_cache_key(self, request, **credentials):
        # allauth keys the per-account count by the account alone, which lets anyone lock a
        # named person out; counted by address and account, it holds back only the guesser.
        return lockout.address_and_account(request, super()._get_login_attempts_cache_key(request, **credentials))

    def pre_authenticate(self, request, **credentials):
        account_key = super()._get_login_attempts_cache_key(request, **credentials)
        try:
            super().pre_authenticate(request, **credentials)
        except ValidationError:
            key = self._get_login_attempts_cache_key(request, **credentials)
            raise lockout.locked_out(lockout.seconds_until_allowed(request, action=lockout.FAILED, key=key)) from None
        self._account_attempt = lockout.consume_for_account(request, account_key)
        if self._account_attempt is None:
            self._rollback_login_failed_rl_usage()  # refused, so not an attempt
            wait = lockout.seconds_until_allowed(request, action=lockout.FAILED_FOR_ACCOUNT, key=account_key)
            raise lockout.locked_out(wait)

    def _rollback_login_failed_rl_usage(self):
        super()._rollback_login_failed_rl_usage()
        attempt = getattr(self, "_account_attempt", None)
        if attempt is not None:
            attempt.rollback()
            self._account_attempt = None

    def _delete_login_attempts_cached_email(self, request, **credentials):
        # Called by allauth when a password reset completes: clear the account-wide count too.
        super()._delete_login_attempts_cached_email(request, **credentials)
        lockout.clear_for_account(request, super()._get_login_attempts_cache_key(request, **credentials))

    def validation_error(self, code, *args):
        if code == lockout.CODE:
            # Raised by allauth for the two-factor code step too: say how long at most.
            return lockout.locked_out(lockout.longest_wait_seconds(), password=False)
        return super().validation_error(code, *args)

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
                    notification_announce(kind="accounts.welcome", recipients=[user], url=reverse("dashboard"))
                else:
                    notification_announce(
                        kind="accounts.email_confirmed",
                        recipients=[user],
                        actor=user,
                        context={"email": email_address.email},
                        url=reverse("account_email"),
                    )
        return confirmed


def _on_site(url: str) -> str:
    parts = urlsplit(url)
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    return f"{settings.SITE_URL}{path}"


def _security_url(template_prefix: str) -> str:
    if template_prefix.startswith("mfa/"):
        return reverse("mfa_index")
    if "email_" in template_prefix:
        return reverse("account_email")
    return reverse("account_change_password")

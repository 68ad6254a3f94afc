from urllib.parse import urlencode

import rules
from allauth.account.authentication import get_authentication_records
from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse


def session_passed_two_factor(request, user) -> bool:
    """Whether this session has completed a two-factor step for `user`.

    allauth writes a record for each authentication step of the session and
    keeps it only for the user who made it; "mfa" is a TOTP or recovery code
    given at sign-in or at the code step. Setting up an authenticator writes
    no such record, so it does not count.
    """
    return any(record.get("method") == "mfa" for record in get_authentication_records(request, user))


class RequireMFAMiddleware:
    """People whose role needs two-factor authentication use it in every session.

    Who needs it is the rule `accounts.requires_mfa` (moderators and
    superusers here; other apps widen it for their own roles). A person with
    no authenticator yet is sent to set one up; a person with one, whose
    session has not given a code (it was signed in by password alone, by a
    link, or before the role was granted), is sent to the code step. Only the
    pages of that one step, and signing out, stay open.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is None
            or not user.is_authenticated
            or request.path.startswith(settings.STATIC_URL)
            or request.path == reverse("account_logout")
            or not rules.test_rule("accounts.requires_mfa", user)
        ):
            return self.get_response(request)

        from allauth.mfa.models import Authenticator

        if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
            # Activation asks for the password (or an emailed code) again first.
            if request.path in (reverse("mfa_index"), reverse("mfa_activate_totp")) or request.path.startswith(
                reverse("account_reauthenticate")
            ):
                return self.get_response(request)
            messages.warning(request, "Your role needs two-factor authentication. Set it up to continue.")
            setup = reverse("mfa_activate_totp")
            if request.method in ("GET", "HEAD"):
                # The recovery codes page, the set-up's last step, continues to it.
                setup = f"{setup}?{urlencode({'next': request.get_full_path()})}"
            return redirect(setup)

        if session_passed_two_factor(request, user):
            return self.get_response(request)
        step = reverse("mfa_reauthenticate")
        if request.path == step:
            return self.get_response(request)
        messages.warning(
            request,
            "Your role needs two-factor authentication. Enter a code from your authenticator app to continue.",
        )
        if request.method in ("GET", "HEAD"):
            step = f"{step}?{urlencode({'next': request.get_full_path()})}"
        return redirect(step)

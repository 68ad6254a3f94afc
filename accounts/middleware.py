import rules
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse

# Paths a person who must set up two-factor authentication can still reach.
_ALLOWED_PREFIXES = ("/accounts/2fa/", "/accounts/logout/", "/accounts/reauthenticate/", "/static/", "/health/")


class RequireMFAMiddleware:
    """Sends people whose role requires two-factor authentication to set it up.

    Who needs it is the rule `accounts.requires_mfa` (moderators and
    superusers here; other apps widen it for their own roles).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not request.path.startswith(_ALLOWED_PREFIXES)
            and rules.test_rule("accounts.requires_mfa", user)
        ):
            from allauth.mfa.models import Authenticator

            if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
                messages.warning(
                    request,
                    "Your role needs two-factor authentication. Set it up to continue.",
                )
                return redirect(reverse("mfa_activate_totp"))
        return self.get_response(request)

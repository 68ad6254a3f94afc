"""Signing a test client in the way the site's own sign-in leaves a session."""

from allauth.core import context
from allauth.mfa.base.internal.flows import post_authentication
from allauth.mfa.models import Authenticator
from django.http import HttpRequest


def sign_in(client, user):
    """Sign `client` in as `user`, with the two-factor step done if they have an authenticator.

    That is the session a real sign-in ends with: password, then a code for those
    who have an authenticator. The code step is recorded by allauth's own
    `post_authentication`, exactly as after a correct code; only typing the code
    is skipped (tests/accounts/test_two_factor_routes.py types it for real).
    A person without an authenticator gets a password-only session.
    """
    client.force_login(user)
    authenticator = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    if authenticator is not None:
        session = client.session
        request = HttpRequest()
        request.session = session
        request.user = user
        with context.request_context(request):
            post_authentication(request, authenticator)
        session.save()
    return client

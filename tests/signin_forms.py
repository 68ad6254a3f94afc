"""Signing personas in the way people do: password, then the two-factor code where they have one.

A session made by force_login has not been through two-factor authentication; tests that
walk the whole site as staff sign in through the real forms so that every page treats them
as it would treat the person.
"""

import time

from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value
from django.test import Client

from tests.factories import PASSWORD


def with_totp(user):
    """(user, secret): the user with an authenticator app set up."""
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return user, secret


def totp_code(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def sign_in_through_forms(user, secret: str | None = None) -> Client:
    """A client signed in through the sign-in form (and the code step when `secret` is given)."""
    client = Client(raise_request_exception=False)
    response = client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})
    if secret:
        assert response["Location"] == "/accounts/2fa/authenticate/", response
        response = client.post("/accounts/2fa/authenticate/", {"code": totp_code(secret)})
    assert response.status_code == 302 and client.session.get("_auth_user_id") == str(user.pk), response
    return client

"""Signing in: passwords, unverified addresses, two-factor codes, rate limits, CSRF."""

import time

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value
from django.conf import settings
from django.core import mail
from django.test import Client
from django.urls import reverse

from tests.factories import PASSWORD, UserFactory

from .helpers import assert_errors_shown, assert_password_not_echoed, assert_typed_value_kept, page_text

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"


def totp_code(secret: str, *, offset_periods: int = 0) -> str:
    """The code an authenticator app shows now (RFC 6238, 30 s periods), using allauth's own HOTP."""
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30 + offset_periods))


def signed_in_user_id(client):
    return client.session.get("_auth_user_id")


def test_right_password_signs_in_to_the_dashboard(client, user, password):
    response = client.post(LOGIN, {"login": user.email, "password": password})
    assert response.status_code == 302
    assert response["Location"] == reverse(settings.LOGIN_REDIRECT_URL)
    assert signed_in_user_id(client) == str(user.pk)


def test_email_is_not_case_sensitive_at_sign_in(client, user, password):
    response = client.post(LOGIN, {"login": user.email.upper(), "password": password})
    assert response.status_code == 302
    assert signed_in_user_id(client) == str(user.pk)


def test_wrong_password_is_refused_and_the_email_kept(client, user):
    response = client.post(LOGIN, {"login": user.email, "password": "not-my-password"})

    assert response.status_code == 200
    errors = response.context["form"].non_field_errors()
    assert errors
    text = page_text(response)
    assert all(e in text for e in errors)
    assert_typed_value_kept(response, "login", user.email)
    assert_password_not_echoed(response, "password")
    assert signed_in_user_id(client) is None


def test_unknown_email_gets_the_same_answer_as_a_wrong_password(client, user):
    wrong = client.post(LOGIN, {"login": user.email, "password": "not-my-password"})
    unknown = client.post(LOGIN, {"login": "nobody@example.org", "password": "not-my-password"})
    assert wrong.status_code == unknown.status_code == 200
    assert list(wrong.context["form"].non_field_errors()) == list(unknown.context["form"].non_field_errors())


def test_invalid_email_at_sign_in_gets_a_message(client):
    response = client.post(LOGIN, {"login": "not-an-email", "password": "whatever-it-is"})
    assert_errors_shown(response, "login")
    assert_typed_value_kept(response, "login", "not-an-email")


def test_unverified_person_is_sent_to_verify_their_email(client):
    person = UserFactory(email="unverified@example.org", verified=False)
    response = client.post(LOGIN, {"login": person.email, "password": PASSWORD})

    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    assert signed_in_user_id(client) is None
    # A fresh link is sent.
    assert [m.to for m in mail.outbox] == [["unverified@example.org"]]
    assert client.get(reverse("dashboard")).status_code == 302


def test_too_many_failed_sign_ins_are_stopped_with_a_message(client, user, password):
    """5 wrong passwords in 5 minutes from one address: the sixth try is refused even with the right password."""
    for _ in range(5):
        client.post(LOGIN, {"login": user.email, "password": "not-my-password"})
    response = client.post(LOGIN, {"login": user.email, "password": password})

    assert response.status_code == 429
    text = page_text(response).lower()
    assert "too many" in text
    assert signed_in_user_id(client) is None


def test_too_many_requests_get_the_429_page(client, user):
    """reset_password is 5 a minute per address: the sixth request answers 429 with a styled page."""
    for _ in range(5):
        assert client.post(reverse("account_reset_password"), {"email": user.email}).status_code == 302
    response = client.post(reverse("account_reset_password"), {"email": user.email})

    assert response.status_code == 429
    assert "429.html" in [t.name for t in response.templates]
    assert "nhsuk-header" in response.content.decode(), "the 429 page should use the site layout"


def test_post_without_csrf_token_gets_the_csrf_page(user, password):
    client = Client(enforce_csrf_checks=True)
    response = client.post(LOGIN, {"login": user.email, "password": password})

    assert response.status_code == 403
    assert "errors/csrf.html" in [t.name for t in response.templates]
    assert signed_in_user_id(client) is None


def test_signup_post_without_csrf_token_is_refused(db):
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        "/accounts/signup/",
        {"display_name": "A", "email": "a@example.org", "password1": "x-y-z-1-2-3-4", "password2": "x-y-z-1-2-3-4"},
    )
    assert response.status_code == 403
    assert "errors/csrf.html" in [t.name for t in response.templates]


# --- Two-factor authentication ----------------------------------------------


@pytest.fixture
def totp_user(db):
    person = UserFactory(email="careful@example.org")
    secret = generate_totp_secret()
    TOTP.activate(person, secret)
    RecoveryCodes.activate(person)
    person.totp_secret = secret
    return person


def start_login(client, person):
    response = client.post(LOGIN, {"login": person.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_authenticate")
    # Not signed in until the second factor is given.
    assert signed_in_user_id(client) is None
    return response["Location"]


def test_sign_in_with_totp_asks_for_the_code(client, totp_user):
    url = start_login(client, totp_user)
    page = client.get(url)
    assert page.status_code == 200
    assert "code" in page.context["form"].fields


def test_wrong_totp_code_is_refused_with_a_message(client, totp_user):
    url = start_login(client, totp_user)
    wrong = totp_code(totp_user.totp_secret, offset_periods=10)

    response = client.post(url, {"code": wrong})

    errors = assert_errors_shown(response, "code")
    assert any("code" in e.lower() for e in errors), errors
    assert signed_in_user_id(client) is None


def test_right_totp_code_signs_in(client, totp_user):
    url = start_login(client, totp_user)
    response = client.post(url, {"code": totp_code(totp_user.totp_secret)})

    assert response.status_code == 302
    assert response["Location"] == reverse(settings.LOGIN_REDIRECT_URL)
    assert signed_in_user_id(client) == str(totp_user.pk)


def test_totp_code_cannot_be_replayed(client, totp_user):
    code = totp_code(totp_user.totp_secret)
    client.post(start_login(client, totp_user), {"code": code})
    client.logout()

    other = Client()
    response = other.post(start_login(other, totp_user), {"code": code})
    assert response.status_code == 200
    assert response.context["form"].errors["code"]
    assert signed_in_user_id(other) is None


def test_recovery_code_signs_in_once(client, totp_user):
    rc = RecoveryCodes(Authenticator.objects.get(user=totp_user, type=Authenticator.Type.RECOVERY_CODES))
    code = rc.get_unused_codes()[0]

    response = client.post(start_login(client, totp_user), {"code": code})
    assert response.status_code == 302
    client.logout()

    other = Client()
    again = other.post(start_login(other, totp_user), {"code": code})
    assert again.status_code == 200
    assert signed_in_user_id(other) is None


def test_empty_totp_code_gets_a_message(client, totp_user):
    response = client.post(start_login(client, totp_user), {"code": ""})
    assert_errors_shown(response, "code")

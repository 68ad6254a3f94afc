"""Every allauth rate limit that refuses a request answers 429 Too Many Requests on an
NHS-styled page: the same form with its message where there is a form, the site's
"Too many attempts" page otherwise. The table below has one row per action; a test makes
sure no action allauth (as configured here) can count is missing from it."""

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from allauth.account import app_settings as account_settings
from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.core import mail
from django.test import Client
from django.urls import reverse

from tests.factories import PASSWORD, UserFactory

from .helpers import page_text
from .test_login import totp_code

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"
STRONG = "kestrel-orchard-lantern-42"
WRONG_CODE_TRIES = 5  # login_failed's per-key rate also counts wrong two-factor codes


@dataclass
class Row:
    action: str
    # Rates for ACCOUNT_RATE_LIMITS while the row runs (None: the real ones).
    rates: dict | None
    attempt: Callable  # (client, person, n) -> response
    tries: int  # attempts allowed before the refused one
    shows: str  # template of the refused page
    setup: Callable | None = None  # (person) -> client


def signed_in(person, *, reauthenticated=True) -> Client:
    client = Client()
    client.force_login(person)
    if reauthenticated:
        assert client.post(reverse("account_reauthenticate"), {"password": PASSWORD}).status_code == 302
    return client


def with_totp(person) -> Client:
    TOTP.activate(person, generate_totp_secret())
    client = Client()
    client.force_login(person)
    return client


def signup(client, person, n):
    data = {"display_name": "New Person", "email": f"new{n}@example.org", "password1": STRONG, "password2": STRONG}
    return client.post("/accounts/signup/", data)


def login_wrong(client, person, n):
    return client.post(LOGIN, {"login": person.email, "password": "not-the-password"})


def wrong_then_right(tries, *, elsewhere=False):
    """Wrong passwords, then the right one (from another address when `elsewhere`)."""

    def attempt(client, person, n):
        password = PASSWORD if n == tries else "not-the-password"
        address = "198.51.100.9" if elsewhere and n == tries else "127.0.0.1"
        return client.post(LOGIN, {"login": person.email, "password": password}, REMOTE_ADDR=address)

    return attempt


def reset_password(client, person, n):
    return client.post(reverse("account_reset_password"), {"email": person.email})


def reset_from_key(client, person, n):
    url = "/accounts/password/reset/key/1-set-password/"
    return client.post(url, {"password1": STRONG, "password2": STRONG})


def change_password(client, person, n):
    data = {"oldpassword": "not-the-password", "password1": STRONG, "password2": STRONG}
    return client.post(reverse("account_change_password"), data)


def add_email(client, person, n):
    return client.post(reverse("account_email"), {"action_add": "", "email": f"extra{n}@example.org"})


def reauthenticate_wrong(client, person, n):
    return client.post(reverse("account_reauthenticate"), {"password": "not-the-password"})


def wrong_code(url):
    def attempt(client, person, n):
        return client.post(reverse(url), {"code": "000000"})

    return attempt


def two_factor_step(client, person, n):
    if n == 0:
        secret = generate_totp_secret()
        TOTP.activate(person, secret)
        person.totp_secret = secret
        client.post(LOGIN, {"login": person.email, "password": PASSWORD})
    code = totp_code(person.totp_secret, offset_periods=10) if n < WRONG_CODE_TRIES else totp_code(person.totp_secret)
    return client.post(reverse("mfa_authenticate"), {"code": code})


FORM = "account/login.html"
PAGE = "429.html"
ROWS = [
    Row("signup", {"signup": "1/m/ip"}, signup, 1, PAGE),
    Row("login", {"login": "1/m/ip"}, login_wrong, 1, PAGE),
    Row("login_failed", None, wrong_then_right(5), 5, FORM),
    Row("login_failed_account", {"login_failed_account": "1/15m/key"}, wrong_then_right(1, elsewhere=True), 1, FORM),
    Row("login_failed (two-factor code at sign-in)", None, two_factor_step, WRONG_CODE_TRIES, "mfa/authenticate.html"),
    Row(
        "login_failed (two-factor code to reauthenticate)",
        None,
        wrong_code("mfa_reauthenticate"),
        WRONG_CODE_TRIES,
        "mfa/reauthenticate.html",
        setup=with_totp,
    ),
    Row(
        "login_failed (code to turn on two-factor)",
        None,
        wrong_code("mfa_activate_totp"),
        WRONG_CODE_TRIES,
        "mfa/totp/activate_form.html",
        setup=signed_in,
    ),
    Row("reset_password", {"reset_password": "20/m/ip,1/m/key"}, reset_password, 1, PAGE),
    Row("reset_password_from_key", {"reset_password_from_key": "1/m/ip"}, reset_from_key, 1, PAGE),
    Row("change_password", {"change_password": "1/m/user"}, change_password, 1, PAGE, setup=signed_in),
    Row("manage_email", {"manage_email": "1/m/user"}, add_email, 1, PAGE, setup=signed_in),
    Row(
        "reauthenticate",
        {"reauthenticate": "1/m/user"},
        reauthenticate_wrong,
        1,
        PAGE,
        setup=lambda person: signed_in(person, reauthenticated=False),
    ),
    Row("reauthenticate (wrong passwords)", None, reauthenticate_wrong, 5, "account/reauthenticate.html", signed_in),
]

# Counted by allauth but never a refusal here, each for its reason.
NOT_A_REFUSAL = {
    # Verification links do not expire when another is asked for: allauth skips the email
    # silently (test below), and the page answers as usual.
    "confirm_email",
    # Features that are off: sign-in by emailed code, phone numbers, passkeys.
    "request_login_code",
    "change_phone",
    "verify_phone",
    "webauthn_login",
}


def test_every_rate_limited_action_is_in_the_table():
    counted = set(account_settings.RATE_LIMITS) | set(mfa_settings.RATE_LIMITS)
    covered = {row.action.split(" (")[0] for row in ROWS}
    assert counted - covered - NOT_A_REFUSAL == set(), "an action allauth rate-limits has no row in the table"


@pytest.mark.parametrize("row", ROWS, ids=[row.action for row in ROWS])
def test_a_rate_limited_request_answers_429(settings, row):
    person = UserFactory(email="pat@example.org")
    client = row.setup(person) if row.setup else Client()
    if row.rates:
        settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, **row.rates}

    for n in range(row.tries):
        allowed = row.attempt(client, person, n)
        assert allowed.status_code != 429, f"attempt {n + 1} of {row.tries} was already refused"
    refused = row.attempt(client, person, row.tries)

    assert refused.status_code == 429
    assert row.shows in [t.name for t in refused.templates]
    body = page_text(refused)
    assert "nhsuk-header" in body, "the refusal uses the site's layout"
    assert "Too many" in body or "too many" in body
    if row.shows != PAGE:
        errors = [e for errors in refused.context["form"].errors.as_data().values() for e in errors]
        assert any(e.code in ("too_many_login_attempts", "rate_limited") for e in errors)


def test_asking_again_for_a_verification_email_is_skipped_not_refused(client):
    """confirm_email: a second link within the cooldown is not sent; the first still works."""
    person = UserFactory(email="unverified@example.org", verified=False)
    first = client.post(LOGIN, {"login": person.email, "password": PASSWORD})
    second = client.post(LOGIN, {"login": person.email, "password": PASSWORD})
    assert first.status_code == second.status_code == 302
    assert len(mail.outbox) == 1

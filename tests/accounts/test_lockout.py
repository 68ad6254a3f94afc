"""Failed sign-ins (accounts/lockout.py): wrong passwords hold back the address they came
from, a wider cap holds an account guessed at from many addresses, the person refused is
told how long, and a password reset always gets the real person back in."""

import re
import time

import pytest
from django.core import mail
from django.test import Client, override_settings
from django.urls import reverse

from tests.factories import PASSWORD, UserFactory

from .helpers import page_text
from .test_login import start_login, totp_code

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"
HOME = "203.0.113.10"
NEW_PASSWORD = "a-brand-new-passphrase-2024"
# The policy in config/settings.py: 5 wrong passwords in 5 minutes per address and account,
# 30 in 15 minutes per account from everywhere.
PER_ADDRESS = 5
PER_ACCOUNT = 30


def sign_in(email, password, *, address, client=None):
    client = client or Client()
    return client.post(LOGIN, {"login": email, "password": password}, REMOTE_ADDR=address)


def fail(email, *, address, times):
    for _ in range(times):
        response = sign_in(email, "not-the-password", address=address)
        assert response.status_code == 200, "a wrong password before the limit is an ordinary form error"


def assert_locked_out(response, *, minutes):
    assert response.status_code == 429
    assert "account/login.html" in [t.name for t in response.templates], "the same sign-in page, not an error page"
    text = page_text(response)
    unit = "minute" if minutes == 1 else "minutes"
    assert f"Too many failed attempts. Wait {minutes} {unit}, then try again." in text
    assert "reset it" in text
    retry_after = int(response["Retry-After"])
    assert 0 < retry_after <= minutes * 60
    assert response.wsgi_request.session.get("_auth_user_id") is None
    return retry_after


@pytest.fixture
def person(db):
    return UserFactory(email="pat@example.org")


def test_wrong_passwords_lock_that_address_out_even_with_the_right_password(person):
    fail(person.email, address=HOME, times=PER_ADDRESS)
    assert_locked_out(sign_in(person.email, PASSWORD, address=HOME), minutes=5)


def test_a_stranger_elsewhere_cannot_lock_the_owner_out(person):
    """The probe's finding: five wrong passwords from anywhere kept the owner out for five minutes."""
    fail(person.email, address="198.51.100.66", times=PER_ADDRESS)
    assert sign_in(person.email, PASSWORD, address="198.51.100.66").status_code == 429

    owner = Client()
    response = sign_in(person.email, PASSWORD, address=HOME, client=owner)
    assert response.status_code == 302
    assert owner.session.get("_auth_user_id") == str(person.pk)


def test_one_address_alone_cannot_reach_the_account_wide_cap(person):
    stranger = "198.51.100.66"
    for _ in range(PER_ACCOUNT):
        sign_in(person.email, "not-the-password", address=stranger)
    assert sign_in(person.email, PASSWORD, address=HOME).status_code == 302


def test_many_addresses_together_meet_the_account_wide_cap(person):
    for n in range(PER_ACCOUNT // PER_ADDRESS):
        fail(person.email, address=f"198.51.100.{n}", times=PER_ADDRESS)
    response = sign_in(person.email, PASSWORD, address=HOME)
    assert_locked_out(response, minutes=15)
    # Someone else's account is untouched.
    other = UserFactory(email="other@example.org")
    assert sign_in(other.email, PASSWORD, address=HOME).status_code == 302


def test_a_success_does_not_count_towards_either_limit(person):
    """Successes are not attempts; nor do they wipe the failures (that would let a guesser
    with one account of their own reset the count)."""
    fail(person.email, address=HOME, times=PER_ADDRESS - 1)
    assert sign_in(person.email, PASSWORD, address=HOME).status_code == 302
    fail(person.email, address=HOME, times=1)
    assert sign_in(person.email, PASSWORD, address=HOME).status_code == 429
    # One short of the account-wide cap, from many addresses; a success; then one more failure.
    other = UserFactory(email="other@example.org")
    for n in range(PER_ACCOUNT // PER_ADDRESS):
        fail(other.email, address=f"198.51.100.{n}", times=PER_ADDRESS - (n == 0))
    assert sign_in(other.email, PASSWORD, address="192.0.2.1").status_code == 302
    fail(other.email, address="192.0.2.2", times=1)
    assert sign_in(other.email, PASSWORD, address="192.0.2.3").status_code == 429


@override_settings(
    ACCOUNT_RATE_LIMITS={"login_failed": "10/m/ip,2/3s/key", "login_failed_account": "30/15m/key", "login": "30/m/ip"}
)
def test_the_wait_told_is_the_real_one(person):
    fail(person.email, address=HOME, times=2)
    retry_after = assert_locked_out(sign_in(person.email, PASSWORD, address=HOME), minutes=1)
    assert retry_after <= 3
    time.sleep(retry_after + 0.1)
    assert sign_in(person.email, PASSWORD, address=HOME).status_code == 302


def reset_password(client, email, *, address):
    mail.outbox.clear()
    response = client.post(reverse("account_reset_password"), {"email": email}, REMOTE_ADDR=address)
    assert response.status_code == 302, "password reset must work while sign-in is locked"
    link = re.search(r"https?://\S+/accounts/password/reset/key/\S+/", mail.outbox[0].body).group(0)
    form_url = client.get(link, REMOTE_ADDR=address)["Location"]
    done = client.post(form_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD}, REMOTE_ADDR=address)
    assert done.status_code == 302


def test_a_password_reset_works_while_locked_and_lifts_the_lock(person):
    # Locked both ways: at this address, and across the account.
    fail(person.email, address=HOME, times=PER_ADDRESS)
    for n in range(PER_ACCOUNT // PER_ADDRESS - 1):
        fail(person.email, address=f"198.51.100.{n}", times=PER_ADDRESS)
    assert sign_in(person.email, PASSWORD, address=HOME).status_code == 429
    assert sign_in(person.email, PASSWORD, address="192.0.2.1").status_code == 429

    client = Client()
    reset_password(client, person.email, address=HOME)
    response = sign_in(person.email, NEW_PASSWORD, address=HOME, client=client)
    assert response.status_code == 302
    assert client.session.get("_auth_user_id") == str(person.pk)


def test_wrong_two_factor_codes_are_limited_with_the_wait(client):
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    person = UserFactory(email="careful@example.org")
    secret = generate_totp_secret()
    TOTP.activate(person, secret)
    url = start_login(client, person)
    for _ in range(PER_ADDRESS):
        assert client.post(url, {"code": totp_code(secret, offset_periods=10)}).status_code == 200
    response = client.post(url, {"code": totp_code(secret)})
    assert response.status_code == 429
    text = page_text(response)
    assert "Too many failed attempts. Wait 5 minutes, then try again." in text
    assert "password" not in response.context["form"].errors.as_text().lower()

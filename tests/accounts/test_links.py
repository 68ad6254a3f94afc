"""Links sent by email: verification and password reset, good and dead.

A dead link (expired, used, forged) answers 400 with a page saying what
happened and how to get a new one; never a 500.
"""

import re
import time
from unittest import mock

import pytest
from allauth.account.models import EmailAddress, EmailConfirmationHMAC
from allauth.account.utils import user_pk_to_url_str
from django.conf import settings
from django.core import mail
from django.urls import reverse

from notifications.models import EmailDelivery
from tests.factories import PASSWORD, UserFactory

from .helpers import page_text

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "willow-harbour-nine-kites"


def confirmation_key(address: EmailAddress, *, age_seconds: int = 0) -> str:
    """The key allauth puts in the verification email, as if sent `age_seconds` ago."""
    with mock.patch("django.core.signing.time.time", return_value=time.time() - age_seconds):
        return EmailConfirmationHMAC(address).key


@pytest.fixture
def unverified(db):
    user = UserFactory(email="new@example.org", verified=False)
    return EmailAddress.objects.get(user=user)


def test_verification_link_in_the_same_browser_confirms_and_signs_in(client):
    client.post(
        reverse("account_signup"),
        {
            "display_name": "Amira Patel",
            "email": "new@example.org",
            "password1": NEW_PASSWORD,
            "password2": NEW_PASSWORD,
        },
    )
    (message,) = mail.outbox
    url = re.search(r"https?://\S+(/accounts/confirm-email/\S+/)", message.body).group(1)

    page = client.get(url)
    assert page.status_code == 200
    assert "new@example.org" in page_text(page)
    response = client.post(url)

    assert response.status_code == 302
    assert response["Location"] == reverse(settings.LOGIN_REDIRECT_URL)
    assert EmailAddress.objects.get(email="new@example.org").verified is True
    assert client.get(reverse("dashboard")).status_code == 200


def test_verification_link_in_another_browser_confirms_then_asks_to_sign_in(client, unverified):
    url = reverse("account_confirm_email", args=[confirmation_key(unverified)])
    response = client.post(url)

    assert response.status_code == 302
    assert response["Location"] == reverse("account_login")
    unverified.refresh_from_db()
    assert unverified.verified is True


def test_expired_verification_link_is_refused_clearly(client, unverified):
    days = settings.ACCOUNT_EMAIL_CONFIRMATION_EXPIRE_DAYS
    url = reverse("account_confirm_email", args=[confirmation_key(unverified, age_seconds=(days * 86400) + 60)])

    page = client.get(url)
    assert page.status_code == 400
    text = page_text(page).lower()
    assert "expired" in text or "invalid" in text
    # How to get a fresh one is on the page.
    assert reverse("account_email") in page.content.decode() or reverse("account_login") in page.content.decode()

    response = client.post(url)
    assert 400 <= response.status_code < 500
    unverified.refresh_from_db()
    assert unverified.verified is False


def test_verification_link_within_its_lifetime_still_works(client, unverified):
    days = settings.ACCOUNT_EMAIL_CONFIRMATION_EXPIRE_DAYS
    url = reverse("account_confirm_email", args=[confirmation_key(unverified, age_seconds=(days * 86400) - 600)])
    assert client.get(url).status_code == 200


def test_used_verification_link_is_refused_clearly(client, unverified):
    url = reverse("account_confirm_email", args=[confirmation_key(unverified)])
    client.post(url)
    client.logout()

    again = client.get(url)
    assert again.status_code == 400
    text = page_text(again).lower()
    assert "expired" in text or "invalid" in text
    assert 400 <= client.post(url).status_code < 500


def test_forged_verification_link_is_refused(client, unverified):
    key = confirmation_key(unverified)
    url = reverse("account_confirm_email", args=[key[:-3] + ("abc" if not key.endswith("abc") else "xyz")])
    assert client.get(url).status_code == 400
    assert 400 <= client.post(url).status_code < 500
    unverified.refresh_from_db()
    assert unverified.verified is False


def reset_link(client, email: str) -> str:
    mail.outbox.clear()
    response = client.post(reverse("account_reset_password"), {"email": email})
    assert response.status_code == 302
    (message,) = mail.outbox
    link = re.search(r"https?://\S+/accounts/password/reset/key/\S+/", str(message.body))
    assert link is not None, message.body
    return link.group(0)


def test_password_reset_journey(client):
    user = UserFactory(email="forgetful@example.org")
    url = reset_link(client, "forgetful@example.org")

    landing = client.get(url)
    # The key moves into the session and out of the address bar (no Referer leak).
    assert landing.status_code == 302
    form_url = landing["Location"]
    assert form_url.endswith("-set-password/")
    assert client.get(form_url).status_code == 200

    done = client.post(form_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert done.status_code == 302
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    # The owner is told their password changed (an email queued for delivery).
    assert EmailDelivery.objects.filter(recipient=user, kind="accounts.password_reset").exists()

    # The same link cannot be used twice.
    used = client.get(url)
    assert used.status_code == 400


def test_password_reset_for_unknown_address_looks_the_same(client):
    """No enumeration: the same next page, and the unknown address is told it has no account."""
    UserFactory(email="known@example.org")
    known = client.post(reverse("account_reset_password"), {"email": "known@example.org"})
    unknown = client.post(reverse("account_reset_password"), {"email": "nobody@example.org"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]


@pytest.mark.parametrize(
    "tamper",
    [
        lambda url: url.replace("/key/", "/key/zz"),  # no such user
        lambda url: url[:-6] + "xxxxx/",  # altered token
        lambda url: re.sub(r"/key/[0-9a-z]+-", f"/key/{user_pk_to_url_str(UserFactory())}-", url),
    ],
    ids=["no-such-user", "altered-token", "another-users-id"],
)
def test_tampered_password_reset_link_is_refused(client, tamper):
    user = UserFactory(email="forgetful@example.org")
    url = tamper(reset_link(client, "forgetful@example.org"))

    response = client.get(url)
    assert response.status_code == 400
    assert response.context["token_fail"] is True
    text = page_text(response).lower()
    assert "invalid" in text or "expired" in text or "used" in text
    # A new link can be asked for from the page.
    assert reverse("account_reset_password") in response.content.decode()

    posted = client.post(url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert posted.status_code == 400
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def test_password_reset_with_weak_new_password_keeps_the_link_usable(client):
    UserFactory(email="forgetful@example.org")
    url = reset_link(client, "forgetful@example.org")
    form_url = client.get(url)["Location"]

    response = client.post(form_url, {"password1": "password123", "password2": "password123"})
    assert response.status_code == 200
    assert response.context["form"].errors["password1"]
    good = client.post(form_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert good.status_code == 302

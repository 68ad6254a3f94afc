"""Changing the password and managing email addresses, signed in."""

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.test import Client
from django.urls import reverse

from notifications.models import EmailDelivery
from tests.factories import PASSWORD, UserFactory

from .helpers import assert_errors_shown, assert_password_not_echoed, assert_typed_value_kept

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "willow-harbour-nine-kites"


def signed_in(person) -> Client:
    """Signed in through the form and freshly reauthenticated, as sensitive changes need."""
    client = Client()
    assert client.post("/accounts/login/", {"login": person.email, "password": PASSWORD}).status_code == 302
    assert client.post(reverse("account_reauthenticate"), {"password": PASSWORD}).status_code == 302
    return client


def test_change_password(user):
    client = signed_in(user)
    response = client.post(
        reverse("account_change_password"),
        {"oldpassword": PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    # Still signed in (ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE is off), and told by email.
    assert client.get(reverse("dashboard")).status_code == 200
    assert EmailDelivery.objects.filter(recipient=user, kind="accounts.password_changed").exists()


def test_change_password_with_wrong_current_password(user):
    client = signed_in(user)
    response = client.post(
        reverse("account_change_password"),
        {"oldpassword": "not-my-password", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert_errors_shown(response, "oldpassword")
    assert_password_not_echoed(response, "oldpassword", "password1", "password2")
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def test_change_password_to_a_weak_one(user):
    client = signed_in(user)
    response = client.post(
        reverse("account_change_password"),
        {"oldpassword": PASSWORD, "password1": "12345678901", "password2": "12345678901"},
    )
    assert_errors_shown(response, "password1")
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def add_email(client, email):
    return client.post(reverse("account_email"), {"action_add": "", "email": email})


def test_add_an_email_address_sends_a_link(user):
    client = signed_in(user)
    mail.outbox.clear()
    response = add_email(client, "una.work@example.nhs.uk")
    assert response.status_code == 302
    address = EmailAddress.objects.get(user=user, email="una.work@example.nhs.uk")
    assert address.verified is False
    assert [m.to for m in mail.outbox] == [["una.work@example.nhs.uk"]]
    assert "/accounts/confirm-email/" in mail.outbox[0].body


def test_add_an_invalid_email_address(user):
    client = signed_in(user)
    response = add_email(client, "not-an-email")
    assert_errors_shown(response, "email")
    assert_typed_value_kept(response, "email", "not-an-email")
    assert EmailAddress.objects.filter(user=user).count() == 1


def test_add_an_over_long_email_address(user):
    client = signed_in(user)
    email = ("a" * 60) + "@" + ".".join(["b" * 60] * 3) + ".example.org"
    response = add_email(client, email)
    errors = assert_errors_shown(response, "email")
    assert any("254" in e for e in errors), errors
    assert EmailAddress.objects.filter(user=user).count() == 1


def test_add_someone_elses_address_does_not_reveal_it(user):
    """No enumeration: adding a taken address looks like adding a free one, and changes nothing."""
    owner = UserFactory(email="taken@example.org")
    client = signed_in(user)
    taken = add_email(client, "taken@example.org")
    free = add_email(client, "free@example.org")
    assert taken.status_code == free.status_code == 302
    # allauth keeps an unverified row (so the page looks the same); it can never be confirmed.
    assert not EmailAddress.objects.filter(user=user, email="taken@example.org", verified=True).exists()
    assert EmailAddress.objects.get(user=owner, email="taken@example.org").verified is True
    user.refresh_from_db()
    assert user.email == "una@example.org"


def test_confirming_someone_elses_address_cannot_take_it_over(user):
    UserFactory(email="taken@example.org")
    client = signed_in(user)
    mail.outbox.clear()
    add_email(client, "taken@example.org")
    links = [line.strip() for m in mail.outbox for line in m.body.splitlines() if "/accounts/confirm-email/" in line]
    for link in links:
        path = "/accounts/confirm-email/" + link.split("/accounts/confirm-email/", 1)[1]
        client.get(path)
        client.post(path)
    assert not EmailAddress.objects.filter(user=user, email="taken@example.org", verified=True).exists()

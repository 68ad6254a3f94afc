"""Signing up: the happy path and every kind of bad input.

allauth re-renders a form with errors as 200 (the page with the error summary
and inline messages); nothing here may answer 500.
"""

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse

from accounts.models import User
from tests.factories import UserFactory

from .helpers import assert_errors_shown, assert_password_not_echoed, assert_typed_value_kept

SIGNUP = "/accounts/signup/"
STRONG = "lantern-orchard-quietly-7"

pytestmark = pytest.mark.django_db


def signup_data(**overrides):
    data = {
        "display_name": "Amira Patel",
        "email": "amira@example.org",
        "password1": STRONG,
        "password2": STRONG,
    }
    data.update(overrides)
    return data


def test_signup_page_shows_every_field(client):
    response = client.get(SIGNUP)
    assert response.status_code == 200
    fields = list(response.context["form"].fields)
    assert fields[:4] == ["display_name", "email", "password1", "password2"]


def test_signup_creates_an_unverified_account_with_the_name_and_emails_a_link(client):
    response = client.post(SIGNUP, signup_data(display_name="  Amira   Patel "))

    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    user = User.objects.get(email="amira@example.org")
    assert user.display_name == "Amira Patel"
    assert user.check_password(STRONG)
    assert EmailAddress.objects.get(user=user).verified is False
    assert [m.to for m in mail.outbox] == [["amira@example.org"]]
    assert "/accounts/confirm-email/" in mail.outbox[0].body
    # Not signed in until the address is confirmed.
    assert "_auth_user_id" not in client.session


def test_signup_lowercases_the_email(client):
    client.post(SIGNUP, signup_data(email="Amira.Patel@Example.ORG"))
    assert User.objects.filter(email="amira.patel@example.org").exists()


def test_signup_without_a_name_is_refused(client):
    response = client.post(SIGNUP, signup_data(display_name="   "))
    assert_errors_shown(response, "display_name")
    assert_typed_value_kept(response, "email", "amira@example.org")
    assert not User.objects.exists()


@pytest.mark.parametrize("email", ["not-an-email", "amira@", "@example.org", "amira@example", "amira example@x.org"])
def test_invalid_email_is_refused_and_the_rest_is_kept(client, email):
    response = client.post(SIGNUP, signup_data(email=email))

    errors = assert_errors_shown(response, "email")
    assert any("email" in e.lower() for e in errors), errors
    assert_typed_value_kept(response, "display_name", "Amira Patel")
    assert_typed_value_kept(response, "email", email)
    assert_password_not_echoed(response, "password1", "password2")
    assert not User.objects.exists()
    assert mail.outbox == []


def test_taken_email_looks_like_a_fresh_signup_and_warns_the_owner(client):
    """No account enumeration: a stranger learns nothing; the owner hears about it."""
    owner = UserFactory(email="taken@example.org", display_name="Original Owner")

    fresh = client.post(SIGNUP, signup_data(email="fresh@example.org"))
    mail.outbox.clear()
    taken = client.post(SIGNUP, signup_data(email="taken@example.org", display_name="Someone Else"))

    assert taken.status_code == fresh.status_code == 302
    assert taken["Location"] == fresh["Location"] == reverse("account_email_verification_sent")
    followed = client.get(taken["Location"])
    assert followed.status_code == 200
    # Nothing changed for the owner, and no second account.
    owner.refresh_from_db()
    assert owner.display_name == "Original Owner"
    assert User.objects.filter(email__iexact="taken@example.org").count() == 1
    # The owner is told someone tried, and how to get back in.
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["taken@example.org"]
    assert "already" in mail.outbox[0].body.lower()
    assert "/accounts/password/reset/" in mail.outbox[0].body


def test_taken_email_in_other_case_is_also_not_revealed(client):
    UserFactory(email="taken@example.org")
    response = client.post(SIGNUP, signup_data(email="TAKEN@Example.org"))
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    assert User.objects.filter(email__iexact="taken@example.org").count() == 1


@pytest.mark.parametrize(
    ("password", "why"),
    [
        ("short-1", "too short"),
        ("password123", "too common"),
        ("4829173650", "entirely numeric"),
        ("amira.patel@example.org", "too similar to the email"),
    ],
)
def test_weak_password_is_refused_with_the_reason(client, password, why):
    response = client.post(SIGNUP, signup_data(email="amira.patel@example.org", password1=password, password2=password))

    errors = assert_errors_shown(response, "password1")
    assert any(why.split()[-1] in e.lower() for e in errors), (why, errors)
    assert_typed_value_kept(response, "display_name", "Amira Patel")
    assert_typed_value_kept(response, "email", "amira.patel@example.org")
    assert_password_not_echoed(response, "password1", "password2")
    assert not User.objects.exists()


def test_mismatched_passwords_are_refused(client):
    response = client.post(SIGNUP, signup_data(password2=STRONG + "x"))

    errors = assert_errors_shown(response, "password2")
    assert any("same password" in e.lower() for e in errors), errors
    assert_typed_value_kept(response, "display_name", "Amira Patel")
    assert_typed_value_kept(response, "email", "amira@example.org")
    assert_password_not_echoed(response, "password1", "password2")
    assert not User.objects.exists()


def test_over_long_name_gets_a_specific_message(client):
    response = client.post(SIGNUP, signup_data(display_name="A" * 500))

    errors = assert_errors_shown(response, "display_name")
    assert any("80" in e for e in errors), errors
    assert_typed_value_kept(response, "email", "amira@example.org")
    assert not User.objects.exists()


def test_over_long_email_gets_a_specific_message(client):
    # 255 characters and otherwise well formed: longer than the column can hold.
    email = ("a" * 60) + "@" + ".".join(["b" * 60] * 3) + ".example.org"
    assert len(email) > 254
    response = client.post(SIGNUP, signup_data(email=email))

    errors = assert_errors_shown(response, "email")
    assert any("254" in e for e in errors), errors
    assert_typed_value_kept(response, "display_name", "Amira Patel")
    assert not User.objects.exists()


def test_empty_form_names_each_missing_field(client):
    response = client.post(SIGNUP, {})
    for field in ["display_name", "email", "password1"]:
        assert_errors_shown(response, field)


def test_signed_in_person_is_sent_away_from_signup(user_client):
    response = user_client.get(SIGNUP)
    assert response.status_code == 302

"""allauth's emails in Common Ground's words: subject, plain text and an HTML body in the NHS-style layout."""

import re

import pytest
from django.core import mail
from django.template.loader import render_to_string

from tests.core.test_email_layout import CONTEXT as ALLAUTH_CONTEXT  # one sample context for allauth emails
from tests.factories import PASSWORD, UserFactory


def html_body(message):
    bodies = [content for content, mimetype in message.alternatives if mimetype == "text/html"]
    assert len(bodies) == 1
    return bodies[0]


def assert_layout(body):
    assert body.startswith("<!DOCTYPE html>")
    assert 'bgcolor="#005eb8"' in body  # the blue header bar
    assert ">Common Ground</a>" in body
    assert "style=" not in body


@pytest.mark.django_db
def test_signup_confirmation_email(client, settings):
    settings.SITE_URL = "https://commonground.example"
    client.post(
        "/accounts/signup/",
        {"display_name": "Nia <Evans>", "email": "nia@example.org", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject == "[Common Ground] Confirm your email address"
    link = re.search(r"https://commonground.example/accounts/confirm-email/[^\s]+/", message.body).group(0)
    assert message.body.startswith("Hello Nia <Evans>,")  # plain text is not HTML-escaped
    body = html_body(message)
    assert_layout(body)
    assert "Hello Nia &lt;Evans&gt;," in body
    assert f'<a href="{link}"><font color="#ffffff">Confirm your email address</font></a>' in body
    assert "The link works for 3 days." in body


@pytest.mark.django_db
def test_password_reset_email(client):
    UserFactory(email="reset@example.org")
    client.post("/accounts/password/reset/", {"email": "reset@example.org"})
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject == "[Common Ground] Reset your password"
    assert "/accounts/password/reset/key/" in message.body
    body = html_body(message)
    assert_layout(body)
    assert "Choose a new password</font></a>" in body


@pytest.mark.django_db
def test_unknown_account_email(client):
    client.post("/accounts/password/reset/", {"email": "stranger@example.org"})
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == "[Common Ground] Someone tried to use this email address"
    assert "there is no account with this email address" in mail.outbox[0].body
    assert_layout(html_body(mail.outbox[0]))


@pytest.mark.parametrize(
    "prefix",
    [
        "account/email/email_confirmation_signup",
        "account/email/email_confirmation",
        "account/email/password_reset_key",
        "account/email/password_reset_code",
        "account/email/login_code",
        "account/email/unknown_account",
        "account/email/account_already_exists",
        "account/email/password_changed",
        "account/email/password_set",
        "account/email/password_reset",
        "account/email/email_changed",
        "account/email/email_confirm",
        "account/email/email_deleted",
        "mfa/email/totp_activated",
        "mfa/email/totp_deactivated",
        "mfa/email/recovery_codes_generated",
        "mfa/email/webauthn_added",
        "mfa/email/webauthn_removed",
    ],
)
def test_every_email_has_subject_text_and_html(prefix):
    """Every template allauth may send. (Security notices normally go through the notification
    pipeline; these are allauth's fallbacks and must still read well.)"""
    context = {
        **ALLAUTH_CONTEXT,
        "SITE_NAME": "Common Ground",
        "SITE_URL": "https://commonground.example",
    }
    subject = render_to_string(f"{prefix}_subject.txt", context).strip()
    assert subject and "\n" not in subject
    assert subject[0].isupper() and not subject.istitle()  # sentence case
    text = render_to_string(f"{prefix}_message.txt", context)
    assert "Common Ground" in text
    assert "<" not in text.replace("<Evans>", "")
    body = render_to_string(f"{prefix}_message.html", context)
    assert_layout(body)

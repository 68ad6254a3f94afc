"""Links in account emails point at SITE_URL, whatever host the request came in on."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_URL = "https://commonground.example"


def _links(message):
    return re.findall(r"https?://[^\s\"'<>]+", message.body)


def test_verification_link_uses_site_url(client):
    client.post(
        reverse("account_signup"),
        {
            "display_name": "Nia Jones",
            "email": "nia@example.org",
            "password1": "a-long-pass-phrase",
            "password2": "a-long-pass-phrase",
        },
        HTTP_HOST="127.0.0.1",
    )
    links = [link for message in mail.outbox for link in _links(message) if "/confirm-email/" in link]
    assert links, [m.body for m in mail.outbox]
    assert all(link.startswith("https://commonground.example/accounts/confirm-email/") for link in links)


def test_password_reset_link_uses_site_url(client):
    UserFactory(email="reset@example.org")
    client.post(reverse("account_reset_password"), {"email": "reset@example.org"}, HTTP_HOST="127.0.0.1")
    links = [link for message in mail.outbox for link in _links(message) if "/password/reset/key/" in link]
    assert links, [m.body for m in mail.outbox]
    assert all(link.startswith("https://commonground.example/accounts/password/reset/key/") for link in links)

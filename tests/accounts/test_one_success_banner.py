"""One success banner per page, however many steps of a journey reported success.

Confirming an address used to show "You have confirmed …" and "You are signed in." (allauth
signs the person in as part of confirming), and turning on two-factor authentication showed
"Two-factor authentication is on." beside the recovery codes' own banner. The message storage
(core/messages.py) keeps the first success of a request, so every flow is covered at once.
"""

import re
import time

import pytest
from allauth.mfa.totp.internal.auth import SECRET_SESSION_KEY, format_hotp_value, hotp_value
from django.contrib import messages
from django.contrib.messages import get_messages
from django.core import mail
from django.test import RequestFactory
from django.urls import reverse

from core.messages import OneSuccessStorage
from tests.factories import PASSWORD

from .helpers import page_text

NEW_PASSWORD = "willow-harbour-nine-kites"
BANNER = re.compile(
    r'class="nhsuk-notification-banner( nhsuk-notification-banner--success)?".*?'
    r'nhsuk-notification-banner__heading">(.*?)</p>',
    re.S,
)


def successes(response) -> list[str]:
    return [text for ok, text in BANNER.findall(page_text(response)) if ok]


def land(client, response, seen):
    """Follow the redirects as a browser would, noting every page's success banners."""
    while response.status_code in (301, 302, 303):
        response = client.get(response["Location"])
    shown = successes(response)
    seen.append((response.request["PATH_INFO"], shown))
    return shown


def link_in_last_email(to: str, contains: str) -> str:
    message = [m for m in mail.outbox if to in m.to][-1]
    link = re.search(rf"https?://[^/\s]+({re.escape(contains)}[^\s]*)", str(message.body))
    assert link is not None, message.body
    return link.group(1)


def totp_code(secret: str, step: int = 0) -> str:
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30 + step))


# Real transactions: allauth announces two-factor changes when they commit, inside the request.
@pytest.mark.django_db(transaction=True)
def test_the_main_journeys_show_at_most_one_success_banner_per_page(client):
    seen: list[tuple[str, list[str]]] = []
    email = "amira@example.org"

    # Sign up, then confirm the address from the email (which also signs the person in).
    response = client.post(
        reverse("account_signup"),
        {"display_name": "Amira Patel", "email": email, "password1": PASSWORD, "password2": PASSWORD},
    )
    land(client, response, seen)
    confirm = link_in_last_email(email, "/accounts/confirm-email/")
    assert land(client, client.post(confirm), seen) == [f"You have confirmed {email}."]

    # Sign out, and in again.
    assert land(client, client.post(reverse("account_logout")), seen) == ["You have signed out."]
    response = client.post(reverse("account_login"), {"login": email, "password": PASSWORD})
    assert land(client, response, seen) == ["You are signed in."]

    # Change the password.
    response = client.post(
        reverse("account_change_password"),
        {"oldpassword": PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert land(client, response, seen) == ["Your password has been changed."]

    # Add a second address and confirm it, signed in.
    client.post(reverse("account_reauthenticate"), {"password": NEW_PASSWORD})
    response = client.post(reverse("account_email"), {"email": "amira@example-trust.nhs.uk", "action_add": ""})
    land(client, response, seen)
    confirm = link_in_last_email("amira@example-trust.nhs.uk", "/accounts/confirm-email/")
    assert land(client, client.post(confirm), seen) == ["You have confirmed amira@example-trust.nhs.uk."]

    # Set up two-factor authentication.
    client.post(reverse("account_reauthenticate"), {"password": NEW_PASSWORD})
    client.get(reverse("mfa_activate_totp"))
    secret = client.session[SECRET_SESSION_KEY]
    response = client.post(reverse("mfa_activate_totp"), {"code": totp_code(secret)})
    assert land(client, response, seen) == ["Two-factor authentication is on."]

    # Sign out and in with a code.
    land(client, client.post(reverse("account_logout")), seen)
    response = client.post(reverse("account_login"), {"login": email, "password": NEW_PASSWORD})
    response = client.post(response["Location"], {"code": totp_code(secret, step=1)})
    land(client, response, seen)

    stacked = [(path, shown) for path, shown in seen if len(shown) > 1]
    assert not stacked, stacked
    assert len(seen) == 10


# --- The storage's rule -------------------------------------------------------------------------


def _request():
    request = RequestFactory().get("/")
    request.session = {}
    request._messages = OneSuccessStorage(request)
    return request


def test_within_one_request_the_first_success_stands():
    request = _request()
    messages.success(request, "You have confirmed amira@example.org.")
    messages.success(request, "You are signed in.")
    messages.warning(request, "Your role needs two-factor authentication.")
    assert [(m.level_tag, str(m)) for m in get_messages(request)] == [
        ("success", "You have confirmed amira@example.org."),
        ("warning", "Your role needs two-factor authentication."),
    ]


def test_a_success_left_from_an_earlier_page_gives_way_to_the_new_one():
    request = _request()
    request._messages._loaded_data = [
        messages.storage.base.Message(messages.SUCCESS, "You are signed in."),
        messages.storage.base.Message(messages.INFO, "Your request is waiting for an admin."),
    ]
    messages.success(request, "Your password has been changed.")
    assert [str(m) for m in get_messages(request)] == [
        "Your request is waiting for an admin.",
        "Your password has been changed.",
    ]


def test_the_same_message_is_not_shown_twice_and_warnings_are_all_kept():
    request = _request()
    messages.warning(request, "First warning.")
    messages.warning(request, "First warning.")
    messages.warning(request, "Second warning.")
    messages.error(request, "An error.")
    assert [str(m) for m in get_messages(request)] == ["First warning.", "Second warning.", "An error."]

"""The recovery codes page after setting up two-factor: the first codes, and a way on to where the person was going."""

import html
import re
import time
from urllib.parse import urlsplit

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import SECRET_SESSION_KEY, format_hotp_value, hotp_value
from django.urls import reverse
from django.utils.http import urlencode

from tests.factories import PASSWORD

from .helpers import page_text

# allauth adds its messages when the set-up commits, inside the request: real transactions.
pytestmark = pytest.mark.django_db(transaction=True)

SETUP = reverse("mfa_activate_totp")
CODES = reverse("mfa_view_recovery_codes")
OLD_CODES_GONE = "your old codes no longer work"


def totp_code(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def banners(response) -> list[str]:
    return re.findall(r'nhsuk-notification-banner__heading">(.*?)</p>', page_text(response), re.S)


def continue_link(response) -> str | None:
    found = re.search(r'<a class="nhsuk-button"[^>]*href="([^"]*)"[^>]*>Continue</a>', response.content.decode())
    return html.unescape(found.group(1)) if found else None


def turn_on(client, setup_url):
    """The set-up page (after the password again), then a code from the new secret.

    Returns the answer to the POST and the secret, for the codes the person types later."""
    page = client.get(setup_url)
    if page.status_code == 302 and urlsplit(page["Location"]).path == reverse("account_reauthenticate"):
        after = client.post(page["Location"], {"password": PASSWORD})
        assert after.status_code == 302 and after["Location"] == setup_url, after
        page = client.get(setup_url)
    assert page.status_code == 200
    next_inputs = re.findall(r'<input type="hidden" name="next" value="([^"]*)">', page.content.decode())
    secret = client.session[SECRET_SESSION_KEY]
    data = {"code": totp_code(secret)}
    if next_inputs:
        data["next"] = html.unescape(next_inputs[0])
    return client.post(setup_url, data), secret


def test_the_first_codes_say_so_and_continue_to_where_the_person_was_going(as_persona, user):
    client = as_persona("user")
    response, _secret = turn_on(client, f"{SETUP}?{urlencode({'next': '/movements/'})}")
    assert response.status_code == 302
    assert response["Location"] == f"{CODES}?{urlencode({'next': '/movements/'})}"
    page = client.get(response["Location"])
    text = page_text(page)
    assert "Save your recovery codes" in text
    assert OLD_CODES_GONE not in text.lower()
    # One banner, saying what happened; the page explains the codes.
    assert banners(page) == ["Two-factor authentication is on."]
    assert continue_link(page) == "/movements/"
    assert "Create new codes" not in text
    assert len(re.findall(r"<li>[0-9a-f]+</li>", page.content.decode())) == 10


@pytest.mark.parametrize("next_url", ["", "https://evil.example/", "//evil.example/", "javascript:alert(1)"])
def test_without_a_safe_next_the_codes_continue_to_the_dashboard(as_persona, user, next_url):
    client = as_persona("user")
    setup = f"{SETUP}?{urlencode({'next': next_url})}" if next_url else SETUP
    response, _secret = turn_on(client, setup)
    assert response["Location"] == CODES
    page = client.get(CODES + (f"?{urlencode({'next': next_url})}" if next_url else ""))
    assert continue_link(page) == reverse("dashboard")
    assert "evil.example" not in page.content.decode()


def test_new_codes_made_later_say_the_old_ones_stopped_working(as_persona, user):
    client = as_persona("user")
    turn_on(client, SETUP)
    first = Authenticator.objects.get(user=user, type=Authenticator.Type.RECOVERY_CODES)
    response = client.post(reverse("mfa_generate_recovery_codes"))
    assert response.status_code == 302 and response["Location"] == CODES
    page = client.get(CODES)
    assert banners(page) == [
        "You have new recovery codes. Save them somewhere safe now: your old codes no longer work."
    ]
    text = page_text(page)
    assert "Save your recovery codes" not in text and continue_link(page) is None
    assert "Create new codes" in text
    assert not Authenticator.objects.filter(pk=first.pk).exists()


def test_looking_at_the_codes_later_is_plain(as_persona, user):
    client = as_persona("user")
    turn_on(client, SETUP)
    client.logout()
    client = as_persona("user")
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    page = client.get(CODES)
    assert page.status_code == 200
    text = page_text(page)
    assert "Recovery codes" in text and "Save your recovery codes" not in text
    assert continue_link(page) is None


def test_a_moderator_made_to_set_up_two_factor_continues_to_the_page_they_asked_for(
    as_persona, moderator_without_two_factor
):
    client = as_persona("moderator_without_two_factor")
    asked = client.get(reverse("moderation:hub"))
    assert asked.status_code == 302
    assert asked["Location"] == f"{SETUP}?{urlencode({'next': reverse('moderation:hub')})}"
    response, secret = turn_on(client, asked["Location"])
    codes_page = f"{CODES}?{urlencode({'next': reverse('moderation:hub')})}"
    assert response["Location"] == codes_page
    # Setting up is not giving a code: the code step comes first, then the codes.
    step = client.get(codes_page)
    assert step.status_code == 302
    assert urlsplit(step["Location"]).path == reverse("mfa_reauthenticate")
    after = give_fresh_code(client, step["Location"], secret)
    assert after == codes_page
    page = client.get(codes_page)
    assert "Save your recovery codes" in page_text(page)
    assert continue_link(page) == reverse("moderation:hub")
    assert client.get(continue_link(page)).status_code == 200


def give_fresh_code(client, step, secret) -> str:
    """Type a code at the code step; allauth refuses the one used at set-up, so use the next window's."""
    counter = int(time.time()) // 30
    response = client.post(step, {"code": format_hotp_value(hotp_value(secret, counter + 1))})
    assert response.status_code == 302, page_text(response)[:2000]
    return response["Location"]

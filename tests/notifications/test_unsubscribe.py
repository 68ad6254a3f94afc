"""One-click unsubscribe: signed, dated tokens, confirmation page, RFC 8058 POST."""

import pytest
from django.core import signing
from django.test import Client
from django.urls import reverse

from notifications.models import Frequency, NotificationPreference
from notifications.selectors import preferences_for
from notifications.services import preferences_update
from notifications.unsubscribe_links import SALT, unsubscribe_token

from .links import unsubscribe_token_made

pytestmark = pytest.mark.django_db


def url_for(token):
    return reverse("notifications:unsubscribe", args=[token])


def test_get_shows_a_confirmation_and_changes_nothing(client, user):
    response = client.get(url_for(unsubscribe_token(user_id=user.pk, scope="comments")))
    assert response.status_code == 200
    assert b"Stop emails: comments" in response.content
    assert b"You will no longer get emails about comments." in response.content
    assert not NotificationPreference.objects.exists()


def test_post_from_the_confirmation_page_unsubscribes(client, user):
    response = client.post(url_for(unsubscribe_token(user_id=user.pk, scope="comments")))
    assert response.status_code == 200
    assert b"You are unsubscribed" in response.content
    prefs = preferences_for(user=user)
    assert prefs["comments"] == Frequency.OFF
    assert prefs["proposals"] == Frequency.IMMEDIATE


def test_one_click_post_works_without_a_csrf_token(user):
    client = Client(enforce_csrf_checks=True)
    token = unsubscribe_token(user_id=user.pk, scope="proposals")
    response = client.post(
        url_for(token), data="List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 200
    assert preferences_for(user=user)["proposals"] == Frequency.OFF


def test_csrf_still_enforced_elsewhere(user):
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    response = client.post(reverse("notifications:preferences"), {"proposals": "off"})
    assert response.status_code == 403


def test_tampered_token_refused(client, user):
    token = unsubscribe_token(user_id=user.pk, scope="comments")
    response = client.post(url_for(token[:-3] + ("AAA" if not token.endswith("AAA") else "BBB")))
    assert response.status_code == 400
    assert b"This unsubscribe link does not work" in response.content
    assert not NotificationPreference.objects.exists()


def test_token_cannot_be_rewritten_for_another_user(client, user, lead_b):
    # A token is "payload:timestamp:signature". Put another person's payload in front
    # of a genuine timestamp and signature: the signature no longer matches.
    _payload, timestamp, signature = unsubscribe_token(user_id=user.pk, scope="comments").split(":")
    other_payload = unsubscribe_token(user_id=lead_b.pk, scope="comments").split(":")[0]
    response = client.post(url_for(f"{other_payload}:{timestamp}:{signature}"))
    assert response.status_code == 400
    assert not NotificationPreference.objects.exists()


def test_token_only_affects_its_own_user(client, user, lead_b):
    client.force_login(lead_b)  # signed in as someone else: the token still decides
    client.post(url_for(unsubscribe_token(user_id=user.pk, scope="comments")))
    assert preferences_for(user=user)["comments"] == Frequency.OFF
    assert preferences_for(user=lead_b)["comments"] == Frequency.IMMEDIATE


def test_token_for_one_category_cannot_switch_off_another(client, user):
    client.post(url_for(unsubscribe_token(user_id=user.pk, scope="comments")))
    prefs = preferences_for(user=user)
    assert [c for c, f in prefs.items() if f == Frequency.OFF] == ["comments"]


@pytest.mark.parametrize(
    "payload,salt",
    [
        ({"u": 0, "s": "comments"}, "some.other.salt"),  # signed for another purpose
        ({"u": 0, "s": "security"}, SALT),  # validly signed, but security cannot be switched off
        ({"u": 0, "s": "everything"}, SALT),
        ({"user": 0}, SALT),
        ("not a dict", SALT),
    ],
)
def test_tokens_with_wrong_salt_or_scope_refused(client, user, payload, salt):
    if isinstance(payload, dict) and "u" in payload:
        payload = {**payload, "u": user.pk}
    response = client.post(url_for(signing.dumps(payload, salt=salt)))
    assert response.status_code == 400
    assert not NotificationPreference.objects.exists()


def test_security_links_cannot_be_made():
    with pytest.raises(ValueError):
        unsubscribe_token(user_id=1, scope="security")


def test_closed_account_link_refused(client, user):
    token = unsubscribe_token(user_id=user.pk, scope="comments")
    user.is_active = False
    user.save()
    assert client.post(url_for(token)).status_code == 400


def test_digest_link_switches_off_only_that_digest(client, user):
    preferences_update(actor=user, choices={"proposals": "daily", "comments": "daily", "agreements": "weekly"})
    response = client.post(url_for(unsubscribe_token(user_id=user.pk, scope="digest:daily")))
    assert response.status_code == 200
    prefs = preferences_for(user=user)
    assert prefs["proposals"] == prefs["comments"] == Frequency.OFF
    assert prefs["agreements"] == Frequency.WEEKLY
    assert prefs["security"] == Frequency.IMMEDIATE


@pytest.mark.parametrize("method", ["put", "delete"])
def test_other_methods_refused(client, user, method):
    response = getattr(client, method)(url_for(unsubscribe_token(user_id=user.pk, scope="comments")))
    assert response.status_code == 405


# --- what the pages show --------------------------------------------------------


@pytest.mark.parametrize("scope", ["comments", "digest:daily"])
def test_no_unsubscribe_page_shows_whose_account_it_is(client, user, scope):
    """A link can be forwarded or read over a shoulder: the pages say which emails, not whose."""
    preferences_update(actor=user, choices={"proposals": "daily"})
    url = url_for(unsubscribe_token(user_id=user.pk, scope=scope))
    one_click = Client(enforce_csrf_checks=True).post(
        url, data="List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )
    for response in (client.get(url), client.post(url), one_click):
        assert response.status_code == 200
        for private in (user.email, user.display_name, user.email.split("@")[0]):
            assert private.encode() not in response.content


# --- links expire ------------------------------------------------------------------


@pytest.mark.parametrize("days,link_days", [(89, None), (29, 30)])
def test_a_link_works_until_its_period_ends_one_click_included(user, settings, days, link_days):
    if link_days:
        settings.NOTIFICATIONS_UNSUBSCRIBE_LINK_DAYS = link_days
    url = url_for(unsubscribe_token_made(days, user_id=user.pk))
    client = Client(enforce_csrf_checks=True)
    assert client.get(url).status_code == 200
    response = client.post(url, data="List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded")
    assert response.status_code == 200
    assert preferences_for(user=user)["comments"] == Frequency.OFF


@pytest.mark.parametrize("days,link_days", [(91, None), (31, 30)])
@pytest.mark.parametrize("method", ["get", "post"])
def test_an_expired_link_says_so_and_points_to_the_preferences(client, user, settings, days, link_days, method):
    if link_days:
        settings.NOTIFICATIONS_UNSUBSCRIBE_LINK_DAYS = link_days
    response = getattr(client, method)(url_for(unsubscribe_token_made(days, user_id=user.pk)))
    assert response.status_code == 410
    page = response.content.decode()
    assert "This unsubscribe link has expired" in page
    assert f"Unsubscribe links work for {link_days or 90} days after the email was sent." in page
    assert f'href="{reverse("notifications:preferences")}"' in page
    assert user.email not in page
    assert not NotificationPreference.objects.exists()


def test_an_old_forged_link_is_invalid_not_expired(client, user):
    token = unsubscribe_token_made(200, user_id=user.pk)
    response = client.post(url_for(token[:-3] + ("AAA" if not token.endswith("AAA") else "BBB")))
    assert response.status_code == 400
    assert b"This unsubscribe link does not work" in response.content


def test_the_default_period_is_90_days(settings):
    assert settings.NOTIFICATIONS_UNSUBSCRIBE_LINK_DAYS == 90

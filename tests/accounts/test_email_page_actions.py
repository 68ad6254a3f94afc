"""The email addresses page offers, for each address, only what makes sense, and every offer works.

The page asks the rules (accounts/rules.py) which buttons to show; the services refuse the same
things with a message saying why, for a page left open in another tab or a hand-made request.
"""

import re
from html.parser import HTMLParser

import pytest
import rules
from allauth.account.models import EmailAddress
from django.core import mail
from django.db import transaction
from django.urls import reverse

from tests.cache import forget_allauth_cache
from tests.factories import PASSWORD

from .helpers import page_text

pytestmark = pytest.mark.django_db

PAGE = reverse("account_email")
ACTIONS = ("action_primary", "action_send", "action_remove")


class _Forms(HTMLParser):
    """(email, action) for every row button on the page: a form posting `email` and a named button."""

    def __init__(self):
        super().__init__()
        self.offers: list[tuple[str, str]] = []
        self._email = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self._email = None
        elif tag == "input" and attrs.get("name") == "email" and attrs.get("type") == "hidden":
            self._email = attrs.get("value")
        elif tag == "button" and attrs.get("name") in ACTIONS and self._email:
            self.offers.append((self._email, attrs["name"]))


def offers(response) -> list[tuple[str, str]]:
    parser = _Forms()
    parser.feed(response.content.decode())
    return parser.offers


BANNER = re.compile(
    r'class="nhsuk-notification-banner( nhsuk-notification-banner--success)?".*?'
    r'nhsuk-notification-banner__heading">(.*?)</p>',
    re.S,
)


def banners(response) -> list[tuple[str, str]]:
    """("success" or "important", text) for each notification banner on the page."""
    return [("success" if ok else "important", text) for ok, text in BANNER.findall(page_text(response))]


def success_banners(response) -> list[str]:
    return [text for kind, text in banners(response) if kind == "success"]


def other_banners(response) -> list[str]:
    return [text for kind, text in banners(response) if kind != "success"]


def signed_in_for_changes(as_persona):
    """Signed in as `user`, with the password given again just now, as changing addresses needs."""
    client = as_persona("user")
    assert client.post(reverse("account_reauthenticate"), {"password": PASSWORD}).status_code == 302
    return client


def add(user, email, *, verified):
    return EmailAddress.objects.create(user=user, email=email, verified=verified, primary=False)


# Address set-ups beside the user's confirmed primary address una@example.org.
SETUPS = {
    "one confirmed primary": [],
    "a second confirmed address": [("work@example-trust.nhs.uk", True)],
    "a second address not confirmed": [("new@example.org", False)],
    "one of each": [("work@example-trust.nhs.uk", True), ("new@example.org", False)],
}

EXPECTED_OFFERS = {
    "one confirmed primary": set(),
    "a second confirmed address": {
        ("work@example-trust.nhs.uk", "action_primary"),
        ("work@example-trust.nhs.uk", "action_remove"),
    },
    "a second address not confirmed": {("new@example.org", "action_send"), ("new@example.org", "action_remove")},
    "one of each": {
        ("work@example-trust.nhs.uk", "action_primary"),
        ("work@example-trust.nhs.uk", "action_remove"),
        ("new@example.org", "action_send"),
        ("new@example.org", "action_remove"),
    },
}


def assert_done_honestly(client, user, email, action, response):
    """The POST did what its button said, and the page says so in one banner, with nothing else beside it."""
    assert response.status_code == 302 and response["Location"] == PAGE, response
    page = client.get(PAGE)
    shown = banners(page)
    assert len(shown) == 1, shown
    said = [text for _kind, text in shown]
    user.refresh_from_db()
    address = EmailAddress.objects.filter(user=user, email=email).first()
    if action == "action_primary":
        assert address.primary and user.email == email
        assert EmailAddress.objects.filter(user=user, primary=True).count() == 1
        assert said == ["Your primary email address has been changed."]
    elif action == "action_send":
        assert [m.to for m in mail.outbox] == [[email]]
        assert "/accounts/confirm-email/" in mail.outbox[0].body
        assert said == [f"We have sent a confirmation link to {email}."]
    else:
        assert address is None
        assert user.email == "una@example.org"
        assert said == [f"{email} has been removed from your account."]


@pytest.mark.parametrize("setup", SETUPS)
def test_every_action_offered_works(as_persona, user, setup):
    for email, verified in SETUPS[setup]:
        add(user, email, verified=verified)
    client = signed_in_for_changes(as_persona)
    page = client.get(PAGE)
    offered = offers(page)
    assert set(offered) == EXPECTED_OFFERS[setup]
    # The primary address is labelled, and nothing on the page offers to change it.
    assert "una@example.org" not in {email for email, _ in offered}
    assert 'nhsuk-tag--blue">Primary' in page.content.decode()
    for email, action in offered:
        # Each action from the same starting point; the savepoint puts everything back after.
        with transaction.atomic():
            forget_allauth_cache()
            mail.outbox.clear()
            client = signed_in_for_changes(as_persona)
            response = client.post(PAGE, {"email": email, action: ""})
            assert_done_honestly(client, user, email, action, response)
            transaction.set_rollback(True)


def test_one_confirmed_primary_address_offers_nothing_and_says_how_to_change_it(as_persona, user):
    page = as_persona("user").get(PAGE)
    assert offers(page) == []
    text = page_text(page)
    assert "Make primary" not in text and "Remove" not in text and "Send the link again" not in text
    assert "add another address below, confirm it and make it primary" in text
    assert 'nhsuk-tag--green">Confirmed' in page.content.decode()


def test_an_address_not_confirmed_is_tagged_so(as_persona, user):
    add(user, "new@example.org", verified=False)
    body = as_persona("user").get(PAGE).content.decode()
    assert 'nhsuk-tag--orange">Not confirmed' in body


# --- What a stale page (or a hand-made request) asks for is refused, saying why ---------------


def refused(client, data, message):
    """Sent back to the page with `message` as a warning, and no success banner."""
    response = client.post(PAGE, data)
    assert response.status_code == 302 and response["Location"] == PAGE
    page = client.get(PAGE)
    assert other_banners(page) == [message], other_banners(page)
    assert success_banners(page) == []


def test_making_the_primary_address_primary_again_says_it_already_is(as_persona, user):
    client = signed_in_for_changes(as_persona)
    refused(
        client, {"email": "una@example.org", "action_primary": ""}, "una@example.org is already your primary address."
    )
    assert mail.outbox == []  # no "your primary address changed" notice either


def test_an_address_not_confirmed_cannot_be_made_primary(as_persona, user):
    add(user, "new@example.org", verified=False)
    client = signed_in_for_changes(as_persona)
    refused(
        client,
        {"email": "new@example.org", "action_primary": ""},
        "new@example.org is not confirmed yet, so it cannot be your primary address. "
        "Open the link we emailed to it first.",
    )
    user.refresh_from_db()
    assert user.email == "una@example.org"


def test_a_confirmed_address_gets_no_new_link(as_persona, user):
    client = signed_in_for_changes(as_persona)
    refused(client, {"email": "una@example.org", "action_send": ""}, "una@example.org is already confirmed.")
    assert mail.outbox == []


def test_the_only_address_cannot_be_removed(as_persona, user):
    client = signed_in_for_changes(as_persona)
    refused(
        client,
        {"email": "una@example.org", "action_remove": ""},
        "una@example.org is the only email address on your account, so it cannot be removed: you sign in with it.",
    )
    assert EmailAddress.objects.filter(user=user).count() == 1


def test_the_primary_address_cannot_be_removed(as_persona, user):
    add(user, "work@example-trust.nhs.uk", verified=True)
    client = signed_in_for_changes(as_persona)
    refused(
        client,
        {"email": "una@example.org", "action_remove": ""},
        "una@example.org is your primary address, so it cannot be removed. Make another confirmed address "
        "primary first.",
    )
    assert EmailAddress.objects.filter(user=user, email="una@example.org", primary=True).exists()


def test_an_address_removed_in_another_tab(as_persona, user):
    client = signed_in_for_changes(as_persona)
    refused(
        client, {"email": "gone@example.org", "action_remove": ""}, "gone@example.org is not on your account any more."
    )


def test_someone_elses_address_is_not_touched(as_persona, user, member_x):
    client = signed_in_for_changes(as_persona)
    refused(
        client,
        {"email": member_x.email, "action_primary": ""},
        f"{member_x.email} is not on your account any more.",
    )
    assert EmailAddress.objects.get(email=member_x.email).user == member_x


def test_sending_the_link_again_at_once_says_the_last_one_still_works(as_persona, user):
    add(user, "new@example.org", verified=False)
    client = signed_in_for_changes(as_persona)
    assert client.post(PAGE, {"email": "new@example.org", "action_send": ""}).status_code == 302
    client.get(PAGE)  # shows "We have sent a confirmation link"
    response = client.post(PAGE, {"email": "new@example.org", "action_send": ""})
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert "a few minutes ago, and it still works" in page_text(response)
    assert len(mail.outbox) == 1


def test_actions_still_ask_for_the_password_again(as_persona, user):
    add(user, "work@example-trust.nhs.uk", verified=True)
    client = as_persona("user")  # signed in, but not just now
    response = client.post(PAGE, {"email": "work@example-trust.nhs.uk", "action_primary": ""})
    assert response.status_code == 302 and response["Location"].startswith(reverse("account_reauthenticate"))
    user.refresh_from_db()
    assert user.email == "una@example.org"


# --- The rules the page and the services share -------------------------------------------------


@pytest.mark.parametrize(
    ("primary", "verified", "others", "allowed"),
    [
        (True, True, 0, set()),
        (True, True, 1, set()),
        (False, True, 1, {"make_primary_email_address", "remove_email_address"}),
        (False, False, 1, {"resend_email_confirmation", "remove_email_address"}),
        (False, False, 0, {"resend_email_confirmation"}),  # an odd row with no primary: never the last one
    ],
)
def test_the_address_rules(user, member_x, primary, verified, others, allowed):
    EmailAddress.objects.filter(user=user).delete()
    address = EmailAddress.objects.create(user=user, email="a@example.org", primary=primary, verified=verified)
    for n in range(others):
        EmailAddress.objects.create(user=user, email=f"other{n}@example.org", verified=True)
    names = {"make_primary_email_address", "resend_email_confirmation", "remove_email_address"}
    assert {name for name in names if rules.has_perm(f"accounts.{name}", user, address)} == allowed
    # Nobody else may do anything to it.
    assert not any(rules.has_perm(f"accounts.{name}", member_x, address) for name in names)

"""Signing up from an organiser invitation: the invited address is filled in, and the person comes back to it."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse

from accounts.invited import SESSION_KEY
from movements.models import Organiser
from movements.services.invitations import invitation_create, invitation_revoke
from tests.factories import PASSWORD

from .helpers import input_values, page_text

pytestmark = pytest.mark.django_db

INVITED = "ivy@example.org"
SIGNUP = reverse("account_signup")


@pytest.fixture
def invitation(lead_a, movement_a):
    """(invitation, link path) to organise movement A, sent to INVITED."""
    invite, token = invitation_create(actor=lead_a, movement=movement_a, email=INVITED)
    return invite, reverse("movements:invitation", kwargs={"token": token})


def create_account_link(page) -> str:
    found = re.search(r'href="(/accounts/signup/[^"]*)"[^>]*>Create an account', page.content.decode())
    assert found is not None, "no Create an account link"
    return found.group(1).replace("&amp;", "&")


def confirmation_link(to: str) -> str:
    message = [m for m in mail.outbox if to in m.to][-1]
    link = re.search(r"https?://[^/\s]+(/accounts/confirm-email/[^\s]+/)", str(message.body))
    assert link is not None, message.body
    return link.group(1)


def sign_up(client, url, email):
    return client.post(
        url, {"display_name": "Ivy Invited", "email": email, "password1": PASSWORD, "password2": PASSWORD}
    )


def test_the_invited_address_is_filled_in(visitor, invitation):
    _invite, link = invitation
    page = visitor.get(link)
    signup = visitor.get(create_account_link(page))
    assert signup.status_code == 200
    assert input_values(signup)["email"] == INVITED
    assert "You were invited as" in page_text(signup)


def test_a_query_string_never_fills_in_the_address(visitor, invitation):
    assert input_values(visitor.get(f"{SIGNUP}?email=someone@example.org"))["email"] in (None, "")
    _invite, link = invitation
    visitor.get(link)
    # The invitation the session holds wins over an address in the link.
    assert input_values(visitor.get(f"{SIGNUP}?email=someone@example.org"))["email"] == INVITED


def test_without_an_invitation_the_form_is_empty_and_says_nothing_of_one(visitor):
    signup = visitor.get(SIGNUP)
    assert input_values(signup)["email"] in (None, "")
    assert "You were invited as" not in page_text(signup)


def test_an_invitation_that_no_longer_works_fills_in_nothing(visitor, invitation, lead_a):
    invite, link = invitation
    visitor.get(link)
    invitation_revoke(actor=lead_a, invitation=invite)
    assert visitor.get(link).status_code == 410
    assert SESSION_KEY not in visitor.session
    assert input_values(visitor.get(SIGNUP))["email"] in (None, "")


def test_sign_up_confirm_and_land_back_on_the_invitation(visitor, invitation, movement_a):
    invite, link = invitation
    signup_url = create_account_link(visitor.get(link))
    response = sign_up(visitor, signup_url, INVITED)
    assert response.status_code == 302
    # The address is confirmed from the email, as every address is: an invitation link can be forwarded.
    address = EmailAddress.objects.get(email=INVITED)
    assert not address.verified
    assert "_auth_user_id" not in visitor.session
    response = visitor.post(confirmation_link(INVITED))
    assert response.status_code == 302 and response["Location"] == link
    page = visitor.get(link)
    assert page.status_code == 200 and "Accept invitation" in page_text(page)
    assert visitor.post(link).status_code == 302
    assert Organiser.objects.filter(movement=movement_a, user=address.user).exists()
    assert SESSION_KEY not in visitor.session


def test_signing_up_from_the_header_link_also_comes_back(visitor, invitation):
    """The sign-up page reached without ?next= still knows the invitation from the session."""
    _invite, link = invitation
    visitor.get(link)
    assert sign_up(visitor, SIGNUP, INVITED).status_code == 302
    response = visitor.post(confirmation_link(INVITED))
    assert response.status_code == 302 and response["Location"] == link


def test_a_different_address_is_the_person_s_choice_and_still_needs_confirming(visitor, invitation):
    _invite, link = invitation
    visitor.get(link)
    assert sign_up(visitor, SIGNUP, "other@example.org").status_code == 302
    assert not EmailAddress.objects.get(email="other@example.org").verified
    assert not EmailAddress.objects.filter(email=INVITED).exists()

"""Invitations: signed, expiring, single-use links that work before the person has an account."""

import re
from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from movements.models import Invitation, Organiser
from movements.services import invitation_accept, invitation_create
from movements.views.invitations import SESSION_KEY
from notifications.models import Notification
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def invitee(db):
    return UserFactory(display_name="Ivy Invitee", email="ivy@example.org")


@pytest.fixture
def invite(movement_a, lead_a):
    invitation, token = invitation_create(actor=lead_a, movement=movement_a, email="Ivy@Example.org")
    return invitation, token


def _url(token):
    return reverse("movements:invitation", kwargs={"token": token})


def test_the_invitee_gets_an_email_with_a_working_link(movement_a, lead_a, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        invitation, token = invitation_create(actor=lead_a, movement=movement_a, email="newcomer@example.org")
    assert invitation.email == "newcomer@example.org"
    assert invitation.token_hash != token and len(invitation.token_hash) == 64  # only the hash is stored
    assert invitation.expires_at - timezone.now() > timedelta(days=6, hours=23)
    message = mail.outbox[-1]
    assert message.to == ["newcomer@example.org"]
    assert "Breathe Together" in message.subject
    assert _url(token) in message.body


def test_signed_in_invitee_accepts(client, invite, invitee, movement_a, lead_a):
    _invitation, token = invite
    client.force_login(invitee)
    page = client.get(_url(token))
    assert page.status_code == 200
    assert "Accept invitation" in page.content.decode()
    response = client.post(_url(token))
    assert response.status_code == 302
    assert response.url == f"/movements/{movement_a.slug}/"
    assert Organiser.objects.get(movement=movement_a, user=invitee).role == Organiser.Role.ORGANISER
    assert Notification.objects.filter(kind="movements.invitation_accepted", recipient=lead_a).exists()


def test_used_invitation_is_refused(client, invite, invitee):
    invitation, token = invite
    invitation_accept(actor=invitee, invitation=invitation)
    client.force_login(invitee)
    response = client.get(_url(token))
    assert response.status_code == 410
    assert "already been used" in response.content.decode()
    with pytest.raises(Exception, match="already been used|cannot be used"):
        invitation_accept(actor=invitee, invitation=invitation)


def test_expired_invitation_is_refused(client, invite, invitee):
    invitation, token = invite
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    client.force_login(invitee)
    response = client.post(_url(token))
    assert response.status_code == 410
    assert "expired" in response.content.decode()
    assert not Organiser.objects.filter(user=invitee).exists()


@pytest.mark.parametrize(
    "mangle",
    [
        lambda t: t[:-3] + ("abc" if not t.endswith("abc") else "xyz"),  # signature broken
        lambda t: "not-a-token",
        lambda t: t.replace(":", "", 1),
    ],
)
def test_tampered_invitation_is_refused(client, invite, invitee, mangle):
    _invitation, token = invite
    client.force_login(invitee)
    response = client.post(_url(mangle(token)))
    assert response.status_code == 400
    assert "not valid" in response.content.decode()
    assert not Organiser.objects.filter(user=invitee).exists()


def test_replaced_invitation_is_refused(client, invite, invitee, movement_a, lead_a):
    _old, old_token = invite
    _new, new_token = invitation_create(actor=lead_a, movement=movement_a, email="ivy@example.org")
    client.force_login(invitee)
    assert client.get(_url(old_token)).status_code == 410
    assert client.get(_url(new_token)).status_code == 200


def test_a_different_signed_in_user_is_refused(client, invite, user):
    _invitation, token = invite
    client.force_login(user)
    response = client.post(_url(token))
    assert response.status_code == 403
    body = response.content.decode()
    assert "different email address" in body
    assert not Organiser.objects.filter(user=user).exists()


def test_an_unverified_matching_address_is_not_enough(client, invite):
    _invitation, token = invite
    unverified = UserFactory(email="ivy@example.org", verified=False)
    client.force_login(unverified)
    assert client.post(_url(token)).status_code == 403


def test_a_second_verified_address_counts(client, invite, user):
    _invitation, token = invite
    EmailAddress.objects.create(user=user, email="ivy@example.org", verified=True, primary=False)
    client.force_login(user)
    assert client.post(_url(token)).status_code == 302
    assert Organiser.objects.filter(user=user).exists()


def test_visitor_is_asked_to_sign_in_and_the_link_is_remembered(client, invite):
    _invitation, token = invite
    response = client.get(_url(token))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Create an account" in body and "Sign in" in body
    assert re.search(r'href="/accounts/signup/\?next=/movements/invitations/', body)
    assert client.session[SESSION_KEY] == token


def test_after_signing_in_the_dashboard_leads_back_to_the_invitation(client, invite, invitee):
    _invitation, token = invite
    client.get(_url(token))
    client.force_login(invitee)  # keeps the session data, as a real sign-in does
    dashboard = client.get(reverse("dashboard")).content.decode()
    assert _url(token) in dashboard
    assert "Invitations waiting for you" in dashboard


def test_accept_from_the_dashboard(client, invite, invitee, movement_a):
    invitation, _token = invite
    client.force_login(invitee)
    url = reverse("movements:invitation_accept_waiting", kwargs={"invitation_uuid": invitation.uuid})
    response = client.post(url)
    assert response.status_code == 302
    assert Organiser.objects.filter(movement=movement_a, user=invitee).exists()
    assert client.post(url).status_code == 410  # single use


def test_dashboard_accept_is_only_for_the_invited_address(client, invite, user):
    invitation, _token = invite
    client.force_login(user)
    url = reverse("movements:invitation_accept_waiting", kwargs={"invitation_uuid": invitation.uuid})
    assert client.post(url).status_code == 404


def test_only_leads_invite_leads(movement_a, organiser_a, lead_a):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        invitation_create(actor=organiser_a, movement=movement_a, email="x@example.org", role="lead")
    invitation, _ = invitation_create(actor=lead_a, movement=movement_a, email="x@example.org", role="lead")
    assert invitation.role == "lead"


def test_inviting_an_existing_organiser_is_refused_with_a_message(client, movement_a, lead_a, organiser_a):
    client.force_login(lead_a)
    url = reverse("movements:organiser_invite", kwargs={"slug": movement_a.slug})
    response = client.post(url, {"email": organiser_a.email, "role": "organiser"})
    assert response.status_code == 400
    assert "already belongs to an organiser" in response.content.decode()


def test_invalid_invite_form_keeps_what_was_typed(client, movement_a, lead_a):
    client.force_login(lead_a)
    url = reverse("movements:organiser_invite", kwargs={"slug": movement_a.slug})
    response = client.post(url, {"email": "not-an-email", "role": "organiser"})
    assert response.status_code == 400
    body = response.content.decode()
    assert "Enter an email address in the correct format" in body
    assert 'value="not-an-email"' in body


def test_organiser_cannot_invite_a_lead_through_the_form(client, movement_a, organiser_a):
    client.force_login(organiser_a)
    url = reverse("movements:organiser_invite", kwargs={"slug": movement_a.slug})
    response = client.post(url, {"email": "x@example.org", "role": "lead"})
    assert response.status_code == 400
    assert not Invitation.objects.exists()

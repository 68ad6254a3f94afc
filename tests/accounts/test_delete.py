"""Deleting an account: reauthentication, confirmation, and what is left afterwards."""

import re

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse

from accounts import services
from accounts.models import User
from moderation.models import ModerationAction
from moderation.services import moderation_action_record
from tests.factories import PASSWORD, UserFactory

from .helpers import assert_errors_shown, page_text

pytestmark = pytest.mark.django_db

DELETE = "/accounts/delete/"
LOGIN = "/accounts/login/"


def signed_in(person, *, reauthenticated=True) -> Client:
    """A client signed in through the form and, by default, freshly reauthenticated (as deletion needs)."""
    client = Client()
    response = client.post(LOGIN, {"login": person.email, "password": PASSWORD})
    assert response["Location"] == reverse("dashboard"), response
    if reauthenticated:
        response = client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
        assert response.status_code == 302, response
    return client


def test_delete_page_asks_for_confirmation(user):
    client = signed_in(user)
    response = client.get(DELETE)
    assert response.status_code == 200
    assert "confirm" in response.context["form"].fields


def test_delete_without_ticking_the_box_is_refused(user):
    client = signed_in(user)
    response = client.post(DELETE, {})
    errors = assert_errors_shown(response, "confirm")
    assert any("confirm" in e.lower() for e in errors)
    assert User.objects.get(pk=user.pk).is_active


def test_delete_needs_the_password_again(user):
    client = signed_in(user, reauthenticated=False)
    response = client.post(DELETE, {"confirm": "on"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_reauthenticate"))
    user.refresh_from_db()
    assert user.is_active

    # Reauthenticating with the password carries the deletion through.
    page = client.get(response["Location"])
    assert page.status_code == 200
    resumed = client.post(response["Location"], {"password": PASSWORD}, follow=True)
    assert resumed.status_code == 200
    user.refresh_from_db()
    assert user.is_active is False


def test_form_shown_after_reauthentication_still_posts_to_the_delete_page(user):
    """allauth replays the suspended POST at the reauthentication address; the form must not post there."""
    client = signed_in(user, reauthenticated=False)
    url = client.post(DELETE, {})["Location"]
    response = client.post(url, {"password": PASSWORD})

    assert_errors_shown(response, "confirm")
    actions = re.findall(r'<form[^>]*\bmethod="post"[^>]*>', response.content.decode())
    delete_forms = [form for form in actions if 'action="/accounts/delete/"' in form]
    assert delete_forms, f"no form posts to {DELETE}: {actions}"


def test_reauthentication_with_a_wrong_password_keeps_the_account(user):
    client = signed_in(user, reauthenticated=False)
    url = client.post(DELETE, {"confirm": "on"})["Location"]
    response = client.post(url, {"password": "not-my-password"})
    assert_errors_shown(response, "password")
    user.refresh_from_db()
    assert user.is_active


def test_delete_anonymises_and_signs_out_everywhere(user):
    phone = signed_in(user)  # another signed-in device
    laptop = signed_in(user)
    TOTP.activate(user, generate_totp_secret())
    RecoveryCodes.activate(user)
    bystander = UserFactory(email="bystander@example.org", display_name="Bystander")
    Client().force_login(bystander)
    old_email = user.email

    response = laptop.post(DELETE, {"confirm": "on"})

    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    user.refresh_from_db()
    assert user.email != old_email
    assert user.email.endswith("@deleted.invalid")
    assert user.display_name == "Deleted user"
    assert "Una" not in user.display_name
    assert user.is_active is False
    assert not user.has_usable_password()
    assert not EmailAddress.objects.filter(user=user).exists()
    assert not EmailAddress.objects.filter(email__iexact=old_email).exists()
    assert not Authenticator.objects.filter(user=user).exists()
    # Every session of the person is gone; other people's are not.
    signed_in_ids = [s.get_decoded().get("_auth_user_id") for s in Session.objects.all()]
    assert str(user.pk) not in signed_in_ids
    assert str(bystander.pk) in signed_in_ids
    assert phone.get(reverse("dashboard")).status_code == 302
    # The home page says so.
    assert "Your account has been deleted." in page_text(laptop.get(reverse("home")))


def test_deleted_person_cannot_sign_in_again(user):
    old_email = user.email
    signed_in(user).post(DELETE, {"confirm": "on"})

    client = Client()
    response = client.post(LOGIN, {"login": old_email, "password": PASSWORD})
    assert response.status_code == 200
    assert response.context["form"].errors
    assert "_auth_user_id" not in client.session


def test_the_address_can_sign_up_afresh_after_deletion(user):
    old_email = user.email
    signed_in(user).post(DELETE, {"confirm": "on"})
    response = Client().post(
        "/accounts/signup/",
        {
            "display_name": "Una Again",
            "email": old_email,
            "password1": "lantern-orchard-quietly-7",
            "password2": "lantern-orchard-quietly-7",
        },
    )
    assert response.status_code == 302
    assert User.objects.get(email=old_email).display_name == "Una Again"


def test_records_that_point_at_the_person_survive(moderator):
    """Other people's records keep their link to the (now anonymous) row."""
    reported = UserFactory(display_name="Reported Person")
    action = moderation_action_record(actor=moderator, action="warn", reason="Spam", target=reported)
    target_action = moderation_action_record(
        actor=UserFactory(is_moderator=True), action="note", reason="About a moderator", target=moderator
    )

    services.user_delete(actor=moderator)

    action.refresh_from_db()
    assert action.moderator_id == moderator.pk
    assert str(action.moderator) == "Deleted user"
    assert ModerationAction.objects.filter(pk=target_action.pk, target_id=str(moderator.pk)).exists()
    assert User.objects.filter(pk=reported.pk, display_name="Reported Person").exists()


def test_visitor_cannot_delete_anything(visitor, user):
    response = visitor.post(DELETE, {"confirm": "on"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    user.refresh_from_db()
    assert user.is_active

"""Signing in the browser's way: the sign page, its declaration, and re-authentication first.

A signature follows an explicit re-authentication in the last few minutes: without one the POST
goes to the re-authentication page and nothing is signed; after it, allauth replays the POST and
the signature records how the person confirmed it was them."""

import time

import pytest
from django.urls import reverse

from engagements.models import Engagement, Signature
from tests.accounts.test_two_factor_routes import totp_code
from tests.engagements.conftest import fresh
from tests.engagements.signing_setup import agree_purpose, latest
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

REAUTH = reverse("account_reauthenticate")
CODE = reverse("mfa_reauthenticate")


@pytest.fixture
def agreed(accepted, lead_a, signatory_x):
    agree_purpose(accepted, movement_approver=lead_a, institution_approver=signatory_x)
    return fresh(accepted)


def sign_url(engagement):
    return reverse("engagements:agreement_sign", kwargs={"engagement_uuid": engagement.uuid})


def sign_post(engagement, **changes):
    version = latest(engagement)
    return {"version": str(version.uuid), "revision": version.revision, "declaration": "on", **changes}


def test_without_re_authentication_the_signature_waits_for_it_then_is_made(as_persona, agreed):
    client = as_persona("lead_a")
    response = client.post(sign_url(agreed), sign_post(agreed))
    assert response.status_code == 302 and response["Location"].startswith(f"{REAUTH}?next=")
    assert not Signature.objects.exists()

    response = client.post(REAUTH, {"password": PASSWORD, "next": sign_url(agreed)})
    # allauth replays the suspended POST: the signature is made and the person sees the agreement.
    assert response.status_code == 302 and response["Location"] == agreed.agreement.get_absolute_url()
    signature = Signature.objects.get()
    assert (signature.side, signature.method) == ("movement", "password")


def test_a_recent_sign_in_is_not_a_re_authentication(client, agreed, lead_a):
    response = client.post(reverse("account_login"), {"login": lead_a.email, "password": PASSWORD})
    assert response.status_code == 302
    response = client.post(sign_url(agreed), sign_post(agreed))
    assert response["Location"].startswith(REAUTH)
    assert not Signature.objects.exists()


def test_a_re_authentication_older_than_the_timeout_is_asked_again(as_persona, agreed, settings):
    client = as_persona("lead_a")
    client.post(REAUTH, {"password": PASSWORD})
    session = client.session
    records = session["account_authentication_methods"]
    records[-1]["at"] = time.time() - settings.ACCOUNT_REAUTHENTICATION_TIMEOUT - 1
    session["account_authentication_methods"] = records
    session.save()
    assert client.post(sign_url(agreed), sign_post(agreed))["Location"].startswith(REAUTH)
    assert not Signature.objects.exists()


def test_a_wrong_password_signs_nothing(as_persona, agreed):
    client = as_persona("lead_a")
    client.post(sign_url(agreed), sign_post(agreed))
    response = client.post(REAUTH, {"password": "not-the-password", "next": sign_url(agreed)})
    assert response.status_code == 200
    assert not Signature.objects.exists()


def test_a_two_factor_person_confirms_with_a_code_and_the_signature_says_so(as_persona, agreed, admin_x, lead_a):
    client = as_persona("admin_x")
    response = client.post(sign_url(agreed), sign_post(agreed))
    assert response["Location"].startswith(f"{CODE}?next=")  # a code, not the password, for admins
    response = client.post(CODE, {"code": totp_code(admin_x.totp_secret), "next": sign_url(agreed)})
    assert response.status_code == 302
    assert Signature.objects.get().method == "mfa"


def test_the_declaration_must_be_ticked_and_nothing_else_is_lost(as_persona, agreed):
    client = as_persona("lead_a")
    client.post(REAUTH, {"password": PASSWORD})
    response = client.post(sign_url(agreed), sign_post(agreed, declaration=""))
    assert response.status_code == 400
    assert "Tick the box to confirm" in response.content.decode()
    assert not Signature.objects.exists()


def test_the_sign_page_states_what_is_signed(as_persona, agreed):
    body = as_persona("signatory_x").get(sign_url(agreed)).content.decode()
    version = latest(agreed)
    assert f"Sign version {version.number} of the agreement" in body
    assert "People with COPD feel less alone." in body  # the shared purpose in force
    assert "The movement keeps its right to speak publicly" in body
    assert "I have read this version and I sign it on behalf of my side" in body
    assert f'value="{version.uuid}"' in body and f'name="revision" value="{version.revision}"' in body


def test_before_the_purpose_is_agreed_the_page_says_so_and_offers_no_signature(as_persona, accepted):
    body = as_persona("lead_a").get(sign_url(accepted)).content.decode()
    assert "The shared purpose is not agreed yet" in body and "declaration" not in body


def test_a_page_opened_before_the_version_was_replaced_is_told_which_to_sign(as_persona, agreed, organiser_a, lead_a):
    from engagements import services
    from tests.engagements.signing_setup import TERMS

    stale = sign_post(agreed)
    services.agreement_sign(
        actor=lead_a,
        engagement=fresh(agreed),
        version=latest(agreed),
        seen_revision=latest(agreed).revision,
        method="password",
    )
    services.agreement_update(
        actor=organiser_a, engagement=fresh(agreed), seen_revision=latest(agreed).revision, **TERMS
    )
    client = as_persona("signatory_x")
    client.post(REAUTH, {"password": PASSWORD})
    response = client.post(sign_url(agreed), stale, follow=True)
    assert "This version was replaced while you were reading it: read version 2 and sign that." in (
        response.content.decode()
    )
    assert Signature.objects.filter(side="institution").count() == 0


def test_both_signatures_through_the_pages_make_the_engagement_active(as_persona, agreed):
    for who in ("lead_a", "signatory_x"):
        client = as_persona(who)
        client.post(REAUTH, {"password": PASSWORD})
        assert client.post(sign_url(agreed), sign_post(agreed)).status_code == 302
    assert Engagement.objects.get(pk=agreed.pk).status == Engagement.Status.ACTIVE
    body = as_persona("member_x").get(agreed.agreement.get_absolute_url()).content.decode()
    assert "In force: version 1" in body and "confirmed by password" in body

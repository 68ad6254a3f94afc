"""RequireMFAMiddleware: roles that need two-factor authentication are sent to set it up."""

import pytest
import rules
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

SETUP = reverse("mfa_activate_totp")


@pytest.fixture
def moderator_client(client, moderator):
    client.force_login(moderator)
    return client


@pytest.mark.parametrize("url", ["/", "/dashboard/", "/accounts/profile/", "/accounts/email/", "/about/"])
def test_moderator_without_totp_is_sent_to_set_it_up(moderator_client, url):
    response = moderator_client.get(url)
    assert response.status_code == 302
    assert response["Location"] == SETUP
    # Told why.
    page = moderator_client.get(response["Location"], follow=True)
    assert "two-factor authentication" in page.content.decode()


def test_moderator_without_totp_can_reach_the_setup_and_sign_out(moderator_client):
    assert moderator_client.get(reverse("mfa_index")).status_code == 200
    # Activation asks for the password again first, which is allowed through too.
    setup = moderator_client.get(SETUP)
    assert setup.status_code in (200, 302)
    if setup.status_code == 302:
        assert setup["Location"].startswith(reverse("account_reauthenticate"))
        assert moderator_client.get(setup["Location"]).status_code == 200
    assert moderator_client.get(reverse("account_logout")).status_code == 200
    response = moderator_client.post(reverse("account_logout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in moderator_client.session


def test_health_and_static_are_not_redirected(moderator_client):
    assert moderator_client.get("/health/").status_code in (200, 503)


def test_moderator_with_totp_goes_where_they_asked(moderator_client, moderator):
    TOTP.activate(moderator, generate_totp_secret())
    assert moderator_client.get("/dashboard/").status_code == 200
    assert moderator_client.get("/accounts/profile/").status_code == 200


def test_superuser_without_totp_is_sent_to_set_it_up(client):
    admin = UserFactory(is_superuser=True, is_staff=True)
    client.force_login(admin)
    response = client.get("/dashboard/")
    assert response.status_code == 302
    assert response["Location"] == SETUP


def test_ordinary_person_is_not_asked(user_client):
    assert user_client.get("/dashboard/").status_code == 200


def test_visitor_is_not_asked(visitor):
    assert visitor.get("/").status_code == 200


def test_rule_names_who_needs_it(user, moderator):
    assert rules.test_rule("accounts.requires_mfa", moderator)
    assert not rules.test_rule("accounts.requires_mfa", user)
    moderator.is_active = False
    assert not rules.test_rule("accounts.requires_mfa", moderator)

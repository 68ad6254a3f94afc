"""Your name (profile) and the permission matrix of the account pages."""

import pytest
from django.urls import reverse

from tests.signin import sign_in

from .helpers import assert_errors_shown, assert_typed_value_kept

pytestmark = pytest.mark.django_db

PROFILE = "/accounts/profile/"

# Pages only a signed-in person may open.
PRIVATE_PAGES = ["/accounts/profile/", "/accounts/delete/", "/dashboard/", "/accounts/email/", "/accounts/2fa/"]


@pytest.mark.parametrize("url", PRIVATE_PAGES)
def test_visitor_is_sent_to_sign_in_and_back(visitor, url):
    response = visitor.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_login')}?next={url}"


@pytest.mark.parametrize("url", PRIVATE_PAGES)
def test_signed_in_person_can_open_it(user_client, url):
    assert user_client.get(url).status_code == 200


@pytest.mark.parametrize("url", PRIVATE_PAGES)
def test_moderator_with_two_factor_can_open_it(client, moderator, url):

    sign_in(client, moderator)
    assert client.get(url).status_code == 200


def test_visitor_cannot_post_a_profile_change(visitor, user):
    response = visitor.post(PROFILE, {"display_name": "Hijacked"})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.display_name == "Una Related"


def test_profile_shows_the_current_name(user_client):
    response = user_client.get(PROFILE)
    assert_typed_value_kept(response, "display_name", "Una Related")


def test_profile_update_changes_the_name(user_client, user):
    response = user_client.post(PROFILE, {"display_name": "  Una   Relation "})
    assert response.status_code == 302
    assert response["Location"] == PROFILE
    user.refresh_from_db()
    assert user.display_name == "Una Relation"
    page = user_client.get(PROFILE)
    assert "Your name has been updated." in page.content.decode()


def test_profile_with_blank_name_keeps_the_old_one(user_client, user):
    response = user_client.post(PROFILE, {"display_name": "   "})
    assert_errors_shown(response, "display_name")
    user.refresh_from_db()
    assert user.display_name == "Una Related"


def test_profile_with_over_long_name_gets_a_specific_message_and_keeps_it(user_client, user):
    long_name = "N" * 500
    response = user_client.post(PROFILE, {"display_name": long_name})
    errors = assert_errors_shown(response, "display_name")
    assert any("80" in e for e in errors), errors
    assert_typed_value_kept(response, "display_name", long_name)
    user.refresh_from_db()
    assert user.display_name == "Una Related"


def test_profile_only_answers_get_and_post(user_client):
    assert user_client.put(PROFILE).status_code == 405

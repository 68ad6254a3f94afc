"""RequireMFAMiddleware: roles that need two-factor set it up, and use it in every session.

The routes into a session are in test_two_factor_routes.py; this file holds what the
middleware lets through in each state, the code step itself, and the rule.
"""

import re
import time
import uuid
from urllib.parse import urlsplit

import pytest
import rules
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value
from django.urls import URLResolver, get_resolver, reverse
from django.utils.http import urlencode

from tests.factories import PASSWORD, UserFactory
from tests.signin import sign_in

from .helpers import page_text

pytestmark = pytest.mark.django_db

SETUP = reverse("mfa_activate_totp")
CODE_STEP = reverse("mfa_reauthenticate")


def totp_code(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def with_totp(person):
    person.totp_secret = generate_totp_secret()
    TOTP.activate(person, person.totp_secret)
    return person


def _sample(pattern: str) -> str:
    """A concrete path for a URL pattern: path() converters and regex groups get sample values."""
    path = re.sub(r"<uuid:\w+>", str(uuid.uuid4()), pattern)
    path = re.sub(r"<(?:\w+:)?\w+>", "RX1", path)
    path = re.sub(r"\(\?P<\w+>[^)]*\)[+*]?", "x", path)
    return "/" + path.replace("^", "").replace("$", "")


def every_path():
    """One path for every URL pattern of the site, the Django admin's included."""

    def walk(patterns, prefix):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern))
            else:
                yield _sample(prefix + str(pattern.pattern))

    return sorted(set(walk(get_resolver().url_patterns, "")))


def open_paths(client, sent_to):
    """The paths of the site this client reaches, rather than being sent to `sent_to`."""
    reached = set()
    for path in every_path():
        response = client.get(path)
        if not (response.status_code == 302 and response["Location"].split("?")[0] == sent_to):
            reached.add(path)
    return reached


# --- No authenticator yet: set it up --------------------------------------------------------


@pytest.fixture
def moderator_client(client, moderator_without_two_factor):
    sign_in(client, moderator_without_two_factor)  # no authenticator: a password-only session
    return client


@pytest.mark.parametrize("url", ["/", "/dashboard/", "/accounts/profile/", "/accounts/email/", "/about/", "/health/"])
def test_moderator_without_totp_is_sent_to_set_it_up(moderator_client, url):
    response = moderator_client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"{SETUP}?{urlencode({'next': url})}"  # where to continue after set-up
    # Told why.
    page = moderator_client.get(response["Location"], follow=True)
    assert "two-factor authentication" in page.content.decode()


def test_without_an_authenticator_only_the_setup_pages_and_sign_out_are_open(moderator_client):
    assert open_paths(moderator_client, SETUP) == {
        reverse("mfa_index"),
        SETUP,
        # Setting up asks for the password, or an emailed code, again first.
        reverse("account_reauthenticate"),
        reverse("account_request_reauthentication_code"),
        reverse("account_confirm_reauthentication_code"),
        reverse("account_logout"),
    }


def test_moderator_without_totp_can_reach_the_setup_and_sign_out(moderator_client):
    assert moderator_client.get(reverse("mfa_index")).status_code == 200
    setup = moderator_client.get(SETUP)
    assert setup.status_code == 302
    assert setup["Location"].startswith(reverse("account_reauthenticate"))
    assert moderator_client.get(setup["Location"]).status_code == 200
    assert moderator_client.get(reverse("account_logout")).status_code == 200
    response = moderator_client.post(reverse("account_logout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in moderator_client.session


def test_superuser_without_totp_is_sent_to_set_it_up(client):
    sign_in(client, UserFactory(is_superuser=True, is_staff=True))
    response = client.get("/dashboard/")
    assert response.status_code == 302
    assert urlsplit(response["Location"]).path == SETUP


def test_removing_the_authenticator_sends_them_to_set_one_up_again(client, moderator_without_two_factor):
    sign_in(client, with_totp(moderator_without_two_factor))
    assert client.get("/dashboard/").status_code == 200
    Authenticator.objects.filter(user=moderator_without_two_factor).delete()
    assert urlsplit(client.get("/dashboard/")["Location"]).path == SETUP


# --- An authenticator, but this session has not given a code --------------------------------


@pytest.fixture
def password_only_client(client, moderator_without_two_factor):
    with_totp(moderator_without_two_factor)
    client.force_login(
        moderator_without_two_factor
    )  # a session with no two-factor record, as a password-only sign-in leaves
    return client


def test_a_session_without_the_code_is_sent_to_the_code_step_and_back(
    password_only_client, moderator_without_two_factor
):
    response = password_only_client.get("/movements/awaiting-approval/?page=1")
    assert response.status_code == 302
    assert response["Location"] == f"{CODE_STEP}?next=%2Fmovements%2Fawaiting-approval%2F%3Fpage%3D1"
    page = password_only_client.get(response["Location"])
    assert page.status_code == 200
    assert "Enter a code from your authenticator app" in page_text(page)
    done = password_only_client.post(
        response["Location"], {"code": totp_code(moderator_without_two_factor.totp_secret)}
    )
    assert done.status_code == 302
    assert done["Location"] == "/movements/awaiting-approval/?page=1"
    assert password_only_client.get("/movements/awaiting-approval/").status_code == 200


def test_with_an_authenticator_only_the_code_step_and_sign_out_are_open(password_only_client):
    # Not the two-factor settings, not the recovery codes, not the password confirmation:
    # from any of those a password alone could swap the authenticator for another.
    assert open_paths(password_only_client, CODE_STEP) == {CODE_STEP, reverse("account_logout")}


def test_a_post_is_sent_to_the_code_step_and_not_performed(password_only_client, moderator_without_two_factor):
    response = password_only_client.post(reverse("account_profile"), {"display_name": "Changed"})
    assert response.status_code == 302
    assert response["Location"] == CODE_STEP
    moderator_without_two_factor.refresh_from_db()
    assert moderator_without_two_factor.display_name != "Changed"


def test_a_wrong_code_is_refused_and_the_pages_stay_closed(password_only_client, moderator_without_two_factor):
    wrong = format_hotp_value((int(totp_code(moderator_without_two_factor.totp_secret)) + 1) % 1_000_000)
    response = password_only_client.post(CODE_STEP, {"code": wrong})
    assert response.status_code == 200
    assert response.context["form"].errors["code"]
    assert password_only_client.get("/dashboard/")["Location"].startswith(CODE_STEP)


def test_wrong_codes_at_the_code_step_are_throttled(password_only_client, moderator_without_two_factor):
    for _ in range(5):
        password_only_client.post(CODE_STEP, {"code": "000000"})
    # The right code is refused too once the limit is reached: the same counter as at sign-in.
    response = password_only_client.post(CODE_STEP, {"code": totp_code(moderator_without_two_factor.totp_secret)})
    assert response.status_code == 429  # rate-limited, as every limited action answers
    assert "Too many" in page_text(response)
    assert password_only_client.get("/dashboard/")["Location"].startswith(CODE_STEP)


def test_a_recovery_code_does_for_the_code_step(password_only_client, moderator_without_two_factor):
    RecoveryCodes.activate(moderator_without_two_factor)
    code = RecoveryCodes(
        Authenticator.objects.get(user=moderator_without_two_factor, type="recovery_codes")
    ).get_unused_codes()[0]
    assert password_only_client.post(CODE_STEP, {"code": code}).status_code == 302
    assert password_only_client.get("/dashboard/").status_code == 200


def test_the_code_step_does_not_send_people_to_another_site(password_only_client, moderator_without_two_factor):
    response = password_only_client.post(
        f"{CODE_STEP}?next=https://evil.example/", {"code": totp_code(moderator_without_two_factor.totp_secret)}
    )
    assert response.status_code == 302
    assert response["Location"] == "/dashboard/"


def test_the_code_step_offers_no_password_instead(password_only_client):
    page = password_only_client.get(CODE_STEP)
    assert page.context["reauthentication_alternatives"] == []


def test_confirming_it_is_you_later_also_takes_a_code(client, moderator_without_two_factor):
    # Once signed in with two-factor, sensitive changes ask for a code, not the password alone.
    sign_in(client, with_totp(moderator_without_two_factor))
    response = client.get(reverse("account_reauthenticate"))
    assert response.status_code == 302
    assert response["Location"].startswith(CODE_STEP)
    assert client.post(reverse("account_reauthenticate"), {"password": PASSWORD})["Location"].startswith(CODE_STEP)


# --- Two-factor done in this session --------------------------------------------------------


def test_moderator_with_totp_goes_where_they_asked(client, moderator_without_two_factor):
    sign_in(client, with_totp(moderator_without_two_factor))
    assert client.get("/dashboard/").status_code == 200
    assert client.get("/accounts/profile/").status_code == 200
    assert client.get("/movements/awaiting-approval/").status_code == 200


def test_a_session_that_gave_its_code_keeps_working_when_the_role_is_granted(client):
    person = with_totp(UserFactory())
    sign_in(client, person)
    person.is_moderator = True
    person.save(update_fields=["is_moderator"])
    assert client.get("/movements/awaiting-approval/").status_code == 200


def test_another_persons_two_factor_record_does_not_count(client, moderator_without_two_factor):
    # allauth keeps the record for the user who made it; signing in as someone else drops it.
    sign_in(client, with_totp(UserFactory()))
    client.force_login(with_totp(moderator_without_two_factor))
    assert client.get("/dashboard/")["Location"].startswith(CODE_STEP)


# --- Who must use it ------------------------------------------------------------------------


def test_ordinary_person_is_not_asked(user_client):
    assert user_client.get("/dashboard/").status_code == 200


def test_visitor_is_not_asked(visitor):
    assert visitor.get("/").status_code == 200


def test_rule_names_who_needs_it(user, moderator_without_two_factor):
    assert rules.test_rule("accounts.requires_mfa", moderator_without_two_factor)
    assert not rules.test_rule("accounts.requires_mfa", user)
    moderator_without_two_factor.is_active = False
    assert not rules.test_rule("accounts.requires_mfa", moderator_without_two_factor)

"""The Django admin has no sign-in of its own: it hands over to the site's, with its two-factor
step and rate limits, and its sign-out is the site's."""

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.urls import reverse

from tests.factories import PASSWORD, UserFactory
from tests.signin import sign_in

from .helpers import page_text

pytestmark = pytest.mark.django_db

ADMIN = reverse("admin:index")
ADMIN_LOGIN = reverse("admin:login")
ADMIN_LOGOUT = reverse("admin:logout")
LOGIN = reverse("account_login")


@pytest.fixture
def superuser(db):
    person = UserFactory(email="root@example.org", is_staff=True, is_superuser=True)
    TOTP.activate(person, generate_totp_secret())
    return person


def test_the_admin_sign_in_page_hands_over_to_the_site_sign_in(client):
    response = client.get(f"{ADMIN_LOGIN}?next=/admin/movements/movement/")
    assert response.status_code == 302
    assert response["Location"] == f"{LOGIN}?next=%2Fadmin%2Fmovements%2Fmovement%2F"
    # And every admin page, through it.
    page = client.get("/admin/movements/movement/", follow=True)
    assert page.redirect_chain[-1][0] == f"{LOGIN}?next=%2Fadmin%2Fmovements%2Fmovement%2F"
    assert page.status_code == 200


@pytest.mark.parametrize("password", [PASSWORD, "not-the-password"])
def test_a_password_posted_to_the_admin_sign_in_is_never_checked(client, superuser, password):
    response = client.post(ADMIN_LOGIN, {"username": superuser.email, "password": password, "next": ADMIN})
    # Right or wrong, the same answer, and nobody is signed in.
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)
    assert "_auth_user_id" not in client.session
    assert client.get(ADMIN)["Location"].startswith(ADMIN_LOGIN)


def test_wrong_passwords_on_the_admin_route_count_with_the_site_sign_in(client, superuser):
    # The admin's sign-in form is the site's, so failures there and at /accounts/login/
    # fill one per-account counter (five in five minutes), and the right password is then refused.
    admin_form = client.get(ADMIN, follow=True).redirect_chain[-1][0]
    assert admin_form.startswith(LOGIN)
    for attempt in range(5):
        url = admin_form if attempt % 2 == 0 else LOGIN
        response = client.post(url, {"login": superuser.email, "password": "not-the-password"})
        assert response.status_code == 200
    for url in (admin_form, LOGIN):
        response = client.post(url, {"login": superuser.email, "password": PASSWORD})
        assert response.status_code in (200, 429)
        assert "too many" in page_text(response).lower()
        assert "_auth_user_id" not in client.session


def test_the_right_password_on_the_admin_route_leads_to_the_code_step(client, superuser):
    admin_form = client.get(ADMIN, follow=True).redirect_chain[-1][0]
    response = client.post(admin_form, {"login": superuser.email, "password": PASSWORD})
    assert response["Location"] == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session


def test_a_signed_in_person_without_admin_access_is_refused(client, user):
    sign_in(client, user)
    assert client.get(ADMIN_LOGIN).status_code == 403


def test_staff_signed_in_with_two_factor_go_on_to_the_admin(client, superuser):
    sign_in(client, superuser)
    response = client.get(f"{ADMIN_LOGIN}?next={ADMIN}")
    assert response.status_code == 302
    assert response["Location"] == ADMIN
    assert client.get(ADMIN).status_code == 200


def test_signing_out_of_the_admin_is_the_site_sign_out(client, superuser):
    sign_in(client, superuser)
    # Asked, as on the site, before a sign-out by link.
    page = client.get(ADMIN_LOGOUT)
    assert page.status_code == 200
    assert "account/logout.html" in [t.name for t in page.templates]
    assert client.session.get("_auth_user_id") == str(superuser.pk)
    # The admin's own button posts, and that signs out.
    response = client.post(ADMIN_LOGOUT)
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert "_auth_user_id" not in client.session

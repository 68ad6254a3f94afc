"""Every page renders in the NHS.UK layout (one h1, skip link, header, footer); error pages have the right status."""

import re

import pytest
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.template.loader import get_template
from django.test import Client, RequestFactory

from core import views as core_views
from tests.factories import PASSWORD, UserFactory

PUBLIC_PAGES = [
    "/",
    "/about/",
    "/accessibility/",
    "/privacy/",
    "/terms/",
    "/accounts/signup/",
    "/accounts/login/",
    "/accounts/password/reset/",
    "/accounts/password/reset/done/",
    "/accounts/confirm-email/",
]

# allauth answers a broken link with 400 and a page saying what to do next.
BROKEN_LINK_PAGES = [
    ("/accounts/password/reset/key/1-set-password/", "This link does not work"),
    ("/accounts/confirm-email/not-a-real-key/", "This link has expired or has already been used"),
]

SIGNED_IN_PAGES = [
    "/dashboard/",
    "/accounts/profile/",
    "/accounts/delete/",
    "/accounts/email/",
    "/accounts/password/change/",
    "/accounts/logout/",
    "/accounts/reauthenticate/",
    "/accounts/2fa/",
    "/accounts/2fa/totp/activate/",
]

TWO_FACTOR_PAGES = [
    "/accounts/2fa/",
    "/accounts/2fa/reauthenticate/",
    "/accounts/2fa/totp/deactivate/",
    "/accounts/2fa/recovery-codes/",
    "/accounts/2fa/recovery-codes/generate/",
]


def assert_nhs_page(response, status=200):
    assert response.status_code == status, response.status_code
    body = response.content.decode()
    assert len(re.findall(r"<h1[\s>]", body)) == 1, re.findall(r"<h1[^>]*>.*?</h1>", body, re.S)
    assert (
        '<a class="nhsuk-skip-link" data-module="nhsuk-skip-link" href="#maincontent">Skip to main content</a>' in body
    )
    assert re.search(r'<main[^>]*id="maincontent"', body)
    assert 'class="nhsuk-header"' in body
    assert 'class="nhsuk-footer"' in body
    # "Page – Service – NHS" only on a site an NHS organisation runs (SITE_OPERATOR_IS_NHS).
    assert re.search(r"(– |<title>)Common Ground</title>", body)
    assert 'style="' not in body  # CSP forbids inline styles
    for script in re.findall(r"<script[^>]*>", body):
        assert "src=" in script or "nonce=" in script, script
    return body


def sign_in(client, user):
    """A real sign-in through allauth, then the password again: allauth's sensitive pages want a fresh one."""
    response = client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302, response.content.decode()[:2000]
    response = client.post("/accounts/reauthenticate/", {"password": PASSWORD})
    assert response.status_code == 302, response.content.decode()[:2000]
    return client


@pytest.mark.django_db
@pytest.mark.parametrize("url", PUBLIC_PAGES)
def test_public_pages(client, url):
    assert_nhs_page(client.get(url))


@pytest.mark.django_db
@pytest.mark.parametrize(("url", "heading"), BROKEN_LINK_PAGES)
def test_broken_links(client, url, heading):
    body = assert_nhs_page(client.get(url), status=400)
    assert f">{heading}</h1>" in body


@pytest.mark.django_db
@pytest.mark.parametrize("url", SIGNED_IN_PAGES)
def test_signed_in_pages(client, user, url):
    sign_in(client, user)
    assert_nhs_page(client.get(url))


@pytest.mark.django_db
@pytest.mark.parametrize("url", TWO_FACTOR_PAGES)
def test_two_factor_pages(client, user, url):
    sign_in(client, user)
    TOTP.activate(user, generate_totp_secret())
    RecoveryCodes.activate(user)
    assert_nhs_page(client.get(url))


@pytest.mark.django_db
def test_two_factor_setup_shows_qr_code_and_setup_key(client, user):
    sign_in(client, user)
    body = assert_nhs_page(client.get("/accounts/2fa/totp/activate/"))
    assert re.search(r'<img class="app-qr-code" src="data:image/svg\+xml;base64,[^"]+" alt="QR code', body)
    secret = client.session["mfa.totp.secret"]
    assert f'<p class="app-code" id="authenticator_secret">{secret}</p>' in body
    assert '<label class="nhsuk-label" for="id_code">Code from your authenticator app</label>' in body


@pytest.mark.django_db
def test_two_factor_code_page_at_sign_in(client):
    person = UserFactory()
    TOTP.activate(person, generate_totp_secret())
    response = client.post("/accounts/login/", {"login": person.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/2fa/authenticate/"
    body = assert_nhs_page(client.get("/accounts/2fa/authenticate/"))
    assert "Enter your security code" in body
    response = client.post("/accounts/2fa/authenticate/", {"code": "000000"})
    body = assert_nhs_page(response)
    assert "nhsuk-error-summary" in body
    assert 'href="#id_code"' in body
    assert "<title>Error: " in body


@pytest.mark.django_db
def test_recovery_codes_download(client, user):
    sign_in(client, user)
    TOTP.activate(user, generate_totp_secret())
    RecoveryCodes.activate(user)
    response = client.get("/accounts/2fa/recovery-codes/download/")
    assert response.status_code == 200
    assert len(response.content.decode().split()) == 10


@pytest.mark.django_db
def test_email_verification_sent_page(client):
    response = client.post(
        "/accounts/signup/",
        {"display_name": "Nia Evans", "email": "nia@example.org", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert response.status_code == 302
    body = assert_nhs_page(client.get(response["Location"]))
    assert "Check your email" in body


def test_header_for_visitors(client, db):
    body = assert_nhs_page(client.get("/"))
    assert '<a class="nhsuk-header__account-link" href="/accounts/login/">Sign in</a>' in body
    assert '<a class="nhsuk-header__account-link" href="/accounts/signup/">Create an account</a>' in body
    assert 'href="/movements/"' in body
    assert 'href="/institutions/"' in body
    assert 'action="/movements/" method="get"' in body  # the home page search
    assert 'name="q" type="search"' in body
    assert "Sign out" not in body


def test_header_when_signed_in(user_client, user):
    body = assert_nhs_page(user_client.get("/about/"))
    assert re.search(
        r'href="/accounts/profile/">\s*<svg[^>]*>.*?</svg>\s*<span class="nhsuk-u-visually-hidden">Your account: ',
        body,
        re.S,
    )
    assert "Una Related" in body
    assert '<a class="nhsuk-header__account-link" href="/dashboard/">Your dashboard</a>' in body
    form = re.search(
        r'<form class="nhsuk-header__account-form" action="/accounts/logout/" method="post"[^>]*>(.*?)</form>',
        body,
        re.S,
    )
    assert form
    assert 'name="csrfmiddlewaretoken"' in form.group(1)
    assert "Sign out</button>" in form.group(1)
    assert "Create an account</a>" not in body.split("</header>")[0]


def test_header_marks_current_section(client, db):
    body = client.get("/movements/").content.decode()
    assert re.search(
        r'href="/movements/" aria-current="page">'
        r'<strong class="nhsuk-header__navigation-item-current-fallback">Movements',
        body,
    )


def test_dashboard_has_empty_panels_and_account_links(user_client):
    body = assert_nhs_page(user_client.get("/dashboard/"))
    assert "Hello, Una Related" in body
    assert "Your movements" in body
    assert "Your NHS organisations" in body or "Your institutions" in body
    for href in [
        "/accounts/profile/",
        "/accounts/email/",
        "/accounts/password/change/",
        "/accounts/2fa/",
        "/accounts/delete/",
    ]:
        assert f'href="{href}"' in body


def test_account_pages_have_sub_navigation(user_client):
    body = assert_nhs_page(user_client.get("/accounts/profile/"))
    nav = re.search(r'<nav class="nhsuk-contents-list"[^>]*aria-label="Your account">(.*?)</nav>', body, re.S).group(1)
    assert (
        '<li class="nhsuk-contents-list__item" aria-current="page">'
        '<span class="nhsuk-contents-list__current">Profile</span></li>' in nav
    )
    for text in ["Email addresses", "Password", "Two-factor authentication", "Delete account"]:
        assert text in nav


def test_profile_update_shows_success_banner(user_client):
    response = user_client.post("/accounts/profile/", {"display_name": "Una R"}, follow=True)
    body = assert_nhs_page(response)
    assert 'class="nhsuk-notification-banner nhsuk-notification-banner--success"' in body
    assert "Your name has been updated." in body


def test_profile_error_is_summarised(user_client):
    body = assert_nhs_page(user_client.post("/accounts/profile/", {"display_name": "   "}))
    assert '<a href="#id_display_name">' in body
    assert "nhsuk-input--error" in body


def test_delete_page_has_warning_and_confirmation(client, user):
    sign_in(client, user)
    body = assert_nhs_page(client.get("/accounts/delete/"))
    assert "nhsuk-card--warning" in body
    assert 'type="checkbox" name="confirm"' in body
    assert 'class="nhsuk-button nhsuk-button--warning"' in body


# --- allauth with NHS.UK markup ---------------------------------------------------------


@pytest.mark.django_db
def test_signup_page_uses_nhs_markup(client):
    body = assert_nhs_page(client.get("/accounts/signup/"))
    assert "<title>Create an account – Common Ground</title>" in body
    assert '<label class="nhsuk-label" for="id_email">Email address</label>' in body
    assert 'class="nhsuk-input"' in body
    assert "placeholder=" not in body
    assert '<label class="nhsuk-label" for="id_password2">Confirm password</label>' in body
    assert 'data-module="nhsuk-password-input"' in body
    assert re.search(
        r'<button class="nhsuk-button" data-module="nhsuk-button" type="submit">Create account</button>', body
    )
    assert "novalidate" in body


@pytest.mark.django_db
def test_signup_errors_are_summarised_and_values_kept(client):
    response = client.post(
        "/accounts/signup/",
        {"display_name": "Nia Evans", "email": "not-an-email", "password1": "short", "password2": "other"},
    )
    body = assert_nhs_page(response)
    assert "<title>Error: Create an account" in body
    summary = body.split('class="nhsuk-error-summary"')[1].split("</ul>")[0]
    assert 'href="#id_email"' in summary
    assert 'href="#id_password1"' in summary
    assert body.index("nhsuk-error-summary") < body.index("<h1")
    assert 'value="Nia Evans"' in body
    assert 'value="not-an-email"' in body
    assert 'value="short"' not in body
    assert '<span class="nhsuk-error-message" id="id_email_error">' in body


@pytest.mark.django_db
def test_login_failure_is_a_non_field_error_in_the_summary(client, user):
    body = assert_nhs_page(client.post("/accounts/login/", {"login": user.email, "password": "wrong-password"}))
    assert '<a href="#non-field-errors">' in body
    assert 'id="non-field-errors"' in body
    assert f'value="{user.email}"' in body


# --- Error pages ------------------------------------------------------------------------


def test_404_page(client, db):
    body = assert_nhs_page(client.get("/no-such-page/"), status=404)
    assert '<h1 class="nhsuk-heading-l">Page not found</h1>' in body


@pytest.mark.parametrize(
    ("handler", "status", "heading"),
    [
        (core_views.permission_denied, 403, "You do not have permission to do this"),
        (core_views.bad_request, 400, "Sorry, there is a problem with your request"),
        (core_views.page_not_found, 404, "Page not found"),
    ],
)
def test_error_handlers(rf, handler, status, heading, db):
    from django.contrib.auth.models import AnonymousUser

    request = rf.get("/somewhere/")
    request.user = AnonymousUser()
    request.csp_nonce = "abc"
    response = handler(request, PermissionDenied() if status == 403 else SuspiciousOperation())
    assert response.status_code == status
    assert f">{heading}</h1>" in response.content.decode()


def test_500_page_renders_without_a_request():
    body = get_template("errors/500.html").render()
    assert '<h1 class="nhsuk-heading-l">Sorry, there is a problem with the service</h1>' in body
    assert "Skip to main content" in body
    assert "<script" not in body  # no nonce without a request
    response = core_views.server_error(RequestFactory().get("/"))
    assert response.status_code == 500


@pytest.mark.django_db
def test_rate_limit_page(client, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "login": "1/m/ip"}
    for _ in range(3):
        response = client.post("/accounts/login/", {"login": "nobody@example.org", "password": "wrong-password"})
    body = assert_nhs_page(response, status=429)
    assert '<h1 class="nhsuk-heading-l">Too many attempts</h1>' in body


@pytest.mark.django_db
def test_csrf_failure_page():
    client = Client(enforce_csrf_checks=True)
    response = client.post("/accounts/login/", {"login": "someone@example.org", "password": "whatever"})
    body = assert_nhs_page(response, status=403)
    assert '<h1 class="nhsuk-heading-l">Your session may have expired</h1>' in body
    assert "Go back, refresh the page and try again." in body

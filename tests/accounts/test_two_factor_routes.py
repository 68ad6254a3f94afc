"""Every route into a signed-in session passes the two-factor step for people who must use it.

One row per route (ROUTES), run for each role the rule `accounts.requires_mfa` names
(ROLES), for a person with an authenticator and one without. Each route is driven
through the real pages as a browser would; then no protected page of the role opens
until a correct code is given, and afterwards each does. A new route is one row.
"""

import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import pytest
import rules
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import SECRET_SESSION_KEY, TOTP, format_hotp_value, generate_totp_secret, hotp_value
from django.core import mail
from django.urls import reverse

from institutions.models import Membership
from movements.models import Organiser
from movements.services import invitation_create
from movements.taxonomy import taxonomy_sync
from tests.factories import PASSWORD, UserFactory
from tests.institutions.factories import InstitutionFactory, MembershipFactory
from tests.movements.factories import MovementFactory

pytestmark = pytest.mark.django_db

LOGIN = reverse("account_login")
CODE_AT_SIGN_IN = reverse("mfa_authenticate")
CODE_STEP = reverse("mfa_reauthenticate")
SETUP = reverse("mfa_activate_totp")
NEW_PASSWORD = "a-brand-new-long-passphrase"
# Where a person who has not finished two-factor may be left: signing in, or one of its steps.
# (The admin's sign-in page only hands over to the site's: test_admin_sign_in.py.)
NOT_YET = {LOGIN, CODE_AT_SIGN_IN, CODE_STEP, SETUP, reverse("account_reauthenticate"), reverse("admin:login")}


def totp_code(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def link_in_last_email(pattern: str) -> str:
    """The path of the first link in the newest email whose path matches `pattern`."""
    for url in re.findall(r"https?://[^\s\"<>]+", str(mail.outbox[-1].body)):
        path = urlsplit(url).path
        if re.search(pattern, path):
            return path
    raise AssertionError(f"no link matching {pattern!r} in {mail.outbox[-1].body!r}")


# --- Roles that must use two-factor -------------------------------------------------------------


def _make_moderator(user):
    user.is_moderator = True
    user.save(update_fields=["is_moderator"])
    return ["/dashboard/", reverse("movements:awaiting_approval"), reverse("institutions:awaiting_approval")]


def _make_superuser(user):
    user.is_staff = user.is_superuser = True
    user.save(update_fields=["is_staff", "is_superuser"])
    return ["/dashboard/", reverse("admin:index"), reverse("movements:awaiting_approval")]


def _make_institution_admin(user):
    institution = InstitutionFactory()
    MembershipFactory(user=user, institution=institution, role=Membership.Role.ADMIN)
    return ["/dashboard/", reverse("institutions:members", args=[institution.ods_code])]


# name -> grant(user): gives the role and returns the pages only that role (and two-factor) opens.
ROLES = {"moderator": _make_moderator, "superuser": _make_superuser, "institution admin": _make_institution_admin}


# --- Routes into a session ----------------------------------------------------------------------


@dataclass
class Arrival:
    user: object
    going_to: str  # where the route was taking the person once signed in
    password: str = PASSWORD


def _sign_in(client, email, password=PASSWORD, next_url=""):
    url = f"{LOGIN}?next={next_url}" if next_url else LOGIN
    response = client.post(url, {"login": email, "password": password})
    assert response.status_code == 302, response.content.decode()[:1000]


def site_login(client, person, grant):
    grant(person)
    _sign_in(client, person.email)
    return Arrival(person, "/dashboard/")


def admin_login(client, person, grant):
    grant(person)
    # The admin's own sign-in page hands over to the site's.
    response = client.get(reverse("admin:index"), follow=True)
    assert response.redirect_chain[-1][0].startswith(LOGIN), response.redirect_chain
    response = client.post(response.redirect_chain[-1][0], {"login": person.email, "password": PASSWORD})
    assert response.status_code == 302
    return Arrival(person, reverse("admin:index"))


def _reset_password(client, person):
    client.post(reverse("account_reset_password"), {"email": person.email})
    link = link_in_last_email(r"/password/reset/key/")
    form = client.get(link, follow=True)
    set_password_url = form.redirect_chain[-1][0] if form.redirect_chain else link
    response = client.post(set_password_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert response.status_code == 302, response.content.decode()[:1000]


def password_reset_then_sign_in(client, person, grant):
    grant(person)
    _reset_password(client, person)
    assert "_auth_user_id" not in client.session
    _sign_in(client, person.email, NEW_PASSWORD)
    return Arrival(person, "/dashboard/", NEW_PASSWORD)


def password_reset_signing_in(client, person, grant):
    # With ACCOUNT_LOGIN_ON_PASSWORD_RESET (the row sets it), setting the new password signs in.
    grant(person)
    _reset_password(client, person)
    return Arrival(person, "/dashboard/", NEW_PASSWORD)


def email_confirmation(client, person, grant):
    # An address not yet confirmed: signing in sends a link, and confirming it signs in.
    EmailAddress.objects.filter(user=person).update(verified=False)
    grant(person)
    client.post(LOGIN, {"login": person.email, "password": PASSWORD})
    response = client.post(link_in_last_email(r"/confirm-email/"))
    assert response.status_code == 302
    return Arrival(person, "/dashboard/")


def signup_then_confirmation(client, person, grant):
    # A new account given the role (by an operator) before its address is confirmed.
    response = client.post(
        reverse("account_signup"),
        {"display_name": "New Person", "email": "new.person@example.org", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert response.status_code == 302, response.content.decode()[:1000]
    newcomer = EmailAddress.objects.get(email="new.person@example.org").user
    grant(newcomer)
    response = client.post(link_in_last_email(r"/confirm-email/"))
    assert response.status_code == 302
    return Arrival(newcomer, "/dashboard/")


def invitation_acceptance(client, person, grant):
    # Opening an invitation to organise a movement, then signing in from it to accept.
    taxonomy_sync()
    lead = UserFactory()
    _invitation, token = invitation_create(actor=lead, movement=MovementFactory(lead=lead), email=person.email)
    grant(person)
    link = reverse("movements:invitation", args=[token])
    assert client.get(link).status_code == 200
    _sign_in(client, person.email, next_url=link)
    # Accepting is refused until two-factor is done too.
    client.post(link)
    assert not Organiser.objects.filter(user=person).exists()
    return Arrival(person, link)


def role_granted_during_the_session(client, person, grant):
    _sign_in(client, person.email)
    assert client.get("/dashboard/").status_code == 200
    grant(person)
    return Arrival(person, "/dashboard/")


def authenticator_set_up_during_the_session(client, person, grant):
    # Signed in by password alone, sets two-factor up of their own accord, and is then given the role.
    _sign_in(client, person.email)
    person.totp_secret = set_up_authenticator(client, person, PASSWORD)
    grant(person)
    return Arrival(person, "/dashboard/")


def django_login_without_allauth(client, person, grant):
    # What any code that calls django.contrib.auth.login() directly would leave.
    grant(person)
    client.force_login(person)
    return Arrival(person, "/dashboard/")


@dataclass
class Route:
    name: str
    enter: Callable
    # Whether the person may already have an authenticator when the route starts.
    # (A route that makes the account cannot; one that signs in by password alone
    # before the role exists would have asked for the code then.)
    authenticator_before: tuple = (True, False)
    settings: dict = field(default_factory=dict)


ROUTES = [
    Route("site sign-in", site_login),
    Route("admin sign-in", admin_login),
    Route("password reset, then sign-in", password_reset_then_sign_in),
    Route(
        "password reset that signs in",
        password_reset_signing_in,
        settings={"ACCOUNT_LOGIN_ON_PASSWORD_RESET": True},
    ),
    Route("email confirmation that signs in", email_confirmation),
    Route("sign-up, then email confirmation", signup_then_confirmation, authenticator_before=(False,)),
    Route("movement invitation acceptance", invitation_acceptance),
    Route("role granted during a session", role_granted_during_the_session, authenticator_before=(False,)),
    Route(
        "authenticator set up in a session, then role granted",
        authenticator_set_up_during_the_session,
        authenticator_before=(False,),
    ),
    Route("Django login() outside allauth", django_login_without_allauth),
]


CASES = [
    pytest.param(route, role, authenticator, id=f"{route.name} | {role} | {('no', 'has')[authenticator]} authenticator")
    for route in ROUTES
    for role in ROLES
    for authenticator in route.authenticator_before
]


# --- Finishing two-factor as the person would ---------------------------------------------------


def set_up_authenticator(client, user, password):
    """Through the setup pages: password again, then a code from the new secret."""
    response = client.get(SETUP, follow=True)
    if response.redirect_chain:
        assert urlsplit(response.redirect_chain[-1][0]).path == reverse("account_reauthenticate")
        response = client.post(response.redirect_chain[-1][0], {"password": password})
        assert response.status_code == 302
        client.get(SETUP)
    secret = client.session[SECRET_SESSION_KEY]
    response = client.post(SETUP, {"code": totp_code(secret)})
    assert response.status_code == 302, response.content.decode()[:1000]
    assert Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
    return secret


def give_code(client, secret, going_to):
    """The code step the session is at: the one at sign-in, or the one for a signed-in session."""
    signed_in = "_auth_user_id" in client.session
    step = client.get(going_to, follow=True).redirect_chain[-1][0] if signed_in else CODE_AT_SIGN_IN
    assert urlsplit(step).path == (CODE_STEP if signed_in else CODE_AT_SIGN_IN)
    assert client.get(step).status_code == 200
    response = client.post(step, {"code": totp_code(secret)})
    assert response.status_code == 302, response.content.decode()[:1000]
    return response["Location"]


def assert_not_served(client, urls):
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302, f"{url} answered {response.status_code} before two-factor"
        assert urlsplit(response["Location"]).path in NOT_YET, f"{url} led to {response['Location']}"


@pytest.mark.parametrize(("route", "role", "authenticator"), CASES)
def test_no_route_into_a_session_skips_two_factor(client, settings, route, role, authenticator):
    person = UserFactory()
    person.totp_secret = None
    if authenticator:
        person.totp_secret = generate_totp_secret()
        TOTP.activate(person, person.totp_secret)
    pages = []

    def grant(user):
        pages.extend(ROLES[role](user))

    for name, value in route.settings.items():
        setattr(settings, name, value)
    arrival = route.enter(client, person, grant)
    user = arrival.user
    secret = getattr(user, "totp_secret", None)
    user.refresh_from_db()
    assert rules.test_rule("accounts.requires_mfa", user)

    assert_not_served(client, pages)

    if secret is None:
        # Setting an authenticator up is not a two-factor sign-in: the code step follows.
        secret = set_up_authenticator(client, user, arrival.password)
        assert_not_served(client, pages)
    landed = give_code(client, secret, arrival.going_to)

    assert urlsplit(landed).path == urlsplit(arrival.going_to).path
    assert client.session["_auth_user_id"] == str(user.pk)
    for url in pages:
        assert client.get(url).status_code == 200, url


def test_signing_up_with_the_address_of_such_a_person_gives_no_session(client, moderator):
    # The sign-up form answers as for a new address (no enumeration) and signs nobody in.
    response = client.post(
        reverse("account_signup"),
        {"display_name": "Impostor", "email": moderator.email, "password1": PASSWORD, "password2": PASSWORD},
    )
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session
    assert_not_served(client, ["/dashboard/", reverse("movements:awaiting_approval")])

"""No URL answers 500, whatever is put in its parameters or its query string.

Every pattern in the resolver (our apps, allauth and the Django admin) is requested with
each parameter in turn replaced by a NUL byte, a real value followed by a NUL, a 301-digit
value (over-long, and a number too big for any integer column) and non-ASCII text, by GET
and by POST, as a visitor, a member and organiser, a moderator and a superuser. On
PostgreSQL a NUL that reaches a query is a DataError, so CI runs this against PostgreSQL
too (DATABASE_URL).
"""

from datetime import timedelta
from urllib.parse import quote, urlencode

import pytest
from django.test import Client
from django.utils import timezone

from institutions.models import Membership
from movements.models import Invitation, MovementSlug
from movements.services.invitations import token_hash
from movements.taxonomy import taxonomy_sync
from notifications.models import Notification
from tests.factories import UserFactory
from tests.institutions.factories import InstitutionFactory, MembershipFactory, VerifiedDomainFactory
from tests.movements.factories import MovementFactory, add_organiser
from tests.signin_forms import sign_in_through_forms as sign_in
from tests.signin_forms import with_totp
from tests.urlwalk import all_patterns

pytestmark = pytest.mark.django_db

HOSTILE = {
    "nul": lambda valid: "\x00",
    "nul_after_valid": lambda valid: f"{valid}\x00",
    "over_long_number": lambda valid: "9" * 301,
    "non_ascii": lambda valid: "ünïcødé-日本",
}
# Everything the site's own pages read from a query string, and what the admin's lists read.
QUERY_KEYS = ["q", "page", "org_type", "region", "way", "focus", "stage", "open", "format", "next"]
# The admin's lists read a search, a page and an ordering (its other pages only pass them on).
ADMIN_QUERY_KEYS = ["q", "p", "o"]
# Pages whose form ignores every filter once one is invalid: each key is tried on its own there.
ONE_KEY_AT_A_TIME = {"institutions:directory", "movements:list"}
PERSONAS = ["visitor", "member", "moderator", "superuser"]
# Pages that could end the session or the account: kept out of the query walk (they take no parameters).
SIGN_OUT = {"account_logout", "admin:logout", "account_delete"}


@pytest.fixture
def world(db):
    """One of everything a URL can name, with the values that reach it."""
    taxonomy_sync()
    member = UserFactory(email="mia@example-trust.nhs.uk")
    trust = InstitutionFactory(ods_code="RX1")
    VerifiedDomainFactory(institution=trust, domain="example-trust.nhs.uk")
    MembershipFactory(user=member, institution=trust, role=Membership.Role.REVIEWER)
    pending = MembershipFactory(institution=trust, status=Membership.Status.PENDING)
    movement = MovementFactory(slug="breathe-together", lead=member)
    MovementSlug.objects.create(movement=movement, slug="breathe-old")
    organiser = add_organiser(movement, UserFactory())
    invitation = Invitation.objects.create(
        movement=movement,
        email="new@example.org",
        invited_by=member,
        token_hash=token_hash("a-token"),
        expires_at=timezone.now() + timedelta(days=7),
    )
    notification = Notification.objects.create(recipient=member, kind="accounts.password_changed", url="/")
    moderator, moderator_secret = with_totp(UserFactory(is_moderator=True))
    superuser, superuser_secret = with_totp(UserFactory(is_superuser=True, is_staff=True))
    valid = {
        "ods_code": trust.ods_code,
        "domain": "example-trust.nhs.uk",
        "membership_uuid": str(pending.uuid),
        "slug": movement.slug,
        "organiser_uuid": str(organiser.uuid),
        "invitation_uuid": str(invitation.uuid),
        "engagement_uuid": "5d1c2a3e-8f0b-4c4e-9a51-2f7d6b1e0c99",  # none there: a 404 for everyone
        "agreement_uuid": "7f3e4c5a-0b2d-4e6f-9c73-4b9f8d3a2e11",  # none there: a 404 for everyone
        "step": "title",
        "comment_uuid": "6e2d3b4f-9a1c-4d5f-8b62-3a8e7c2f1d00",
        "commitment_uuid": "7f3e4c5a-0b2d-4e6f-9c73-4b9f8d3e2e11",
        "number": "1",
        "token": "a-token",
        "notification_id": str(notification.uuid),
        "key": "a-key",
        "uidb36": "1",
        "object_id": str(trust.pk),
        "content_type_id": "1",
        "id": str(superuser.pk),
        "app_label": "institutions",
        "url": "no-such-page/",
    }
    people = {
        "visitor": lambda: Client(raise_request_exception=False),
        "member": lambda: sign_in(member),
        "moderator": lambda: sign_in(moderator, moderator_secret),
        "superuser": lambda: sign_in(superuser, superuser_secret),
    }
    return valid, people


def _walk(client, requests):
    """(the requests answered with a 5xx, the paths answered with a 200: proof the walk got in)."""
    failed, reached = [], set()
    # Ours and allauth's password-reset and confirmation patterns share paths: each is asked once.
    for method, url in dict.fromkeys(requests):
        response = getattr(client, method)(url)
        if response.status_code >= 500:
            failed.append(f"{method.upper()} {url!r} -> {response.status_code}")
        elif response.status_code == 200:
            reached.add(url.split("?")[0])
    return failed, reached


def _is_admin(pattern):
    return pattern.name.startswith("admin:") or pattern.template.startswith("admin/")


def _hostile_parameter_requests(valid, *, staff):
    for pattern in all_patterns():
        missing = [p for p in pattern.params if p not in valid]
        assert not missing, f"{pattern.name}: add a real example value for {missing} to the `world` fixture"
        # The admin sends anyone who is not staff to its login page before it reads a parameter.
        hostile = list(HOSTILE.values()) if staff or not _is_admin(pattern) else [HOSTILE["nul"]]
        for param in pattern.params:
            for make in hostile:
                values = {p: quote(valid[p], safe="") for p in pattern.params}
                values[param] = quote(make(valid[param]), safe="")
                url = pattern.path(values)
                yield "get", url
                if staff or not _is_admin(pattern):
                    yield "post", url


def _hostile_query_requests(valid, *, staff):
    for pattern in all_patterns():
        if pattern.name in SIGN_OUT or (_is_admin(pattern) and not (staff and pattern.name.endswith("_changelist"))):
            continue
        path = pattern.path({p: quote(valid[p], safe="") for p in pattern.params})
        keys = ADMIN_QUERY_KEYS if _is_admin(pattern) else QUERY_KEYS
        one_at_a_time = pattern.name in ONE_KEY_AT_A_TIME or _is_admin(pattern)
        # The admin's lists are costly pages: there the two values that break databases are enough.
        hostile = [HOSTILE["nul"], HOSTILE["over_long_number"]] if _is_admin(pattern) else HOSTILE.values()
        for make in hostile:
            if one_at_a_time:
                for key in keys:
                    yield "get", f"{path}?{urlencode({key: make('1')})}"
            else:
                yield "get", f"{path}?{urlencode({key: make('1') for key in keys})}"


@pytest.mark.parametrize("persona", PERSONAS)
def test_no_url_parameter_gives_a_server_error(world, persona):
    valid, people = world
    client = people[persona]()
    failed, _ = _walk(client, _hostile_parameter_requests(valid, staff=persona == "superuser"))
    assert not failed, "\n".join(failed)
    if persona != "visitor":  # nothing on the way signed the person out
        assert client.get("/accounts/profile/").status_code == 200


# A superuser sees every page a moderator does (both are platform staff in the rules) and the admin.
@pytest.mark.parametrize("persona", ["visitor", "member", "superuser"])
def test_no_query_string_gives_a_server_error(world, persona):
    valid, people = world
    client = people[persona]()
    failed, reached = _walk(client, _hostile_query_requests(valid, staff=persona == "superuser"))
    assert not failed, "\n".join(failed)
    assert {"/institutions/", "/movements/", "/institutions/RX1/", "/movements/breathe-together/"} <= reached
    if persona != "visitor":
        assert {"/dashboard/", "/notifications/"} <= reached
    if persona == "superuser":
        assert {"/admin/institutions/institution/", "/institutions/RX1/members/"} <= reached


def test_the_walk_reaches_every_kind_of_pattern():
    """The walk is only as good as its list: our apps, allauth and the admin are all in it."""
    names = {p.name for p in all_patterns()}
    for expected in ["institutions:detail", "institutions:domain_remove", "movements:detail", "account_login"]:
        assert expected in names
    assert "notifications:unsubscribe" in names and "admin:index" in names
    assert any(p.name == "account_reset_password_from_key" and p.params == ("uidb36", "key") for p in all_patterns())

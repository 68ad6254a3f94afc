"""Per-account limits on creating movements, institutions, invitations and join requests.

One account created 11 pending movements in seconds, each emailing every moderator. Each
limit is tested at its configured value: up to it works, one more is a 429 that says how long
to wait and re-shows what was typed, and nobody else is held back.
"""

import re

import pytest
from allauth.core.internal.ratelimit import parse_rates
from django.conf import settings
from django.core.checks import run_checks
from django.urls import reverse

from core.ratelimits import _span
from institutions.models import Institution, Membership
from movements.models import Invitation, Movement
from tests.factories import UserFactory
from tests.institutions.factories import InstitutionFactory

from .catalogue import PAGES, is_text
from .samples import error_summary, page_text, value_on_page


def _page(name):
    return next(p for p in PAGES if p.name == name)


def _limit(action) -> int:
    (rate,) = parse_rates(settings.CREATION_RATE_LIMITS[action])
    return rate.amount


def _movement(world, i):
    return _page("movement creation"), {"name": f"Clean Air Group {i}"}


def _institution(world, i):
    return _page("institution registration"), {"name": f"Riverside Health {i}", "ods_code": f"RY{i}"}


def _invitation(world, i):
    return _page("organiser invitation"), {"email": f"friend{i}@example.net"}


# action, who, the n-th creation, how many rows it made, what the message says
LIMITS = {
    "movement_create": ("user", _movement, lambda w: Movement.objects.count(), "created {n} movements", "create"),
    "institution_register": (
        "user",
        _institution,
        lambda w: Institution.objects.count(),
        "registered {n} institutions",
        "register",
    ),
    "invitation_create": ("lead_a", _invitation, lambda w: Invitation.objects.count(), "sent {n} invitations", "send"),
}


def _create(client, world, make, i):
    page, changes = make(world, i)
    data = {**page.data(world), **changes}
    return client.post(page.url(world), data), data


@pytest.mark.parametrize("action", LIMITS)
def test_up_to_the_limit_works_and_one_more_is_a_429_that_keeps_what_was_typed(world, as_persona, action):
    persona, make, count, done, verb = LIMITS[action]
    client, limit = as_persona(persona), _limit(action)
    for i in range(limit):
        response, _ = _create(client, world, make, i)
        assert response.status_code == 302, f"creation {i + 1} of {limit} should work"
    before = count(world)

    response, typed = _create(client, world, make, limit)

    assert response.status_code == 429
    assert 60 <= int(response["Retry-After"]) <= 3600
    (message,) = response.context["form"].non_field_errors()
    assert re.fullmatch(
        rf"You have {done.format(n=limit)} in the last hour, which is the most we allow\. "
        rf"You can {verb} another in (1 hour|\d+ minutes)\.",
        message,
    ), message
    assert message in error_summary(response)
    fields = response.context["form"].fields
    for name, value in typed.items():
        if name in fields and is_text(fields[name]) and value:
            assert value_on_page(response, name) == value, f"{name} lost what was typed"
    assert count(world) == before, "nothing is created over the limit"


@pytest.mark.parametrize("action", LIMITS)
def test_one_account_at_its_limit_holds_back_nobody_else(world, as_persona, settings, action):
    settings.CREATION_RATE_LIMITS = {**settings.CREATION_RATE_LIMITS, action: "1/h/user"}
    persona, make, *_ = LIMITS[action]
    client = as_persona(persona)
    assert _create(client, world, make, 1)[0].status_code == 302
    assert _create(client, world, make, 2)[0].status_code == 429

    other = UserFactory(email="other.person@example.org")
    if action == "invitation_create":
        from tests.movements.factories import add_organiser

        add_organiser(world.movement_a, other)
    client.force_login(other)
    assert _create(client, world, make, 3)[0].status_code == 302


def test_a_creation_that_fails_is_not_counted(world, as_persona, settings):
    settings.CREATION_RATE_LIMITS = {**settings.CREATION_RATE_LIMITS, "institution_register": "1/h/user"}
    client = as_persona("user")
    page = _page("institution registration")
    taken = client.post(page.url(world), {**page.data(world), "ods_code": world.institution_x.ods_code})
    assert taken.status_code == 400, "RX1 is already registered"
    assert _create(client, world, _institution, 1)[0].status_code == 302


def test_join_requests_are_limited_too(world, as_persona, user):
    limit = _limit("membership_request")
    institutions = InstitutionFactory.create_batch(limit + 1)
    client = as_persona("user")
    for institution in institutions[:limit]:
        response = client.post(reverse("institutions:join", kwargs={"ods_code": institution.ods_code}))
        assert response.status_code == 302

    last = institutions[limit]
    response = client.post(reverse("institutions:join", kwargs={"ods_code": last.ods_code}))

    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    (message,) = error_summary(response)
    assert message.startswith(f"You have asked to join {limit} institutions in the last hour")
    assert "You can ask to join another in" in message
    assert not Membership.objects.filter(user=user, institution=last).exists()

    client.force_login(UserFactory(email="other.person@example.org"))
    assert client.post(reverse("institutions:join", kwargs={"ods_code": last.ods_code})).status_code == 302


def test_off_turns_a_limit_off(world, as_persona, settings):
    settings.CREATION_RATE_LIMITS = {**settings.CREATION_RATE_LIMITS, "movement_create": "off"}
    client = as_persona("user")
    for i in range(6):  # one more than the default five
        assert _create(client, world, _movement, i)[0].status_code == 302


@pytest.mark.parametrize(
    ("value", "error"),
    [("five/h/user", "core.E102"), ("5/h/key", "core.E102"), ("5/fortnight/user", "core.E102"), ("off", None)],
)
def test_a_limit_that_cannot_be_read_stops_the_service(settings, value, error):
    settings.CREATION_RATE_LIMITS = {**settings.CREATION_RATE_LIMITS, "movement_create": value}
    ids = [m.id for m in run_checks(tags=["security"]) if m.id.startswith("core.E1")]
    assert ids == ([error] if error else [])


def test_an_unknown_limit_is_named(settings):
    settings.CREATION_RATE_LIMITS = {**settings.CREATION_RATE_LIMITS, "movement_craete": "5/h/user"}
    assert "core.E101" in [m.id for m in run_checks(tags=["security"])]


def test_the_defaults_are_documented():
    readme = (settings.BASE_DIR / "README.md").read_text()
    for variable, value in [
        ("RATE_LIMIT_MOVEMENT_CREATE", "5/h/user"),
        ("RATE_LIMIT_INSTITUTION_REGISTER", "3/h/user"),
        ("RATE_LIMIT_INVITATION_CREATE", "20/h/user"),
        ("RATE_LIMIT_MEMBERSHIP_REQUEST", "10/h/user"),
    ]:
        assert f"| `{variable}` | `{value}` |" in readme


@pytest.mark.parametrize(
    ("seconds", "words"),
    [(30, "1 minute"), (61, "2 minutes"), (3599.2, "1 hour"), (3660, "1 hour and 1 minute"), (7200, "2 hours")],
)
def test_waits_are_said_in_words(seconds, words):
    assert _span(seconds) == words


@pytest.mark.parametrize(("seconds", "words"), [(60, "minute"), (600, "10 minutes"), (3600, "hour"), (86400, "day")])
def test_periods_are_said_in_words(seconds, words):
    assert _span(seconds, unit_of_one=True) == words


def test_the_page_says_it_in_the_sites_layout(world, as_persona, settings):
    settings.CREATION_RATE_LIMITS = {**settings.CREATION_RATE_LIMITS, "movement_create": "1/h/user"}
    client = as_persona("user")
    _create(client, world, _movement, 1)
    response, _ = _create(client, world, _movement, 2)
    assert response.status_code == 429
    assert "nhsuk-header" in page_text(response)

"""An old address of a movement redirects only those who may see the movement.

A 301 to the new address of a pending, rejected or hidden movement would reveal that it
exists and where it lives, so everyone who may not see it gets the same 404 as for an
address that never existed: on every movement page (walked from the URL resolver).
"""

from datetime import timedelta

import pytest
from django.utils import timezone

from movements.models import Invitation, Movement, MovementSlug
from movements.services.invitations import token_hash
from tests.urlwalk import all_patterns

from .conftest import PERSONAS, organiser_row

pytestmark = pytest.mark.django_db

OLD = "old-address"
LOGIN = 302  # signed-out people are sent to sign in before anything is looked up
SEES = {"organiser", "lead", "moderator"}  # who may see a movement that is not approved


def movement_pages():
    """Every movement URL that takes the movement's slug, with its other parameters."""
    pages = [p for p in all_patterns() if p.name.startswith("movements:") and "slug" in p.params]
    assert len(pages) >= 9
    return pages


@pytest.fixture
def paths(movement, organiser):
    """Each movement page at the movement's old address, other parameters real."""
    MovementSlug.objects.create(movement=movement, slug=OLD)
    invitation = Invitation.objects.create(
        movement=movement,
        email="new@example.org",
        invited_by=organiser,
        token_hash=token_hash("t"),
        expires_at=timezone.now() + timedelta(days=7),
    )
    values = {"organiser_uuid": str(organiser_row(movement, organiser).uuid), "invitation_uuid": str(invitation.uuid)}
    return {p.name: p.path({**values, "slug": OLD}) for p in movement_pages()}


def _answers(as_persona, url, method):
    got = {}
    for persona in PERSONAS:
        response = getattr(as_persona(persona), method)(url)
        got[persona] = (response.status_code, response.get("Location", ""))
    return got


@pytest.mark.parametrize("status", [Movement.Status.PENDING, Movement.Status.REJECTED, Movement.Status.HIDDEN])
@pytest.mark.parametrize("method", ["get", "post"])
def test_old_address_of_a_movement_not_public_is_a_404_to_those_who_may_not_see_it(
    as_persona, movement, paths, status, method
):
    Movement.objects.filter(pk=movement.pk).update(status=status)
    for name, url in paths.items():
        got = _answers(as_persona, url, method)
        for persona, (code, location) in got.items():
            # 405: a page that only takes POST refuses a GET before it looks anything up.
            if persona in SEES:
                assert code in (301, 405), (name, persona, code)
            else:
                assert code in (404, LOGIN, 405), (name, persona, code)
                assert "breathe-together" not in location, (name, persona, location)
            if code == 301:
                assert location.startswith("/movements/breathe-together/"), (name, location)


def test_old_address_of_an_approved_movement_redirects_everyone(as_persona, movement, paths):
    got = _answers(as_persona, paths["movements:detail"], "get")
    assert got == {persona: (301, "/movements/breathe-together/") for persona in PERSONAS}


def test_old_address_answers_exactly_like_an_unknown_one_for_a_hidden_movement(as_persona, movement, paths):
    Movement.objects.filter(pk=movement.pk).update(status=Movement.Status.HIDDEN)
    for persona in ["visitor", "user", "other_lead"]:
        client = as_persona(persona)
        old = client.get(paths["movements:detail"])
        unknown = client.get("/movements/never-existed/")
        assert old.status_code == unknown.status_code == 404
        assert old.templates[0].name == unknown.templates[0].name
        assert movement.name not in old.content.decode()

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
from tests.matrix import LOGIN, SET_UP_TWO_FACTOR, assert_matrix, redirect
from tests.urlwalk import all_patterns

from .conftest import organiser_row

pytestmark = pytest.mark.django_db

OLD = "old-address"
NEW = "/movements/breathe-together/"
SEES = ("lead_a", "organiser_a", "moderator", "superuser")  # who may see a movement that is not approved
NO_TWO_FACTOR = "moderator_without_two_factor"

# The methods each page answers (anything else is 405 before a lookup); every page but the
# profile asks a visitor to sign in first. A new movement page must be added here.
METHODS = {
    "movements:detail": {"get"},
    "movements:review": {"get", "post"},
    "movements:edit": {"get", "post"},
    "movements:organisers": {"get"},
    "movements:organiser_invite": {"post"},
    "movements:organiser_leave": {"get", "post"},
    "movements:organiser_role": {"post"},
    "movements:organiser_remove": {"get", "post"},
    "movements:invitation_revoke": {"post"},
    "movements:close": {"get", "post"},
    "movements:reopen": {"get", "post"},
}
PUBLIC = {"movements:detail"}


def movement_pages():
    """Every movement URL that takes the movement's slug, with its other parameters."""
    pages = [p for p in all_patterns() if p.name.startswith("movements:") and "slug" in p.params]
    assert {p.name for p in pages} == set(METHODS)
    return pages


def hidden_matrix(page, method):
    """(expected, others) from the old address of a movement that is not public."""
    answered = method in METHODS[page]
    expected = {
        "visitor": (404 if answered else 405) if page in PUBLIC else LOGIN,
        NO_TWO_FACTOR: SET_UP_TWO_FACTOR,
    }
    if not answered:
        return expected, 405
    return {**expected, SEES: redirect(NEW)}, 404


@pytest.fixture
def paths(movement_a, organiser_a):
    """Each movement page at the movement's old address, other parameters real."""
    MovementSlug.objects.create(movement=movement_a, slug=OLD)
    invitation = Invitation.objects.create(
        movement=movement_a,
        email="new@example.org",
        invited_by=organiser_a,
        token_hash=token_hash("t"),
        expires_at=timezone.now() + timedelta(days=7),
    )
    values = {
        "organiser_uuid": str(organiser_row(movement_a, organiser_a).uuid),
        "invitation_uuid": str(invitation.uuid),
    }
    return {p.name: p.path({**values, "slug": OLD}) for p in movement_pages()}


@pytest.mark.parametrize("status", [Movement.Status.PENDING, Movement.Status.REJECTED, Movement.Status.HIDDEN])
@pytest.mark.parametrize("method", ["get", "post"])
def test_old_address_of_a_movement_not_public_is_a_404_to_those_who_may_not_see_it(
    as_persona, movement_a, movement_b, paths, status, method
):
    Movement.objects.filter(pk=movement_a.pk).update(status=status)
    for name, url in paths.items():
        expected, others = hidden_matrix(name, method)
        assert_matrix(as_persona, url, expected, others=others, method=method)


def test_old_address_of_an_approved_movement_redirects_everyone(as_persona, movement_a, movement_b, paths):
    assert_matrix(as_persona, paths["movements:detail"], {NO_TWO_FACTOR: SET_UP_TWO_FACTOR}, others=redirect(NEW))
    response = as_persona("visitor").get(paths["movements:detail"])
    assert (response.status_code, response["Location"]) == (301, NEW)


def test_old_address_answers_exactly_like_an_unknown_one_for_a_hidden_movement(as_persona, movement_a, paths):
    Movement.objects.filter(pk=movement_a.pk).update(status=Movement.Status.HIDDEN)
    for persona in ["visitor", "user", "lead_b"]:
        client = as_persona(persona)
        old = client.get(paths["movements:detail"])
        unknown = client.get("/movements/never-existed/")
        assert old.status_code == unknown.status_code == 404
        assert old.templates[0].name == unknown.templates[0].name
        assert movement_a.name not in old.content.decode()

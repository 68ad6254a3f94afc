"""Permission matrix: every movements view × every shared persona.

Someone who may not see a movement gets 404; someone who may see it but not change it gets
403; nobody signed in is sent to sign in where the page needs an account. Platform staff
(moderators and superusers) see every movement; a moderator who has not set up two-factor
authentication is sent to set it up whatever they open.
"""

import pytest
from django.urls import reverse

from tests.matrix import LOGIN, SET_UP_TWO_FACTOR, assert_matrix, redirect, refusals_then

from .conftest import organiser_row

pytestmark = pytest.mark.django_db

ORGANISERS = ("lead_a", "organiser_a")
STAFF = ("moderator", "superuser")
NO_TWO_FACTOR = "moderator_without_two_factor"

# view name -> (expected, others) for movement A, which is approved
APPROVED_GET = {
    "movements:detail": ({NO_TWO_FACTOR: SET_UP_TWO_FACTOR}, 200),
    "movements:edit": ({"visitor": LOGIN, ORGANISERS: 200, NO_TWO_FACTOR: SET_UP_TWO_FACTOR}, 403),
    "movements:organisers": (
        {"visitor": LOGIN, ORGANISERS: 200, STAFF: 200, NO_TWO_FACTOR: SET_UP_TWO_FACTOR},
        403,
    ),
    "movements:organiser_leave": ({"visitor": LOGIN, ORGANISERS: 200, NO_TWO_FACTOR: SET_UP_TWO_FACTOR}, 403),
}

# Pending and rejected movements exist only for their organisers and platform staff.
HIDDEN_GET = {
    "movements:detail": ({ORGANISERS: 200, STAFF: 200, NO_TWO_FACTOR: SET_UP_TWO_FACTOR}, 404),
    "movements:edit": (
        {"visitor": LOGIN, ORGANISERS: 200, STAFF: 403, NO_TWO_FACTOR: SET_UP_TWO_FACTOR},
        404,
    ),
    "movements:organisers": (
        {"visitor": LOGIN, ORGANISERS: 200, STAFF: 200, NO_TWO_FACTOR: SET_UP_TWO_FACTOR},
        404,
    ),
}

# Refusals of a POST to movement A's pages: sign in first, then 403 (the movement is public).
REFUSED_POST = {"visitor": LOGIN, NO_TWO_FACTOR: SET_UP_TWO_FACTOR}


def organisers_of(movement):
    """Where a change to the organisers leads back to."""
    return reverse("movements:organisers", kwargs={"slug": movement.slug})


@pytest.mark.parametrize("view", APPROVED_GET)
def test_approved_movement_pages(as_persona, movement_a, movement_b, view):
    expected, others = APPROVED_GET[view]
    assert_matrix(as_persona, reverse(view, kwargs={"slug": movement_a.slug}), expected, others=others)


@pytest.mark.parametrize("fixture", ["pending_movement", "rejected_movement"])
@pytest.mark.parametrize("view", HIDDEN_GET)
def test_pending_and_rejected_movements_are_hidden(request, as_persona, movement_b, fixture, view):
    hidden = request.getfixturevalue(fixture)
    expected, others = HIDDEN_GET[view]
    assert_matrix(as_persona, reverse(view, kwargs={"slug": hidden.slug}), expected, others=others)


def test_create_page_needs_an_account(as_persona):
    assert_matrix(
        as_persona,
        reverse("movements:create"),
        {"visitor": LOGIN, NO_TWO_FACTOR: SET_UP_TWO_FACTOR},
        others=200,
    )


def test_directory_is_public(as_persona, movement_a):
    assert_matrix(as_persona, reverse("movements:list"), {NO_TWO_FACTOR: SET_UP_TWO_FACTOR}, others=200)


@pytest.mark.parametrize("allowed", ORGANISERS)
def test_invite(as_persona, movement_a, movement_b, allowed):
    assert_matrix(
        as_persona,
        reverse("movements:organiser_invite", kwargs={"slug": movement_a.slug}),
        {**REFUSED_POST, allowed: redirect(organisers_of(movement_a))},
        others=403,
        method="post",
        data={"email": "new@example.org", "role": "organiser"},
        only=refusals_then(allowed, ORGANISERS),
    )
    assert list(movement_a.invitations.values_list("email", flat=True)) == ["new@example.org"]


def test_change_role_is_for_leads(as_persona, movement_a, organiser_a, movement_b):
    row = organiser_row(movement_a, organiser_a)
    url = reverse("movements:organiser_role", kwargs={"slug": movement_a.slug, "organiser_uuid": row.uuid})
    assert_matrix(
        as_persona,
        url,
        {**REFUSED_POST, "lead_a": redirect(organisers_of(movement_a))},
        others=403,
        method="post",
        data={"role": "lead"},
        only=refusals_then("lead_a"),
    )
    row.refresh_from_db()
    assert row.role == "lead"


def test_remove_page_is_for_leads(as_persona, movement_a, organiser_a, movement_b):
    row = organiser_row(movement_a, organiser_a)
    url = reverse("movements:organiser_remove", kwargs={"slug": movement_a.slug, "organiser_uuid": row.uuid})
    assert_matrix(as_persona, url, {**REFUSED_POST, "lead_a": 200}, others=403)


def test_remove_post_is_for_leads(as_persona, movement_a, organiser_a, movement_b):
    row = organiser_row(movement_a, organiser_a)
    url = reverse("movements:organiser_remove", kwargs={"slug": movement_a.slug, "organiser_uuid": row.uuid})
    assert_matrix(
        as_persona,
        url,
        {**REFUSED_POST, "lead_a": redirect(organisers_of(movement_a))},
        others=403,
        method="post",
        only=refusals_then("lead_a"),
    )
    assert not movement_a.organisers.filter(user=organiser_a).exists()


@pytest.mark.parametrize("allowed", ORGANISERS)
def test_revoke_invitation(as_persona, movement_a, lead_a, movement_b, allowed):
    from movements.services import invitation_create

    invitation, _token = invitation_create(actor=lead_a, movement=movement_a, email="someone@example.org")
    url = reverse("movements:invitation_revoke", kwargs={"slug": movement_a.slug, "invitation_uuid": invitation.uuid})
    assert_matrix(
        as_persona,
        url,
        {**REFUSED_POST, allowed: redirect(organisers_of(movement_a))},
        others=403,
        method="post",
        only=refusals_then(allowed, ORGANISERS),
    )
    invitation.refresh_from_db()
    assert invitation.revoked_at is not None


def test_edit_post_by_non_organiser_changes_nothing(as_persona, movement_a):
    url = reverse("movements:edit", kwargs={"slug": movement_a.slug})
    response = as_persona("user").post(url, {"name": "Hijacked"})
    assert response.status_code == 403
    movement_a.refresh_from_db()
    assert movement_a.name == "Breathe Together"


def test_unknown_slug_is_404(as_persona):
    assert as_persona("lead_a").get("/movements/no-such-movement/").status_code == 404


def test_get_only_views_refuse_other_methods(as_persona, movement_a):
    assert as_persona("lead_a").post(reverse("movements:detail", kwargs={"slug": movement_a.slug})).status_code == 405

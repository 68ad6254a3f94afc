"""Permission matrix: every movements view × every persona.

Someone who may not see a movement gets 404; someone who may see it but not
change it gets 403; nobody signed in is sent to sign in (302) where the page
needs an account.
"""

import pytest
from django.urls import reverse

from .conftest import PERSONAS, organiser_row

pytestmark = pytest.mark.django_db

LOGIN = 302

# view name -> expected status per persona, for an approved movement
APPROVED_GET = {
    "movements:detail": dict(visitor=200, user=200, organiser=200, lead=200, other_lead=200, moderator=200),
    "movements:edit": dict(visitor=LOGIN, user=403, organiser=200, lead=200, other_lead=403, moderator=403),
    "movements:organisers": dict(visitor=LOGIN, user=403, organiser=200, lead=200, other_lead=403, moderator=200),
    "movements:organiser_leave": dict(visitor=LOGIN, user=403, organiser=200, lead=200, other_lead=403, moderator=403),
}

# Pending and rejected movements exist only for their organisers and moderators.
HIDDEN_GET = {
    "movements:detail": dict(visitor=404, user=404, organiser=200, lead=200, other_lead=404, moderator=200),
    "movements:edit": dict(visitor=LOGIN, user=404, organiser=200, lead=200, other_lead=404, moderator=403),
    "movements:organisers": dict(visitor=LOGIN, user=404, organiser=200, lead=200, other_lead=404, moderator=200),
}


def _cases(table):
    return [(view, persona, table[view][persona]) for view in table for persona in PERSONAS]


@pytest.mark.parametrize("view,persona,expected", _cases(APPROVED_GET))
def test_approved_movement_pages(as_persona, movement, other_movement, view, persona, expected):
    response = as_persona(persona).get(reverse(view, kwargs={"slug": movement.slug}))
    assert response.status_code == expected
    if expected == LOGIN:
        assert response.url.startswith("/accounts/login/")


@pytest.mark.parametrize("fixture", ["pending_movement", "rejected_movement"])
@pytest.mark.parametrize("view,persona,expected", _cases(HIDDEN_GET))
def test_pending_and_rejected_movements_are_hidden(
    request, as_persona, other_movement, fixture, view, persona, expected
):
    hidden = request.getfixturevalue(fixture)
    response = as_persona(persona).get(reverse(view, kwargs={"slug": hidden.slug}))
    assert response.status_code == expected


@pytest.mark.parametrize(
    "persona,expected", [("visitor", LOGIN), ("user", 200), ("organiser", 200), ("lead", 200), ("moderator", 200)]
)
def test_create_page_needs_an_account(as_persona, persona, expected):
    assert as_persona(persona).get(reverse("movements:create")).status_code == expected


@pytest.mark.parametrize("persona", PERSONAS)
def test_directory_is_public(as_persona, movement, persona):
    assert as_persona(persona).get(reverse("movements:list")).status_code == 200


@pytest.mark.parametrize(
    "persona,expected",
    [("visitor", LOGIN), ("user", 403), ("organiser", 302), ("lead", 302), ("other_lead", 403), ("moderator", 403)],
)
def test_invite(as_persona, movement, other_movement, persona, expected):
    url = reverse("movements:organiser_invite", kwargs={"slug": movement.slug})
    response = as_persona(persona).post(url, {"email": "new@example.org", "role": "organiser"})
    assert response.status_code == expected
    if expected == 302 and persona != "visitor":
        assert response.url == reverse("movements:organisers", kwargs={"slug": movement.slug})


@pytest.mark.parametrize(
    "persona,expected",
    [("visitor", LOGIN), ("user", 403), ("organiser", 403), ("lead", 302), ("other_lead", 403), ("moderator", 403)],
)
def test_change_role_is_for_leads(as_persona, movement, organiser, other_movement, persona, expected):
    row = organiser_row(movement, organiser)
    url = reverse("movements:organiser_role", kwargs={"slug": movement.slug, "organiser_uuid": row.uuid})
    response = as_persona(persona).post(url, {"role": "lead"})
    assert response.status_code == expected
    row.refresh_from_db()
    assert row.role == ("lead" if persona == "lead" else "organiser")


@pytest.mark.parametrize(
    "persona,expected",
    [("visitor", LOGIN), ("user", 403), ("organiser", 403), ("lead", 200), ("other_lead", 403), ("moderator", 403)],
)
def test_remove_page_is_for_leads(as_persona, movement, organiser, other_movement, persona, expected):
    row = organiser_row(movement, organiser)
    url = reverse("movements:organiser_remove", kwargs={"slug": movement.slug, "organiser_uuid": row.uuid})
    assert as_persona(persona).get(url).status_code == expected


@pytest.mark.parametrize(
    "persona,expected",
    [("visitor", LOGIN), ("user", 403), ("organiser", 403), ("lead", 302), ("other_lead", 403), ("moderator", 403)],
)
def test_remove_post_is_for_leads(as_persona, movement, organiser, other_movement, persona, expected):
    row = organiser_row(movement, organiser)
    url = reverse("movements:organiser_remove", kwargs={"slug": movement.slug, "organiser_uuid": row.uuid})
    assert as_persona(persona).post(url).status_code == expected
    assert movement.organisers.filter(user=organiser).exists() == (persona != "lead")


@pytest.mark.parametrize(
    "persona,expected",
    [("visitor", LOGIN), ("user", 403), ("organiser", 302), ("lead", 302), ("other_lead", 403), ("moderator", 403)],
)
def test_revoke_invitation(as_persona, movement, lead, other_movement, persona, expected):
    from movements.services import invitation_create

    invitation, _token = invitation_create(actor=lead, movement=movement, email="someone@example.org")
    url = reverse("movements:invitation_revoke", kwargs={"slug": movement.slug, "invitation_uuid": invitation.uuid})
    assert as_persona(persona).post(url).status_code == expected
    invitation.refresh_from_db()
    assert (invitation.revoked_at is not None) == (persona in ("organiser", "lead"))


def test_edit_post_by_non_organiser_changes_nothing(as_persona, movement):
    url = reverse("movements:edit", kwargs={"slug": movement.slug})
    response = as_persona("user").post(url, {"name": "Hijacked"})
    assert response.status_code == 403
    movement.refresh_from_db()
    assert movement.name == "Breathe Together"


def test_unknown_slug_is_404(as_persona):
    assert as_persona("lead").get("/movements/no-such-movement/").status_code == 404


def test_get_only_views_refuse_other_methods(as_persona, movement):
    assert as_persona("lead").post(reverse("movements:detail", kwargs={"slug": movement.slug})).status_code == 405

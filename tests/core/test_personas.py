"""The shared personas are who they say they are, and the matrix helper catches a wrong cell."""

import pytest

from institutions.models import Membership
from movements.models import Organiser
from tests.matrix import LOGIN, assert_matrix, redirect, refusals_then
from tests.personas import PERSONAS

pytestmark = pytest.mark.django_db


def test_movement_people_belong_to_their_movements(lead_a, organiser_b, movement_a, movement_b):
    assert Organiser.objects.get(user=lead_a).movement == movement_a
    assert Organiser.objects.get(user=lead_a).role == Organiser.Role.LEAD
    assert Organiser.objects.get(user=organiser_b).movement == movement_b
    assert Organiser.objects.get(user=organiser_b).role == Organiser.Role.ORGANISER


def test_asking_for_a_movement_person_makes_the_movement(organiser_a):
    assert Organiser.objects.get(user=organiser_a).movement.name == "Breathe Together"


@pytest.mark.parametrize(
    ("name", "role", "status", "signatory"),
    [
        ("pending_member_x", "member", "pending", False),
        ("member_x", "member", "verified", False),
        ("reviewer_x", "reviewer", "verified", False),
        ("signatory_x", "member", "verified", True),
        ("admin_x", "admin", "verified", True),
    ],
)
def test_institution_x_people(request, name, role, status, signatory):
    person = request.getfixturevalue(name)
    membership = Membership.objects.get(user=person)
    assert (membership.institution.ods_code, membership.role, membership.status, membership.is_signatory) == (
        "RX1",
        role,
        status,
        signatory,
    )


def test_staff_have_two_factor(moderator, admin_x, admin_y, superuser):
    from allauth.mfa.models import Authenticator

    for person in (moderator, admin_x, admin_y, superuser):
        assert Authenticator.objects.filter(user=person).exists(), person


def test_personas_lists_everyone_lazily(personas):
    assert list(personas) == list(PERSONAS)
    assert personas["visitor"] is None
    assert personas["member_y"].email == "yusuf@other-trust.nhs.uk"
    with pytest.raises(KeyError):
        personas["nobody"]


def test_the_matrix_passes_when_every_cell_is_right(as_persona):
    assert_matrix(
        as_persona,
        "/dashboard/",
        {"visitor": LOGIN, "moderator_without_two_factor": redirect("/accounts/2fa/")},
        others=200,
    )


def test_the_matrix_reports_a_wrong_cell(as_persona):
    with pytest.raises(AssertionError, match="visitor: expected 200"):
        assert_matrix(as_persona, "/dashboard/", {}, others=200)


def test_the_matrix_refuses_to_forget_a_persona(as_persona):
    with pytest.raises(ValueError, match="says nothing about"):
        assert_matrix(as_persona, "/dashboard/", {"visitor": LOGIN})


def test_the_matrix_makes_everyone_before_asking_anyone(as_persona, pending_member_x):
    # Moderators decide requests only where an institution has no admin. admin_x is asked
    # last but made first, so the moderator already finds institution X with an admin.
    request = Membership.objects.get(user=pending_member_x)
    url = f"/institutions/RX1/members/{request.uuid}/decide/"
    assert_matrix(as_persona, url, {"moderator": 403, "admin_x": 200}, others=404, only=["moderator", "admin_x"])


def test_refusals_then_asks_the_one_allowed_last():
    order = refusals_then("lead_a", {"lead_a", "organiser_a"})
    assert order[-1] == "lead_a" and "organiser_a" not in order
    assert sorted(order) == sorted(name for name in PERSONAS if name != "organiser_a")

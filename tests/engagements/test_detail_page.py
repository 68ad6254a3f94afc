"""The detail page: 404 to all but the two parties and moderators; private notes only for the reviewing side."""

import pytest
from django.urls import reverse

from engagements import services
from tests.engagements.conftest import fresh
from tests.matrix import LOGIN, assert_matrix, redirect

pytestmark = pytest.mark.django_db


def test_who_sees_a_sent_engagement(as_persona, submitted):
    assert_matrix(
        as_persona,
        reverse("engagements:detail", kwargs={"engagement_uuid": submitted.uuid}),
        {
            "visitor": LOGIN,
            ("lead_a", "organiser_a", "member_x", "reviewer_x", "signatory_x", "admin_x"): 200,
            ("moderator", "superuser"): 200,
            "moderator_without_two_factor": redirect("/accounts/2fa/"),  # set up two-factor first
        },
        others=404,
    )


def test_who_sees_a_draft(as_persona, draft):
    assert_matrix(
        as_persona,
        reverse("engagements:detail", kwargs={"engagement_uuid": draft.uuid}),
        {"visitor": LOGIN, ("lead_a", "organiser_a"): 200, "moderator_without_two_factor": redirect("/accounts/2fa/")},
        others=404,
    )


def test_private_notes_never_reach_the_movement_side(as_persona, submitted, reviewer_x, organiser_a):
    services.reviewer_note_create(actor=reviewer_x, engagement=submitted, body="SECRET-NOTE about the budget.")
    services.comment_create(actor=organiser_a, engagement=fresh(submitted), body="We can start in May.")
    url = reverse("engagements:detail", kwargs={"engagement_uuid": submitted.uuid})
    body = as_persona("reviewer_x").get(url).content.decode()
    assert "SECRET-NOTE" in body and "We can start in May." in body
    for name in ("organiser_a", "lead_a", "moderator", "member_x"):
        body = as_persona(name).get(url).content.decode()
        assert "SECRET-NOTE" not in body and "We can start in May." in body, name


def test_the_page_says_who_waits_on_whom_and_the_deadline(as_persona, submitted):
    url = reverse("engagements:detail", kwargs={"engagement_uuid": submitted.uuid})
    body = as_persona("organiser_a").get(url).content.decode()
    assert "Breathe Together is waiting for Example Trust to respond." in body
    assert "23 March 2026" in body

"""Proposing through the pages: who proposes, to whom, how; one question a page; Check your answers; send."""

import pytest
from django.urls import reverse

from engagements.models import Engagement
from tests.engagements.conftest import WORDS
from tests.matrix import LOGIN, assert_matrix, redirect

pytestmark = pytest.mark.django_db


def _start(client, **data):
    return client.post(reverse("engagements:new"), data)


def test_who_may_start_a_proposal(as_persona, movement_a, movement_b, open_x):
    assert_matrix(
        as_persona,
        reverse("engagements:new"),
        {
            "visitor": LOGIN,
            ("lead_a", "organiser_a", "lead_b", "organiser_b"): 200,
            ("member_x", "reviewer_x", "signatory_x", "admin_x", "member_y", "admin_y"): 200,
            "moderator_without_two_factor": redirect("/accounts/2fa/"),
        },
        others=403,
    )


def test_an_organiser_proposes_through_check_your_answers(as_persona, movement_a, open_x, way, reviewer_x):
    client = as_persona("organiser_a")
    page = client.get(reverse("engagements:new"), {"to": "institution:RX1"})
    assert page.status_code == 200 and way.name in page.content.decode()
    response = _start(client, **{"for": "movement:breathe-together", "to": "institution:RX1", "model": way.slug})
    engagement = Engagement.objects.get()
    assert engagement.status == "draft" and engagement.model == way
    assert response.status_code == 302 and response["Location"].endswith("/proposal/title/")
    steps = {
        "title": {"title": WORDS["title"]},
        "ask": {"ask": WORDS["ask"]},
        "brings": {k: WORDS[k] for k in ("movement_brings", "institution_brings")},
        "purpose": {k: WORDS[k] for k in ("shared_purpose", "outcomes")},
        "timescale": {"timescale": WORDS["timescale"]},
    }
    for step, data in steps.items():
        url = reverse("engagements:step", kwargs={"engagement_uuid": engagement.uuid, "step": step})
        assert client.get(url).status_code == 200
        assert client.post(url, data).status_code == 302
    check = reverse("engagements:check", kwargs={"engagement_uuid": engagement.uuid})
    body = client.get(check).content.decode()
    assert "Check your answers" in body and WORDS["ask"] in body and "?return=check" in body
    response = client.post(check)
    assert response.status_code == 302
    engagement.refresh_from_db()
    assert engagement.status == "submitted" and engagement.deadline is not None


def test_an_invalid_field_loses_nothing(as_persona, draft):
    client = as_persona("organiser_a")
    url = reverse("engagements:step", kwargs={"engagement_uuid": draft.uuid, "step": "purpose"})
    response = client.post(url, {"shared_purpose": "x" * 2001, "outcomes": "Fewer missed appointments, kept."})
    body = response.content.decode()
    assert response.status_code == 400
    assert "must be 2,000 characters or fewer (it has 2,001)" in body and "x" * 2001 in body
    draft.refresh_from_db()
    assert draft.outcomes == "Fewer missed appointments, kept."  # the valid field was saved


def test_a_required_field_left_blank_is_named_and_later_saves_anyway(as_persona, draft):
    client = as_persona("organiser_a")
    url = reverse("engagements:step", kwargs={"engagement_uuid": draft.uuid, "step": "brings"})
    response = client.post(url, {"movement_brings": "", "institution_brings": "A room."})
    assert response.status_code == 400
    assert "Fill in “What the movement brings”: this way of working needs it" in response.content.decode()
    response = client.post(url, {"movement_brings": "", "institution_brings": "A room.", "later": "1"})
    assert response.status_code == 302 and response["Location"] == reverse("engagements:mine")
    draft.refresh_from_db()
    assert draft.movement_brings == "" and draft.institution_brings == "A room."


def test_sending_with_a_missing_answer_links_to_its_question(as_persona, draft):
    Engagement.objects.filter(pk=draft.pk).update(shared_purpose="")
    client = as_persona("organiser_a")
    response = client.post(reverse("engagements:check", kwargs={"engagement_uuid": draft.uuid}))
    body = response.content.decode()
    assert response.status_code == 400 and "/proposal/purpose/?return=check" in body
    draft.refresh_from_db()
    assert draft.status == "draft"


def test_only_the_proposers_edit_a_draft(as_persona, draft):
    assert_matrix(
        as_persona,
        reverse("engagements:step", kwargs={"engagement_uuid": draft.uuid, "step": "title"}),
        {"visitor": LOGIN, ("lead_a", "organiser_a"): 200, "moderator_without_two_factor": redirect("/accounts/2fa/")},
        others=404,
    )


def test_a_sent_proposal_can_be_read_but_not_edited(as_persona, submitted):
    assert_matrix(
        as_persona,
        reverse("engagements:check", kwargs={"engagement_uuid": submitted.uuid}),
        {
            "visitor": LOGIN,
            ("lead_a", "organiser_a", "member_x", "reviewer_x", "signatory_x", "admin_x", "moderator"): 403,
            "superuser": 403,
            "moderator_without_two_factor": redirect("/accounts/2fa/"),
        },
        others=404,
    )


def test_a_draft_is_deleted_after_confirming(as_persona, draft):
    client = as_persona("lead_a")
    url = reverse("engagements:delete", kwargs={"engagement_uuid": draft.uuid})
    assert "Delete this draft?" in client.get(url).content.decode()
    assert client.post(url).status_code == 302
    assert not Engagement.objects.filter(pk=draft.pk).exists()


def test_an_institution_member_proposes_to_a_movement_open_to_proposals(as_persona, movement_a, member_x, way):
    movement_a.open_to_proposals = True
    movement_a.save()
    client = as_persona("member_x")
    page = client.get(reverse("engagements:new"), {"to": "movement:breathe-together"})
    assert page.status_code == 200 and "Choose how to work with Breathe Together" in page.content.decode()
    response = _start(client, **{"for": "institution:RX1", "to": "movement:breathe-together", "model": way.slug})
    assert response.status_code == 302
    engagement = Engagement.objects.get()
    assert engagement.direction == "to_movement" and engagement.institution.ods_code == "RX1"


def test_a_movement_not_open_to_proposals_is_not_offered(as_persona, movement_a, member_x, way):
    movement_a.open_to_proposals = False
    movement_a.save()
    response = as_persona("member_x").get(reverse("engagements:new"), {"to": "movement:breathe-together"})
    assert response.status_code == 400 and "the one you picked is not taking proposals now" in response.content.decode()


def test_a_model_the_institution_is_not_open_to_is_refused(as_persona, movement_a, open_x, way):
    from tests.engagements.factories import EngagementModelFactory

    other = EngagementModelFactory(name="Funder", slug="funder-x")
    response = _start(
        as_persona("organiser_a"), **{"for": "movement:breathe-together", "to": "institution:RX1", "model": other.slug}
    )
    assert response.status_code == 400 and not Engagement.objects.exists()

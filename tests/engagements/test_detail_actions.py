"""The detail page's actions: each offered only when the rule allows, and every offered one works."""

import re

import pytest
from django.db import transaction
from django.urls import reverse

from engagements import services
from engagements.models import Comment, Engagement, ReviewerNote
from tests.engagements.conftest import fresh
from tests.personas import PERSONAS

pytestmark = pytest.mark.django_db

DATA = {
    "request_changes": {"reason": "Say how many sessions a month."},
    "accept": {},
    "decline": {"category": "no_capacity", "reason": "Not this year."},
    "withdraw": {"reason": ""},
}
AFTER = {"request_changes": "changes_requested", "accept": "accepted", "decline": "declined", "withdraw": "withdrawn"}
SIGNED_IN = [name for name in PERSONAS if name not in ("visitor", "moderator_without_two_factor")]


def _offered(body, engagement):
    base = f"/engagements/{engagement.uuid}/"
    return {name for name in DATA if f'href="{base}{name.replace("_", "-")}/"' in body}


@pytest.mark.parametrize("state", ["submitted", "in_review", "to_movement"])
@pytest.mark.parametrize("name", SIGNED_IN)
def test_every_offered_action_works_and_only_those(request, as_persona, personas, name, state):
    engagement = request.getfixturevalue(state)
    client = as_persona(name)
    page = client.get(engagement.get_absolute_url())
    if page.status_code == 404:
        assert not personas[name].has_perm("engagements.see_engagement", fresh(engagement))
        return
    offered = _offered(page.content.decode(), engagement)
    allowed = {a for a in DATA if personas[name].has_perm(f"engagements.{a}_engagement", fresh(engagement))}
    assert offered == allowed, name
    for action in offered:
        url = reverse(f"engagements:{action}", kwargs={"engagement_uuid": engagement.uuid})
        with transaction.atomic():
            assert client.get(url).status_code == 200
            response = client.post(url, DATA[action])
            assert response.status_code == 302, (action, response.content.decode()[:500])
            assert Engagement.objects.get(pk=engagement.pk).status == AFTER[action]
            transaction.set_rollback(True)
    for action in set(DATA) - offered:
        url = reverse(f"engagements:{action}", kwargs={"engagement_uuid": engagement.uuid})
        assert client.post(url, DATA[action]).status_code == 403
    assert Engagement.objects.get(pk=engagement.pk).status == engagement.status


def test_a_reason_is_required_and_kept_when_missing(as_persona, submitted):
    client = as_persona("reviewer_x")
    response = client.post(
        reverse("engagements:decline", kwargs={"engagement_uuid": submitted.uuid}), {"category": "other"}
    )
    body = response.content.decode()
    assert (
        response.status_code == 400
        and "Give the proposers a reason for declining" in body
        and re.search(r'value="other"[^>]*checked', body)
    )
    response = client.post(reverse("engagements:request_changes", kwargs={"engagement_uuid": submitted.uuid}), {})
    assert response.status_code == 400 and "Say what should change" in response.content.decode()
    assert fresh(submitted).status == "submitted"


def test_assign_to_me_and_to_a_colleague(as_persona, submitted, reviewer_x, admin_x):
    client = as_persona("admin_x")
    body = client.get(submitted.get_absolute_url()).content.decode()
    assert "Assign to me" in body and "Rhys Reviewer" in body
    key = re.search(r'<option value="([0-9a-f-]+)">Rhys Reviewer</option>', body).group(1)
    response = client.post(reverse("engagements:assign", kwargs={"engagement_uuid": submitted.uuid}), {"reviewer": key})
    assert response.status_code == 302
    engagement = fresh(submitted)
    assert engagement.reviewer == reviewer_x and engagement.status == "in_review"
    response = client.post(reverse("engagements:assign", kwargs={"engagement_uuid": submitted.uuid}), {"reviewer": "x"})
    assert response.status_code == 400


def test_notes_only_for_the_reviewing_side(as_persona, submitted):
    url = reverse("engagements:note", kwargs={"engagement_uuid": submitted.uuid})
    assert as_persona("organiser_a").post(url, {"note": "Peek"}).status_code == 403
    assert as_persona("moderator").post(url, {"note": "Peek"}).status_code == 403
    assert as_persona("reviewer_x").post(url, {"note": "Budget is tight."}).status_code == 302
    assert ReviewerNote.objects.get().body == "Budget is tight."
    assert "Budget is tight." not in as_persona("organiser_a").get(submitted.get_absolute_url()).content.decode()


def test_comments_added_and_corrected_within_15_minutes(as_persona, submitted, organiser_a):
    client = as_persona("organiser_a")
    url = reverse("engagements:comment", kwargs={"engagement_uuid": submitted.uuid})
    response = client.post(url, {"body": ""})
    assert response.status_code == 400 and "Write your comment" in response.content.decode()
    assert client.post(url, {"body": "We can start in May."}).status_code == 302
    comment = Comment.objects.get()
    edit = reverse("engagements:comment_edit", kwargs={"engagement_uuid": submitted.uuid, "comment_uuid": comment.uuid})
    assert edit in client.get(submitted.get_absolute_url()).content.decode()
    assert client.post(edit, {"body": "We can start in June."}).status_code == 302
    comment.refresh_from_db()
    assert comment.body == "We can start in June." and comment.edited_at
    assert as_persona("reviewer_x").post(edit, {"body": "Not mine"}).status_code == 403
    Comment.objects.filter(pk=comment.pk).update(created_at=comment.created_at.replace(year=2020))
    response = as_persona("organiser_a").post(edit, {"body": "Too late"})
    assert response.status_code == 302 and Comment.objects.get().body == "We can start in June."


def test_edit_and_resubmit_shows_reviewers_the_difference(as_persona, submitted, reviewer_x, organiser_a):
    services.engagement_request_changes(actor=reviewer_x, engagement=submitted, reason="Fewer sessions.")
    client = as_persona("organiser_a")
    assert "Change the proposal and send it again" in client.get(submitted.get_absolute_url()).content.decode()
    step = reverse("engagements:step", kwargs={"engagement_uuid": submitted.uuid, "step": "ask"})
    client.post(f"{step}?return=check", {"ask": "A room every other month and a nurse to co-host."})
    check = reverse("engagements:check", kwargs={"engagement_uuid": submitted.uuid})
    assert "Fewer sessions." in client.get(check).content.decode()
    assert client.post(check).status_code == 302
    assert fresh(submitted).status == "submitted"
    body = as_persona("reviewer_x").get(submitted.get_absolute_url()).content.decode()
    assert "What changed" in body and "<ins>every other</ins>" in body

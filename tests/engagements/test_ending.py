"""Ending, completing and withdrawing an active engagement: the pages, who may, and that nothing is deleted."""

import datetime
import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from engagements import services
from engagements.models import (
    AgreementVersion,
    CheckIn,
    Commitment,
    CommitmentUpdate,
    Engagement,
    Signature,
    TimelineEvent,
)
from notifications.models import Notification
from tests.engagements.conftest import MONDAY, fresh
from tests.matrix import LOGIN, SET_UP_TWO_FACTOR, assert_matrix, refusals_then

pytestmark = pytest.mark.django_db

NOW = MONDAY + datetime.timedelta(days=30)
CLOSERS = ("lead_a", "organiser_a", "reviewer_x", "admin_x")


def _checked_in(active, actor):
    version = AgreementVersion.objects.get(agreement__engagement=active, signed_at__isnull=False)
    statuses = {str(c.uuid): "on_track" for c in Commitment.objects.filter(version=version)}
    services.checkin_record(
        actor=actor, engagement=fresh(active), held_on=NOW.date(), note="Going well.", statuses=statuses, now=NOW
    )
    return statuses


def _record(active):
    """What must survive: counts of versions, signatures, commitments, check-ins, updates, timeline events."""
    return {
        "versions": AgreementVersion.objects.filter(agreement__engagement=active).count(),
        "signatures": Signature.objects.filter(version__agreement__engagement=active).count(),
        "commitments": Commitment.objects.filter(version__agreement__engagement=active).count(),
        "checkins": CheckIn.objects.filter(engagement=active).count(),
        "updates": CommitmentUpdate.objects.filter(checkin__engagement=active).count(),
        "timeline": TimelineEvent.objects.filter(engagement=active).count(),
    }


def _close(how, active, actor):
    if how == "end":
        services.engagement_end(actor=actor, engagement=fresh(active), reason="The funding stopped.", now=NOW)
    elif how == "complete":
        services.engagement_complete(actor=actor, engagement=fresh(active), now=NOW)
    else:
        services.engagement_withdraw(actor=actor, engagement=fresh(active), reason="", now=NOW)


@pytest.mark.parametrize(("how", "state"), [("end", "ended"), ("withdraw", "withdrawn"), ("complete", "completed")])
def test_closing_keeps_the_whole_record_and_stops_check_ins_and_drafting(active, organiser_a, reviewer_x, how, state):
    statuses = _checked_in(active, organiser_a)
    before = _record(active)
    assert before["signatures"] == 2 and before["checkins"] == 1 and before["updates"] == 2
    _close(how, active, reviewer_x)
    engagement = fresh(active)
    assert engagement.status == state
    after = _record(active)
    assert after == {**before, "timeline": before["timeline"] + 1}
    assert TimelineEvent.objects.filter(engagement=active, kind=state, actor=reviewer_x).count() == 1
    for person in (organiser_a, reviewer_x):
        for perm in ("record_checkin", "edit_agreement", "sign_agreement", "approve_purpose"):
            assert not person.has_perm(f"engagements.{perm}", fresh(active)), (person, perm)
        assert person.has_perm("engagements.see_agreement", fresh(active))
    with pytest.raises(PermissionDenied):
        services.checkin_record(
            actor=organiser_a, engagement=fresh(active), held_on=NOW.date(), note="Late.", statuses=statuses, now=NOW
        )


def test_ending_needs_a_reason_and_both_sides_hear_it(active, organiser_a, reviewer_x, lead_a):
    with pytest.raises(ValidationError) as refused:
        services.engagement_end(actor=reviewer_x, engagement=fresh(active), reason="  ", now=NOW)
    assert refused.value.message_dict["reason"] == ["Give a reason for ending the engagement."]
    assert fresh(active).status == Engagement.Status.ACTIVE
    services.engagement_end(actor=reviewer_x, engagement=fresh(active), reason="The funding stopped.", now=NOW)
    event = TimelineEvent.objects.get(engagement=active, kind="ended")
    assert (event.text, event.actor, event.side) == ("The funding stopped.", reviewer_x, "institution")
    told = set(Notification.objects.filter(kind="engagements.ended").values_list("recipient_id", flat=True))
    assert {organiser_a.pk, lead_a.pk} <= told and reviewer_x.pk not in told


def test_an_ended_engagement_cannot_be_ended_or_completed_again(active, reviewer_x, organiser_a):
    services.engagement_end(actor=reviewer_x, engagement=fresh(active), reason="Done with it.", now=NOW)
    for close in (services.engagement_end, services.engagement_complete):
        with pytest.raises(PermissionDenied):
            close(actor=organiser_a, engagement=fresh(active), reason="Again.", now=NOW)


def test_an_accepted_engagement_is_withdrawn_not_ended(accepted, organiser_a):
    assert not organiser_a.has_perm("engagements.end_engagement", fresh(accepted))
    with pytest.raises(PermissionDenied):
        services.engagement_end(actor=organiser_a, engagement=fresh(accepted), reason="No.", now=NOW)


def _url(name, engagement):
    return reverse(f"engagements:{name}", kwargs={"engagement_uuid": engagement.uuid})


MATRIX = {
    "visitor": LOGIN,
    "moderator_without_two_factor": SET_UP_TWO_FACTOR,
    CLOSERS: 200,
    # Parties whom the lifecycle table does not let decide for the institution, and platform staff.
    ("member_x", "signatory_x", "moderator", "superuser"): 403,
}


@pytest.mark.parametrize("name", ["end", "complete", "withdraw"])
def test_who_gets_the_closing_pages_of_an_active_engagement(as_persona, active, name):
    assert_matrix(as_persona, _url(name, active), MATRIX, others=404)


def test_a_refused_post_to_the_end_page_changes_nothing(as_persona, active):
    refused = refusals_then("lead_a", CLOSERS)[:-1]
    expected = {**MATRIX, CLOSERS: 302}
    data = {"reason": "x"}
    assert_matrix(as_persona, _url("end", active), expected, others=404, method="post", data=data, only=refused)
    assert fresh(active).status == Engagement.Status.ACTIVE


def test_the_end_page_asks_for_a_reason_keeps_what_was_typed_and_ends(as_persona, active):
    client = as_persona("organiser_a")
    page = client.get(_url("end", active)).content.decode()
    assert "Nothing is deleted" in page and "End the engagement" in page
    response = client.post(_url("end", active), {"reason": ""})
    assert response.status_code == 400
    assert "Give a reason for ending the engagement" in response.content.decode()
    long = "r" * 2001
    response = client.post(_url("end", active), {"reason": long})
    assert response.status_code == 400 and long in response.content.decode()
    assert "Reason must be 2,000 characters or fewer (it has 2,001)" in response.content.decode()
    response = client.post(_url("end", active), {"reason": "Our movement is closing."})
    assert response.status_code == 302 and response["Location"] == active.get_absolute_url()
    assert fresh(active).status == Engagement.Status.ENDED
    detail = client.get(active.get_absolute_url()).content.decode()
    assert "Our movement is closing." in detail and "Record a check-in" not in detail
    words = re.sub(r"<[^>]+>", "", detail)
    assert "Version 1 was in force from 2 March 2026 until the engagement was ended" in words


def test_the_complete_page_marks_it_completed(as_persona, active):
    response = as_persona("reviewer_x").post(_url("complete", active), {"reason": ""})
    assert response.status_code == 302 and fresh(active).status == Engagement.Status.COMPLETED


def test_withdrawing_an_active_engagement_says_what_happens_to_the_agreement(as_persona, active):
    client = as_persona("lead_a")
    page = client.get(_url("withdraw", active)).content.decode()
    assert "The agreement in force stops binding either side" in page and "nothing is deleted" in page
    assert client.post(_url("withdraw", active), {"reason": ""}).status_code == 302
    assert fresh(active).status == Engagement.Status.WITHDRAWN
    assert Signature.objects.filter(version__agreement__engagement=active).count() == 2


@pytest.mark.parametrize("who", ["organiser_a", "reviewer_x", "member_x", "moderator"])
def test_the_detail_page_offers_ending_to_those_who_may(as_persona, personas, active, who):
    body = as_persona(who).get(active.get_absolute_url()).content.decode()
    may_end = personas[who].has_perm("engagements.end_engagement", fresh(active))
    assert (f'href="{_url("end", active)}"' in body) == may_end
    assert may_end == (who in CLOSERS)

"""Every lifecycle action by every persona: the permitted ones move the state, everyone else is refused
and nothing changes; reasons are enforced where the table says so."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from engagements import lifecycle, services
from engagements.models import Engagement, TimelineEvent
from tests.engagements.conftest import MONDAY, draft_to_x, fresh
from tests.personas import PERSONAS

S = Engagement.Status
PROPOSERS = {"lead_a", "organiser_a"}  # movement A proposes to institution X
RECEIVERS = {"reviewer_x", "admin_x"}  # X's reviewers and admins decide; plain members only watch


def _in_state(state, *, organiser, reviewer, movement, institution, way):
    engagement = draft_to_x(organiser, movement, institution, way)
    if state == S.DRAFT:
        return fresh(engagement)
    services.engagement_submit(actor=organiser, engagement=engagement, now=MONDAY)
    if state == S.CHANGES_REQUESTED:
        services.engagement_request_changes(actor=reviewer, engagement=fresh(engagement), reason="Say more.")
    elif state == S.IN_REVIEW:
        services.engagement_assign(actor=reviewer, engagement=fresh(engagement), reviewer=reviewer)
    return fresh(engagement)


def _act(action, actor, engagement, reviewer):
    calls = {
        "submit": lambda: services.engagement_submit(actor=actor, engagement=engagement),
        "assign": lambda: services.engagement_assign(actor=actor, engagement=engagement, reviewer=reviewer),
        "request_changes": lambda: services.engagement_request_changes(
            actor=actor, engagement=engagement, reason="Please add a budget."
        ),
        "resubmit": lambda: services.engagement_resubmit(actor=actor, engagement=engagement),
        "accept": lambda: services.engagement_accept(actor=actor, engagement=engagement),
        "decline": lambda: services.engagement_decline(
            actor=actor, engagement=engagement, category="no_capacity", reason="Not this year."
        ),
        "withdraw": lambda: services.engagement_withdraw(actor=actor, engagement=engagement),
    }
    return calls[action]()


CASES = [
    ("submit", S.DRAFT, PROPOSERS),
    ("assign", S.SUBMITTED, RECEIVERS),
    ("request_changes", S.SUBMITTED, RECEIVERS),
    ("resubmit", S.CHANGES_REQUESTED, PROPOSERS),
    ("accept", S.IN_REVIEW, RECEIVERS),
    ("decline", S.IN_REVIEW, RECEIVERS),
    ("withdraw", S.IN_REVIEW, PROPOSERS | RECEIVERS),
]


def test_the_cases_cover_every_action_people_take():
    people_actions = {t.action for t in lifecycle.TRANSITIONS if "system" not in t.by}
    # complete and end start from an active engagement, which needs a signed agreement (a later issue).
    assert people_actions - {action for action, _, _ in CASES} == {"complete", "end"}


@pytest.mark.parametrize("persona", [p for p in PERSONAS if p != "visitor"])
@pytest.mark.parametrize(("action", "state", "allowed"), CASES, ids=[c[0] for c in CASES])
def test_every_action_by_every_persona(
    action, state, allowed, persona, personas, organiser_a, reviewer_x, movement_a, open_x, way
):
    engagement = _in_state(
        state, organiser=organiser_a, reviewer=reviewer_x, movement=movement_a, institution=open_x, way=way
    )
    actor = personas[persona]
    events = TimelineEvent.objects.count()
    assignee = actor if persona in RECEIVERS else reviewer_x
    if persona in allowed:
        _act(action, actor, engagement, assignee)
        assert fresh(engagement).status == lifecycle.transition_for(action).target
        assert TimelineEvent.objects.count() == events + 1
    else:
        with pytest.raises(PermissionDenied):
            _act(action, actor, engagement, assignee)
        assert fresh(engagement).status == state
        assert TimelineEvent.objects.count() == events


@pytest.mark.parametrize(("action", "state", "_allowed"), CASES, ids=[c[0] for c in CASES])
def test_actions_from_a_state_the_table_does_not_allow_are_refused(
    action, state, _allowed, organiser_a, reviewer_x, movement_a, open_x, way
):
    """A finished engagement (declined) takes no further step, whoever asks."""
    engagement = _in_state(
        S.IN_REVIEW, organiser=organiser_a, reviewer=reviewer_x, movement=movement_a, institution=open_x, way=way
    )
    services.engagement_decline(actor=reviewer_x, engagement=engagement, category="other", reason="No.")
    for actor in (organiser_a, reviewer_x):
        with pytest.raises(PermissionDenied):
            _act(action, actor, fresh(engagement), reviewer_x)
    assert fresh(engagement).status == S.DECLINED


def test_reasons_are_required_where_the_table_says(submitted, reviewer_x):
    with pytest.raises(ValidationError) as error:
        services.engagement_request_changes(actor=reviewer_x, engagement=submitted, reason="  ")
    assert "reason" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.engagement_decline(actor=reviewer_x, engagement=submitted, category="no_capacity", reason="")
    assert "reason" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.engagement_decline(actor=reviewer_x, engagement=submitted, category="made_up", reason="No.")
    assert "category" in error.value.message_dict
    assert fresh(submitted).status == S.SUBMITTED


def test_withdrawing_needs_no_reason_and_records_the_side(submitted, lead_a):
    services.engagement_withdraw(actor=lead_a, engagement=submitted)
    row = fresh(submitted)
    assert (row.status, row.withdrawn_by, row.withdrawn_reason) == (S.WITHDRAWN, "movement", "")


def test_a_movement_can_withdraw_even_an_accepted_engagement(in_review, reviewer_x, organiser_a):
    services.engagement_accept(actor=reviewer_x, engagement=in_review)
    services.engagement_withdraw(actor=organiser_a, engagement=fresh(in_review), reason="Our members voted to stop.")
    event = TimelineEvent.objects.filter(engagement=in_review).last()
    assert (event.kind, event.side, event.text) == ("withdrawn", "movement", "Our members voted to stop.")


def test_an_institution_proposal_is_reviewed_by_the_movements_organisers(to_movement, lead_a, member_x, reviewer_x):
    assert to_movement.deadline is None  # movements keep their own pace: no deadline against them
    with pytest.raises(PermissionDenied):
        services.engagement_accept(actor=reviewer_x, engagement=to_movement)
    services.engagement_accept(actor=lead_a, engagement=to_movement)
    assert fresh(to_movement).status == S.ACCEPTED


def test_submitting_needs_the_fields_the_model_requires(organiser_a, movement_a, open_x, way):
    way.required_fields = "outcomes,timescale"
    way.save()
    engagement = draft_to_x(organiser_a, movement_a, open_x, way, outcomes="", timescale="", title="")
    with pytest.raises(ValidationError) as error:
        services.engagement_submit(actor=organiser_a, engagement=engagement)
    assert set(error.value.message_dict) == {"title", "outcomes", "timescale"}
    assert fresh(engagement).status == S.DRAFT


def test_a_proposal_goes_only_under_a_model_the_institution_is_open_to(organiser_a, movement_a, institution_x, way):
    with pytest.raises(ValidationError) as error:
        draft_to_x(organiser_a, movement_a, institution_x, way)
    assert "model" in error.value.message_dict

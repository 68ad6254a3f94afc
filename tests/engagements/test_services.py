"""Deadlines, response times, notifications, comments, private notes and the readable difference."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from engagements import selectors, services
from engagements.models import Comment, Engagement
from notifications.models import Notification
from tests.engagements.conftest import MONDAY, fresh

S = Engagement.Status
pytestmark = pytest.mark.django_db


def kinds_for(user):
    return list(Notification.objects.filter(recipient=user).values_list("kind", flat=True).order_by("created_at"))


def test_submitting_sets_a_deadline_in_working_days(submitted):
    assert submitted.deadline == datetime.date(2026, 3, 23)  # 15 working days after Monday 2 March
    assert submitted.status == S.SUBMITTED and submitted.versions.count() == 1


def test_the_deadline_skips_easter_and_follows_the_institutions_setting(draft, organiser_a, open_x):
    open_x.response_deadline_working_days = 5
    open_x.save()
    thursday = MONDAY.replace(month=4, day=2)  # Good Friday 3 April and Easter Monday 6 April follow
    services.engagement_submit(actor=organiser_a, engagement=fresh(draft), now=thursday)
    assert fresh(draft).deadline == datetime.date(2026, 4, 13)


def test_overdue_and_median_response_time(draft, organiser_a, reviewer_x, open_x):
    services.engagement_submit(actor=organiser_a, engagement=draft, now=MONDAY)
    late = MONDAY + datetime.timedelta(days=30)
    facts = selectors.institution_response_facts(institution=open_x, now=late)
    assert facts == {"median_response_days": None, "answered": 0, "overdue": 1}
    # Answered on Friday 6 March: 4 working days after it was sent.
    services.engagement_assign(
        actor=reviewer_x, engagement=fresh(draft), reviewer=reviewer_x, now=MONDAY + datetime.timedelta(days=4)
    )
    facts = selectors.institution_response_facts(institution=open_x, now=late)
    assert facts == {"median_response_days": 4, "answered": 1, "overdue": 1}  # assigned is not yet decided
    # More than a year later the response no longer counts.
    facts = selectors.institution_response_facts(institution=open_x, now=MONDAY + datetime.timedelta(days=400))
    assert facts["answered"] == 0


def test_the_receiving_side_is_told_of_a_proposal_and_the_actor_is_not(
    admin_x, member_x, lead_a, submitted, reviewer_x, organiser_a
):
    assert kinds_for(reviewer_x) == ["engagements.submitted"]
    assert kinds_for(admin_x) == ["engagements.submitted"]
    assert kinds_for(member_x) == []  # plain members do not review
    assert kinds_for(organiser_a) == [] and kinds_for(lead_a) == []


def test_each_decision_tells_the_proposers(submitted, reviewer_x, admin_x, lead_a, organiser_a):
    services.engagement_assign(actor=admin_x, engagement=submitted, reviewer=reviewer_x)
    assert kinds_for(reviewer_x)[-1] == "engagements.assigned"
    services.engagement_request_changes(actor=reviewer_x, engagement=fresh(submitted), reason="Add a budget.")
    assert kinds_for(lead_a)[-1] == "engagements.changes_requested"
    engagement = fresh(submitted)
    services.engagement_draft_update(actor=organiser_a, engagement=engagement, ask="A room, a nurse and £200.")
    services.engagement_resubmit(actor=organiser_a, engagement=fresh(submitted))
    assert kinds_for(reviewer_x)[-1] == "engagements.resubmitted"
    services.engagement_accept(actor=reviewer_x, engagement=fresh(submitted))
    assert kinds_for(organiser_a)[-1] == "engagements.accepted"
    kinds = list(fresh(submitted).timeline.order_by("pk").values_list("kind", flat=True))
    assert kinds == ["created", "submitted", "assigned", "changes_requested", "resubmitted", "accepted"]


def test_the_resubmission_shows_what_changed(submitted, reviewer_x, organiser_a):
    services.engagement_request_changes(actor=reviewer_x, engagement=submitted, reason="Add a budget.")
    services.engagement_draft_update(
        actor=organiser_a, engagement=fresh(submitted), ask="A room once a month, a nurse and £200 for tea."
    )
    services.engagement_resubmit(actor=organiser_a, engagement=fresh(submitted))
    changes = selectors.version_changes(fresh(submitted))
    assert [c["field"] for c in changes] == ["what is asked"]
    parts = changes[0]["parts"]
    assert parts == [
        ("same", "A room once a"),
        ("removed", "month and"),
        ("added", "month,"),
        ("same", "a nurse"),
        ("removed", "to co-host."),
        ("added", "and £200 for tea."),
    ]


def test_a_sent_proposal_cannot_be_edited(submitted, organiser_a):
    with pytest.raises(PermissionDenied):
        services.engagement_draft_update(actor=organiser_a, engagement=submitted, ask="Something else.")


def test_visibility_is_the_two_parties_and_moderators(submitted, personas):
    allowed = {"lead_a", "organiser_a", "member_x", "reviewer_x", "signatory_x", "admin_x", "moderator", "superuser"}
    allowed |= {"moderator_without_two_factor"}  # the rules say staff; two-factor is asked by the middleware
    for name in personas:
        person = personas[name]
        if person is None:
            continue
        assert person.has_perm("engagements.see_engagement", fresh(submitted)) == (name in allowed), name


def test_a_draft_is_the_proposing_sides_alone(draft, personas):
    for name in ("reviewer_x", "admin_x", "member_x", "moderator"):
        assert not personas[name].has_perm("engagements.see_engagement", fresh(draft)), name
    assert personas["lead_a"].has_perm("engagements.see_engagement", fresh(draft))


def test_comments_tell_both_sides_and_edit_for_fifteen_minutes(submitted, organiser_a, reviewer_x, lead_a, moderator):
    comment = services.comment_create(actor=organiser_a, engagement=submitted, body="Happy to meet.\nAny Tuesday.")
    assert comment.side == "movement"
    assert "engagements.commented" in kinds_for(reviewer_x) and "engagements.commented" in kinds_for(lead_a)
    assert "engagements.commented" not in kinds_for(organiser_a)
    services.comment_edit(actor=organiser_a, comment=comment, body="Happy to meet on a Tuesday.")
    with pytest.raises(PermissionDenied):
        services.comment_edit(actor=lead_a, comment=comment, body="Not mine.")
    Comment.objects.filter(pk=comment.pk).update(created_at=comment.created_at - datetime.timedelta(minutes=16))
    with pytest.raises(PermissionDenied):
        services.comment_edit(actor=organiser_a, comment=Comment.objects.get(pk=comment.pk), body="Too late.")
    assert services.comment_create(actor=moderator, engagement=submitted, body="A moderator's note.").side == ""
    with pytest.raises(ValidationError):
        services.comment_create(actor=reviewer_x, engagement=submitted, body="   ")


def test_reviewer_notes_stay_with_the_reviewing_side(submitted, reviewer_x, organiser_a, moderator, member_x):
    services.reviewer_note_create(actor=reviewer_x, engagement=submitted, body="SECRET-NOTE: budget is tight.")
    for outsider in (organiser_a, moderator, member_x):
        with pytest.raises(PermissionDenied):
            services.reviewer_note_create(actor=outsider, engagement=fresh(submitted), body="x")
        assert not outsider.has_perm("engagements.see_reviewer_notes", fresh(submitted))
        assert selectors.engagement_page(engagement=fresh(submitted), user=outsider)["notes"] is None
    services.engagement_decline(actor=reviewer_x, engagement=fresh(submitted), category="no_budget", reason="Sorry.")
    assert not Notification.objects.filter(context__icontains="SECRET-NOTE").exists()
    assert all("SECRET-NOTE" not in m.body and "SECRET-NOTE" not in str(m.alternatives) for m in mail.outbox)
    assert not fresh(submitted).timeline.filter(text__contains="SECRET-NOTE").exists()


def test_only_receiving_reviewers_can_be_assigned(submitted, reviewer_x, member_x, lead_a):
    for wrong in (member_x, lead_a):
        with pytest.raises(ValidationError):
            services.engagement_assign(actor=reviewer_x, engagement=fresh(submitted), reviewer=wrong)
    assert fresh(submitted).status == S.SUBMITTED


def test_my_engagements_says_whose_turn_it_is(submitted, organiser_a, reviewer_x):
    [row] = selectors.engagements_for_user(user=organiser_a)
    assert (row.waiting_on, row.waiting_on_me) == ("receiver", False)
    [row] = selectors.engagements_for_user(user=reviewer_x)
    assert (row.waiting_on, row.waiting_on_me) == ("receiver", True)
    assert [e.pk for e in selectors.review_queue(user=reviewer_x, show="unassigned")] == [submitted.pk]
    assert list(selectors.review_queue(user=reviewer_x, show="mine")) == []
    assert list(selectors.review_queue(user=organiser_a)) == []

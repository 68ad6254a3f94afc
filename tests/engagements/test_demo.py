"""seed_demo's engagements: every state in both directions, with their conversation; twice makes nothing twice."""

from io import StringIO

import pytest
from django.core.management import call_command

from engagements import lifecycle, selectors
from engagements.models import Comment, Engagement, EngagementVersion, ReviewerNote, TimelineEvent
from notifications.models import EmailDelivery

pytestmark = pytest.mark.django_db
TABLES = (Engagement, EngagementVersion, TimelineEvent, Comment, ReviewerNote)


def counts():
    return [table.objects.count() for table in TABLES]


def test_seed_demo_makes_every_state_in_both_directions_once():
    call_command("seed_demo", stdout=StringIO())
    first = counts()
    call_command("seed_demo", stdout=StringIO())
    assert counts() == first
    pairs = set(Engagement.objects.values_list("direction", "status"))
    assert pairs == {(d, s) for d in Engagement.Direction.values for s in Engagement.Status.values}
    assert not EmailDelivery.objects.filter(kind__startswith="engagements.").exists()  # nobody was emailed


def test_the_demo_engagements_have_timelines_comments_notes_and_a_reviewer():
    call_command("seed_demo", stdout=StringIO())
    for engagement in Engagement.objects.all():
        kinds = list(engagement.timeline.values_list("kind", flat=True))
        assert kinds[0] == "created", engagement.title
        if engagement.is_draft:
            assert engagement.versions.count() == 0 and not engagement.comments.exists()
            continue
        assert "submitted" in kinds and kinds.count("commented") == engagement.comments.count() == 2
        assert engagement.reviewer_notes.count() == 1
        # Each state's last event is the one that brought it there.
        last = [k for k in kinds if k != "commented"][-1]
        assert last in {t.event for t in lifecycle.TRANSITIONS if t.target == engagement.status}, engagement.title
    reviewed = Engagement.objects.filter(status=Engagement.Status.IN_REVIEW)
    assert all(e.reviewer is not None and e.versions.count() == 2 for e in reviewed)
    # The resubmitted one shows the reviewers what changed.
    resubmitted = reviewed.get(direction=Engagement.Direction.TO_INSTITUTION)
    assert [change["field"] for change in selectors.version_changes(resubmitted)] == ["what is asked"]
    # Proposals to the trust have deadlines; one of them is overdue.
    waiting = Engagement.objects.filter(
        direction=Engagement.Direction.TO_INSTITUTION, status__in=lifecycle.AWAITING_RESPONSE
    )
    assert all(e.deadline for e in waiting) and any(selectors.is_overdue(e) for e in waiting)

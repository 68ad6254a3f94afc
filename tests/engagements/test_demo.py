"""seed_demo's engagements: every state in both directions, with their conversation; twice makes nothing twice."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

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
        moves = {"created"} | {t.event for t in lifecycle.TRANSITIONS}
        last = [k for k in kinds if k in moves][-1]
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


def test_the_demo_agreements_cover_every_stage_and_fill_the_register():
    from engagements.models import Agreement

    call_command("seed_demo", stdout=StringIO())
    agreements = Agreement.objects.select_related("engagement", "in_force")
    by_state = {(a.engagement.status, a.engagement.direction): a for a in agreements}
    accepted = [a for (state, _), a in by_state.items() if state == Engagement.Status.ACCEPTED]
    assert len(accepted) == 2 and all(a.in_force is None for a in accepted)
    # One waits on the institution's approval of the purpose, the other on the movement's signature.
    assert {a.purpose_id is None for a in accepted} == {True, False}
    in_force = [a for a in agreements if a.in_force is not None]
    assert len(in_force) == 6
    published = [a for a in in_force if a.is_published]
    assert len(published) == 5
    for agreement in in_force:
        checkins = list(agreement.engagement.checkins.order_by("held_on"))
        assert len(checkins) == 2
        assert all(timezone.localdate(agreement.in_force_since) <= c.held_on <= timezone.localdate() for c in checkins)
    # An amendment under way: a second version, signed by one side only.
    amended = [a for a in in_force if a.versions.count() == 2]
    assert len(amended) == 1 and amended[0].versions.get(number=2).signatures.count() == 1
    # Seeding again adds nothing.
    call_command("seed_demo", stdout=StringIO())
    assert Agreement.objects.count() == len(by_state)

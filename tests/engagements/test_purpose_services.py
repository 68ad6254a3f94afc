"""The shared purpose's services: drafts change in place, approvals freeze a version, both sides'
approvals of the same version put it in force, and every refusal says why."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from core.contract import Conflict
from engagements import services
from engagements.models import Agreement, PurposeApproval, SharedPurposeVersion, TimelineEvent
from movements.models import WayOfImpact
from notifications.models import Notification
from tests.engagements.conftest import MONDAY, fresh
from tests.institutions.factories import MembershipFactory

pytestmark = pytest.mark.django_db
LATER = MONDAY + datetime.timedelta(days=2)


def latest(engagement):
    return SharedPurposeVersion.objects.filter(engagement=engagement).order_by("-number").first()


def ways(*positions):
    return list(WayOfImpact.objects.filter(position__in=positions))


def edit(actor, engagement, *, seen=None, statement="People with COPD feel less alone.", outcomes="", impact=(1,)):
    seen = latest(engagement).revision if seen is None else seen
    return services.purpose_update(
        actor=actor,
        engagement=fresh(engagement),
        seen_revision=seen,
        statement=statement,
        outcomes=outcomes,
        ways_of_impact=ways(*impact),
        now=MONDAY,
    )


def approve(actor, engagement, *, version=None, seen=None, side=None, now=LATER):
    version = version or latest(engagement)
    return services.purpose_approve(
        actor=actor,
        engagement=fresh(engagement),
        version=version,
        seen_revision=version.revision if seen is None else seen,
        side=side,
        now=now,
    )


def kinds_for(user):
    return list(Notification.objects.filter(recipient=user).values_list("kind", flat=True).order_by("created_at"))


def test_a_draft_changes_in_place_and_the_other_side_is_told(accepted, organiser_a, reviewer_x, signatory_x, lead_a):
    first = latest(accepted)
    version = edit(organiser_a, accepted, statement="Nobody with COPD feels alone.", impact=(1, 3))
    assert (version.pk, version.number, version.revision) == (first.pk, 1, first.revision + 1)
    row = latest(accepted)
    assert row.statement == "Nobody with COPD feels alone." and row.author == reviewer_x  # who opened it stays
    assert sorted(row.ways_of_impact.values_list("position", flat=True)) == [1, 3]
    event = TimelineEvent.objects.get(engagement=accepted, kind="purpose_changed")
    assert (event.actor, event.side, event.get_kind_display()) == (organiser_a, "movement", "Shared purpose changed")
    # The institution's approvers hear of it (its signatory too); the movement's side does not.
    assert "engagements.purpose_changed" in kinds_for(reviewer_x)
    assert "engagements.purpose_changed" in kinds_for(signatory_x)
    assert "engagements.purpose_changed" not in kinds_for(lead_a) + kinds_for(organiser_a)


def test_a_save_that_changes_nothing_is_refused(accepted, organiser_a):
    first = latest(accepted)
    same = list(first.ways_of_impact.all())
    with pytest.raises(ValidationError, match="You have not changed anything."):
        services.purpose_update(
            actor=organiser_a,
            engagement=fresh(accepted),
            seen_revision=first.revision,
            statement=f"  {first.statement} ",
            outcomes=first.outcomes,
            ways_of_impact=same,
        )
    assert latest(accepted).revision == first.revision


@pytest.mark.parametrize(
    ("words", "field", "message"),
    [
        ({"statement": "   "}, "statement", "Enter the shared purpose: what both sides want to change together"),
        (
            {"statement": "x" * 2001},
            "statement",
            "Shared purpose must be 2,000 characters or fewer (it has 2,001)",
        ),
        ({"outcomes": "y" * 2001}, "outcomes", "Outcomes must be 2,000 characters or fewer (it has 2,001)"),
        ({"impact": ()}, "ways_of_impact", "Select at least one way of impact the shared purpose serves"),
    ],
)
def test_bad_words_are_refused_beside_their_field(accepted, organiser_a, words, field, message):
    with pytest.raises(ValidationError) as refused:
        edit(organiser_a, accepted, **words)
    assert refused.value.message_dict == {field: [message]}
    assert latest(accepted).revision == 1


def test_an_edit_from_a_page_opened_before_someone_elses_save_is_a_conflict(accepted, organiser_a, reviewer_x):
    edit(reviewer_x, accepted, statement="The trust's words.", seen=1)
    with pytest.raises(Conflict, match="Someone else changed the shared purpose while you were editing it"):
        edit(organiser_a, accepted, statement="The movement's words.", seen=1)
    assert latest(accepted).statement == "The trust's words."


def test_one_sides_approval_freezes_the_version_and_asks_the_other_side(
    accepted, lead_a, reviewer_x, organiser_a, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        version = approve(lead_a, accepted)
    (email,) = [m for m in mail.outbox if reviewer_x.email in m.to and "approve" in m.subject]
    assert email.subject.endswith("Your turn to approve the shared purpose: Peer support in the respiratory clinic")
    assert "Leah Lead approved version 1 of the shared purpose" in email.body
    assert f"/engagements/{accepted.uuid}/purpose/" in email.body
    assert version.agreed_at is None and version.revision == 2
    approval = PurposeApproval.objects.get(version=version)
    assert (approval.side, approval.approver, approval.approver_name) == ("movement", lead_a, "Leah Lead")
    assert kinds_for(reviewer_x)[-1] == "engagements.purpose_approved"
    assert "engagements.purpose_approved" not in kinds_for(organiser_a)
    # The next change starts version 2, written by the person who made it; version 1 keeps its words.
    second = edit(organiser_a, accepted, statement="A new statement.")
    assert (second.number, second.author, second.revision) == (2, organiser_a, 3)
    assert SharedPurposeVersion.objects.get(pk=version.pk).statement == "People with COPD feel less alone."


def test_both_sides_approving_the_same_version_puts_it_in_force(accepted, lead_a, signatory_x, organiser_a, reviewer_x):
    approve(lead_a, accepted)
    version = approve(signatory_x, accepted)
    assert version.agreed_at == LATER
    assert Agreement.objects.get(engagement=accepted).purpose == version
    kinds = list(TimelineEvent.objects.filter(engagement=accepted).order_by("pk").values_list("kind", flat=True))
    assert kinds[-3:] == ["purpose_approved", "purpose_approved", "purpose_agreed"]
    agreed = TimelineEvent.objects.get(engagement=accepted, kind="purpose_agreed")
    assert (agreed.actor, agreed.text, agreed.get_kind_display()) == (
        None,
        "Version 1 is in force.",
        "Shared purpose agreed",
    )
    for person in (lead_a, organiser_a, reviewer_x):
        assert kinds_for(person)[-1] == "engagements.purpose_agreed"
    assert "engagements.purpose_agreed" not in kinds_for(signatory_x)  # who agreed it knows


def test_a_change_after_agreement_needs_both_approvals_again_and_the_old_one_stays_in_force(
    accepted, lead_a, signatory_x, organiser_a, reviewer_x
):
    approve(lead_a, accepted)
    first = approve(signatory_x, accepted)
    second = edit(organiser_a, accepted, statement="Fewer people with COPD feel alone.")
    assert second.number == 2 and Agreement.objects.get(engagement=accepted).purpose == first
    approve(organiser_a, accepted)
    assert Agreement.objects.get(engagement=accepted).purpose == first
    approve(reviewer_x, accepted, now=LATER + datetime.timedelta(days=1))
    assert Agreement.objects.get(engagement=accepted).purpose == second
    assert SharedPurposeVersion.objects.get(pk=first.pk).agreed_at == LATER  # history


def test_approving_words_that_changed_after_the_page_was_opened_is_refused(accepted, lead_a, reviewer_x):
    opened = latest(accepted)
    edit(reviewer_x, accepted, statement="Changed meanwhile.")
    with pytest.raises(Conflict) as lost:
        approve(lead_a, accepted, version=opened, seen=opened.revision)
    assert (
        lost.value.message == "The shared purpose changed after you opened it: read version 1 again before approving."
    )
    assert lost.value.redirect_to == f"/engagements/{accepted.uuid}/purpose/"
    assert not PurposeApproval.objects.exists()


def test_approving_a_version_that_a_newer_one_replaced_is_refused(accepted, lead_a, reviewer_x, organiser_a):
    approve(reviewer_x, accepted)
    old = latest(accepted)
    edit(organiser_a, accepted, statement="Version two.")
    with pytest.raises(Conflict, match="read version 2 again before approving"):
        approve(lead_a, accepted, version=old)
    assert PurposeApproval.objects.filter(version=old).count() == 1 and old.agreed_at is None


def test_a_page_opened_before_the_other_side_approved_still_approves(accepted, lead_a, reviewer_x):
    opened = latest(accepted)
    approve(reviewer_x, accepted)
    version = approve(lead_a, accepted, version=opened, seen=opened.revision)
    assert version.agreed_at is not None


def test_the_same_side_cannot_be_approved_twice(accepted, lead_a, organiser_a):
    opened = latest(accepted)
    approve(lead_a, accepted)
    with pytest.raises(Conflict, match="Leah Lead has already approved version 1 for the movement."):
        approve(organiser_a, accepted, version=opened, seen=opened.revision)


@pytest.fixture
def both_sides_person(accepted, organiser_a, institution_x):
    """An organiser of movement A who is also a signatory of institution X."""
    MembershipFactory(user=organiser_a, institution=institution_x, is_signatory=True)
    return organiser_a


def test_someone_who_may_approve_for_both_sides_approves_for_one_only(accepted, both_sides_person, signatory_x):
    with pytest.raises(ValidationError) as unsure:
        approve(both_sides_person, accepted)
    assert unsure.value.message_dict == {
        "side": ["Choose which side you are approving for: you approve for one side only."]
    }
    approve(both_sides_person, accepted, side="movement")
    with pytest.raises(ValidationError, match="nobody approves for both sides"):
        approve(both_sides_person, accepted, side="institution")
    with pytest.raises(ValidationError, match="already approved version 1 for the movement"):
        approve(both_sides_person, accepted)
    assert approve(signatory_x, accepted).agreed_at is not None


def test_an_agreed_version_has_nothing_left_to_approve(accepted, lead_a, reviewer_x, admin_x):
    opened = latest(accepted)
    approve(lead_a, accepted)
    approve(reviewer_x, accepted)
    with pytest.raises(Conflict, match="Both sides have already agreed version 1"):
        approve(admin_x, accepted, version=opened, seen=opened.revision)


@pytest.mark.parametrize("who", ["member_x", "member_y", "moderator", "lead_b"])
def test_only_approvers_approve(accepted, personas, who):
    with pytest.raises(PermissionDenied):
        approve(personas[who], accepted)


@pytest.mark.parametrize("who", ["member_y", "moderator", "lead_b", "pending_member_x"])
def test_only_the_parties_change_it(accepted, personas, who):
    with pytest.raises(PermissionDenied):
        edit(personas[who], accepted, statement="Not yours to change.")


def test_a_member_of_the_institution_may_change_it(accepted, member_x):
    assert edit(member_x, accepted, statement="Changed by a member.").revision == 2


def test_nothing_before_acceptance(in_review, organiser_a):
    with pytest.raises(PermissionDenied):
        services.purpose_update(
            actor=organiser_a,
            engagement=in_review,
            seen_revision=1,
            statement="Too soon.",
            outcomes="",
            ways_of_impact=ways(1),
        )

"""Signing: each side's signatory signs the latest version at the revision they read; the second
signature brings it into force and makes the engagement active. Refusals say what to do."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from core.contract import Conflict
from engagements import services
from engagements.models import Agreement, CommitmentProgress, Engagement, Signature, TimelineEvent
from notifications.models import Notification
from tests.engagements.conftest import MONDAY, fresh
from tests.engagements.signing_setup import TERMS, agree_purpose, latest

pytestmark = pytest.mark.django_db


@pytest.fixture
def agreed(accepted, lead_a, signatory_x):
    """Accepted, with the shared purpose agreed: ready to sign."""
    agree_purpose(accepted, movement_approver=lead_a, institution_approver=signatory_x)
    return fresh(accepted)


def sign(person, engagement, version=None, method="password", revision=None):
    version = version or latest(engagement)
    return services.agreement_sign(
        actor=person,
        engagement=fresh(engagement),
        version=version,
        seen_revision=version.revision if revision is None else revision,
        method=method,
        now=MONDAY,
    )


def test_the_first_signature_asks_the_other_side_and_the_second_brings_it_into_force(
    agreed, lead_a, signatory_x, admin_x, reviewer_x
):
    first = sign(lead_a, agreed)
    assert (first.side, first.signer_name, first.signer_role, first.method) == (
        "movement",
        lead_a.display_name,
        "Lead organiser, Breathe Together",
        "password",
    )
    # The institution's signatories are told it is their turn; nobody else.
    asked = set(Notification.objects.filter(kind="engagements.agreement_signed").values_list("recipient", flat=True))
    assert asked == {signatory_x.pk, admin_x.pk}
    assert fresh(agreed).status == Engagement.Status.ACCEPTED

    second = sign(signatory_x, agreed, method="mfa")
    assert (second.side, second.signer_role, second.method) == (
        "institution",
        f"Signatory, {agreed.institution.name}",
        "mfa",
    )
    version = latest(agreed)
    agreement = Agreement.objects.get(engagement=agreed)
    assert version.signed_at == MONDAY and version.purpose_id == agreement.purpose_id
    assert (agreement.in_force_id, agreement.in_force_since) == (version.pk, MONDAY)
    assert fresh(agreed).status == Engagement.Status.ACTIVE
    assert CommitmentProgress.objects.filter(agreement=agreement).count() == version.commitments.count()
    kinds = list(TimelineEvent.objects.filter(engagement=agreed).values_list("kind", flat=True))
    assert kinds.count("agreement_signed") == 2 and "activated" in kinds
    told = set(Notification.objects.filter(kind="engagements.activated").values_list("recipient", flat=True))
    assert lead_a.pk in told and reviewer_x.pk in told and signatory_x.pk not in told


def test_nothing_is_signed_before_the_shared_purpose_is_agreed(accepted, lead_a):
    with pytest.raises(ValidationError, match="shared purpose must be agreed by both sides"):
        sign(lead_a, accepted)
    assert not Signature.objects.exists()


@pytest.mark.parametrize("who", ["organiser_a", "reviewer_x", "member_x", "lead_b", "admin_y", "moderator", "user"])
def test_only_a_designated_signatory_signs(agreed, personas, who):
    with pytest.raises(PermissionDenied):
        sign(personas[who], agreed)


def test_nobody_signs_both_sides(agreed, lead_a, movement_a, institution_x):
    from tests.institutions.factories import MembershipFactory

    MembershipFactory(user=lead_a, institution=institution_x, is_signatory=True)  # lead_a is now both
    sign(lead_a, agreed)
    with pytest.raises(ValidationError, match="Nobody signs both sides"):
        sign(lead_a, agreed)
    assert Signature.objects.count() == 1


def test_one_side_signs_once(agreed, signatory_x, admin_x):
    sign(signatory_x, agreed)
    with pytest.raises(ValidationError, match="Your side has already signed"):
        sign(admin_x, agreed)


def test_a_version_changed_while_the_page_was_open_is_refused(agreed, lead_a, organiser_a):
    seen = latest(agreed)
    services.agreement_update(actor=organiser_a, engagement=fresh(agreed), seen_revision=seen.revision, **TERMS)
    with pytest.raises(Conflict, match="changed while you were reading it: read version 1 and sign that"):
        sign(lead_a, agreed, version=seen, revision=seen.revision)
    assert not Signature.objects.exists()


def test_a_version_replaced_while_the_page_was_open_is_refused(agreed, lead_a, signatory_x, organiser_a):
    seen = latest(agreed)
    sign(lead_a, agreed)
    services.agreement_update(actor=organiser_a, engagement=fresh(agreed), seen_revision=seen.revision, **TERMS)
    with pytest.raises(Conflict, match="replaced while you were reading it: read version 2 and sign that"):
        sign(signatory_x, agreed, version=seen)
    assert Signature.objects.filter(side="institution").count() == 0


def test_the_first_signature_leaves_the_revision_for_the_other_side(agreed, lead_a, signatory_x):
    seen = latest(agreed)
    sign(lead_a, agreed)
    sign(signatory_x, agreed, version=seen, revision=seen.revision)  # the page opened before the first signature
    assert latest(agreed).signed_at is not None


def test_an_amendment_comes_into_force_when_both_sign_it_and_progress_carries_over(
    agreed, lead_a, signatory_x, organiser_a
):
    sign(lead_a, agreed)
    sign(signatory_x, agreed)
    agreement = Agreement.objects.get(engagement=agreed)
    first = agreement.in_force
    kept = first.commitments.first()
    CommitmentProgress.objects.filter(agreement=agreement, key=kept.key).update(status="at_risk")
    amendment = services.commitment_add(
        actor=organiser_a,
        engagement=fresh(agreed),
        seen_revision=first.revision,
        party="movement",
        what="A new promise.",
        review_date=MONDAY.date(),
        now=MONDAY,
    ).version
    sign(lead_a, agreed)
    assert Agreement.objects.get(pk=agreement.pk).in_force_id == first.pk  # still the first until both sign
    sign(signatory_x, agreed)
    agreement = Agreement.objects.get(pk=agreement.pk)
    assert agreement.in_force_id == amendment.pk and agreement.in_force_since == first.signed_at
    assert CommitmentProgress.objects.get(agreement=agreement, key=kept.key).status == "at_risk"
    assert CommitmentProgress.objects.filter(agreement=agreement).count() == amendment.commitments.count()
    assert Notification.objects.filter(kind="engagements.agreement_in_force", recipient=organiser_a).exists()
    assert fresh(agreed).status == Engagement.Status.ACTIVE


def test_a_method_other_than_password_or_two_factor_is_refused(agreed, lead_a):
    with pytest.raises(ValidationError, match="Confirm it is you"):
        sign(lead_a, agreed, method="nothing")


def test_a_commitment_without_a_date_is_named_before_anyone_signs(agreed, lead_a, organiser_a):
    from engagements.models import Commitment

    Commitment.objects.filter(version=latest(agreed), position=2).update(review_date=None, due_date=None)
    with pytest.raises(ValidationError, match="give one to commitment 2 first"):
        sign(lead_a, agreed)
    assert not Signature.objects.exists()

"""Accepting a proposal opens its accountability record: an Agreement and first drafts."""

from engagements.models import Agreement, Engagement, Side


def test_acceptance_opens_drafts_from_the_proposal_and_the_model(accepted, way, movement_a):
    agreement = Agreement.objects.get(engagement=accepted)
    purpose = accepted.purpose_versions.get()
    assert (purpose.number, purpose.statement, purpose.outcomes) == (1, accepted.shared_purpose, accepted.outcomes)
    assert set(purpose.ways_of_impact.all()) == set(movement_a.ways_of_impact.all())
    version = agreement.versions.get()
    assert version.review_cadence == way.default_review_cadence
    assert [c.what for c in version.commitments.all()] == way.suggested_commitment_list
    assert agreement.in_force is None and version.signed_at is None


def test_a_suggestion_that_starts_with_the_movement_is_the_movements(accepted):
    version = Agreement.objects.get(engagement=accepted).versions.get()
    assert [c.party for c in version.commitments.all()] == [Side.INSTITUTION, Side.INSTITUTION]


def test_the_active_fixture_is_in_force(active):
    assert active.status == Engagement.Status.ACTIVE
    agreement = Agreement.objects.get(engagement=active)
    assert agreement.in_force.signatures.count() == 2
    assert [c.party for c in agreement.in_force.commitments.all()] == [Side.INSTITUTION, Side.MOVEMENT]

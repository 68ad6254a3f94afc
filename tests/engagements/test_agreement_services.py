"""Drafting the agreement: terms and safeguards, commitments, amendments of a frozen version, and
each side's consent to publish. The services refuse what the rules and the drafting rule refuse."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from core.contract import Conflict
from engagements import services
from engagements.models import Agreement, AgreementVersion, Commitment, TimelineEvent
from notifications.models import Notification
from tests.engagements.conftest import MONDAY, fresh
from tests.engagements.signing_setup import TERMS, agree_purpose, latest

pytestmark = pytest.mark.django_db

TODAY = MONDAY.date()
SOON = TODAY + datetime.timedelta(days=30)


def update(actor, engagement, version=None, **changes):
    version = version or latest(engagement)
    return services.agreement_update(
        actor=actor, engagement=fresh(engagement), seen_revision=version.revision, now=MONDAY, **{**TERMS, **changes}
    )


def add(actor, engagement, **changes):
    values = {"party": "movement", "what": "Run four peer sessions.", "due_date": SOON, **changes}
    return services.commitment_add(
        actor=actor, engagement=fresh(engagement), seen_revision=latest(engagement).revision, now=MONDAY, **values
    )


def sign_both(engagement, lead_a, signatory_x):
    for person in (lead_a, signatory_x):
        version = latest(engagement)
        services.agreement_sign(
            actor=person,
            engagement=fresh(engagement),
            version=version,
            seen_revision=version.revision,
            method="password",
        )


def test_a_draft_changes_in_place_and_both_sides_hear_of_it(accepted, organiser_a, reviewer_x, lead_a):
    before = latest(accepted)
    draft = update(organiser_a, accepted, exit_terms="A month's notice.")
    assert (draft.pk, draft.number, draft.revision) == (before.pk, 1, before.revision + 1)
    assert AgreementVersion.objects.get(pk=before.pk).exit_terms == "A month's notice."
    assert TimelineEvent.objects.filter(engagement=accepted, kind="agreement_changed").count() == 1
    told = set(Notification.objects.filter(kind="engagements.agreement_changed").values_list("recipient", flat=True))
    assert reviewer_x.pk in told and lead_a.pk in told and organiser_a.pk not in told


def test_switching_a_safeguard_off_needs_a_reason_beside_that_field(accepted, organiser_a):
    with pytest.raises(ValidationError) as refused:
        update(organiser_a, accepted, keeps_public_voice=False, no_endorsement_without_consent=False)
    assert set(refused.value.message_dict) == {"public_voice_off_reason", "endorsement_off_reason"}
    assert "both sides will see it" in refused.value.message_dict["public_voice_off_reason"][0]
    assert latest(accepted).keeps_public_voice is True  # nothing saved


def test_a_safeguard_off_keeps_its_reason_and_one_back_on_drops_it(accepted, organiser_a):
    update(organiser_a, accepted, keeps_right_to_withdraw=False, withdraw_off_reason="  Funding terms.  ")
    version = latest(accepted)
    assert (version.keeps_right_to_withdraw, version.withdraw_off_reason) == (False, "Funding terms.")
    update(organiser_a, accepted, keeps_right_to_withdraw=True, withdraw_off_reason="Funding terms.")
    assert latest(accepted).withdraw_off_reason == ""


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"review_cadence": "hourly"}, "review_cadence"),
        ({"escalation_days": 0}, "escalation_days"),
        ({"escalation_days": 366}, "escalation_days"),
        ({"exit_terms": "x" * 2001}, "exit_terms"),
        ({"keeps_public_voice": False, "public_voice_off_reason": "x" * 1001}, "public_voice_off_reason"),
    ],
)
def test_bad_terms_are_refused_beside_their_field(accepted, organiser_a, changes, field):
    with pytest.raises(ValidationError) as refused:
        update(organiser_a, accepted, **changes)
    assert field in refused.value.message_dict


@pytest.mark.parametrize("who", ["member_y", "lead_b", "moderator", "user"])
def test_only_the_two_sides_draft(accepted, personas, who):
    with pytest.raises(PermissionDenied):
        update(personas[who], accepted)


def test_a_stale_page_is_told_and_changes_nothing(accepted, organiser_a, reviewer_x):
    seen = latest(accepted)
    update(reviewer_x, accepted, exit_terms="Theirs.")
    with pytest.raises(Conflict, match="changed the agreement while you were editing"):
        services.agreement_update(
            actor=organiser_a,
            engagement=fresh(accepted),
            seen_revision=seen.revision,
            **{**TERMS, "exit_terms": "Ours."},
        )
    assert latest(accepted).exit_terms == "Theirs."


def test_commitments_are_added_changed_and_removed_in_the_draft(accepted, organiser_a):
    added = add(organiser_a, accepted, accountable_to="board", accountable_to_name="Trust board")
    assert added.position == Commitment.objects.filter(version=added.version).count()
    version = latest(accepted)
    changed = services.commitment_update(
        actor=organiser_a,
        engagement=fresh(accepted),
        commitment=added,
        seen_revision=version.revision,
        party="institution",
        what="Book the room.",
        review_date=SOON,
        accountable_to="other_side",
        accountable_to_name="ignored for the other side",
        now=MONDAY,
    )
    assert (changed.party, changed.what, changed.due_date, changed.accountable_to_name) == (
        "institution",
        "Book the room.",
        None,
        "",
    )
    services.commitment_remove(
        actor=organiser_a, engagement=fresh(accepted), commitment=changed, seen_revision=latest(accepted).revision
    )
    assert not Commitment.objects.filter(pk=added.pk).exists()
    assert latest(accepted).revision == version.revision + 2


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"what": "  "}, "what", "Say what is committed"),
        ({"due_date": None}, "due_date", "Give a due date or a review date"),
        ({"due_date": TODAY - datetime.timedelta(days=1)}, "due_date", "today or in the future"),
        ({"review_date": TODAY.replace(year=TODAY.year + 11)}, "review_date", "within 10 years"),
        ({"accountable_to": "role"}, "accountable_to_name", "Name the role"),
        ({"accountable_to": "board"}, "accountable_to_name", "Name the board"),
        ({"party": "both"}, "party", "Choose who commits"),
    ],
)
def test_a_commitment_needs_what_a_date_and_whom_it_answers_to(accepted, organiser_a, changes, field, message):
    with pytest.raises(ValidationError) as refused:
        add(organiser_a, accepted, **changes)
    assert message in refused.value.message_dict[field][0]


def test_changing_a_signed_version_starts_an_amendment_and_the_old_one_stays_in_force(
    accepted, lead_a, signatory_x, organiser_a, reviewer_x
):
    agree_purpose(accepted, movement_approver=lead_a, institution_approver=signatory_x)
    add(organiser_a, accepted)
    sign_both(accepted, lead_a, signatory_x)
    in_force = latest(accepted)
    keys = set(in_force.commitments.values_list("key", flat=True))
    amendment = update(reviewer_x, accepted, exit_terms="Two months' notice.")
    assert amendment.number == in_force.number + 1
    assert set(amendment.commitments.values_list("key", flat=True)) == keys  # copied, keys kept
    agreement = Agreement.objects.get(engagement=accepted)
    assert agreement.in_force_id == in_force.pk
    assert AgreementVersion.objects.get(pk=in_force.pk).exit_terms == in_force.exit_terms != amendment.exit_terms
    assert TimelineEvent.objects.filter(engagement=accepted, kind="amendment_started").exists()
    assert Notification.objects.filter(kind="engagements.amendment_started", recipient=lead_a).exists()
    # A second change goes into the same draft, not another version.
    again = update(organiser_a, accepted, exit_terms="Six weeks' notice.")
    assert again.pk == amendment.pk


def test_a_commitment_of_a_frozen_version_is_changed_in_its_copy(accepted, lead_a, signatory_x, organiser_a):
    agree_purpose(accepted, movement_approver=lead_a, institution_approver=signatory_x)
    original = add(organiser_a, accepted)
    version = latest(accepted)
    services.agreement_sign(
        actor=lead_a, engagement=fresh(accepted), version=version, seen_revision=version.revision, method="password"
    )
    changed = services.commitment_update(
        actor=organiser_a,
        engagement=fresh(accepted),
        commitment=original,
        seen_revision=version.revision,
        party="movement",
        what="Run six peer sessions.",
        due_date=SOON,
    )
    assert changed.pk != original.pk and changed.key == original.key and changed.version.number == 2
    assert Commitment.objects.get(pk=original.pk).what == "Run four peer sessions."


def test_publishing_is_each_signatorys_to_give_and_withdraw(accepted, lead_a, signatory_x, organiser_a, reviewer_x):
    services.agreement_publish_set(actor=lead_a, engagement=fresh(accepted), side="movement", publish=True)
    services.agreement_publish_set(actor=signatory_x, engagement=fresh(accepted), side="institution", publish=True)
    agreement = Agreement.objects.get(engagement=accepted)
    assert agreement.movement_publishes and agreement.institution_publishes
    services.agreement_publish_set(actor=signatory_x, engagement=fresh(accepted), side="institution", publish=False)
    assert not Agreement.objects.get(engagement=accepted).institution_publishes
    # The other side hears of it.
    assert Notification.objects.filter(kind="engagements.agreement_publishing", recipient=lead_a).count() == 2
    with pytest.raises(ValidationError):
        services.agreement_publish_set(actor=lead_a, engagement=fresh(accepted), side="institution", publish=True)
    for person in (organiser_a, reviewer_x):
        with pytest.raises(PermissionDenied):
            services.agreement_publish_set(actor=person, engagement=fresh(accepted), side="movement", publish=False)

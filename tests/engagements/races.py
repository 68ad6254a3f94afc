"""The engagement cases for tests/core/test_conflicts.py's race table: a stale page loses, with a sentence."""

from engagements import services
from movements.models import WayOfImpact
from movements.taxonomy import taxonomy_sync
from tests.engagements.conftest import WORDS
from tests.engagements.factories import EngagementModelFactory
from tests.factories import UserFactory
from tests.institutions.factories import InstitutionFactory, MembershipFactory
from tests.movements.factories import MovementFactory


def _sent():
    organiser, reviewer, colleague = UserFactory(), UserFactory(), UserFactory()
    movement = MovementFactory(lead=organiser)
    institution = InstitutionFactory()
    MembershipFactory(user=reviewer, institution=institution, role="reviewer")
    MembershipFactory(user=colleague, institution=institution, role="reviewer")
    way = EngagementModelFactory()
    institution.open_to_models.add(way)
    engagement = services.engagement_draft_create(
        actor=organiser, direction="to_institution", movement=movement, institution=institution, model=way, **WORDS
    )
    services.engagement_submit(actor=organiser, engagement=engagement)
    return engagement, organiser, reviewer, colleague


def _stale(engagement):
    return type(engagement).objects.select_related("movement", "institution", "model").get(pk=engagement.pk)


def _race(first, second):
    def case():
        engagement, organiser, reviewer, colleague = _sent()
        stale = _stale(engagement)
        first(engagement, organiser, reviewer, colleague)
        return lambda: second(stale, organiser, reviewer, colleague)

    return case


def accept(e, organiser, reviewer, colleague):
    services.engagement_accept(actor=reviewer, engagement=e)


def accept_by_colleague(e, organiser, reviewer, colleague):
    services.engagement_accept(actor=colleague, engagement=e)


def decline(e, organiser, reviewer, colleague):
    services.engagement_decline(actor=colleague, engagement=e, category="other", reason="Not for us.")


def withdraw(e, organiser, reviewer, colleague):
    services.engagement_withdraw(actor=organiser, engagement=e)


def request_changes(e, organiser, reviewer, colleague):
    services.engagement_request_changes(actor=reviewer, engagement=e, reason="Add a budget.")


def assign(e, organiser, reviewer, colleague):
    services.engagement_assign(actor=colleague, engagement=e, reviewer=colleague)


def resubmit(e, organiser, reviewer, colleague):
    services.engagement_resubmit(actor=organiser, engagement=e)


def withdraw_twice():
    engagement, organiser, _reviewer, _colleague = _sent()
    stale = _stale(engagement)
    services.engagement_withdraw(actor=organiser, engagement=engagement)
    return lambda: services.engagement_transition(actor=organiser, engagement=stale, action="withdraw")


def resubmit_twice():
    engagement, organiser, reviewer, _colleague = _sent()
    services.engagement_request_changes(actor=reviewer, engagement=engagement, reason="Add a budget.")
    stale = _stale(engagement)
    services.engagement_resubmit(actor=organiser, engagement=_stale(engagement))
    return lambda: services.engagement_resubmit(actor=organiser, engagement=stale)


# --- The shared purpose (services/purpose.py) ---------------------------------------------------


def _purpose_open():
    taxonomy_sync()  # the ways of impact a shared purpose serves
    engagement, organiser, reviewer, colleague = _sent()
    services.engagement_accept(actor=reviewer, engagement=engagement)
    engagement = _stale(engagement)
    return engagement, organiser, reviewer, colleague, engagement.purpose_versions.get()


def _purpose_save(actor, engagement, seen, statement):
    services.purpose_update(
        actor=actor,
        engagement=_stale(engagement),
        seen_revision=seen,
        statement=statement,
        outcomes="",
        ways_of_impact=WayOfImpact.objects.all()[:1],
    )


def purpose_saved_twice_from_one_page():
    engagement, organiser, reviewer, _colleague, opened = _purpose_open()
    _purpose_save(reviewer, engagement, opened.revision, "The trust's words.")
    return lambda: _purpose_save(organiser, engagement, opened.revision, "The movement's words.")


def _purpose_approval(engagement, actor, opened):
    return services.purpose_approve(
        actor=actor, engagement=_stale(engagement), version=opened, seen_revision=opened.revision
    )


def purpose_approved_after_a_change():
    engagement, organiser, reviewer, _colleague, opened = _purpose_open()
    _purpose_save(reviewer, engagement, opened.revision, "Changed while the organiser read it.")
    return lambda: _purpose_approval(engagement, organiser, opened)


def purpose_approved_for_one_side_twice():
    engagement, _organiser, reviewer, colleague, opened = _purpose_open()
    _purpose_approval(engagement, reviewer, opened)
    return lambda: _purpose_approval(engagement, colleague, opened)


def purpose_approved_after_a_new_version():
    engagement, organiser, reviewer, _colleague, opened = _purpose_open()
    _purpose_approval(engagement, reviewer, opened)
    _purpose_save(reviewer, engagement, opened.revision + 1, "Version two.")
    return lambda: _purpose_approval(engagement, organiser, opened)


def _active():
    """An engagement with its agreement in force (tests/engagements/agreements.py), and its two sides' people."""
    from tests.engagements.agreements import bring_into_force

    engagement, organiser, reviewer, colleague = _sent()
    services.engagement_accept(actor=reviewer, engagement=engagement)
    bring_into_force(_stale(engagement), movement_signer=organiser, institution_signer=colleague)
    return _stale(engagement), organiser, reviewer


def _check_in(engagement, organiser):
    from django.utils import timezone

    from engagements.models import Commitment

    statuses = {str(c.uuid): "on_track" for c in Commitment.objects.filter(version__agreement__engagement=engagement)}
    services.checkin_record(
        actor=organiser, engagement=engagement, held_on=timezone.localdate(), note="How it went.", statuses=statuses
    )


def end_twice():
    engagement, organiser, reviewer = _active()
    stale = _stale(engagement)
    services.engagement_end(actor=reviewer, engagement=engagement, reason="Funding stopped.")
    return lambda: services.engagement_end(actor=organiser, engagement=stale, reason="We are closing.")


def complete_after_end():
    engagement, organiser, reviewer = _active()
    stale = _stale(engagement)
    services.engagement_end(actor=reviewer, engagement=engagement, reason="Funding stopped.")
    return lambda: services.engagement_complete(actor=organiser, engagement=stale)


def check_in_after_end():
    """The check-in form was open when the other side ended the engagement: told, nothing recorded."""
    engagement, organiser, reviewer = _active()
    stale = _stale(engagement)
    assert organiser.has_perm("engagements.record_checkin", stale)
    services.engagement_end(actor=reviewer, engagement=engagement, reason="Funding stopped.")
    return lambda: _check_in(stale, organiser)


CASES = {
    "engagement accepted by two reviewers at once": _race(accept, accept_by_colleague),
    "engagement accepted, then declined": _race(accept, decline),
    "engagement declined, then accepted": _race(decline, accept),
    "engagement withdrawn, then accepted": _race(withdraw, accept),
    # Withdrawing is allowed from "accepted" too, but not by someone who acted on the page before it
    # was accepted: they are told, and may withdraw again knowing it.
    "engagement accepted, then withdrawn from the page before": _race(accept, withdraw),
    "engagement sent back for changes, then withdrawn from the page before": _race(request_changes, withdraw),
    "engagement withdrawn, then changes requested": _race(withdraw, request_changes),
    "engagement declined, then assigned": _race(decline, assign),
    "engagement withdrawn twice": withdraw_twice,
    "engagement resubmitted twice": resubmit_twice,
    "shared purpose saved twice from one page": purpose_saved_twice_from_one_page,
    "shared purpose approved after someone changed it": purpose_approved_after_a_change,
    "shared purpose approved for one side twice": purpose_approved_for_one_side_twice,
    "shared purpose approved after a new version started": purpose_approved_after_a_new_version,
    "engagement ended twice": end_twice,
    "engagement ended, then marked completed": complete_after_end,
    "check-in recorded from a page open before the engagement ended": check_in_after_end,
}

LOSERS = {
    "engagement_transition",
    "engagement_submit",
    "engagement_resubmit",
    "engagement_assign",
    "engagement_request_changes",
    "engagement_accept",
    "engagement_decline",
    "engagement_withdraw",
    "purpose_update",
    "purpose_approve",
    "engagement_end",
    "engagement_complete",
}


# --- The agreement: a page opened before someone else's change loses -------------------------


def _drafting():
    """An accepted engagement whose shared purpose is agreed: the agreement can be edited and signed."""
    from tests.engagements.signing_setup import agree_purpose

    engagement, organiser, reviewer, _colleague = _sent()
    services.engagement_accept(actor=reviewer, engagement=engagement)
    signatory = UserFactory()
    MembershipFactory(user=signatory, institution=engagement.institution, is_signatory=True)
    agree_purpose(engagement, movement_approver=organiser, institution_approver=signatory)
    return _stale(engagement), organiser, signatory


def _latest(engagement):
    from tests.engagements.signing_setup import latest

    return latest(engagement)


def _terms(**changes):
    from tests.engagements.signing_setup import TERMS

    return {**TERMS, **changes}


def _commitment(**changes):
    import datetime

    soon = datetime.date.today() + datetime.timedelta(days=60)
    return {"party": "movement", "what": "Run four sessions.", "due_date": soon, **changes}


def agreement_edited_twice():
    engagement, organiser, _signatory = _drafting()
    seen = _latest(engagement)
    services.agreement_update(actor=organiser, engagement=engagement, seen_revision=seen.revision, **_terms())
    return lambda: services.agreement_update(
        actor=organiser, engagement=_stale(engagement), seen_revision=seen.revision, version=seen, **_terms()
    )


def commitment_added_from_a_stale_page():
    engagement, organiser, _signatory = _drafting()
    seen = _latest(engagement)
    services.agreement_update(actor=organiser, engagement=engagement, seen_revision=seen.revision, **_terms())
    return lambda: services.commitment_add(
        actor=organiser, engagement=_stale(engagement), seen_revision=seen.revision, version=seen, **_commitment()
    )


def commitment_changed_from_a_stale_page():
    engagement, organiser, _signatory = _drafting()
    seen = _latest(engagement)
    commitment = seen.commitments.first() or services.commitment_add(
        actor=organiser, engagement=engagement, seen_revision=seen.revision, **_commitment()
    )
    seen = _latest(engagement)
    services.agreement_update(actor=organiser, engagement=engagement, seen_revision=seen.revision, **_terms())
    return lambda: services.commitment_update(
        actor=organiser,
        engagement=_stale(engagement),
        commitment=commitment,
        seen_revision=seen.revision,
        **_commitment(),
    )


def commitment_removed_twice():
    engagement, organiser, _signatory = _drafting()
    added = services.commitment_add(
        actor=organiser, engagement=engagement, seen_revision=_latest(engagement).revision, **_commitment()
    )
    seen = _latest(engagement)
    services.commitment_remove(actor=organiser, engagement=engagement, commitment=added, seen_revision=seen.revision)
    return lambda: services.commitment_remove(
        actor=organiser, engagement=_stale(engagement), commitment=added, seen_revision=seen.revision
    )


def signed_after_an_edit():
    engagement, organiser, signatory = _drafting()
    seen = _latest(engagement)
    services.agreement_update(actor=organiser, engagement=engagement, seen_revision=seen.revision, **_terms())
    return lambda: services.agreement_sign(
        actor=signatory, engagement=_stale(engagement), version=seen, seen_revision=seen.revision, method="password"
    )


def signed_after_an_amendment_replaced_it():
    engagement, organiser, signatory = _drafting()
    seen = _latest(engagement)
    services.agreement_sign(
        actor=organiser, engagement=engagement, version=seen, seen_revision=seen.revision, method="password"
    )
    # The movement's lead changes it after signing: version 2 replaces the version the signatory reads.
    services.agreement_update(actor=organiser, engagement=_stale(engagement), seen_revision=seen.revision, **_terms())
    return lambda: services.agreement_sign(
        actor=signatory, engagement=_stale(engagement), version=seen, seen_revision=seen.revision, method="password"
    )


def publishing_consent_given_twice():
    engagement, organiser, _signatory = _drafting()
    services.agreement_publish_set(actor=organiser, engagement=engagement, side="movement", publish=True)
    return lambda: services.agreement_publish_set(
        actor=organiser, engagement=_stale(engagement), side="movement", publish=True
    )


CASES |= {
    "agreement terms saved twice from the same page": agreement_edited_twice,
    "commitment added from a page opened before an edit": commitment_added_from_a_stale_page,
    "commitment changed from a page opened before an edit": commitment_changed_from_a_stale_page,
    "commitment removed twice": commitment_removed_twice,
    "agreement signed after an edit it did not see": signed_after_an_edit,
    "agreement signed after an amendment replaced the version": signed_after_an_amendment_replaced_it,
    "publishing consent given twice": publishing_consent_given_twice,
}

LOSERS |= {
    "agreement_update",
    "commitment_add",
    "commitment_update",
    "commitment_remove",
    "agreement_sign",
    "agreement_publish_set",
}

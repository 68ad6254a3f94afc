"""The engagement cases for tests/core/test_conflicts.py's race table: a stale page loses, with a sentence."""

from engagements import services
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

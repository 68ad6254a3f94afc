"""Helpers for tests of the agreement and signing services: a shared purpose agreed by rows (the
shared-purpose services are another part's), and the services' usual arguments."""

import datetime

from django.utils import timezone

from engagements.models import Agreement, AgreementVersion, Commitment, PurposeApproval, SharedPurposeVersion, Side

TERMS = {
    "review_cadence": "monthly",
    "escalation_route": "To the trust's patient experience lead.",
    "escalation_days": 30,
    "exit_terms": "Either side gives a month's notice.",
    "keeps_public_voice": True,
    "public_voice_off_reason": "",
    "keeps_right_to_withdraw": True,
    "withdraw_off_reason": "",
    "no_endorsement_without_consent": True,
    "endorsement_off_reason": "",
}


def agree_purpose(engagement, *, movement_approver, institution_approver, at=None):
    """Both sides approve the latest shared-purpose draft, written as the purpose services would."""
    at = at or timezone.now()
    purpose = SharedPurposeVersion.objects.filter(engagement=engagement).latest("number")
    for side, person in ((Side.MOVEMENT, movement_approver), (Side.INSTITUTION, institution_approver)):
        PurposeApproval.objects.create(
            version=purpose, side=side, approver=person, approver_name=person.display_name, approved_at=at
        )
    SharedPurposeVersion.objects.filter(pk=purpose.pk).update(agreed_at=at)
    Agreement.objects.filter(engagement=engagement).update(purpose=purpose)
    date_commitments(engagement)
    return purpose


def date_commitments(engagement, on=None):
    """Give the latest draft's pre-filled commitments (the model's suggestions, undated) a review
    date, as the two sides would before signing."""
    on = on or (timezone.localdate() + datetime.timedelta(days=90))
    Commitment.objects.filter(version=latest(engagement), due_date=None, review_date=None).update(review_date=on)


def latest(engagement) -> AgreementVersion:
    return AgreementVersion.objects.filter(agreement__engagement=engagement).latest("number")

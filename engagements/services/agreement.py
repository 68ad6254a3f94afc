"""Drafting the accountability agreement: terms, safeguards and commitments (docs/agreements.md).

Every change goes to the latest version. A draft (nobody has signed it) changes in place through
draft_revise, from the revision the person saw. A frozen version (one side signed, or in force)
never changes: the change starts the next version, a copy of its terms and commitments (each
keeping its `key`), and is made there. That is an amendment; what is in force stays in force
until both sides sign the new version. Each change locks the engagement's Agreement row first,
so two people starting an amendment at once make one new version, not two.
"""

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from core.contract import Conflict, lock, require, transition
from notifications.services import notification_announce

from ..models import Agreement, AgreementVersion, Commitment, Engagement, ReviewCadence, Side, Signature
from ..rules import agreement_of, side_of, signing_sides
from ._common import both_sides, engagement_context, side_people, timeline_write
from .accountability import draft_revise

TEXT_LIMITS = {"escalation_route": 2000, "exit_terms": 2000}
REASON_LIMIT = 1000
# Each safeguard, the field holding why it is off, and what to say when that reason is missing.
SAFEGUARDS = {
    "keeps_public_voice": (
        "public_voice_off_reason",
        "Say why the movement will not keep its right to speak publicly: both sides will see it",
    ),
    "keeps_right_to_withdraw": (
        "withdraw_off_reason",
        "Say why the movement will not keep its right to withdraw: both sides will see it",
    ),
    "no_endorsement_without_consent": (
        "endorsement_off_reason",
        "Say why the institution may present the movement as endorsing it: both sides will see it",
    ),
}
COPIED_TERMS = (
    "review_cadence",
    "escalation_route",
    "escalation_days",
    "exit_terms",
    "keeps_public_voice",
    "public_voice_off_reason",
    "keeps_right_to_withdraw",
    "withdraw_off_reason",
    "no_endorsement_without_consent",
    "endorsement_off_reason",
)
COMMITMENT_FIELDS = (
    "position",
    "party",
    "what",
    "success_measure",
    "due_date",
    "review_date",
    "accountable_to",
    "accountable_to_name",
)


def agreement_url(engagement: Engagement) -> str:
    return reverse("engagements:agreement", kwargs={"engagement_uuid": engagement.uuid})


def latest_version(agreement: Agreement) -> AgreementVersion:
    version: AgreementVersion | None = AgreementVersion.objects.filter(agreement=agreement).order_by("-number").first()
    assert version is not None  # agreement_open makes version 1
    return version


def is_frozen(version: AgreementVersion) -> bool:
    """Signed by one side (or both): its words never change again."""
    return version.signed_at is not None or Signature.objects.filter(version=version).exists()


def _too_long(label: str, limit: int, text: str) -> str:
    return f"{label} must be {limit:,} characters or fewer (it has {len(text):,})"


def _stale(engagement: Engagement) -> Conflict:
    return Conflict(
        "Someone else changed the agreement while you were editing it. "
        "Read the current version below, then make your change again.",
        redirect_to=agreement_url(engagement),
    )


def _amend(*, actor: User, frozen: AgreementVersion) -> AgreementVersion:
    """The next version: a copy of the frozen one's terms and commitments, keys kept."""
    draft = AgreementVersion.objects.create(
        agreement_id=frozen.agreement_id,
        number=frozen.number + 1,
        author=actor,
        **{name: getattr(frozen, name) for name in COPIED_TERMS},
    )
    Commitment.objects.bulk_create(
        Commitment(version=draft, key=row.key, **{name: getattr(row, name) for name in COMMITMENT_FIELDS})
        for row in Commitment.objects.filter(version=frozen)
    )
    return draft


def _draft_for_change(
    *, actor: User, engagement: Engagement, seen_version: AgreementVersion | None, seen_revision: int
) -> tuple[AgreementVersion, int, bool]:
    """(the draft the change goes to, the revision to move it from, whether an amendment started).
    Conflict if the person's page showed another version or revision than the latest."""
    agreement = agreement_of(engagement)
    assert agreement is not None  # the permission asked has_agreement
    lock(agreement, redirect_to=agreement_url(engagement))
    latest = latest_version(agreement)
    if seen_version is not None and seen_version.pk != latest.pk:
        raise _stale(engagement)
    if latest.revision != seen_revision:
        raise _stale(engagement)
    if not is_frozen(latest):
        return latest, seen_revision, False
    draft = _amend(actor=actor, frozen=latest)
    return draft, draft.revision, True


def _announce_change(
    *, actor: User, engagement: Engagement, version: AgreementVersion, amendment: bool, what: str, now: Any
) -> None:
    side = side_of(actor, engagement)
    kind = "amendment_started" if amendment else "agreement_changed"
    text = f"Version {version.number}: {what}"
    timeline_write(engagement=engagement, kind=kind, actor=actor, side=side, text=text, now=now)
    notification_announce(
        kind=f"engagements.{kind}",
        recipients=both_sides(engagement, exclude=actor),
        actor=actor,
        target=engagement,
        context={**engagement_context(engagement), "version": version.number, "what": what},
        url=agreement_url(engagement),
    )


def _clean_terms(values: dict[str, Any]) -> dict[str, Any]:
    errors: dict[str, str] = {}
    cleaned = dict(values)
    if cleaned["review_cadence"] not in ReviewCadence.values:
        errors["review_cadence"] = "Choose how often both sides review the agreement"
    days = cleaned["escalation_days"]
    if not isinstance(days, int) or not 1 <= days <= 365:
        errors["escalation_days"] = "Escalate after a number of days from 1 to 365"
    for name, limit in TEXT_LIMITS.items():
        cleaned[name] = (cleaned[name] or "").strip()
        if len(cleaned[name]) > limit:
            errors[name] = _too_long(name.replace("_", " ").capitalize(), limit, cleaned[name])
    for safeguard, (reason_field, missing) in SAFEGUARDS.items():
        reason = (cleaned[reason_field] or "").strip()
        cleaned[safeguard] = bool(cleaned[safeguard])
        if cleaned[safeguard]:
            reason = ""  # a safeguard that is on needs no reason, and keeps none
        elif not reason:
            errors[reason_field] = missing
        elif len(reason) > REASON_LIMIT:
            errors[reason_field] = _too_long("The reason", REASON_LIMIT, reason)
        cleaned[reason_field] = reason
    if errors:
        raise ValidationError(errors)
    return cleaned


@transaction.atomic
def agreement_update(
    *,
    actor: User,
    engagement: Engagement,
    seen_revision: int,
    review_cadence: str,
    escalation_route: str,
    escalation_days: int,
    exit_terms: str,
    keeps_public_voice: bool,
    public_voice_off_reason: str,
    keeps_right_to_withdraw: bool,
    withdraw_off_reason: str,
    no_endorsement_without_consent: bool,
    endorsement_off_reason: str,
    version: AgreementVersion | None = None,
    now: datetime.datetime | None = None,
) -> AgreementVersion:
    """Change the terms and safeguards of the latest version (in place on a draft; on a frozen
    version, in the next version it starts). `version` is the one the person's page showed."""
    require(actor, "engagements.edit_agreement", engagement, "You cannot change this agreement now.")
    now = now or timezone.now()
    terms = _clean_terms(
        {
            "review_cadence": review_cadence,
            "escalation_route": escalation_route,
            "escalation_days": escalation_days,
            "exit_terms": exit_terms,
            "keeps_public_voice": keeps_public_voice,
            "public_voice_off_reason": public_voice_off_reason,
            "keeps_right_to_withdraw": keeps_right_to_withdraw,
            "withdraw_off_reason": withdraw_off_reason,
            "no_endorsement_without_consent": no_endorsement_without_consent,
            "endorsement_off_reason": endorsement_off_reason,
        }
    )
    draft, revision, amendment = _draft_for_change(
        actor=actor, engagement=engagement, seen_version=version, seen_revision=seen_revision
    )
    draft_revise(
        draft, seen_revision=revision, updates=terms, what="the agreement", redirect_to=agreement_url(engagement)
    )
    _announce_change(
        actor=actor, engagement=engagement, version=draft, amendment=amendment, what="terms and safeguards", now=now
    )
    return draft


@transaction.atomic
def agreement_publish_set(
    *, actor: User, engagement: Engagement, side: str, publish: bool, now: datetime.datetime | None = None
) -> Agreement:
    """Give or withdraw one side's consent to show the agreement on the public register. Either
    side may withdraw at any time; the other side is told."""
    require(actor, "engagements.publish_agreement", engagement, "Only each side's signatory can decide this.")
    if side not in signing_sides(actor, engagement):
        raise ValidationError({"side": "You can decide this only for the side you sign for."})
    agreement = agreement_of(engagement)
    assert agreement is not None
    field = "movement_publishes" if side == Side.MOVEMENT else "institution_publishes"
    said = "gave" if publish else "withdrew"
    transition(
        agreement,
        field=field,
        to=publish,
        allowed_from=[not publish],
        conflict_message=lambda _label: (
            f"Your side's consent to publish was already {'given' if publish else 'withdrawn'}: nothing changed."
        ),
        redirect_to=agreement_url(engagement),
    )
    now = now or timezone.now()
    party = engagement.movement.name if side == Side.MOVEMENT else engagement.institution.name
    text = f"{party} {said} consent to publish the agreement on the public register."
    timeline_write(engagement=engagement, kind="publishing_changed", actor=actor, side=side, text=text, now=now)
    other = Side.INSTITUTION if side == Side.MOVEMENT else Side.MOVEMENT
    notification_announce(
        kind="engagements.agreement_publishing",
        recipients=[p for p in side_people(engagement, other) if p != actor],
        actor=actor,
        target=engagement,
        context={**engagement_context(engagement), "party": party, "publish": publish, "said": said},
        url=agreement_url(engagement),
    )
    return agreement

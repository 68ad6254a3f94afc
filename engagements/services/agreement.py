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
        "Your words are below: compare them with the current version and save again.",
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


def _clean_commitment(values: dict[str, Any], *, before: Commitment | None, today: datetime.date) -> dict[str, Any]:
    errors: dict[str, str] = {}
    cleaned = dict(values)
    if cleaned["party"] not in Side.values:
        errors["party"] = "Choose who commits: the movement or the institution"
    for name, label, limit, required in (
        ("what", "What is committed", 1000, True),
        ("success_measure", "How success will be seen", 1000, False),
        ("accountable_to_name", "The name", 200, False),
    ):
        cleaned[name] = (cleaned[name] or "").strip()
        if required and not cleaned[name]:
            errors[name] = "Say what is committed"
        elif len(cleaned[name]) > limit:
            errors[name] = _too_long(label, limit, cleaned[name])
    if cleaned["due_date"] is None and cleaned["review_date"] is None:
        errors["due_date"] = "Give a due date or a review date (or both)"
    latest_allowed = today.replace(year=today.year + 10) if not (today.month == 2 and today.day == 29) else today
    for name, label in (("due_date", "due date"), ("review_date", "review date")):
        date = cleaned[name]
        unchanged = before is not None and getattr(before, name) == date
        if date is None or unchanged or name in errors:
            continue
        if date < today:
            errors[name] = f"The {label} must be today or in the future"
        elif date > latest_allowed:
            errors[name] = f"The {label} must be within 10 years"
    accountable = cleaned["accountable_to"]
    if accountable not in Commitment.AccountableTo.values:
        errors["accountable_to"] = "Choose whom the commitment is accountable to"
    elif accountable == Commitment.AccountableTo.OTHER_SIDE:
        cleaned["accountable_to_name"] = ""
    elif not cleaned["accountable_to_name"] and "accountable_to_name" not in errors:
        errors["accountable_to_name"] = (
            "Name the role" if accountable == Commitment.AccountableTo.ROLE else "Name the board"
        )
    if errors:
        raise ValidationError(errors)
    return cleaned


def _in_draft(commitment: Commitment, draft: AgreementVersion, engagement: Engagement) -> Commitment:
    """The same commitment (by key) in the draft the change goes to."""
    if commitment.version_id == draft.pk:
        return commitment
    row: Commitment | None = Commitment.objects.filter(version=draft, key=commitment.key).first()
    if row is None:
        raise _stale(engagement)
    return row


def _commitment_change(
    *,
    actor: User,
    engagement: Engagement,
    commitment: Commitment | None,
    seen_revision: int,
    now: datetime.datetime | None,
    seen_version: AgreementVersion | None = None,
) -> tuple[AgreementVersion, int, bool, datetime.datetime]:
    require(actor, "engagements.edit_agreement", engagement, "You cannot change this agreement now.")
    agreement = agreement_of(engagement)
    if commitment is not None and (agreement is None or commitment.version.agreement_id != agreement.pk):
        raise Conflict("That commitment is not part of this agreement.", redirect_to=agreement_url(engagement))
    seen = commitment.version if commitment is not None else seen_version
    draft, revision, amendment = _draft_for_change(
        actor=actor, engagement=engagement, seen_version=seen, seen_revision=seen_revision
    )
    return draft, revision, amendment, now or timezone.now()


@transaction.atomic
def commitment_add(
    *,
    actor: User,
    engagement: Engagement,
    seen_revision: int,
    party: str,
    what: str,
    success_measure: str = "",
    due_date: datetime.date | None = None,
    review_date: datetime.date | None = None,
    accountable_to: str = Commitment.AccountableTo.OTHER_SIDE,
    accountable_to_name: str = "",
    version: AgreementVersion | None = None,
    now: datetime.datetime | None = None,
) -> Commitment:
    """Add a commitment to the latest version (a new version if that one is frozen)."""
    require(actor, "engagements.edit_agreement", engagement, "You cannot change this agreement now.")
    now = now or timezone.now()
    values = _clean_commitment(
        {
            "party": party,
            "what": what,
            "success_measure": success_measure,
            "due_date": due_date,
            "review_date": review_date,
            "accountable_to": accountable_to,
            "accountable_to_name": accountable_to_name,
        },
        before=None,
        today=timezone.localdate(now),
    )
    draft, revision, amendment, now = _commitment_change(
        actor=actor, engagement=engagement, commitment=None, seen_revision=seen_revision, now=now, seen_version=version
    )
    draft_revise(draft, seen_revision=revision, updates={}, what="the agreement", redirect_to=agreement_url(engagement))
    last = Commitment.objects.filter(version=draft).order_by("-position").values_list("position", flat=True).first()
    row: Commitment = Commitment.objects.create(version=draft, position=(last or 0) + 1, **values)
    _announce_change(
        actor=actor, engagement=engagement, version=draft, amendment=amendment, what="a commitment added", now=now
    )
    return row


@transaction.atomic
def commitment_update(
    *,
    actor: User,
    engagement: Engagement,
    commitment: Commitment,
    seen_revision: int,
    party: str,
    what: str,
    success_measure: str = "",
    due_date: datetime.date | None = None,
    review_date: datetime.date | None = None,
    accountable_to: str = Commitment.AccountableTo.OTHER_SIDE,
    accountable_to_name: str = "",
    now: datetime.datetime | None = None,
) -> Commitment:
    """Change a commitment of the latest version (its copy in a new version if that one is frozen)."""
    require(actor, "engagements.edit_agreement", engagement, "You cannot change this agreement now.")
    now = now or timezone.now()
    values = _clean_commitment(
        {
            "party": party,
            "what": what,
            "success_measure": success_measure,
            "due_date": due_date,
            "review_date": review_date,
            "accountable_to": accountable_to,
            "accountable_to_name": accountable_to_name,
        },
        before=commitment,
        today=timezone.localdate(now),
    )
    draft, revision, amendment, now = _commitment_change(
        actor=actor, engagement=engagement, commitment=commitment, seen_revision=seen_revision, now=now
    )
    row = _in_draft(commitment, draft, engagement)
    draft_revise(draft, seen_revision=revision, updates={}, what="the agreement", redirect_to=agreement_url(engagement))
    Commitment.objects.filter(pk=row.pk).update(**values)
    for name, value in values.items():
        setattr(row, name, value)
    _announce_change(
        actor=actor, engagement=engagement, version=draft, amendment=amendment, what="a commitment changed", now=now
    )
    return row


@transaction.atomic
def commitment_remove(
    *,
    actor: User,
    engagement: Engagement,
    commitment: Commitment,
    seen_revision: int,
    now: datetime.datetime | None = None,
) -> AgreementVersion:
    """Take a commitment out of the latest version (out of a new version if that one is frozen).
    Earlier versions keep it, and so does its progress record."""
    draft, revision, amendment, now = _commitment_change(
        actor=actor, engagement=engagement, commitment=commitment, seen_revision=seen_revision, now=now
    )
    row = _in_draft(commitment, draft, engagement)
    draft_revise(draft, seen_revision=revision, updates={}, what="the agreement", redirect_to=agreement_url(engagement))
    Commitment.objects.filter(pk=row.pk).delete()
    _announce_change(
        actor=actor, engagement=engagement, version=draft, amendment=amendment, what="a commitment removed", now=now
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

"""The commitments of the agreement's latest version: added, changed, removed (docs/agreements.md).

Like the terms, each change goes to the latest version: in place on a draft (its revision moved
on through draft_revise), or in the next version when that one is frozen, where the commitment is
found by its `key`.
"""

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from core.contract import Conflict, require

from ..models import AgreementVersion, Commitment, Engagement, Side
from ..rules import agreement_of
from .accountability import draft_revise
from .agreement import _announce_change, _draft_for_change, _stale, _too_long, agreement_url


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

"""The receiving side's decisions, and either side walking away."""

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from core.contract import require

from ..models import Engagement
from ..rules import acts_as
from .accountability import agreement_open
from .transitions import engagement_transition


def _first_response(engagement: Engagement, now: datetime.datetime) -> dict[str, Any]:
    return {"first_response_at": now} if engagement.first_response_at is None else {}


@transaction.atomic
def engagement_assign(
    *, actor: User, engagement: Engagement, reviewer: User | None, now: datetime.datetime | None = None
) -> Engagement:
    """Give the proposal to a reviewer of the receiving side (the actor or a colleague); this starts the review."""
    require(actor, "engagements.assign_engagement", engagement, "You cannot assign a reviewer to this proposal.")
    if reviewer is None or not acts_as(reviewer, engagement, "receiver"):
        raise ValidationError({"reviewer": "Choose someone who reviews proposals for this side."})
    now = now or timezone.now()
    engagement_transition(
        actor=actor,
        engagement=engagement,
        action="assign",
        reason=f"Assigned to {reviewer.display_name}.",
        updates={"reviewer": reviewer, **_first_response(engagement, now)},
        now=now,
    )
    return engagement


@transaction.atomic
def engagement_request_changes(
    *, actor: User, engagement: Engagement, reason: str, now: datetime.datetime | None = None
) -> Engagement:
    require(actor, "engagements.request_changes_engagement", engagement, "You cannot ask for changes now.")
    now = now or timezone.now()
    return engagement_transition(
        actor=actor,
        engagement=engagement,
        action="request_changes",
        reason=reason,
        updates={"changes_reason": (reason or "").strip(), **_first_response(engagement, now)},
        now=now,
    )


@transaction.atomic
def engagement_accept(*, actor: User, engagement: Engagement, now: datetime.datetime | None = None) -> Engagement:
    require(actor, "engagements.accept_engagement", engagement, "You cannot accept this proposal now.")
    now = now or timezone.now()
    engagement_transition(
        actor=actor,
        engagement=engagement,
        action="accept",
        updates={"decided_at": now, **_first_response(engagement, now)},
        now=now,
    )
    # From acceptance both sides draft the shared purpose and the agreement (docs/agreements.md).
    agreement_open(actor=actor, engagement=engagement, now=now)
    return engagement


@transaction.atomic
def engagement_decline(
    *, actor: User, engagement: Engagement, category: str, reason: str, now: datetime.datetime | None = None
) -> Engagement:
    require(actor, "engagements.decline_engagement", engagement, "You cannot decline this proposal now.")
    if category not in Engagement.DeclineCategory.values:
        raise ValidationError({"category": "Choose the reason that fits best."})
    now = now or timezone.now()
    label = Engagement.DeclineCategory(category).label
    reason = (reason or "").strip()
    return engagement_transition(
        actor=actor,
        engagement=engagement,
        action="decline",
        reason=f"{label}. {reason}" if reason else "",
        updates={
            "decline_category": category,
            "decline_reason": reason,
            "decided_at": now,
            **_first_response(engagement, now),
        },
        now=now,
    )


@transaction.atomic
def engagement_withdraw(
    *, actor: User, engagement: Engagement, reason: str = "", now: datetime.datetime | None = None
) -> Engagement:
    """Either side walks away before completion; a reason is welcome, never demanded."""
    require(actor, "engagements.withdraw_engagement", engagement, "You cannot withdraw this engagement.")
    side = "proposer" if acts_as(actor, engagement, "proposer") else "receiver"
    by = engagement.proposing_side if side == "proposer" else engagement.receiving_side
    return engagement_transition(
        actor=actor,
        engagement=engagement,
        action="withdraw",
        reason=reason,
        updates={"withdrawn_reason": (reason or "").strip(), "withdrawn_by": by},
        now=now,
    )

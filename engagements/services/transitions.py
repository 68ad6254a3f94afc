"""The one entry for every change of an engagement's state (engagements/lifecycle.py says which)."""

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from core.contract import require, transition
from notifications.services import notification_announce

from .. import lifecycle
from ..models import Engagement
from ..rules import side_of
from ._common import both_sides, engagement_context, side_people, timeline_write

REASON_LIMIT = 2000
REASON_MESSAGES = {
    "request_changes": "Say what should change, so the proposers know what to do.",
    "decline": "Give the proposers a reason for declining.",
    "end": "Give a reason for ending the engagement.",
}


def _recipients(engagement: Engagement, action: str, actor: User) -> list[User]:
    people: list[User]
    if action == "assign":
        people = [engagement.reviewer] if engagement.reviewer is not None else []
    elif action in ("submit", "resubmit"):
        people = side_people(engagement, engagement.receiving_side)
    elif action in ("request_changes", "accept", "decline"):
        people = side_people(engagement, engagement.proposing_side)
    else:  # withdraw, complete, end, activate: everyone on both sides
        people = both_sides(engagement)
    return [person for person in people if person != actor]


@transaction.atomic
def engagement_transition(
    *,
    actor: User,
    engagement: Engagement,
    action: str,
    reason: str = "",
    updates: dict[str, Any] | None = None,
    now: datetime.datetime | None = None,
) -> Engagement:
    """Move the engagement by one lifecycle action: check who may, check the reason, change the state
    (one winner of a race, the other told what happened), write the timeline event and queue the
    notifications, all in one transaction."""
    require(actor, f"engagements.{action}_engagement", engagement, "You cannot do that to this engagement now.")
    step = lifecycle.transition_for(action)
    reason = (reason or "").strip()
    if step.needs_reason and not reason:
        raise ValidationError({"reason": REASON_MESSAGES.get(action, "Give a reason.")})
    if len(reason) > REASON_LIMIT:
        raise ValidationError(
            {"reason": f"Reason must be {REASON_LIMIT:,} characters or fewer (it has {len(reason):,})."}
        )
    now = now or timezone.now()
    side = side_of(actor, engagement)
    # From the state the person acted on, not any state the action allows: if someone else moved
    # it first (accepted while they withdrew), they are told and choose again, so one click wins.
    transition(
        engagement,
        to=step.target,
        allowed_from=[engagement.status] if engagement.status in step.sources else [],
        updates=updates or {},
        conflict_message=lambda state: f"“{engagement.title}” changed before you acted: it is now {state}.",
        redirect_to=engagement.get_absolute_url(),
    )
    timeline_write(engagement=engagement, kind=step.event, actor=actor, side=side, text=reason, now=now)
    notification_announce(
        kind=f"engagements.{step.event}",
        recipients=_recipients(engagement, action, actor),
        actor=actor,
        target=engagement,
        context={**engagement_context(engagement), "reason": reason},
        url=engagement.get_absolute_url(),
    )
    return engagement

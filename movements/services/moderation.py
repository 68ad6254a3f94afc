from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from core.contract import require, transition
from moderation.services import moderation_action_record
from notifications.services import notification_announce

from ..models import Movement
from ._common import movement_context, movement_path, organiser_users, queue_path

Status = Movement.Status


def _announce_to_organisers(movement: Movement, *, kind: str, actor: User, extra: dict[str, Any] | None = None) -> None:
    notification_announce(
        kind=kind,
        recipients=organiser_users(movement),
        actor=actor,
        target=movement,
        context={**movement_context(movement), **(extra or {})},
        url=movement_path(movement),
    )


def _no_longer_pending(movement: Movement, *, already: str | None = None) -> Callable[[str], str]:
    """Words the Conflict of a decision that came too late, from the state found."""

    def message(state: str) -> str:
        if already is not None and state == already:
            return f"“{movement.name}” is already {state}."
        return f"“{movement.name}” is no longer waiting for approval: it is {state}."

    return message


@transaction.atomic
def movement_approve(*, actor: User, movement: Movement, reason: str = "", pending_only: bool = False) -> Movement:
    """Make a movement public. Works on pending, rejected or hidden movements.

    With pending_only=True (the review page) a movement another moderator has
    decided since the page was loaded is refused rather than overturned.
    """
    require(actor, "movements.moderate_movement", movement, "Only moderators can approve movements.")
    transition(
        movement,
        to=Status.APPROVED,
        allowed_from=[Status.PENDING] if pending_only else [Status.PENDING, Status.REJECTED, Status.HIDDEN],
        updates={"rejection_reason": "", "approved_at": timezone.now()},
        conflict_message=_no_longer_pending(movement, already=None if pending_only else "approved"),
        redirect_to=queue_path(),
    )
    moderation_action_record(
        actor=actor, action="movement_approve", reason=reason.strip() or "Approved.", target=movement
    )
    _announce_to_organisers(movement, kind="movements.approved", actor=actor)
    return movement


@transaction.atomic
def movement_reject(*, actor: User, movement: Movement, reason: str) -> Movement:
    """Turn down a pending movement. The organisers see the reason and can edit and resubmit."""
    require(actor, "movements.moderate_movement", movement, "Only moderators can reject movements.")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Give the organisers a reason, so they know what to change."})
    transition(
        movement,
        to=Status.REJECTED,
        allowed_from=[Status.PENDING],
        updates={"rejection_reason": reason},
        conflict_message=_no_longer_pending(movement),
        redirect_to=queue_path(),
    )
    moderation_action_record(actor=actor, action="movement_reject", reason=reason, target=movement)
    _announce_to_organisers(movement, kind="movements.rejected", actor=actor, extra={"reason": reason})
    return movement


@transaction.atomic
def movement_hide(*, actor: User, movement: Movement, reason: str) -> Movement:
    """Take a movement out of public view (the moderation queue uses this later)."""
    require(actor, "movements.moderate_movement", movement, "Only moderators can hide movements.")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Give a reason for hiding this movement."})
    transition(
        movement,
        to=Status.HIDDEN,
        # A closed movement's profile stays public, so it can be hidden too.
        allowed_from=[Status.PENDING, Status.APPROVED, Status.REJECTED, Status.CLOSED],
        conflict_message=lambda state: f"“{movement.name}” is already {state}.",
    )
    moderation_action_record(actor=actor, action="movement_hide", reason=reason, target=movement)
    return movement

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from moderation.services import moderation_action_record
from notifications.services import notification_announce

from ..models import Movement
from ._common import lock_movement, movement_context, movement_path, organiser_users, require


def _announce_to_organisers(movement: Movement, *, kind: str, actor, extra: dict | None = None) -> None:
    notification_announce(
        kind=kind,
        recipients=organiser_users(movement),
        actor=actor,
        target=movement,
        context={**movement_context(movement), **(extra or {})},
        url=movement_path(movement),
    )


@transaction.atomic
def movement_approve(*, moderator, movement: Movement, reason: str = "", pending_only: bool = False) -> Movement:
    """Make a movement public. Works on pending, rejected or hidden movements.

    With pending_only=True (the review page) a movement another moderator has
    decided since the page was loaded is refused rather than overturned.
    """
    require(moderator, "movements.moderate_movement", movement, "Only moderators can approve movements.")
    movement = lock_movement(movement)
    if movement.status == Movement.Status.APPROVED:
        raise ValidationError(f"“{movement.name}” is already approved.")
    if pending_only and movement.status != Movement.Status.PENDING:
        raise ValidationError(
            f"“{movement.name}” is no longer waiting for approval (it is {movement.get_status_display().lower()})."
        )
    movement.status = Movement.Status.APPROVED
    movement.rejection_reason = ""
    movement.approved_at = timezone.now()
    movement.save(update_fields=["status", "rejection_reason", "approved_at", "updated_at"])
    moderation_action_record(
        moderator=moderator, action="movement_approve", reason=reason.strip() or "Approved.", target=movement
    )
    _announce_to_organisers(movement, kind="movements.approved", actor=moderator)
    return movement


@transaction.atomic
def movement_reject(*, moderator, movement: Movement, reason: str) -> Movement:
    """Turn down a pending movement. The organisers see the reason and can edit and resubmit."""
    require(moderator, "movements.moderate_movement", movement, "Only moderators can reject movements.")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError("Give the organisers a reason, so they know what to change.")
    movement = lock_movement(movement)
    if movement.status != Movement.Status.PENDING:
        raise ValidationError(
            f"“{movement.name}” is no longer waiting for approval (it is {movement.get_status_display().lower()})."
        )
    movement.status = Movement.Status.REJECTED
    movement.rejection_reason = reason
    movement.save(update_fields=["status", "rejection_reason", "updated_at"])
    moderation_action_record(moderator=moderator, action="movement_reject", reason=reason, target=movement)
    _announce_to_organisers(movement, kind="movements.rejected", actor=moderator, extra={"reason": reason})
    return movement


@transaction.atomic
def movement_hide(*, moderator, movement: Movement, reason: str) -> Movement:
    """Take an approved movement out of public view (the moderation queue uses this later)."""
    require(moderator, "movements.moderate_movement", movement, "Only moderators can hide movements.")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError("Give a reason for hiding this movement.")
    movement = lock_movement(movement)
    if movement.status == Movement.Status.HIDDEN:
        raise ValidationError(f"“{movement.name}” is already hidden.")
    movement.status = Movement.Status.HIDDEN
    movement.save(update_fields=["status", "updated_at"])
    moderation_action_record(moderator=moderator, action="movement_hide", reason=reason, target=movement)
    return movement

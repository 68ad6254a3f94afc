"""Closing a movement, and reopening it.

A closed movement leaves the directory and search but keeps everything: its profile (still
public if it was, saying it has closed), organisers, invitations and history. Reopening puts it
back in the state it had, so a movement closed while waiting for approval waits again. The lead
organisers decide; the other organisers are told. Organisers' own changes are not moderators'
decisions, so nothing is written to the moderation log: the movement keeps who closed it, when
and why, and each organiser's notification records it too.
"""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from accounts.models import User
from core.contract import lock, require, transition
from core.forms import too_long_message
from notifications.services import notification_announce

from ..models import Movement
from ._common import movement_context, movement_path, organiser_users

REASON_LIMIT = 1000


def _tell_the_other_organisers(
    movement: Movement, *, kind: str, actor: User, extra: dict[str, Any] | None = None
) -> None:
    notification_announce(
        kind=kind,
        recipients=organiser_users(movement, exclude=actor),
        actor=actor,
        target=movement,
        context={**movement_context(movement), **(extra or {})},
        url=movement_path(movement),
    )


@transaction.atomic
def movement_close(*, actor: User, movement: Movement, reason: str = "") -> Movement:
    """A lead organiser closes the movement. Of two closing at once, one wins; the other gets a Conflict."""
    require(actor, "movements.close_movement", movement, "Only a lead organiser can close this movement.")
    reason = (reason or "").strip()
    if len(reason) > REASON_LIMIT:
        raise ValidationError({"reason": too_long_message("Reason", REASON_LIMIT, len(reason))})
    current = lock(movement)
    before = current.status
    transition(
        movement,
        to=Movement.Status.CLOSED,
        allowed_from=Movement.CLOSABLE_STATUSES,
        # Exactly the state read under the lock, which is what reopening restores.
        where=Q(status=before),
        updates={
            "closed_at": timezone.now(),
            "closed_by": actor,
            "closed_reason": reason,
            "status_before_closing": before,
        },
        conflict_message=lambda state: (
            f"“{movement.name}” is already closed." if state == "closed" else f"“{movement.name}” is {state}."
        ),
    )
    _tell_the_other_organisers(movement, kind="movements.closed", actor=actor, extra={"reason": reason})
    return movement


@transaction.atomic
def movement_reopen(*, actor: User, movement: Movement) -> Movement:
    """A lead organiser reopens a closed movement: it returns to the state it had before closing."""
    require(actor, "movements.reopen_movement", movement, "Only a lead organiser can reopen this movement.")
    current = lock(movement)
    restored = current.status_before_closing or Movement.Status.APPROVED
    updates: dict[str, Any] = {"closed_at": None, "closed_by": None, "closed_reason": "", "status_before_closing": ""}
    if restored == Movement.Status.PENDING:
        # It waits for a moderator again from now: the time it spent closed was not waiting.
        updates["submitted_at"] = timezone.now()
    transition(
        movement,
        to=restored,
        allowed_from=[Movement.Status.CLOSED],
        updates=updates,
        conflict_message=lambda state: f"“{movement.name}” is not closed any more: it is {state}.",
    )
    _tell_the_other_organisers(
        movement,
        kind="movements.reopened",
        actor=actor,
        extra={"status": movement.get_status_display(), "back_in_directory": movement.is_public},
    )
    return movement

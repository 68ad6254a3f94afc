from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model

from accounts.models import User
from core.contract import Conflict, lock, require
from notifications.services import notification_announce

from ..models import Movement, Organiser
from ._common import movement_context, movement_path, organiser_users, organisers_path

LAST_LEAD_MESSAGE = "A movement needs at least one lead organiser. Make someone else a lead first, then try again."
LEAVE_INSTEAD_MESSAGE = "To stop organising this movement yourself, use “Leave this movement”."
ONLY_LEAD_LEAVING_MESSAGE = (
    "You are the only lead organiser. Make someone else a lead before you leave, "
    "so the movement is not left without one."
)


def _still_offered(actor: User, perm: str, obj: Model, message: str) -> None:
    """Ask, under the movement's lock, the rule the organisers page asked before offering the action.

    The service has already required the authority to act (PermissionDenied, 403), so a refusal
    here means the movement is not as the page showed it: the reason is the person's to read.
    """
    if not actor.has_perm(perm, obj):
        raise ValidationError(message)


def _fresh(organiser: Organiser, movement: Movement) -> Organiser:
    """The organiser row as it is now, under the movement's lock."""
    fresh = Organiser.objects.select_related("user").filter(pk=organiser.pk, movement=movement).first()
    if fresh is None:
        raise Conflict(
            "That person is no longer an organiser of this movement: someone else removed them, or they left.",
            redirect_to=organisers_path(movement),
        )
    fresh.movement = movement  # the rules count leads on the locked copy
    return fresh


@transaction.atomic
def organiser_role_change(*, actor: User, organiser: Organiser, role: str) -> Organiser:
    """A lead changes an organiser's role. The movement row is locked so two leads
    demoting each other at once cannot leave it without a lead."""
    movement: Movement | None = getattr(organiser, "movement", None)
    require(actor, "movements.change_organiser_role", movement, "Only lead organisers can change roles.")
    assert movement is not None  # require() refuses None
    if role not in Organiser.Role.values:
        raise ValidationError("Choose lead organiser or organiser.")
    movement = lock(movement)
    # Again under the lock: a lead demoted a moment ago must not act on stale rights.
    require(actor, "movements.change_organiser_role", movement, "Only lead organisers can change roles.")
    organiser = _fresh(organiser, movement)
    if organiser.role == role:
        return organiser
    offered = "movements.can_make_lead" if role == Organiser.Role.LEAD else "movements.can_make_organiser"
    _still_offered(actor, offered, organiser, LAST_LEAD_MESSAGE)
    organiser.role = role
    organiser.save(update_fields=["role"])
    if organiser.user != actor:
        notification_announce(
            kind="movements.role_changed",
            recipients=[organiser.user],
            actor=actor,
            target=movement,
            context={**movement_context(movement), "role": organiser.get_role_display()},
            url=movement_path(movement),
        )
    return organiser


@transaction.atomic
def organiser_remove(*, actor: User, organiser: Organiser) -> None:
    """A lead removes another organiser. To remove yourself, leave."""
    movement: Movement | None = getattr(organiser, "movement", None)
    require(actor, "movements.remove_organiser", movement, "Only lead organisers can remove people.")
    assert movement is not None  # require() refuses None
    movement = lock(movement)
    require(actor, "movements.remove_organiser", movement, "Only lead organisers can remove people.")
    organiser = _fresh(organiser, movement)
    refusal = LEAVE_INSTEAD_MESSAGE if organiser.user_id == actor.pk else LAST_LEAD_MESSAGE
    _still_offered(actor, "movements.can_remove_organiser", organiser, refusal)
    removed = organiser.user
    organiser.delete()
    notification_announce(
        kind="movements.removed",
        recipients=[removed],
        actor=actor,
        target=movement,
        context=movement_context(movement),
        url=movement_path(movement),
    )


@transaction.atomic
def organiser_leave(*, actor: User, movement: Movement) -> None:
    """An organiser stops organising the movement. The last lead must hand over first."""
    require(actor, "movements.leave_movement", movement, "You are not an organiser of this movement.")
    movement = lock(movement)
    organiser = Organiser.objects.filter(movement=movement, user=actor).first()
    if organiser is None:
        raise Conflict("You are no longer an organiser of this movement: another organiser removed you.")
    _still_offered(actor, "movements.can_leave", movement, ONLY_LEAD_LEAVING_MESSAGE)
    organiser.delete()
    notification_announce(
        kind="movements.organiser_left",
        recipients=organiser_users(movement, role=Organiser.Role.LEAD),
        actor=actor,
        target=movement,
        context=movement_context(movement),
        url=organisers_path(movement),
    )

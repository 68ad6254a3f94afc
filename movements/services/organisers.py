from django.core.exceptions import ValidationError
from django.db import transaction

from accounts.models import User
from core.contract import Conflict, lock, require
from notifications.services import notification_announce

from ..models import Movement, Organiser
from ._common import movement_context, movement_path, organiser_users, organisers_path

LAST_LEAD_MESSAGE = "A movement needs at least one lead organiser. Make someone else a lead first, then try again."


def _other_leads_exist(movement: Movement, organiser: Organiser) -> bool:
    return Organiser.objects.filter(movement=movement, role=Organiser.Role.LEAD).exclude(pk=organiser.pk).exists()


def _fresh(organiser: Organiser, movement: Movement) -> Organiser:
    """The organiser row as it is now, under the movement's lock."""
    fresh = Organiser.objects.select_related("user").filter(pk=organiser.pk, movement=movement).first()
    if fresh is None:
        raise Conflict(
            "That person is no longer an organiser of this movement: someone else removed them, or they left.",
            redirect_to=organisers_path(movement),
        )
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
    if organiser.role == Organiser.Role.LEAD and not _other_leads_exist(movement, organiser):
        raise ValidationError(LAST_LEAD_MESSAGE)
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
    if organiser.user == actor:
        raise ValidationError("To stop organising this movement yourself, use “Leave this movement”.")
    if organiser.role == Organiser.Role.LEAD and not _other_leads_exist(movement, organiser):
        raise ValidationError(LAST_LEAD_MESSAGE)
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
    if organiser.role == Organiser.Role.LEAD and not _other_leads_exist(movement, organiser):
        raise ValidationError(
            "You are the only lead organiser. Make someone else a lead before you leave, "
            "so the movement is not left without one."
        )
    organiser.delete()
    notification_announce(
        kind="movements.organiser_left",
        recipients=organiser_users(movement, role=Organiser.Role.LEAD),
        actor=actor,
        target=movement,
        context=movement_context(movement),
        url=organisers_path(movement),
    )

from django.core.exceptions import ValidationError
from django.db import transaction

from notifications.services import notification_announce

from ..models import Movement, Organiser
from ._common import lock_movement, movement_context, movement_path, organiser_users, organisers_path, require

LAST_LEAD_MESSAGE = "A movement needs at least one lead organiser. Make someone else a lead first, then try again."


def _other_leads_exist(movement: Movement, organiser: Organiser) -> bool:
    return Organiser.objects.filter(movement=movement, role=Organiser.Role.LEAD).exclude(pk=organiser.pk).exists()


def _fresh(organiser: Organiser, movement: Movement) -> Organiser:
    try:
        return Organiser.objects.select_related("user").get(pk=organiser.pk, movement=movement)
    except Organiser.DoesNotExist:
        raise ValidationError("That person is no longer an organiser of this movement.") from None


@transaction.atomic
def organiser_role_change(*, user, organiser: Organiser, role: str) -> Organiser:
    """A lead changes an organiser's role. The movement row is locked so two leads
    demoting each other at once cannot leave it without a lead."""
    movement = getattr(organiser, "movement", None)
    require(user, "movements.change_organiser_role", movement, "Only lead organisers can change roles.")
    if role not in Organiser.Role.values:
        raise ValidationError("Choose lead organiser or organiser.")
    movement = lock_movement(movement)
    # Again under the lock: a lead demoted a moment ago must not act on stale rights.
    require(user, "movements.change_organiser_role", movement, "Only lead organisers can change roles.")
    organiser = _fresh(organiser, movement)
    if organiser.role == role:
        return organiser
    if organiser.role == Organiser.Role.LEAD and not _other_leads_exist(movement, organiser):
        raise ValidationError(LAST_LEAD_MESSAGE)
    organiser.role = role
    organiser.save(update_fields=["role"])
    if organiser.user != user:
        notification_announce(
            kind="movements.role_changed",
            recipients=[organiser.user],
            actor=user,
            target=movement,
            context={**movement_context(movement), "role": organiser.get_role_display()},
            url=movement_path(movement),
        )
    return organiser


@transaction.atomic
def organiser_remove(*, user, organiser: Organiser) -> None:
    """A lead removes another organiser. To remove yourself, leave."""
    movement = getattr(organiser, "movement", None)
    require(user, "movements.remove_organiser", movement, "Only lead organisers can remove people.")
    movement = lock_movement(movement)
    require(user, "movements.remove_organiser", movement, "Only lead organisers can remove people.")
    organiser = _fresh(organiser, movement)
    if organiser.user == user:
        raise ValidationError("To stop organising this movement yourself, use “Leave this movement”.")
    if organiser.role == Organiser.Role.LEAD and not _other_leads_exist(movement, organiser):
        raise ValidationError(LAST_LEAD_MESSAGE)
    removed = organiser.user
    organiser.delete()
    notification_announce(
        kind="movements.removed",
        recipients=[removed],
        actor=user,
        target=movement,
        context=movement_context(movement),
        url=movement_path(movement),
    )


@transaction.atomic
def organiser_leave(*, user, movement: Movement) -> None:
    """An organiser stops organising the movement. The last lead must hand over first."""
    require(user, "movements.leave_movement", movement, "You are not an organiser of this movement.")
    movement = lock_movement(movement)
    organiser = Organiser.objects.filter(movement=movement, user=user).first()
    if organiser is None:
        raise ValidationError("You are no longer an organiser of this movement.")
    if organiser.role == Organiser.Role.LEAD and not _other_leads_exist(movement, organiser):
        raise ValidationError(
            "You are the only lead organiser. Make someone else a lead before you leave, "
            "so the movement is not left without one."
        )
    organiser.delete()
    notification_announce(
        kind="movements.organiser_left",
        recipients=organiser_users(movement, role=Organiser.Role.LEAD),
        actor=user,
        target=movement,
        context=movement_context(movement),
        url=organisers_path(movement),
    )

"""Who may do what with a movement. Views, templates, services and tests use these."""

import rules

from accounts.rules import is_platform_staff
from accounts.selectors import verified_emails
from accounts.types import Viewer

from .models import Invitation, Movement, Organiser


def organiser_role(user: Viewer | None, movement: Movement | None) -> str | None:
    """The user's role in the movement, or None. Remembered on the movement object
    so one page asking several questions costs one query."""
    if user is None or not user.is_authenticated or not user.is_active or movement is None:
        return None
    cache: dict[int, str | None] = movement.__dict__.setdefault("_organiser_roles", {})
    if user.pk not in cache:
        cache[user.pk] = Organiser.objects.filter(movement=movement, user=user).values_list("role", flat=True).first()
    return cache[user.pk]


@rules.predicate
def is_movement_organiser(user: Viewer, movement: Movement | None) -> bool:
    return organiser_role(user, movement) is not None


@rules.predicate
def is_movement_lead(user: Viewer, movement: Movement | None) -> bool:
    return organiser_role(user, movement) == Organiser.Role.LEAD


@rules.predicate
def is_approved(user: Viewer, movement: Movement | None) -> bool:
    return movement is not None and movement.status == Movement.Status.APPROVED


@rules.predicate
def is_rejected(user: Viewer, movement: Movement | None) -> bool:
    return movement is not None and movement.status == Movement.Status.REJECTED


@rules.predicate
def is_pending(user: Viewer, movement: Movement | None) -> bool:
    return movement is not None and movement.status == Movement.Status.PENDING


@rules.predicate
def is_invitee(user: Viewer, invitation: Invitation | None) -> bool:
    """The invitation was sent to one of the person's confirmed addresses."""
    return invitation is not None and invitation.email.lower() in verified_emails(user)


rules.add_perm("movements.create_movement", rules.is_authenticated)
# Pending, rejected and hidden movements exist only for their organisers and moderators.
rules.add_perm("movements.see_movement", is_approved | is_movement_organiser | is_platform_staff)
rules.add_perm("movements.edit_movement", is_movement_organiser)
rules.add_perm("movements.resubmit_movement", is_movement_organiser & is_rejected)
rules.add_perm("movements.view_organisers", is_movement_organiser | is_platform_staff)
rules.add_perm("movements.invite_organiser", is_movement_organiser)
# Only leads may make someone else a lead, change roles or remove people.
rules.add_perm("movements.invite_lead", is_movement_lead)
rules.add_perm("movements.change_organiser_role", is_movement_lead)
rules.add_perm("movements.remove_organiser", is_movement_lead)
rules.add_perm("movements.revoke_invitation", is_movement_organiser)
rules.add_perm("movements.accept_invitation", rules.is_authenticated & is_invitee)
rules.add_perm("movements.leave_movement", is_movement_organiser)
rules.add_perm("movements.moderate_movement", is_platform_staff)

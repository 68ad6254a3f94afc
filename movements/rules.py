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


def lead_count(movement: Movement | None) -> int:
    """How many leads the movement has. Remembered on the object like the roles above (the
    organisers page counts them from the rows it lists: movements.selectors.movement_organisers)."""
    if movement is None:
        return 0
    if "_lead_count" not in movement.__dict__:
        movement.__dict__["_lead_count"] = Organiser.objects.filter(movement=movement, role=Organiser.Role.LEAD).count()
    count: int = movement.__dict__["_lead_count"]
    return count


@rules.predicate
def is_approved(user: Viewer, movement: Movement | None) -> bool:
    return movement is not None and movement.status == Movement.Status.APPROVED


@rules.predicate
def was_public(user: Viewer, movement: Movement | None) -> bool:
    """Closed after it was approved: its profile stays public and says it has closed."""
    return movement is not None and movement.was_public


@rules.predicate
def is_closable(user: Viewer, movement: Movement | None) -> bool:
    return movement is not None and movement.status in Movement.CLOSABLE_STATUSES


@rules.predicate
def is_closed(user: Viewer, movement: Movement | None) -> bool:
    return movement is not None and movement.status == Movement.Status.CLOSED


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


# -- About one organiser row (the organisers page asks these of every row) ----------------------


@rules.predicate
def leads_its_movement(user: Viewer, organiser: Organiser | None) -> bool:
    return organiser is not None and is_movement_lead.test(user, organiser.movement)


@rules.predicate
def is_a_lead(user: Viewer, organiser: Organiser | None) -> bool:
    return organiser is not None and organiser.role == Organiser.Role.LEAD


@rules.predicate
def is_themselves(user: Viewer, organiser: Organiser | None) -> bool:
    return organiser is not None and user is not None and organiser.user_id == user.pk


@rules.predicate
def leaves_a_lead(user: Viewer, organiser: Organiser | None) -> bool:
    """Taking this person's lead role away (or them) still leaves the movement a lead."""
    return organiser is not None and (organiser.role != Organiser.Role.LEAD or lead_count(organiser.movement) > 1)


@rules.predicate
def leaving_leaves_a_lead(user: Viewer, movement: Movement | None) -> bool:
    """The person leaving is not the movement's only lead."""
    return organiser_role(user, movement) != Organiser.Role.LEAD or lead_count(movement) > 1


rules.add_perm("movements.create_movement", rules.is_authenticated)
# Pending, rejected and hidden movements exist only for their organisers and moderators; a closed
# one stays public if it was public when it closed.
rules.add_perm("movements.see_movement", is_approved | was_public | is_movement_organiser | is_platform_staff)
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
# Closing and reopening: the lead organisers decide; organisers see that it closed.
rules.add_perm("movements.close_movement", is_movement_lead)
rules.add_perm("movements.reopen_movement", is_movement_lead)

# What a page may offer: the rule above (who) and the state that lets it work now. The services
# require the rule above and ask these again under the movement's lock, so a button shown is a
# button that works, and one that stopped working (someone changed the movement since the page
# loaded) is refused with a reason. tests/movements/test_offered_actions.py presses every one.
rules.add_perm("movements.can_make_lead", leads_its_movement & ~is_a_lead)
rules.add_perm("movements.can_make_organiser", leads_its_movement & is_a_lead & leaves_a_lead)
rules.add_perm("movements.can_remove_organiser", leads_its_movement & ~is_themselves & leaves_a_lead)
rules.add_perm("movements.can_leave", is_movement_organiser & leaving_leaves_a_lead)
rules.add_perm("movements.can_close", is_movement_lead & is_closable)
rules.add_perm("movements.can_reopen", is_movement_lead & is_closed)

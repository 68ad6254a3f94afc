"""Who may do what with an engagement: both parties' roles, composed (django-rules predicates).

Each lifecycle action's rule comes from engagements/lifecycle.py: the state must allow it and
the person must act for one of the sides the table names. The roles themselves are read through
movements.rules.organiser_role and institutions.selectors.membership_of, which remember the
answer on the movement and institution objects: a page asking many questions costs two queries.
"""

import rules
from django.utils import timezone

from accounts.rules import is_platform_staff
from accounts.types import Viewer
from institutions.models import Institution, Membership
from institutions.selectors import membership_of
from movements.models import Movement
from movements.rules import organiser_role

from . import lifecycle
from .models import Comment, Engagement, Side
from .models.conversation import COMMENT_EDIT_WINDOW

REVIEW_ROLES = (Membership.Role.REVIEWER, Membership.Role.ADMIN)


def _institution_role(user: Viewer, institution: Institution) -> str | None:
    membership = membership_of(user=user, institution=institution)
    return membership.role if membership is not None and membership.is_verified else None


def speaks_for(user: Viewer, engagement: Engagement | None, side: str, *, deciding: bool) -> bool:
    """Whether the person acts for that side of the engagement. Deciding for the institution
    (reviewing, withdrawing a proposal it received) takes a reviewer or admin; proposing, any
    verified member. Every organiser of the movement speaks for it."""
    if engagement is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if side == Side.MOVEMENT:
        return organiser_role(user, engagement.movement) is not None
    role = _institution_role(user, engagement.institution)
    return role is not None and (not deciding or role in REVIEW_ROLES)


def acts_as(user: Viewer, engagement: Engagement, who: str) -> bool:
    """ "proposer" or "receiver", as the lifecycle table names them."""
    if who == "proposer":
        return speaks_for(user, engagement, engagement.proposing_side, deciding=False)
    if who == "receiver":
        return speaks_for(user, engagement, engagement.receiving_side, deciding=True)
    return False


def side_of(user: Viewer, engagement: Engagement) -> str:
    """The side the person speaks for ("" for platform staff and everyone else); the proposing side first."""
    for side in (engagement.proposing_side, engagement.receiving_side):
        if speaks_for(user, engagement, side, deciding=False):
            return side
    return ""


@rules.predicate
def is_party(user: Viewer, engagement: Engagement | None) -> bool:
    return engagement is not None and side_of(user, engagement) != ""


@rules.predicate
def on_proposing_side(user: Viewer, engagement: Engagement | None) -> bool:
    return engagement is not None and acts_as(user, engagement, "proposer")


@rules.predicate
def on_receiving_side(user: Viewer, engagement: Engagement | None) -> bool:
    return engagement is not None and acts_as(user, engagement, "receiver")


@rules.predicate
def is_draft(user: Viewer, engagement: Engagement | None) -> bool:
    return engagement is not None and engagement.status == Engagement.Status.DRAFT


@rules.predicate
def is_editable(user: Viewer, engagement: Engagement | None) -> bool:
    return engagement is not None and engagement.status in lifecycle.EDITABLE


def _may(action: str) -> rules.Predicate:
    transition = lifecycle.transition_for(action)

    @rules.predicate(name=f"may_{action}")
    def predicate(user: Viewer, engagement: Engagement | None) -> bool:
        if engagement is None or engagement.status not in transition.sources:
            return False
        return any(acts_as(user, engagement, who) for who in transition.by)

    return predicate


# A draft is the proposing side's own work; once sent, both parties (and platform staff) see it.
rules.add_perm("engagements.see_engagement", on_proposing_side | (~is_draft & (is_party | is_platform_staff)))
rules.add_perm("engagements.edit_engagement", on_proposing_side & is_editable)
rules.add_perm("engagements.discard_draft", on_proposing_side & is_draft)
for _transition in lifecycle.TRANSITIONS:
    if "system" not in _transition.by:
        rules.add_perm(f"engagements.{_transition.action}_engagement", _may(_transition.action))
# Private notes belong to the reviewing side alone: not the proposers, not even moderators.
rules.add_perm("engagements.see_reviewer_notes", on_receiving_side & ~is_draft)
rules.add_perm("engagements.create_reviewer_note", on_receiving_side & ~is_draft)
rules.add_perm("engagements.create_comment", ~is_draft & (is_party | is_platform_staff))


@rules.predicate
def is_recent_own_comment(user: Viewer, comment: Comment | None) -> bool:
    return (
        comment is not None
        and comment.author_id is not None
        and comment.author_id == getattr(user, "pk", None)
        and timezone.now() - comment.created_at <= COMMENT_EDIT_WINDOW
    )


rules.add_perm("engagements.edit_comment", is_recent_own_comment)


# Starting a proposal: for a movement (to an institution) or for an institution (to a movement).
@rules.predicate
def organises_approved_movement(user: Viewer, movement: Movement | None) -> bool:
    return (
        movement is not None
        and movement.status == Movement.Status.APPROVED
        and organiser_role(user, movement) is not None
    )


@rules.predicate
def member_of_approved_institution(user: Viewer, institution: Institution | None) -> bool:
    return (
        institution is not None
        and institution.status == Institution.Status.APPROVED
        and _institution_role(user, institution) is not None
    )


rules.add_perm("engagements.create_engagement_for_movement", organises_approved_movement)
rules.add_perm("engagements.create_engagement_for_institution", member_of_approved_institution)


@rules.predicate
def reviews_for_an_institution(user: Viewer) -> bool:
    """Verified reviewer or admin of at least one institution: they have a review queue."""
    if not user.is_authenticated:
        return False
    return Membership.objects.filter(user=user, status=Membership.Status.VERIFIED, role__in=REVIEW_ROLES).exists()


rules.add_perm("engagements.see_review_queue", reviews_for_an_institution)

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
from .models import Agreement, Comment, Engagement, Side
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


# --- The shared purpose and the accountability agreement (docs/agreements.md) -----------------
# They exist once an engagement is accepted (an Agreement row). Both parties draft them while the
# engagement is accepted or active; approving the shared purpose takes someone who may decide
# for their side; signing takes the side's designated signatory: an institution member marked
# signatory, or the movement's lead organiser. Nobody signs or approves for both sides.

DRAFTING_STATES = (Engagement.Status.ACCEPTED, Engagement.Status.ACTIVE)


def agreement_of(engagement: Engagement | None) -> Agreement | None:
    """The engagement's Agreement row, or None before acceptance. Remembered on the engagement."""
    if engagement is None:
        return None
    if "_agreement_row" not in engagement.__dict__:
        engagement.__dict__["_agreement_row"] = Agreement.objects.filter(engagement=engagement).first()
    found: Agreement | None = engagement.__dict__["_agreement_row"]
    return found


def _signs_for_institution(user: Viewer, institution: Institution) -> bool:
    membership = membership_of(user=user, institution=institution)
    return membership is not None and membership.is_verified and membership.is_signatory


def approving_sides(user: Viewer, engagement: Engagement | None) -> list[str]:
    """The sides this person may approve the shared purpose for: a movement organiser; an
    institution reviewer, admin or signatory."""
    if engagement is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    sides: list[str] = []
    if speaks_for(user, engagement, Side.MOVEMENT, deciding=False):
        sides.append(Side.MOVEMENT)
    if speaks_for(user, engagement, Side.INSTITUTION, deciding=True) or _signs_for_institution(
        user, engagement.institution
    ):
        sides.append(Side.INSTITUTION)
    return sides


def signing_sides(user: Viewer, engagement: Engagement | None) -> list[str]:
    """The sides this person may sign the agreement for: the movement's lead organiser; an
    institution member marked signatory."""
    if engagement is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    sides: list[str] = []
    if organiser_role(user, engagement.movement) == "lead":
        sides.append(Side.MOVEMENT)
    if _signs_for_institution(user, engagement.institution):
        sides.append(Side.INSTITUTION)
    return sides


@rules.predicate
def has_agreement(user: Viewer, engagement: Engagement | None) -> bool:
    return agreement_of(engagement) is not None


@rules.predicate
def is_drafting_state(user: Viewer, engagement: Engagement | None) -> bool:
    return engagement is not None and engagement.status in DRAFTING_STATES


@rules.predicate
def is_active(user: Viewer, engagement: Engagement | None) -> bool:
    return engagement is not None and engagement.status == Engagement.Status.ACTIVE


@rules.predicate
def may_approve_for_a_side(user: Viewer, engagement: Engagement | None) -> bool:
    return bool(approving_sides(user, engagement))


@rules.predicate
def may_sign_for_a_side(user: Viewer, engagement: Engagement | None) -> bool:
    return bool(signing_sides(user, engagement))


rules.add_perm("engagements.see_agreement", has_agreement & (is_party | is_platform_staff))
rules.add_perm("engagements.edit_agreement", has_agreement & is_drafting_state & is_party)
rules.add_perm("engagements.approve_purpose", has_agreement & is_drafting_state & may_approve_for_a_side)
rules.add_perm("engagements.sign_agreement", has_agreement & is_drafting_state & may_sign_for_a_side)
rules.add_perm("engagements.record_checkin", has_agreement & is_active & is_party)
# Consent to the public register is each side's signatory's to give and to take back, at any time.
rules.add_perm("engagements.publish_agreement", has_agreement & may_sign_for_a_side)


# "system" steps of the lifecycle table happen as the consequence of someone's act, and that person
# must be allowed to cause them: activation follows the second side's signature, so the signatory
# who completes the agreement moves the engagement (from the states the table allows).
@rules.predicate
def activation_allowed(user: Viewer, engagement: Engagement | None) -> bool:
    return engagement is not None and engagement.status in lifecycle.transition_for("activate").sources


rules.add_perm("engagements.activate_engagement", has_agreement & activation_allowed & may_sign_for_a_side)

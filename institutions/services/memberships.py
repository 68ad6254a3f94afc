"""Joining, deciding, changing roles, removing and leaving."""

from collections.abc import Callable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Model
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from accounts.selectors import moderators
from core.contract import Conflict, lock, require, transition
from core.forms import too_long_message

from ..domains import user_verified_domains
from ..models import REQUEST_NOTE_MAX_LENGTH, Institution, Membership, VerifiedDomain
from ..selectors import membership_of, memberships_forget
from ._notify import announce, institution_admins, institution_context

Status = Membership.Status

LAST_ADMIN_MESSAGE = (
    "{name} is the only admin of {institution}. Make someone else an admin first: "
    "an institution always needs at least one admin."
)


def only_admin_leaving_message(institution: Institution) -> str:
    return (
        f"You are the only admin of {institution.name}. Make someone else an admin "
        "before you leave: an institution always needs at least one admin."
    )


def _members_url(institution: Institution) -> str:
    return reverse("institutions:members", kwargs={"ods_code": institution.ods_code})


def _profile_url(institution: Institution) -> str:
    return institution.get_absolute_url()


def _still_offered(actor: User, perm: str, obj: Model, message: str) -> None:
    """Ask, under the institution's lock, the rule the page asked before offering the action.

    The service has already required the authority to act (PermissionDenied, 403), so a refusal
    here means the institution is not as the page showed it: the reason is the person's to read.
    """
    if not actor.has_perm(perm, obj):
        raise ValidationError(message)


def _ended(actor: User, reason: str) -> dict[str, Any]:
    """What leaving or being removed writes, beside the status."""
    return {"is_signatory": False, "ended_at": timezone.now(), "decided_by": actor, "decision_reason": reason}


def membership_request(*, actor: User, institution: Institution, request_note: str = "") -> Membership:
    """Ask to join. Verified at once when a confirmed address is at one of the institution's domains.

    `request_note` is what the person tells the admins who decide (their role, their team).
    """
    if membership_of(user=actor, institution=institution) is not None:
        raise _already_asked(institution)
    require(actor, "institutions.join_institution", institution)
    request_note = (request_note or "").strip()
    if len(request_note) > REQUEST_NOTE_MAX_LENGTH:
        raise ValidationError(
            {"request_note": too_long_message("Your note", REQUEST_NOTE_MAX_LENGTH, len(request_note))}
        )
    matching = sorted(
        user_verified_domains(actor)
        & set(VerifiedDomain.objects.filter(institution=institution).values_list("domain", flat=True))
    )
    now = timezone.now()
    try:
        with transaction.atomic():
            membership = Membership.objects.create(
                user=actor,
                institution=institution,
                role=Membership.Role.MEMBER,
                status=Status.VERIFIED if matching else Status.PENDING,
                verified_by_domain=matching[0] if matching else "",
                decided_at=now if matching else None,
                request_note=request_note,
            )
            context = institution_context(institution, member_name=actor.display_name)
            if matching:
                announce(
                    kind="institutions.membership_verified",
                    recipients=[actor],
                    actor=None,
                    target=membership,
                    context={**context, "domain": matching[0]},
                    url=_profile_url(institution),
                )
            else:
                # Where nobody can decide yet, moderators step in.
                deciders = institution_admins(institution) or moderators()
                announce(
                    kind="institutions.membership_requested",
                    recipients=deciders,
                    actor=actor,
                    target=membership,
                    context={**context, "request_note": request_note},
                    url=_members_url(institution),
                )
    except IntegrityError as exc:
        # Two clicks at once: the unique constraint lets only one request through.
        raise _already_asked(institution) from exc
    memberships_forget(institution)
    return membership


def _already_asked(institution: Institution) -> Conflict:
    return Conflict("You have already asked to join this institution.", redirect_to=_profile_url(institution))


def _already_decided(membership: Membership) -> Callable[[str], str]:
    """Words the Conflict of a second decision: who decided first, and how."""

    def message(_state: str) -> str:
        row: Mapping[str, object] = (
            Membership.objects.filter(pk=membership.pk).values("status", "decided_by__display_name").first() or {}
        )
        who = row.get("decided_by__display_name") or "someone else"
        if row.get("status") == Status.VERIFIED:
            return f"This request has already been approved by {who}."
        if row.get("status") == Status.REJECTED:
            return f"This request has already been turned down by {who}."
        return "This request was withdrawn before it was decided."

    return message


def _decide(*, actor: User, membership: Membership, to: str, reason: str) -> Membership:
    """A pending request becomes verified or rejected. Of two admins deciding at once, the first wins."""
    institution = membership.institution
    with transaction.atomic():
        transition(
            membership,
            to=to,
            allowed_from=[Status.PENDING],
            updates={"decided_by": actor, "decision_reason": reason, "decided_at": timezone.now()},
            conflict_message=_already_decided(membership),
            redirect_to=_members_url(institution),
        )
        announce(
            kind="institutions.membership_decided",
            recipients=[membership.user],
            actor=actor,
            target=membership,
            context=institution_context(institution, approved=to == Status.VERIFIED, reason=reason),
            url=_profile_url(institution),
        )
    memberships_forget(institution)
    return membership


def membership_approve(*, actor: User, membership: Membership, reason: str = "") -> Membership:
    """Approve a pending request to join."""
    require(actor, "institutions.decide_membership", getattr(membership, "institution", None))
    return _decide(actor=actor, membership=membership, to=Status.VERIFIED, reason=(reason or "").strip())


def membership_reject(*, actor: User, membership: Membership, reason: str) -> Membership:
    """Turn down a pending request to join. The person sees the reason."""
    require(actor, "institutions.decide_membership", getattr(membership, "institution", None))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Give a reason for turning down this request. The person will see it."})
    return _decide(actor=actor, membership=membership, to=Status.REJECTED, reason=reason)


def _no_longer_a_member(institution: Institution) -> Conflict:
    return Conflict(
        "This person is no longer a member: they left, or another admin removed them.",
        redirect_to=_members_url(institution),
    )


def membership_change(*, actor: User, membership: Membership, role: str, is_signatory: bool) -> Membership:
    """Change a verified member's role or signatory flag. The last admin cannot be demoted."""
    institution: Institution | None = getattr(membership, "institution", None)
    require(actor, "institutions.manage_members", institution)
    assert institution is not None  # require() refuses None
    if role not in Membership.Role.values:
        raise ValidationError({"role": "Choose member, reviewer or admin."})
    with transaction.atomic():
        # One change to an institution's admins at a time, so two cannot both step down.
        lock(institution)
        membership = Membership.objects.select_for_update().select_related("user", "institution").get(pk=membership.pk)
        # Again under the lock: an admin made a member a moment ago must not act on stale rights.
        require(actor, "institutions.manage_members", membership.institution)
        if membership.status != Status.VERIFIED:
            raise _no_longer_a_member(institution)
        if membership.role == role and membership.is_signatory == is_signatory:
            return membership
        _still_offered(
            actor,
            "institutions.can_change_role" if membership.role != role else "institutions.can_change_signatory",
            membership,
            LAST_ADMIN_MESSAGE.format(name=membership.user.display_name, institution=institution.name),
        )
        old_role = membership.get_role_display()
        membership.role = role
        membership.is_signatory = is_signatory
        membership.save(update_fields=["role", "is_signatory", "updated_at"])
        announce(
            kind="institutions.role_changed",
            recipients=[membership.user],
            actor=actor,
            target=membership,
            context=institution_context(
                institution,
                old_role=old_role,
                role=membership.get_role_display(),
                is_signatory=is_signatory,
            ),
            url=_profile_url(institution),
        )
    memberships_forget(institution)
    return membership


def membership_remove(*, actor: User, membership: Membership, reason: str = "") -> Membership:
    """Take someone out of the institution. They lose access at once."""
    institution: Institution | None = getattr(membership, "institution", None)
    require(actor, "institutions.manage_members", institution)
    assert institution is not None  # require() refuses None
    reason = (reason or "").strip()
    with transaction.atomic():
        lock(institution)
        membership = Membership.objects.select_related("user", "institution").get(pk=membership.pk)
        require(actor, "institutions.manage_members", membership.institution)
        if membership.status != Status.VERIFIED:
            raise _no_longer_a_member(institution)
        _still_offered(
            actor,
            "institutions.can_remove_member",
            membership,
            LAST_ADMIN_MESSAGE.format(name=membership.user.display_name, institution=institution.name),
        )
        transition(
            membership,
            to=Status.LEFT,
            allowed_from=[Status.VERIFIED],
            updates=_ended(actor, reason),
            conflict_message=lambda _state: _no_longer_a_member(institution).message,
            redirect_to=_members_url(institution),
        )
        announce(
            kind="institutions.membership_removed",
            recipients=[membership.user],
            actor=actor,
            target=membership,
            context=institution_context(institution, reason=reason),
            url=_profile_url(institution),
        )
    memberships_forget(institution)
    return membership


def membership_leave(*, actor: User, institution: Institution) -> Membership:
    """Leave an institution, or withdraw a request that is still waiting."""
    # The rules decide: someone with no request or membership here has nothing to leave.
    require(actor, "institutions.leave_institution", institution)
    with transaction.atomic():
        locked = lock(institution)
        membership = membership_of(user=actor, institution=locked)
        if membership is None:
            raise Conflict(
                f"You are not a member of {institution.name} any more: an admin removed you, or you had already left.",
                redirect_to=_profile_url(institution),
            )
        _still_offered(actor, "institutions.can_leave", locked, only_admin_leaving_message(institution))
        transition(membership, to=Status.LEFT, allowed_from=Membership.ACTIVE_STATUSES, updates=_ended(actor, ""))
    memberships_forget(institution)
    return membership

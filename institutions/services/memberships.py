"""Joining, deciding, changing roles, removing and leaving."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from core.contract import require

from ..domains import user_verified_domains
from ..models import Institution, Membership, VerifiedDomain
from ._notify import announce, institution_admins, institution_context, moderators

LAST_ADMIN_MESSAGE = (
    "{name} is the only admin of {institution}. Make someone else an admin first: "
    "an institution always needs at least one admin."
)


def _members_url(institution):
    return reverse("institutions:members", kwargs={"ods_code": institution.ods_code})


def _profile_url(institution):
    return institution.get_absolute_url()


def _lock_institution(institution) -> Institution:
    """Serialise membership changes per institution, so two admins cannot both step down at once."""
    return Institution.objects.select_for_update().get(pk=institution.pk)


def _other_admins_exist(membership) -> bool:
    return (
        Membership.objects.filter(
            institution_id=membership.institution_id, status=Membership.Status.VERIFIED, role=Membership.Role.ADMIN
        )
        .exclude(pk=membership.pk)
        .exists()
    )


def membership_request(*, user, institution) -> Membership:
    """Ask to join. Verified at once when a confirmed address is at one of the institution's domains."""
    if not getattr(user, "is_authenticated", False):
        raise PermissionDenied
    if Membership.objects.filter(user=user, institution=institution, status__in=Membership.ACTIVE_STATUSES).exists():
        raise ValidationError("You have already asked to join this institution.", code="duplicate")
    require(user, "institutions.join_institution", institution)
    matching = sorted(
        user_verified_domains(user)
        & set(VerifiedDomain.objects.filter(institution=institution).values_list("domain", flat=True))
    )
    now = timezone.now()
    try:
        with transaction.atomic():
            membership = Membership.objects.create(
                user=user,
                institution=institution,
                role=Membership.Role.MEMBER,
                status=Membership.Status.VERIFIED if matching else Membership.Status.PENDING,
                verified_by_domain=matching[0] if matching else "",
                decided_at=now if matching else None,
            )
            context = institution_context(institution, member_name=user.display_name)
            if matching:
                announce(
                    kind="institutions.membership_verified",
                    recipients=[user],
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
                    actor=user,
                    target=membership,
                    context=context,
                    url=_members_url(institution),
                )
    except IntegrityError as exc:
        # Two clicks at once: the unique constraint lets only one request through.
        raise ValidationError("You have already asked to join this institution.", code="duplicate") from exc
    return membership


def membership_decide(*, actor, membership, approve: bool, reason: str = "") -> Membership:
    """Approve or reject a pending request. Safe under concurrent clicks: the first decision wins."""
    institution = getattr(membership, "institution", None)
    require(actor, "institutions.decide_membership", institution)
    reason = (reason or "").strip()
    if not approve and not reason:
        raise ValidationError({"reason": "Give a reason for turning down this request. The person will see it."})
    now = timezone.now()
    with transaction.atomic():
        # A conditional update: only a request still pending can be decided.
        updated = Membership.objects.filter(pk=membership.pk, status=Membership.Status.PENDING).update(
            status=Membership.Status.VERIFIED if approve else Membership.Status.REJECTED,
            decided_by=actor,
            decision_reason=reason,
            decided_at=now,
            updated_at=now,
        )
        membership.refresh_from_db()
        if not updated:
            raise ValidationError(_already_decided_message(membership), code="already_decided")
        announce(
            kind="institutions.membership_decided",
            recipients=[membership.user],
            actor=actor,
            target=membership,
            context=institution_context(institution, approved=approve, reason=reason),
            url=_profile_url(institution),
        )
    return membership


def _already_decided_message(membership) -> str:
    who = membership.decided_by.display_name if membership.decided_by else "someone else"
    if membership.status == Membership.Status.VERIFIED:
        return f"This request has already been approved by {who}."
    if membership.status == Membership.Status.REJECTED:
        return f"This request has already been turned down by {who}."
    return "This request was withdrawn before it was decided."


def membership_change(*, actor, membership, role: str, is_signatory: bool) -> Membership:
    """Change a verified member's role or signatory flag. The last admin cannot be demoted."""
    institution = getattr(membership, "institution", None)
    require(actor, "institutions.manage_members", institution)
    if role not in Membership.Role.values:
        raise ValidationError({"role": "Choose member, reviewer or admin."})
    with transaction.atomic():
        _lock_institution(institution)
        membership = Membership.objects.select_for_update().select_related("user", "institution").get(pk=membership.pk)
        if membership.status != Membership.Status.VERIFIED:
            raise ValidationError("Only verified members can be given a role. This person is no longer a member.")
        if membership.role == role and membership.is_signatory == is_signatory:
            return membership
        if membership.role == Membership.Role.ADMIN and role != Membership.Role.ADMIN:
            if not _other_admins_exist(membership):
                raise ValidationError(
                    LAST_ADMIN_MESSAGE.format(name=membership.user.display_name, institution=institution.name)
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
    return membership


def membership_remove(*, actor, membership, reason: str = "") -> Membership:
    """Take someone out of the institution. They lose access at once."""
    institution = getattr(membership, "institution", None)
    require(actor, "institutions.manage_members", institution)
    with transaction.atomic():
        _lock_institution(institution)
        membership = Membership.objects.select_for_update().select_related("user", "institution").get(pk=membership.pk)
        if membership.status != Membership.Status.VERIFIED:
            raise ValidationError("This person is no longer a member.")
        if membership.role == Membership.Role.ADMIN and not _other_admins_exist(membership):
            raise ValidationError(
                LAST_ADMIN_MESSAGE.format(name=membership.user.display_name, institution=institution.name)
            )
        _end(membership, by=actor, reason=(reason or "").strip())
        announce(
            kind="institutions.membership_removed",
            recipients=[membership.user],
            actor=actor,
            target=membership,
            context=institution_context(institution, reason=membership.decision_reason),
            url=_profile_url(institution),
        )
    return membership


def membership_leave(*, user, membership) -> Membership:
    """Leave an institution, or withdraw a request that is still waiting."""
    # Whoever calls, the rules decide: someone with no request or membership here has nothing to leave.
    require(user, "institutions.leave_institution", getattr(membership, "institution", None))
    if membership.user_id != user.pk:
        raise PermissionDenied
    with transaction.atomic():
        _lock_institution(membership.institution)
        membership = Membership.objects.select_for_update().select_related("user", "institution").get(pk=membership.pk)
        if membership.status not in Membership.ACTIVE_STATUSES:
            raise ValidationError("You are not a member of this institution.")
        if (
            membership.status == Membership.Status.VERIFIED
            and membership.role == Membership.Role.ADMIN
            and not _other_admins_exist(membership)
        ):
            raise ValidationError(
                f"You are the only admin of {membership.institution.name}. Make someone else an admin "
                "before you leave: an institution always needs at least one admin."
            )
        _end(membership, by=user, reason="")
    return membership


def _end(membership, *, by, reason: str) -> None:
    now = timezone.now()
    membership.status = Membership.Status.LEFT
    membership.is_signatory = False
    membership.ended_at = now
    membership.decided_by = by
    membership.decision_reason = reason
    membership.save(update_fields=["status", "is_signatory", "ended_at", "decided_by", "decision_reason", "updated_at"])

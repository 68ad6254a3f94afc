"""Who may do what with institutions and memberships (django-rules predicates).

Views, templates and tests all use these names. A person who may not see an
institution gets a 404; one who may see it but not change it gets a 403.
"""

import rules

from accounts.rules import is_platform_staff

from .models import Institution, Membership


def _memberships(user, institution):
    if not getattr(user, "is_authenticated", False) or institution is None:
        return Membership.objects.none()
    return Membership.objects.filter(user=user, institution=institution)


@rules.predicate
def is_approved(user, institution):
    return institution is not None and institution.status == Institution.Status.APPROVED


@rules.predicate
def has_active_membership(user, institution):
    """Pending or verified: the person has asked, or belongs."""
    return _memberships(user, institution).filter(status__in=Membership.ACTIVE_STATUSES).exists()


@rules.predicate
def is_verified_member(user, institution):
    return _memberships(user, institution).filter(status=Membership.Status.VERIFIED).exists()


@rules.predicate
def is_institution_reviewer(user, institution):
    return (
        _memberships(user, institution)
        .filter(status=Membership.Status.VERIFIED, role__in=[Membership.Role.REVIEWER, Membership.Role.ADMIN])
        .exists()
    )


@rules.predicate
def is_institution_admin(user, institution):
    return (
        _memberships(user, institution).filter(status=Membership.Status.VERIFIED, role=Membership.Role.ADMIN).exists()
    )


@rules.predicate
def is_institution_signatory(user, institution):
    return _memberships(user, institution).filter(status=Membership.Status.VERIFIED, is_signatory=True).exists()


@rules.predicate
def institution_has_admin(user, institution):
    return (
        institution is not None
        and Membership.objects.filter(
            institution=institution, status=Membership.Status.VERIFIED, role=Membership.Role.ADMIN
        ).exists()
    )


@rules.predicate
def is_institution_admin_anywhere(user):
    """Admins of any approved institution (for the 2FA rule).

    Someone who registers an institution is its admin while it waits, but can
    do nothing that matters until a moderator approves it; 2FA is asked for then.
    """
    if not getattr(user, "is_authenticated", False):
        return False
    return Membership.objects.filter(
        user=user,
        status=Membership.Status.VERIFIED,
        role=Membership.Role.ADMIN,
        institution__status=Institution.Status.APPROVED,
    ).exists()


can_view = is_approved | is_platform_staff | has_active_membership
# Moderators step in for institutions that have nobody to decide yet.
can_manage_members = is_institution_admin | (is_platform_staff & ~institution_has_admin)

rules.add_perm("institutions.see_institution", can_view)
rules.add_perm("institutions.join_institution", rules.is_authenticated & is_approved & ~has_active_membership)
rules.add_perm("institutions.leave_institution", has_active_membership)
rules.add_perm("institutions.edit_institution", is_institution_admin | is_platform_staff)
rules.add_perm("institutions.view_members", is_institution_admin | is_platform_staff)
rules.add_perm("institutions.decide_membership", can_manage_members)
rules.add_perm("institutions.manage_members", can_manage_members)
rules.add_perm("institutions.manage_domains", is_institution_admin | is_platform_staff)
rules.add_perm("institutions.decide_institution", is_platform_staff)
# The moderators' list of requests to join institutions that have no admin to decide them.
rules.add_perm("institutions.moderate_memberships", is_platform_staff)
rules.add_perm("institutions.register_institution", rules.is_authenticated)

# Institution admins decide who speaks for an NHS organisation: like platform
# staff, they must use two-factor authentication. This replaces the narrower
# rule from accounts/rules.py, which is loaded first (apps load in
# INSTALLED_APPS order, and InstitutionsConfig.ready imports this module).
rules.set_rule("accounts.requires_mfa", is_platform_staff | is_institution_admin_anywhere)

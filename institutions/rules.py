"""Who may do what with institutions and memberships (django-rules predicates).

Views, templates and tests all use these names. A person who may not see an
institution gets a 404; one who may see it but not change it gets a 403.
Every predicate about the viewer reads one remembered row (selectors.membership_of),
so a page asking many questions about one institution asks the database once.
"""

import rules

from accounts.rules import is_platform_staff
from accounts.types import Viewer

from . import selectors
from .models import Institution, Membership


def _verified(user: Viewer, institution: Institution | None) -> Membership | None:
    membership = selectors.membership_of(user=user, institution=institution)
    return membership if membership is not None and membership.is_verified else None


@rules.predicate
def is_approved(user: Viewer, institution: Institution | None) -> bool:
    return institution is not None and institution.status == Institution.Status.APPROVED


@rules.predicate
def has_active_membership(user: Viewer, institution: Institution | None) -> bool:
    """Pending or verified: the person has asked, or belongs."""
    return selectors.membership_of(user=user, institution=institution) is not None


@rules.predicate
def is_verified_member(user: Viewer, institution: Institution | None) -> bool:
    return _verified(user, institution) is not None


@rules.predicate
def is_institution_reviewer(user: Viewer, institution: Institution | None) -> bool:
    membership = _verified(user, institution)
    return membership is not None and membership.role in (Membership.Role.REVIEWER, Membership.Role.ADMIN)


@rules.predicate
def is_institution_admin(user: Viewer, institution: Institution | None) -> bool:
    membership = _verified(user, institution)
    return membership is not None and membership.role == Membership.Role.ADMIN


@rules.predicate
def is_institution_signatory(user: Viewer, institution: Institution | None) -> bool:
    membership = _verified(user, institution)
    return membership is not None and membership.is_signatory


@rules.predicate
def institution_has_admin(user: Viewer, institution: Institution | None) -> bool:
    return selectors.institution_has_admin(institution)


@rules.predicate
def is_institution_admin_anywhere(user: Viewer | None) -> bool:
    """Admins of any approved institution (for the 2FA rule).

    Someone who registers an institution is its admin while it waits, but can
    do nothing that matters until a moderator approves it; 2FA is asked for then.
    """
    if user is None or not user.is_authenticated:
        return False
    return Membership.objects.filter(
        user=user,
        status=Membership.Status.VERIFIED,
        role=Membership.Role.ADMIN,
        institution__status=Institution.Status.APPROVED,
    ).exists()


# -- About one membership row (the members page asks these of every row) ------------------------


@rules.predicate
def manages_its_institution(user: Viewer, membership: Membership | None) -> bool:
    return membership is not None and can_manage_members.test(user, membership.institution)


@rules.predicate
def is_verified_row(user: Viewer, membership: Membership | None) -> bool:
    return membership is not None and membership.is_verified


@rules.predicate
def leaves_an_admin(user: Viewer, membership: Membership | None) -> bool:
    """Taking this person's admin role away (or them) still leaves the institution an admin."""
    return membership is not None and (
        membership.role != Membership.Role.ADMIN or selectors.institution_admin_count(membership.institution) > 1
    )


@rules.predicate
def leaving_leaves_an_admin(user: Viewer, institution: Institution | None) -> bool:
    """The person leaving is not the institution's only admin."""
    membership = _verified(user, institution)
    return (
        membership is None
        or membership.role != Membership.Role.ADMIN
        or selectors.institution_admin_count(institution) > 1
    )


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

# What a page may offer: the rule above (who) and the state that lets it work now. The services
# require the rule above and ask these again under the institution's lock, so a link shown is a
# link that works, and one that stopped working (the institution changed since the page loaded)
# is refused with a reason. tests/institutions/test_offered_actions.py follows every one.
rules.add_perm("institutions.can_change_role", manages_its_institution & is_verified_row & leaves_an_admin)
# The only admin stays an admin, but their signatory flag can still change.
rules.add_perm("institutions.can_change_signatory", manages_its_institution & is_verified_row)
rules.add_perm("institutions.can_remove_member", manages_its_institution & is_verified_row & leaves_an_admin)
rules.add_perm("institutions.can_leave", has_active_membership & leaving_leaves_an_admin)

# Institution admins decide who speaks for an NHS organisation: like platform
# staff, they must use two-factor authentication. This replaces the narrower
# rule from accounts/rules.py, which is loaded first (apps load in
# INSTALLED_APPS order, and InstitutionsConfig.ready imports this module).
rules.set_rule("accounts.requires_mfa", is_platform_staff | is_institution_admin_anywhere)

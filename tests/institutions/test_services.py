"""Services: joining, deciding, roles, the last admin, registration, domains, and who is told."""

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from core.contract import Conflict
from institutions import services
from institutions.models import Institution, Membership, VerifiedDomain
from moderation.models import ModerationAction
from notifications.models import Notification
from tests.factories import UserFactory
from tests.personas import PERSONAS

from .factories import InstitutionFactory, MembershipFactory


def kinds_for(user):
    return list(Notification.objects.filter(recipient=user).values_list("kind", flat=True))


def membership(user, institution):
    return Membership.objects.get(user=user, institution=institution, status__in=Membership.ACTIVE_STATUSES)


# --- Joining -------------------------------------------------------------------------------


def test_matching_work_email_joins_at_once_and_is_told(institution_x, admin_x, django_capture_on_commit_callbacks):
    person = UserFactory(email="new.starter@example-trust.nhs.uk", display_name="New Starter")
    with django_capture_on_commit_callbacks(execute=True):
        joined = services.membership_request(actor=person, institution=institution_x)
    assert joined.status == Membership.Status.VERIFIED
    assert kinds_for(person) == ["institutions.membership_verified"]
    assert kinds_for(admin_x) == []
    subjects = [m.subject for m in mail.outbox if person.email in m.to]
    assert subjects == ["[Common Ground] You are now a member of Example Trust"]


def test_nhs_net_waits_and_admins_are_told(institution_x, admin_x, django_capture_on_commit_callbacks):
    person = UserFactory(email="someone@nhs.net", display_name="Nia Net")
    with django_capture_on_commit_callbacks(execute=True):
        request = services.membership_request(actor=person, institution=institution_x)
    assert request.status == Membership.Status.PENDING
    assert kinds_for(admin_x) == ["institutions.membership_requested"]
    email = next(m for m in mail.outbox if admin_x.email in m.to)
    assert "Nia Net asked to join Example Trust" in email.subject
    assert "/institutions/RX1/members/" in email.body


def test_moderators_are_told_when_there_is_no_admin(moderator, institution_y):
    Membership.objects.filter(institution=institution_y).delete()
    services.membership_request(actor=UserFactory(email="x@nhs.net"), institution=institution_y)
    assert kinds_for(moderator) == ["institutions.membership_requested"]


def test_asking_twice_is_refused_clearly(institution_x, pending_member_x):
    with pytest.raises(Conflict, match="already asked"):
        services.membership_request(actor=pending_member_x, institution=institution_x)


def test_cannot_join_a_pending_institution(pending_institution, user):
    with pytest.raises(PermissionDenied):
        services.membership_request(actor=user, institution=pending_institution)


def test_can_ask_again_after_leaving(institution_x, member_x):
    services.membership_leave(actor=member_x, institution=institution_x)
    again = services.membership_request(actor=member_x, institution=institution_x)
    assert again.status == Membership.Status.VERIFIED
    assert Membership.objects.filter(user=member_x, institution=institution_x).count() == 2


# --- Deciding -----------------------------------------------------------------------------


def test_admin_approves(institution_x, admin_x, pending_request, pending_member_x):
    services.membership_approve(actor=admin_x, membership=pending_request)
    pending_request.refresh_from_db()
    assert pending_request.status == Membership.Status.VERIFIED
    assert pending_request.decided_by == admin_x
    assert kinds_for(pending_member_x) == ["institutions.membership_decided"]


def test_reject_needs_a_reason(admin_x, pending_request):
    with pytest.raises(ValidationError) as info:
        services.membership_reject(actor=admin_x, membership=pending_request, reason="  ")
    assert "reason" in info.value.message_dict
    services.membership_reject(actor=admin_x, membership=pending_request, reason="Not staff here")
    pending_request.refresh_from_db()
    assert pending_request.status == Membership.Status.REJECTED
    assert pending_request.decision_reason == "Not staff here"


def test_the_second_decision_loses_with_a_clear_message(institution_x, admin_x, pending_request):
    second_admin = UserFactory(display_name="Second Admin")
    MembershipFactory(user=second_admin, institution=institution_x, role=Membership.Role.ADMIN)
    # Both admins loaded the request while it was pending.
    stale = Membership.objects.get(pk=pending_request.pk)
    services.membership_approve(actor=admin_x, membership=pending_request)
    with pytest.raises(Conflict, match="already been approved by Ada Admin"):
        services.membership_reject(actor=second_admin, membership=stale, reason="No")
    stale.refresh_from_db()
    assert stale.status == Membership.Status.VERIFIED and stale.decided_by == admin_x


# Institution X has an admin, so platform staff leave its requests to them.
@pytest.mark.parametrize("who", [name for name in PERSONAS if name not in ("visitor", "admin_x")])
def test_only_admins_decide(personas, pending_request, admin_x, who):
    with pytest.raises(PermissionDenied):
        services.membership_approve(actor=personas[who], membership=pending_request)


# --- Roles and the last admin -------------------------------------------------------------


def test_admin_changes_role_and_signatory(institution_x, admin_x, member_x):
    services.membership_change(
        actor=admin_x, membership=membership(member_x, institution_x), role="reviewer", is_signatory=True
    )
    changed = membership(member_x, institution_x)
    assert (changed.role, changed.is_signatory) == ("reviewer", True)
    assert kinds_for(member_x) == ["institutions.role_changed"]


def test_last_admin_cannot_be_demoted_removed_or_leave(institution_x, admin_x):
    own = membership(admin_x, institution_x)
    with pytest.raises(ValidationError, match="only admin"):
        services.membership_change(actor=admin_x, membership=own, role="member", is_signatory=False)
    with pytest.raises(ValidationError, match="only admin"):
        services.membership_remove(actor=admin_x, membership=own)
    with pytest.raises(ValidationError, match="only admin"):
        services.membership_leave(actor=admin_x, institution=institution_x)
    assert membership(admin_x, institution_x).role == Membership.Role.ADMIN


def test_with_a_second_admin_the_first_may_step_down(institution_x, admin_x, reviewer_x):
    services.membership_change(
        actor=admin_x, membership=membership(reviewer_x, institution_x), role="admin", is_signatory=False
    )
    services.membership_leave(actor=admin_x, institution=institution_x)
    assert not Membership.objects.filter(user=admin_x, status=Membership.Status.VERIFIED).exists()


def test_removed_member_is_told_and_loses_access(institution_x, admin_x, reviewer_x):
    services.membership_remove(actor=admin_x, membership=membership(reviewer_x, institution_x), reason="Left the trust")
    assert not Membership.objects.filter(user=reviewer_x, status__in=Membership.ACTIVE_STATUSES).exists()
    assert not reviewer_x.has_perm("institutions.leave_institution", institution_x)
    assert kinds_for(reviewer_x) == ["institutions.membership_removed"]


def test_member_leaves(institution_x, member_x):
    services.membership_leave(actor=member_x, institution=institution_x)
    assert not member_x.has_perm("institutions.leave_institution", institution_x)


def test_leaving_ends_only_your_own_membership(institution_x, member_x, reviewer_x):
    services.membership_leave(actor=reviewer_x, institution=institution_x)
    assert membership(member_x, institution_x).status == Membership.Status.VERIFIED
    with pytest.raises(PermissionDenied):
        services.membership_leave(actor=reviewer_x, institution=institution_x)  # nothing left to leave


# --- Registration -------------------------------------------------------------------------


def register(user, **overrides):
    fields = {
        "name": "New Community Trust",
        "ods_code": " rn9 ",
        "org_type": "nhs_trust",
        "region": "south-west",
        "website": "",
        "description": "",
        "proposed_domains": ["new-community.nhs.uk", "partner.nhs.uk"],
        **overrides,
    }
    return services.institution_register(actor=user, **fields)


def test_register_waits_for_a_moderator_and_requester_is_first_admin(moderator, django_capture_on_commit_callbacks):
    person = UserFactory(email="lead@new-community.nhs.uk")
    with django_capture_on_commit_callbacks(execute=True):
        institution = register(person)
    assert institution.ods_code == "RN9" and institution.status == Institution.Status.PENDING
    assert membership(person, institution).role == Membership.Role.ADMIN
    # The domain the person has a confirmed address at is verified now; the other waits.
    assert list(institution.domains.values_list("domain", "method")) == [("new-community.nhs.uk", "staff_email")]
    assert institution.proposed_domain_list == ["partner.nhs.uk"]
    assert kinds_for(moderator) == ["institutions.registration_pending"]
    assert any("New institution to check" in m.subject for m in mail.outbox if moderator.email in m.to)


def test_register_refuses_taken_codes_with_a_clear_reason(institution_x, user):
    with pytest.raises(ValidationError, match="already on Common Ground"):
        register(user, ods_code="rx1")
    InstitutionFactory(ods_code="RC1", status=Institution.Status.CLOSED)
    with pytest.raises(ValidationError, match="closed or was not approved"):
        register(user, ods_code="RC1")


@pytest.mark.parametrize("code", ["R1", "TOOLONGCODE", "RX-1", "R X1", ""])
def test_register_refuses_bad_ods_codes(user, code):
    with pytest.raises(ValidationError):
        register(user, ods_code=code)


def test_register_refuses_shared_domains_and_ccgs(user):
    with pytest.raises(ValidationError, match="shared"):
        register(user, proposed_domains=["nhs.net"])
    with pytest.raises(ValidationError, match="current organisation type"):
        register(user, org_type="ccg")


def test_moderator_approves_verifies_domains_and_logs_it(moderator, django_capture_on_commit_callbacks):
    person = UserFactory(email="lead@new-community.nhs.uk")
    institution = register(person)
    with django_capture_on_commit_callbacks(execute=True):
        services.institution_approve(actor=moderator, institution=institution)
    institution.refresh_from_db()
    assert institution.status == Institution.Status.APPROVED
    assert set(institution.domains.values_list("domain", flat=True)) == {"new-community.nhs.uk", "partner.nhs.uk"}
    assert institution.domains.get(domain="partner.nhs.uk").method == VerifiedDomain.Method.MODERATOR
    action = ModerationAction.objects.get()
    assert (action.action, action.moderator) == ("institution_approve", moderator)
    assert kinds_for(person) == ["institutions.institution_approved"]


def test_moderator_rejects_with_reason(moderator):
    person = UserFactory()
    institution = register(person)
    with pytest.raises(ValidationError):
        services.institution_reject(actor=moderator, institution=institution, reason="")
    services.institution_reject(actor=moderator, institution=institution, reason="Not an NHS body")
    institution.refresh_from_db()
    assert institution.status == Institution.Status.REJECTED
    assert not Membership.objects.filter(user=person, status__in=Membership.ACTIVE_STATUSES).exists()
    assert ModerationAction.objects.get().reason == "Not an NHS body"
    assert kinds_for(person) == ["institutions.institution_rejected"]
    with pytest.raises(Conflict, match="already been decided"):
        services.institution_approve(actor=moderator, institution=institution)


def test_only_moderators_decide_registrations(pending_institution, admin_x):
    with pytest.raises(PermissionDenied):
        services.institution_approve(actor=admin_x, institution=pending_institution)


def test_update_sets_response_deadline(institution_x, admin_x, member_x):
    services.institution_update(actor=admin_x, institution=institution_x, response_deadline_working_days=10)
    institution_x.refresh_from_db()
    assert institution_x.response_deadline_working_days == 10
    with pytest.raises(ValidationError):
        services.institution_update(actor=admin_x, institution=institution_x, response_deadline_working_days=0)
    with pytest.raises(PermissionDenied):
        services.institution_update(actor=member_x, institution=institution_x, description="x")


# --- Verified domains ---------------------------------------------------------------------


def test_admin_adds_a_domain_they_have_a_confirmed_address_at(institution_x, admin_x):
    EmailAddress.objects.create(user=admin_x, email="ada@Maternity.Example-Trust.nhs.uk", verified=True)
    added = services.domain_add(actor=admin_x, institution=institution_x, domain="MATERNITY.example-trust.nhs.uk")
    assert (added.domain, added.method, added.verified_by) == (
        "maternity.example-trust.nhs.uk",
        "staff_email",
        admin_x,
    )


def test_admin_cannot_add_a_domain_without_an_address_there(institution_x, admin_x):
    EmailAddress.objects.create(user=admin_x, email="ada@other.nhs.uk", verified=False)
    for domain in ["other.nhs.uk", "nhs.uk.evil.com"]:
        with pytest.raises(ValidationError, match="confirmed email address"):
            services.domain_add(actor=admin_x, institution=institution_x, domain=domain)


@pytest.mark.parametrize("domain", ["nhs.net", "NHS.NET", "gmail.com", "outlook.com", "nhs.uk", "mail.yahoo.co.uk"])
def test_shared_domains_are_refused_even_for_moderators(institution_x, moderator, domain):
    with pytest.raises(ValidationError, match="shared"):
        services.domain_add(actor=moderator, institution=institution_x, domain=domain)


def test_moderator_adds_any_organisation_domain(institution_x, moderator):
    assert (
        services.domain_add(actor=moderator, institution=institution_x, domain="community.nhs.uk").method == "moderator"
    )
    with pytest.raises(ValidationError, match="already"):
        services.domain_add(actor=moderator, institution=institution_x, domain="community.nhs.uk")


def test_members_cannot_manage_domains(institution_x, reviewer_x):
    with pytest.raises(PermissionDenied):
        services.domain_add(actor=reviewer_x, institution=institution_x, domain="example-trust.nhs.uk")


def test_removing_a_domain_keeps_existing_members(institution_x, admin_x, member_x):
    services.domain_remove(actor=admin_x, domain=institution_x.domains.get())
    assert membership(member_x, institution_x).is_verified
    person = UserFactory(email="late@example-trust.nhs.uk")
    assert services.membership_request(actor=person, institution=institution_x).is_pending

"""Pages end to end through the test client: happy paths, clear errors, nothing typed lost."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from institutions.models import Institution, Membership, VerifiedDomain
from tests.factories import UserFactory
from tests.personas import with_totp
from tests.signin import sign_in

from .factories import InstitutionFactory, MembershipFactory


def messages_of(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


# --- Directory ----------------------------------------------------------------------------


def test_directory_search_and_filters(client, db):
    InstitutionFactory(name="Leeds Teaching Hospitals", ods_code="RR8", region="north-east-yorkshire")
    InstitutionFactory(name="Leeds Community Healthcare", ods_code="RY6", org_type="foundation_trust")
    InstitutionFactory(name="Hidden Trust", ods_code="RH1", status=Institution.Status.PENDING)
    url = reverse("institutions:directory")
    names = lambda response: [i.name for i in response.context["page_obj"].object_list]  # noqa: E731
    assert names(client.get(url, {"q": "leeds"})) == ["Leeds Community Healthcare", "Leeds Teaching Hospitals"]
    assert names(client.get(url, {"q": "rr8"})) == ["Leeds Teaching Hospitals"]
    assert names(client.get(url, {"org_type": "foundation_trust"})) == ["Leeds Community Healthcare"]
    assert names(client.get(url, {"region": "north-east-yorkshire"})) == ["Leeds Teaching Hospitals"]
    assert names(client.get(url, {"q": "hidden"})) == []


def test_directory_unknown_filter_is_left_out_with_a_notice(client, db):
    # A stale link is not an error page: the rest of the search still applies.
    response = client.get(reverse("institutions:directory"), {"region": "atlantis", "q": "kept"})
    assert response.status_code == 200
    content = response.content.decode()
    assert "We ignored a filter we did not recognise (Region)" in content and 'value="kept"' in content
    assert "There is a problem" not in content and "atlantis" not in content


def test_directory_paginates_and_survives_bad_page_numbers(client, db):
    InstitutionFactory.create_batch(25)
    assert len(client.get(reverse("institutions:directory"), {"page": "2"}).context["page_obj"].object_list) == 5
    assert client.get(reverse("institutions:directory"), {"page": "nonsense"}).status_code == 200
    assert client.get(reverse("institutions:directory"), {"page": "999"}).status_code == 200


def test_profile_shows_guidance_and_escapes_user_text(client, institution_x):
    institution_x.description = "<script>alert(1)</script> Our work"
    institution_x.save()
    content = client.get(reverse("institutions:detail", args=["RX1"])).content.decode()
    assert "<script>alert(1)</script>" not in content and "&lt;script&gt;" in content
    assert "How to propose a partnership" in content


# --- Joining and leaving ------------------------------------------------------------------


def test_join_with_matching_email_is_immediate(client, institution_x):
    person = UserFactory(email="joiner@example-trust.nhs.uk")
    client.force_login(person)
    page = client.get(reverse("institutions:join", args=["RX1"]))
    assert "verified member straight away" in page.content.decode()
    response = client.post(reverse("institutions:join", args=["RX1"]))
    assert response.status_code == 302
    assert "You are now a member of Example Trust" in messages_of(response)[0]
    assert Membership.objects.get(user=person).status == Membership.Status.VERIFIED


def test_join_with_nhs_net_waits(client, institution_x, admin_x):
    person = UserFactory(email="joiner@nhs.net")
    client.force_login(person)
    assert "nhs.net" in client.get(reverse("institutions:join", args=["RX1"])).content.decode()
    response = client.post(reverse("institutions:join", args=["RX1"]))
    assert "An admin" in messages_of(response)[0] or "asked to join" in messages_of(response)[0]
    assert Membership.objects.get(user=person).status == Membership.Status.PENDING
    profile = client.get(reverse("institutions:detail", args=["RX1"])).content.decode()
    assert "Withdraw your request" in profile


def test_pending_member_withdraws(client, institution_x, pending_member_x):
    client.force_login(pending_member_x)
    response = client.post(reverse("institutions:leave", args=["RX1"]))
    assert response.status_code == 302
    assert not Membership.objects.filter(user=pending_member_x, status__in=Membership.ACTIVE_STATUSES).exists()


def test_last_admin_leaving_gets_a_clear_message(client, institution_x, admin_x):
    sign_in(client, admin_x)
    response = client.post(reverse("institutions:leave", args=["RX1"]))
    assert "only admin" in messages_of(response)[0]
    assert Membership.objects.get(user=admin_x).status == Membership.Status.VERIFIED


# --- Admin decisions and roles ------------------------------------------------------------


def test_reject_without_reason_rerenders_with_error(client, admin_x, pending_request):
    sign_in(client, admin_x)
    url = reverse("institutions:member_decide", args=["RX1", pending_request.uuid])
    response = client.post(url, {"decision": "reject", "reason": ""})
    assert response.status_code == 400
    assert "Give a reason" in response.content.decode()
    response = client.post(url, {"decision": "reject", "reason": "We could not confirm you work here"})
    assert response.status_code == 302
    pending_request.refresh_from_db()
    assert pending_request.status == Membership.Status.REJECTED


def test_second_admin_sees_who_decided_first(client, institution_x, admin_x, pending_request):
    second = UserFactory(display_name="Sam Second")
    MembershipFactory(user=second, institution=institution_x, role=Membership.Role.ADMIN)
    with_totp(second)
    sign_in(client, admin_x)
    client.post(reverse("institutions:member_decide", args=["RX1", pending_request.uuid]), {"decision": "approve"})
    sign_in(client, second)
    url = reverse("institutions:member_decide", args=["RX1", pending_request.uuid])
    response = client.post(url, {"decision": "reject", "reason": "No"})
    assert response.status_code == 302
    assert messages_of(response)[-1] == "This request has already been approved by Ada Admin."


def test_demoting_the_last_admin_shows_why(client, admin_x):
    sign_in(client, admin_x)
    own = Membership.objects.get(user=admin_x)
    response = client.post(reverse("institutions:member_change", args=["RX1", own.uuid]), {"role": "member"})
    assert response.status_code == 400
    assert "only admin" in response.content.decode()


def test_admin_makes_a_member_reviewer_and_signatory(client, admin_x, member_x):
    sign_in(client, admin_x)
    membership = Membership.objects.get(user=member_x)
    url = reverse("institutions:member_change", args=["RX1", membership.uuid])
    response = client.post(url, {"role": "reviewer", "is_signatory": "on"})
    assert response.status_code == 302
    membership.refresh_from_db()
    assert (membership.role, membership.is_signatory) == ("reviewer", True)


def test_admin_removes_a_member(client, admin_x, member_x):
    sign_in(client, admin_x)
    membership = Membership.objects.get(user=member_x)
    response = client.post(reverse("institutions:member_remove", args=["RX1", membership.uuid]), {"reason": ""})
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.status == Membership.Status.LEFT


def test_edit_profile_and_deadline_keeps_typed_values_on_error(client, institution_x, admin_x):
    sign_in(client, admin_x)
    url = reverse("institutions:edit", args=["RX1"])
    data = {
        "name": "Example Trust",
        "org_type": "nhs_trust",
        "region": "london",
        "website": "example.nhs.uk",
        "description": "What we care about",
        "response_deadline_working_days": "0",
    }
    response = client.post(url, data)
    assert response.status_code == 400 and response.context["form"].errors
    assert "What we care about" in response.content.decode()
    data["response_deadline_working_days"] = "10"
    assert client.post(url, data).status_code == 302
    institution_x.refresh_from_db()
    assert (institution_x.response_deadline_working_days, institution_x.website) == (10, "https://example.nhs.uk")


# --- Domains ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("domain", "message"),
    [
        ("nhs.net", "shared"),
        ("gmail.com", "shared"),
        ("not a domain", "Enter just the domain"),
        ("other.nhs.uk", "confirmed"),
    ],
)
def test_domain_add_errors(client, admin_x, domain, message):
    sign_in(client, admin_x)
    response = client.post(reverse("institutions:domains", args=["RX1"]), {"domain": domain})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert f'value="{domain}"' in response.content.decode()


def test_moderator_adds_and_admin_removes_a_domain(client, institution_x, admin_x, moderator):
    sign_in(client, moderator)
    response = client.post(reverse("institutions:domains", args=["RX1"]), {"domain": "Community.NHS.uk"})
    assert response.status_code == 302
    assert VerifiedDomain.objects.filter(
        institution=institution_x, domain="community.nhs.uk", method="moderator"
    ).exists()
    sign_in(client, admin_x)
    client.post(reverse("institutions:domain_remove", args=["RX1", "community.nhs.uk"]))
    assert not VerifiedDomain.objects.filter(domain="community.nhs.uk").exists()


# --- Registration and review --------------------------------------------------------------


def registration(**overrides):
    return {
        "name": "Riverside Community NHS Trust",
        "ods_code": "rq9",
        "org_type": "nhs_trust",
        "region": "south-east",
        "website": "",
        "description": "",
        "proposed_domains": "riverside.nhs.uk\nnhs.net",
        **overrides,
    }


def test_register_errors_are_specific_and_keep_input(client, institution_x, user):
    client.force_login(user)
    response = client.post(reverse("institutions:register"), registration(ods_code="R!"))
    assert response.status_code == 400
    content = response.content.decode()
    assert "3 to 9 letters and numbers" in content
    assert "nhs.net is shared" in content
    assert "Riverside Community NHS Trust" in content
    response = client.post(reverse("institutions:register"), registration(ods_code="rx1", proposed_domains=""))
    assert "already on Common Ground" in response.content.decode()


def test_register_then_moderator_approves_in_the_browser_flow(client, user, moderator):
    client.force_login(user)
    response = client.post(reverse("institutions:register"), registration(proposed_domains="riverside.nhs.uk"))
    assert response.status_code == 302 and response["Location"] == "/institutions/RQ9/"
    assert client.get("/institutions/RQ9/").status_code == 200  # the requester sees it while pending
    sign_in(client, moderator)
    assert "Riverside Community NHS Trust" in client.get(reverse("institutions:awaiting_approval")).content.decode()
    assert "riverside.nhs.uk" in client.get(reverse("institutions:review", args=["RQ9"])).content.decode()
    response = client.post(reverse("institutions:review", args=["RQ9"]), {"decision": "approve"})
    assert response.status_code == 302
    institution = Institution.objects.get(ods_code="RQ9")
    assert institution.status == Institution.Status.APPROVED
    assert list(institution.domains.values_list("domain", flat=True)) == ["riverside.nhs.uk"]


def test_moderator_rejection_needs_a_reason(client, pending_institution, moderator):
    sign_in(client, moderator)
    response = client.post(reverse("institutions:review", args=["PX1"]), {"decision": "reject"})
    assert response.status_code == 400


# --- Django admin actions -----------------------------------------------------------------


def test_admin_actions_approve_and_reject_through_the_service(client, superuser):
    first = InstitutionFactory(ods_code="PA1", status=Institution.Status.PENDING)
    second = InstitutionFactory(ods_code="PA2", status=Institution.Status.PENDING)
    sign_in(client, superuser)
    url = reverse("admin:institutions_institution_changelist")
    client.post(url, {"action": "approve_selected", "_selected_action": [first.pk]})
    page = client.post(url, {"action": "reject_selected", "_selected_action": [second.pk]})
    assert "Reject these institutions" in page.content.decode()
    client.post(
        url, {"action": "reject_selected", "_selected_action": [second.pk], "apply": "1", "reason": "Duplicate"}
    )
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == ("approved", "rejected")
    assert second.decision_reason == "Duplicate"


# --- Dashboard ----------------------------------------------------------------------------


def test_dashboard_lists_institutions_and_requests_to_decide(client, institution_x, admin_x, pending_member_x):
    sign_in(client, admin_x)
    content = client.get(reverse("dashboard")).content.decode()
    assert "Your institutions" in content and "Example Trust" in content
    assert "Pat Pending asked to join Example Trust" in content
    client.force_login(pending_member_x)
    content = client.get(reverse("dashboard")).content.decode()
    assert "Waiting for approval" in content and "asked to join" not in content


def test_dashboard_empty_state(client, user):
    client.force_login(user)
    assert "not a member of any NHS organisation yet" in client.get(reverse("dashboard")).content.decode()


def test_members_page_lists_admins_then_reviewers_then_members(client, admin_x, member_x, reviewer_x):
    sign_in(client, admin_x)
    page = client.get(reverse("institutions:members", args=["RX1"])).context["page_obj"]
    assert [m.user.display_name for m in page.object_list] == ["Ada Admin", "Rhys Reviewer", "Mia Member"]

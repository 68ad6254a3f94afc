"""Permission matrix for every institutions view: 404 where one may not see, 403 where one may not change."""

import pytest
from django.urls import reverse

from institutions.models import Membership
from tests.matrix import LOGIN, SET_UP_TWO_FACTOR, assert_matrix, redirect, refusals_then
from tests.signin import sign_in

pytestmark = pytest.mark.django_db

MEMBERS_X = ("pending_member_x", "member_x", "reviewer_x", "signatory_x", "admin_x")  # asked or belong
STAFF = ("moderator", "superuser")
NO_TWO_FACTOR = "moderator_without_two_factor"
# Everyone who may not do something signed in, and the visitor sent to sign in first.
SIGN_IN_FIRST = {"visitor": LOGIN, NO_TWO_FACTOR: SET_UP_TWO_FACTOR}


@pytest.fixture
def urls(institution_x, pending_request, member_x):
    member_uuid = Membership.objects.get(user=member_x, institution=institution_x).uuid
    ods = institution_x.ods_code
    return {
        "detail": reverse("institutions:detail", args=[ods]),
        "join": reverse("institutions:join", args=[ods]),
        "leave": reverse("institutions:leave", args=[ods]),
        "edit": reverse("institutions:edit", args=[ods]),
        "members": reverse("institutions:members", args=[ods]),
        "decide": reverse("institutions:member_decide", args=[ods, pending_request.uuid]),
        "change": reverse("institutions:member_change", args=[ods, member_uuid]),
        "remove": reverse("institutions:member_remove", args=[ods, member_uuid]),
        "domains": reverse("institutions:domains", args=[ods]),
        "domain_remove": reverse("institutions:domain_remove", args=[ods, "example-trust.nhs.uk"]),
        "review": reverse("institutions:review", args=[ods]),
    }


def test_directory_is_public(as_persona, institution_x):
    assert_matrix(as_persona, reverse("institutions:directory"), {NO_TWO_FACTOR: SET_UP_TWO_FACTOR}, others=200)


def test_profile_of_approved_institution_is_public(as_persona, urls):
    assert_matrix(as_persona, urls["detail"], {NO_TWO_FACTOR: SET_UP_TWO_FACTOR}, others=200)


def test_profile_of_pending_institution_only_for_its_people_and_moderators(as_persona, pending_institution):
    # admin_x registered it (is its admin); everyone else but platform staff gets a 404.
    url = reverse("institutions:detail", args=[pending_institution.ods_code])
    assert_matrix(as_persona, url, {"admin_x": 200, STAFF: 200, NO_TWO_FACTOR: SET_UP_TWO_FACTOR}, others=404)


def test_unknown_ods_code_is_404(as_persona):
    url = reverse("institutions:detail", args=["ZZZ999"])
    assert_matrix(as_persona, url, {NO_TWO_FACTOR: SET_UP_TWO_FACTOR}, others=404)


def test_lower_case_ods_code_redirects_to_canonical(client, institution_x):
    response = client.get("/institutions/rx1/")
    assert response.status_code == 301
    assert response["Location"] == "/institutions/RX1/"


def test_join_page(as_persona, urls):
    # Those who already belong or asked are sent back to the profile with a message.
    assert_matrix(as_persona, urls["join"], {**SIGN_IN_FIRST, MEMBERS_X: redirect(urls["detail"])}, others=200)


def test_join_is_404_for_a_pending_institution(as_persona, pending_institution):
    profile = reverse("institutions:detail", args=[pending_institution.ods_code])
    url = reverse("institutions:join", args=[pending_institution.ods_code])
    # Its own admin already belongs (back to the profile); platform staff can see it but not join it yet.
    assert_matrix(as_persona, url, {**SIGN_IN_FIRST, "admin_x": redirect(profile), STAFF: 403}, others=404)


def test_leave_page(as_persona, urls):
    assert_matrix(as_persona, urls["leave"], {**SIGN_IN_FIRST, MEMBERS_X: 200}, others=403)


def test_members_list(as_persona, urls):
    assert_matrix(as_persona, urls["members"], {**SIGN_IN_FIRST, "admin_x": 200, STAFF: 200}, others=403)


@pytest.mark.parametrize("name", ["decide", "change", "remove"])
def test_member_management_pages(as_persona, urls, name):
    # The institution has an admin, so platform staff leave decisions to them.
    assert_matrix(as_persona, urls[name], {**SIGN_IN_FIRST, "admin_x": 200}, others=403)


@pytest.mark.parametrize("name", ["edit", "domains"])
def test_profile_and_domain_pages(as_persona, urls, name):
    assert_matrix(as_persona, urls[name], {**SIGN_IN_FIRST, "admin_x": 200, STAFF: 200}, others=403)


def test_edit_post(as_persona, urls, institution_x, engagement_models):
    # Only the institution's admin and platform staff may change the profile, engagement models included.
    data = {
        "name": "Example Trust",
        "org_type": "nhs_trust",
        "region": "london",
        "response_deadline_working_days": "15",
        "open_to_models": ["amplifier", "catalyst"],
    }
    # Each of them saves the same profile, so asking them in turn is safe.
    expected = {**SIGN_IN_FIRST, "admin_x": redirect(urls["detail"]), STAFF: redirect(urls["detail"])}
    assert_matrix(as_persona, urls["edit"], expected, others=403, method="post", data=data)
    assert sorted(institution_x.open_to_models.values_list("slug", flat=True)) == ["amplifier", "catalyst"]


def test_decide_post(as_persona, urls, pending_request):
    # Everyone but the admin is refused (before the admin decides); the approval leads to the members page.
    assert_matrix(
        as_persona,
        urls["decide"],
        {**SIGN_IN_FIRST, "admin_x": redirect(urls["members"])},
        others=403,
        method="post",
        data={"decision": "approve"},
        only=refusals_then("admin_x"),
    )
    pending_request.refresh_from_db()
    assert pending_request.status == Membership.Status.VERIFIED


def test_domain_remove_is_post_only(as_persona, urls):
    assert_matrix(as_persona, urls["domain_remove"], SIGN_IN_FIRST, others=405)


@pytest.mark.parametrize("allowed", ["admin_x", *STAFF])
def test_domain_remove_is_for_admins_and_staff(as_persona, urls, institution_x, allowed):
    assert_matrix(
        as_persona,
        urls["domain_remove"],
        {**SIGN_IN_FIRST, allowed: redirect(urls["domains"])},
        others=403,
        method="post",
        only=refusals_then(allowed, ["admin_x", *STAFF]),
    )
    assert not institution_x.domains.filter(domain="example-trust.nhs.uk").exists()


def test_review_of_approved_institution(as_persona, urls):
    # Only platform staff may review; for an approved institution they are told it is decided.
    queue = reverse("institutions:awaiting_approval")
    assert_matrix(as_persona, urls["review"], {**SIGN_IN_FIRST, STAFF: redirect(queue)}, others=403)


def test_review_of_pending_institution(as_persona, pending_institution):
    url = reverse("institutions:review", args=[pending_institution.ods_code])
    assert_matrix(as_persona, url, {**SIGN_IN_FIRST, "admin_x": 403, STAFF: 200}, others=404)


def test_awaiting_approval_list(as_persona):
    # A moderators' queue: to anyone else it does not exist (tests/moderation walks every queue).
    assert_matrix(as_persona, reverse("institutions:awaiting_approval"), {**SIGN_IN_FIRST, STAFF: 200}, others=404)


def test_register_needs_an_account(as_persona):
    assert_matrix(as_persona, reverse("institutions:register"), SIGN_IN_FIRST, others=200)


def test_moderator_decides_where_there_is_no_admin(client, moderator, institution_y):
    lonely = institution_y
    Membership.objects.filter(institution=lonely).delete()
    from tests.factories import UserFactory

    request = Membership.objects.create(user=UserFactory(), institution=lonely, status=Membership.Status.PENDING)
    sign_in(client, moderator)
    url = reverse("institutions:member_decide", args=[lonely.ods_code, request.uuid])
    assert client.get(url).status_code == 200
    assert client.post(url, {"decision": "approve"}).status_code == 302
    request.refresh_from_db()
    assert request.status == Membership.Status.VERIFIED and request.decided_by == moderator


def test_membership_of_another_institution_is_404(client, admin_x, admin_y, institution_y):
    other_membership = Membership.objects.get(user=admin_y)
    sign_in(client, admin_x)
    url = reverse("institutions:member_change", args=["RX1", other_membership.uuid])
    assert client.get(url).status_code == 404


def test_removed_member_loses_access_at_once(client, institution_x, admin_x, reviewer_x):
    client.force_login(reviewer_x)
    assert client.get(reverse("institutions:leave", args=["RX1"])).status_code == 200
    membership = Membership.objects.get(user=reviewer_x)
    admin_client = client.__class__()
    sign_in(admin_client, admin_x)
    admin_client.post(reverse("institutions:member_remove", args=["RX1", membership.uuid]), {"reason": "Moved on"})
    assert not reviewer_x.has_perm("institutions.view_members", institution_x)
    assert client.get(reverse("institutions:leave", args=["RX1"])).status_code == 403

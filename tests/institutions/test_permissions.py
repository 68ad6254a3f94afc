"""Permission matrix for every institutions view: 404 where one may not see, 403 where one may not change."""

import pytest
from django.urls import reverse

from institutions.models import Membership
from tests.signin import sign_in

PERSONAS = ["visitor", "unrelated", "pending_member", "member", "reviewer", "admin", "other_admin", "moderator"]
LOGIN = 302  # signed-out people are sent to sign in


def status_for(client, personas, persona, url, method="get", data=None):
    person = personas[persona]
    if person is not None:
        sign_in(client, person)
    response = getattr(client, method)(url, data or {})
    client.logout()
    return response.status_code


def matrix(client, personas, url, expected, method="get", data=None):
    got = {persona: status_for(client, personas, persona, url, method, data) for persona in PERSONAS}
    assert got == expected


def expect(default, **overrides):
    return {persona: overrides.get(persona, default) for persona in PERSONAS}


@pytest.fixture
def urls(trust, pending_request, member):
    member_uuid = Membership.objects.get(user=member, institution=trust).uuid
    ods = trust.ods_code
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


def test_directory_is_public(client, personas):
    matrix(client, personas, reverse("institutions:directory"), expect(200))


def test_profile_of_approved_institution_is_public(client, personas, urls):
    matrix(client, personas, urls["detail"], expect(200))


def test_profile_of_pending_institution_only_for_its_people_and_moderators(client, personas, pending_institution):
    # inst_admin registered it (is its admin); everyone else but moderators gets a 404.
    url = reverse("institutions:detail", args=[pending_institution.ods_code])
    matrix(client, personas, url, expect(404, admin=200, moderator=200))


def test_unknown_ods_code_is_404(client, personas):
    matrix(client, personas, reverse("institutions:detail", args=["ZZZ999"]), expect(404))


def test_lower_case_ods_code_redirects_to_canonical(client, trust):
    response = client.get("/institutions/rx1/")
    assert response.status_code == 301
    assert response["Location"] == "/institutions/RX1/"


def test_join_page(client, personas, urls):
    # Those who already belong or asked are sent back to the profile with a message.
    matrix(
        client,
        personas,
        urls["join"],
        expect(200, visitor=LOGIN, pending_member=302, member=302, reviewer=302, admin=302),
    )


def test_join_is_404_for_a_pending_institution(client, personas, pending_institution):
    url = reverse("institutions:join", args=[pending_institution.ods_code])
    # Its own admin already belongs (302); moderators can see it but not join it yet (403).
    matrix(client, personas, url, expect(404, visitor=LOGIN, admin=302, moderator=403))


def test_leave_page(client, personas, urls):
    matrix(
        client,
        personas,
        urls["leave"],
        expect(403, visitor=LOGIN, pending_member=200, member=200, reviewer=200, admin=200),
    )


@pytest.mark.parametrize("name", ["members"])
def test_members_list(client, personas, urls, name):
    matrix(client, personas, urls[name], expect(403, visitor=LOGIN, admin=200, moderator=200))


@pytest.mark.parametrize("name", ["decide", "change", "remove"])
def test_member_management_pages(client, personas, urls, name):
    # The trust has an admin, so moderators leave decisions to them.
    matrix(client, personas, urls[name], expect(403, visitor=LOGIN, admin=200))


@pytest.mark.parametrize("name", ["edit", "domains"])
def test_profile_and_domain_pages(client, personas, urls, name):
    matrix(client, personas, urls[name], expect(403, visitor=LOGIN, admin=200, moderator=200))


def test_edit_post(client, personas, urls, trust, engagement_models):
    # Only the institution's admin and moderators may change the profile, engagement models included.
    data = {
        "name": "Example Trust",
        "org_type": "nhs_trust",
        "region": "london",
        "response_deadline_working_days": "15",
        "open_to_models": ["amplifier", "catalyst"],
    }
    matrix(client, personas, urls["edit"], expect(403, visitor=LOGIN, admin=302, moderator=302), "post", data)
    assert sorted(trust.open_to_models.values_list("slug", flat=True)) == ["amplifier", "catalyst"]


def test_decide_post(client, personas, urls, pending_request):
    # Everyone but the admin is refused; the admin's approval redirects to the members page.
    expected = expect(403, visitor=LOGIN, admin=302)
    matrix(client, personas, urls["decide"], expected, method="post", data={"decision": "approve"})
    pending_request.refresh_from_db()
    assert pending_request.status == Membership.Status.VERIFIED


def test_domain_remove_is_post_only_and_admin_only(client, personas, urls):
    matrix(client, personas, urls["domain_remove"], expect(405, visitor=LOGIN))
    expected = expect(403, visitor=LOGIN, admin=302, moderator=404)  # moderator runs after the admin removed it
    matrix(client, personas, urls["domain_remove"], expected, method="post")


def test_review_of_approved_institution(client, personas, urls):
    # Only moderators may review; for an approved institution they are told it is decided.
    matrix(client, personas, urls["review"], expect(403, visitor=LOGIN, moderator=302))


def test_review_of_pending_institution(client, personas, pending_institution):
    url = reverse("institutions:review", args=[pending_institution.ods_code])
    matrix(client, personas, url, expect(404, visitor=LOGIN, admin=403, moderator=200))


def test_awaiting_approval_list(client, personas):
    # A moderators' queue: to anyone else it does not exist (tests/moderation walks every queue).
    matrix(client, personas, reverse("institutions:awaiting_approval"), expect(404, visitor=LOGIN, moderator=200))


def test_register_needs_an_account(client, personas):
    matrix(client, personas, reverse("institutions:register"), expect(200, visitor=LOGIN))


def test_moderator_decides_where_there_is_no_admin(client, moderator, other_trust):
    lonely = other_trust
    Membership.objects.filter(institution=lonely).delete()
    from tests.factories import UserFactory

    request = Membership.objects.create(user=UserFactory(), institution=lonely, status=Membership.Status.PENDING)
    sign_in(client, moderator)
    url = reverse("institutions:member_decide", args=[lonely.ods_code, request.uuid])
    assert client.get(url).status_code == 200
    assert client.post(url, {"decision": "approve"}).status_code == 302
    request.refresh_from_db()
    assert request.status == Membership.Status.VERIFIED and request.decided_by == moderator


def test_membership_of_another_institution_is_404(client, inst_admin, other_admin, other_trust):
    other_membership = Membership.objects.get(user=other_admin)
    sign_in(client, inst_admin)
    url = reverse("institutions:member_change", args=["RX1", other_membership.uuid])
    assert client.get(url).status_code == 404


def test_removed_member_loses_access_at_once(client, trust, inst_admin, reviewer):
    client.force_login(reviewer)
    assert client.get(reverse("institutions:leave", args=["RX1"])).status_code == 200
    membership = Membership.objects.get(user=reviewer)
    admin_client = client.__class__()
    sign_in(admin_client, inst_admin)
    admin_client.post(reverse("institutions:member_remove", args=["RX1", membership.uuid]), {"reason": "Moved on"})
    assert not reviewer.has_perm("institutions.view_members", trust)
    assert client.get(reverse("institutions:leave", args=["RX1"])).status_code == 403

"""The moderators' queue of requests to join institutions that have nobody else to decide them."""

import pytest
from django.urls import reverse

from institutions.models import Institution, Membership
from institutions.selectors import membership_requests_without_admin
from tests.factories import UserFactory
from tests.signin import sign_in

from .factories import InstitutionFactory, MembershipFactory

pytestmark = pytest.mark.django_db

QUEUE = reverse("institutions:requests_without_admin")


def pending_at(institution, **user):
    return MembershipFactory(institution=institution, status=Membership.Status.PENDING, user=UserFactory(**user))


@pytest.fixture
def institutions_of_every_kind(institution_x, admin_x, pending_request):
    """Pending requests at institutions whose admins are of every kind, or missing."""
    kinds = {}
    kinds["verified admin"] = pending_request
    no_one = InstitutionFactory(name="Nobody Trust")
    kinds["no members"] = pending_at(no_one)
    only_members = InstitutionFactory(name="Members Only Trust")
    MembershipFactory(institution=only_members, role=Membership.Role.REVIEWER)
    kinds["members but no admin"] = pending_at(only_members)
    admin_left = InstitutionFactory(name="Admin Left Trust")
    MembershipFactory(institution=admin_left, role=Membership.Role.ADMIN, status=Membership.Status.LEFT)
    kinds["admin left"] = pending_at(admin_left)
    admin_pending = InstitutionFactory(name="Admin Pending Trust")
    MembershipFactory(institution=admin_pending, role=Membership.Role.ADMIN, status=Membership.Status.PENDING)
    kinds["admin still pending"] = pending_at(admin_pending)
    closed = InstitutionFactory(name="Closed Trust", status=Institution.Status.CLOSED)
    kinds["closed, no admin"] = pending_at(closed)
    return kinds


def test_the_queue_holds_exactly_the_requests_only_a_moderator_may_decide(moderator, institutions_of_every_kind):
    queued = set(membership_requests_without_admin())
    for kind, request in institutions_of_every_kind.items():
        may_decide = moderator.has_perm("institutions.decide_membership", request.institution)
        assert (request in queued) == may_decide, kind
    assert institutions_of_every_kind["verified admin"] not in queued
    assert institutions_of_every_kind["no members"] in queued
    # Pending admins count as no admin: their own requests are in the queue too.
    assert len(queued) == 6


def test_the_page_lists_requests_oldest_first_with_a_link_to_decide(client, moderator, institution_x):
    lonely = InstitutionFactory(name="Lonely Community NHS Trust", ods_code="RL1")
    first = pending_at(lonely, display_name="Nia Nhsnet", email="nia.nhsnet@nhs.net")
    second = pending_at(lonely, display_name="Ben Later", email="ben@example.org")
    Membership.objects.filter(pk=first.pk).update(created_at=second.created_at.replace(year=2020))
    sign_in(client, moderator)
    response = client.get(QUEUE)
    assert [m.pk for m in response.context["page_obj"].object_list] == [first.pk, second.pk]
    body = response.content.decode()
    assert "Requests to join institutions with no admin" in body
    assert "nia.nhsnet@nhs.net" in body.replace("<wbr>", "") and "Lonely Community NHS Trust (RL1)" in body
    decide = reverse("institutions:member_decide", args=["RL1", first.uuid])
    assert f'href="{decide}"' in body
    assert client.get(decide).status_code == 200  # the moderator may decide it


def test_an_empty_queue_says_so(client, moderator, admin_x, pending_request):
    # The trust's only request waits for its own admin, not for a moderator.
    sign_in(client, moderator)
    body = client.get(QUEUE).content.decode()
    assert "Nothing waiting" in body
    assert "Pat Pending" not in body


@pytest.mark.parametrize("size", [2, 20])
def test_query_budget(client, moderator, django_assert_num_queries, size):
    for _ in range(size):
        pending_at(InstitutionFactory())
    sign_in(client, moderator)
    with django_assert_num_queries(6):
        # 1. session  2. user  3. TOTP authenticator exists (2FA middleware)  4. count (paginator)
        # 5. unread notifications (header)  6. the page of requests with their people and institutions
        response = client.get(QUEUE)
    assert response.context["page_obj"].paginator.count == size

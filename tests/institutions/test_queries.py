"""Query budgets: the same number of queries with 3 or 30 rows, so N+1 cannot hide."""

import pytest
from django.urls import reverse

from institutions.models import Membership
from tests.engagements.factories import EngagementModelFactory
from tests.factories import UserFactory
from tests.signin import sign_in

from .factories import InstitutionFactory, MembershipFactory, VerifiedDomainFactory

SIZES = [3, 30]


def open_to_models(institutions, size):
    """Every institution open to `size` engagement models (one retired, which is never shown)."""
    models = EngagementModelFactory.create_batch(size)
    EngagementModelFactory(is_active=False)
    for institution in institutions:
        institution.open_to_models.set(models)
    return models


@pytest.mark.parametrize("size", SIZES)
def test_directory_visitor(client, db, django_assert_num_queries, size):
    open_to_models(InstitutionFactory.create_batch(size), size)
    with django_assert_num_queries(3):
        # 1. count of matching approved institutions (paginator)
        # 2. the page of institutions  3. the active engagement models of those on the page
        response = client.get(reverse("institutions:directory"), {"q": "example", "region": "london"})
    assert response.status_code == 200
    assert response.context["page_obj"].paginator.count == size
    assert response.content.decode().count("Open to: ") == min(size, 20)


@pytest.mark.parametrize("size", SIZES)
def test_directory_signed_in(client, user, django_assert_num_queries, size):
    open_to_models(InstitutionFactory.create_batch(size), size)
    client.force_login(user)
    with django_assert_num_queries(7):
        # 1. session  2. user  3. 2FA rule: is this person an institution admin anywhere?
        # 4. count of matching institutions  5. unread notifications (header)  6. the page of institutions
        # 7. the active engagement models of those on the page
        response = client.get(reverse("institutions:directory"))
    assert response.status_code == 200


@pytest.mark.parametrize("size", SIZES)
def test_profile_visitor(client, institution_x, django_assert_num_queries, size):
    MembershipFactory.create_batch(size, institution=institution_x)
    VerifiedDomainFactory.create_batch(size, institution=institution_x)
    open_to_models([institution_x], size)
    with django_assert_num_queries(6):
        # 1. the institution by ODS code (approved, so visible without more checks)
        # 2. the active engagement models it is open to  3. its verified email domains (who joins at once)
        # 4-5. response facts (engagements' tag): first responses in 12 months, overdue now
        # 6. its published partnerships (engagements' accountability_record tag): none, so no more
        response = client.get(reverse("institutions:detail", args=[institution_x.ods_code]))
    assert response.status_code == 200
    assert response.content.decode().count('class="nhsuk-details"') == size


@pytest.mark.parametrize("size", SIZES)
def test_profile_member(client, institution_x, member_x, django_assert_num_queries, size):
    MembershipFactory.create_batch(size, institution=institution_x)
    open_to_models([institution_x], size)
    client.force_login(member_x)
    with django_assert_num_queries(11):
        # 1. session  2. user  3. 2FA rule (admin anywhere?)  4. the institution
        # 5. the viewer's membership, asked once: the page and every rule (may see members?) read it
        # 6. the engagement models it is open to  7-8. response facts (first responses, overdue now)
        # 9. the viewer's movements (may they propose here?)  10. its published partnerships (none)
        # 11. unread notifications (header)
        response = client.get(reverse("institutions:detail", args=[institution_x.ods_code]))
    assert response.status_code == 200


@pytest.mark.parametrize("size", SIZES)
def test_profile_admin(client, institution_x, admin_x, django_assert_num_queries, size):
    MembershipFactory.create_batch(size, institution=institution_x, status=Membership.Status.PENDING)
    open_to_models([institution_x], size)
    sign_in(client, admin_x)
    with django_assert_num_queries(14):
        # 1. session  2. user  3. 2FA rule  4. TOTP authenticator exists (2FA middleware)
        # 5. the institution  6. the viewer's membership, asked once (may change the profile? reads it)
        # 7. how many admins it has (may this admin leave?)
        # 8. the engagement models it is open to  9-10. response facts (first responses, overdue now)
        # 11. the viewer's movements (may they propose here?)  12. its published partnerships (none)
        # 13. count of requests waiting  14. unread notifications (header)
        response = client.get(reverse("institutions:detail", args=[institution_x.ods_code]))
    assert response.status_code == 200
    assert response.context["pending_count"] == size


@pytest.mark.parametrize("size", SIZES)
def test_members_page(client, institution_x, admin_x, django_assert_num_queries, size):
    for _ in range(size):
        MembershipFactory(user=UserFactory(), institution=institution_x)
        MembershipFactory(user=UserFactory(), institution=institution_x, status=Membership.Status.PENDING)
    sign_in(client, admin_x)
    with django_assert_num_queries(11):
        # 1. session  2. user  3. 2FA rule  4. TOTP authenticator exists
        # 5. the institution  6. the viewer's membership, asked once: may see it? (approved: not asked)
        #    may see members? may manage them? all read it
        # 7. count of verified members  8. the page of members with their users
        # 9. how many admins it has, asked once for the admins' rows (may they step down?)
        # 10. pending requests with their users  11. unread notifications (header)
        response = client.get(reverse("institutions:members", args=[institution_x.ods_code]))
    assert response.status_code == 200

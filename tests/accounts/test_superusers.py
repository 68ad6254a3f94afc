"""Superusers follow the site's rules: on the site they are platform staff, like moderators.

Django lets an active superuser pass every permission check. On Common Ground the apps'
rules decide instead (User.has_perm), so a superuser who belongs to nothing gets exactly
the answers a moderator gets, on every page of every app, and the Django admin stays theirs.
"""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from institutions import services as institution_services
from institutions.models import Institution, Membership
from movements.models import Invitation, Movement
from movements.services.invitations import token_hash
from movements.taxonomy import taxonomy_sync
from tests.core.test_rule_names import model_permissions
from tests.factories import UserFactory
from tests.institutions.factories import InstitutionFactory, MembershipFactory, VerifiedDomainFactory
from tests.movements.factories import MovementFactory, add_organiser
from tests.signin_forms import sign_in_through_forms as sign_in
from tests.signin_forms import with_totp
from tests.urlwalk import all_patterns

pytestmark = pytest.mark.django_db

SITE_APPS = ("accounts.", "core.", "institutions.", "movements.", "notifications.", "engagements.", "moderation.")


def _institution(ods, status, *, admin=True):
    institution = InstitutionFactory(ods_code=ods, status=status)
    VerifiedDomainFactory(institution=institution, domain=f"{ods.lower()}.nhs.uk")
    if admin:
        MembershipFactory(institution=institution, role=Membership.Role.ADMIN, user=with_totp(UserFactory())[0])
    MembershipFactory(institution=institution, status=Membership.Status.PENDING)
    MembershipFactory(institution=institution, role=Membership.Role.MEMBER)
    return institution


def _movement(slug, status):
    movement = MovementFactory(slug=slug, status=status)
    organiser = add_organiser(movement, UserFactory())
    invitation = Invitation.objects.create(
        movement=movement,
        email=f"{slug}@example.org",
        invited_by=organiser.user,
        token_hash=token_hash(slug),
        expires_at=timezone.now() + timedelta(days=7),
    )
    return movement, organiser, invitation


def _values(institution, movement_parts):
    movement, organiser, invitation = movement_parts
    pending = institution.memberships.filter(status=Membership.Status.PENDING).first()
    return {
        "ods_code": institution.ods_code,
        "domain": institution.domains.first().domain,
        "membership_uuid": str(pending.uuid),
        "slug": movement.slug,
        "organiser_uuid": str(organiser.uuid),
        "invitation_uuid": str(invitation.uuid),
        "engagement_uuid": "5d1c2a3e-8f0b-4c4e-9a51-2f7d6b1e0c99",  # none there: a 404 for everyone
        "agreement_uuid": "7f3e4c5a-0b2d-4e6f-9c73-4b9f8d3a2e11",  # none there: a 404 for everyone
        "step": "title",
        "comment_uuid": "6e2d3b4f-9a1c-4d5f-8b62-3a8e7c2f1d00",
        "commitment_uuid": "7f3e4c5a-0b2d-4e6f-9c73-4b9f8d3e2e11",
        "number": "1",
        "token": "not-a-real-token",
        "notification_id": "0c006a19-1dac-4f0d-a01a-5e3b53121d45",
        "key": "a-key",
        "uidb36": "1",
    }


@pytest.fixture
def site():
    """Institutions and movements in every state; a moderator and a superuser who belong to none."""
    taxonomy_sync()
    variants = [
        _values(_institution("RX1", Institution.Status.APPROVED), _movement("approved", Movement.Status.APPROVED)),
        _values(
            _institution("RX2", Institution.Status.APPROVED, admin=False), _movement("pending", Movement.Status.PENDING)
        ),
        _values(_institution("PX1", Institution.Status.PENDING), _movement("hidden", Movement.Status.HIDDEN)),
        _values(_institution("CX1", Institution.Status.CLOSED), _movement("rejected", Movement.Status.REJECTED)),
    ]
    moderator = with_totp(UserFactory(is_moderator=True))
    superuser = with_totp(UserFactory(is_superuser=True, is_staff=True))
    return variants, moderator, superuser


def _site_urls(variants):
    """Every page of our own apps (allauth's and the admin's are not the site's rules), in each variant."""
    return sorted(
        {
            pattern.path({p: values[p] for p in pattern.params})
            for pattern in all_patterns()
            if pattern.view_module.startswith(SITE_APPS)
            for values in variants
        }
    )


def _answer(client, method, url):
    """What the page answers; whatever it changed is undone, so every persona meets the same site."""
    with transaction.atomic():
        response = getattr(client, method)(url)
        transaction.set_rollback(True)
    return response.status_code, response.get("Location", "")


def test_superuser_gets_the_answers_a_moderator_gets_on_every_site_page(site):
    variants, (moderator, moderator_secret), (superuser, superuser_secret) = site
    as_moderator, as_superuser = sign_in(moderator, moderator_secret), sign_in(superuser, superuser_secret)
    urls = _site_urls(variants)
    assert any("/institutions/RX1/members/" in url for url in urls) and len(urls) > 60
    differ, errors = [], []
    for url in urls:
        for method in ("get", "post"):
            moderator_answer = _answer(as_moderator, method, url)
            superuser_answer = _answer(as_superuser, method, url)
            if superuser_answer[0] >= 500 or moderator_answer[0] >= 500:
                errors.append(f"{method.upper()} {url}: {moderator_answer[0]} / {superuser_answer[0]}")
            elif superuser_answer != moderator_answer:
                differ.append(f"{method.upper()} {url}: moderator {moderator_answer}, superuser {superuser_answer}")
    assert not (errors or differ), "\n".join(["server errors:", *errors, "different answers:", *differ])


@pytest.mark.parametrize("ods", ["PX1", "CX1"])
@pytest.mark.parametrize("method", ["get", "post"])
def test_superuser_cannot_join_an_institution_that_is_not_approved(site, ods, method):
    _, _, (superuser, secret) = site
    response = getattr(sign_in(superuser, secret), method)(f"/institutions/{ods}/join/")
    assert response.status_code == 403
    assert not Membership.objects.filter(user=superuser).exists()


def test_superuser_cannot_decide_for_an_institution_that_has_admins(site):
    variants, _, (superuser, secret) = site
    url = f"/institutions/RX1/members/{variants[0]['membership_uuid']}/decide/"
    client = sign_in(superuser, secret)
    assert client.get(url).status_code == 403
    assert client.post(url, {"decision": "approve"}).status_code == 403
    assert Membership.objects.get(uuid=variants[0]["membership_uuid"]).status == Membership.Status.PENDING


def test_superuser_may_decide_where_nobody_else_can_like_a_moderator(site):
    variants, _, (superuser, secret) = site
    url = f"/institutions/RX2/members/{variants[1]['membership_uuid']}/decide/"
    assert sign_in(superuser, secret).get(url).status_code == 200


def test_leaving_an_institution_one_does_not_belong_to_is_refused(site):
    _, _, (superuser, secret) = site
    assert sign_in(superuser, secret).post("/institutions/RX1/leave/").status_code == 403


def test_membership_leave_refuses_a_person_with_no_membership():
    superuser = UserFactory(is_superuser=True)
    with pytest.raises(PermissionDenied):
        institution_services.membership_leave(actor=superuser, institution=None)
    other = MembershipFactory()
    with pytest.raises(PermissionDenied):
        institution_services.membership_leave(actor=superuser, institution=other.institution)
    assert Membership.objects.get(pk=other.pk).status == Membership.Status.VERIFIED


def test_services_refuse_a_superuser_what_the_rules_refuse_a_moderator(site):
    _, _, (superuser, _) = site
    pending = Institution.objects.get(ods_code="PX1")
    with pytest.raises(PermissionDenied):
        institution_services.membership_request(actor=superuser, institution=pending)
    request = Membership.objects.filter(institution__ods_code="RX1", status=Membership.Status.PENDING).get()
    with pytest.raises(PermissionDenied):
        institution_services.membership_approve(actor=superuser, membership=request)


# --- The Django admin stays the superuser's -----------------------------------------


def test_superuser_still_has_every_model_permission_the_admin_asks_for(site):
    _, _, (superuser, secret) = site
    assert all(superuser.has_perm(name) for name in model_permissions())
    client = sign_in(superuser, secret)
    institution = Institution.objects.get(ods_code="RX1")
    assert client.get("/admin/institutions/institution/").status_code == 200
    assert client.get(f"/admin/institutions/institution/{institution.pk}/change/").status_code == 200
    assert client.get("/admin/movements/movement/add/").status_code == 200


def test_staff_get_the_admin_pages_their_model_permissions_allow_and_no_more():
    from django.contrib.auth.models import Permission

    staff = UserFactory(is_staff=True)
    staff.user_permissions.add(Permission.objects.get(codename="view_institution"))
    institution = InstitutionFactory()
    client = sign_in(staff)
    assert client.get(f"/admin/institutions/institution/{institution.pk}/change/").status_code == 200
    # A site rule (any signed-in person may create a movement) is no admin permission.
    assert client.get("/admin/movements/movement/add/").status_code == 403
    assert client.get("/admin/institutions/membership/").status_code == 403

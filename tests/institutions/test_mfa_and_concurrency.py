"""Institution admins must use 2FA; concurrent decisions have one winner."""

import threading
from urllib.parse import urlsplit

import pytest
import rules
from django.db import connection, connections
from django.urls import reverse

from institutions import services
from institutions.models import Institution, Membership
from tests.factories import UserFactory

from .factories import InstitutionFactory, MembershipFactory


def test_requires_mfa_rule_covers_institution_admins(institution_x, admin_x, reviewer_x, moderator, user):
    assert rules.test_rule("accounts.requires_mfa", admin_x)
    assert rules.test_rule("accounts.requires_mfa", moderator)
    assert not rules.test_rule("accounts.requires_mfa", reviewer_x)
    assert not rules.test_rule("accounts.requires_mfa", user)


def test_former_admins_and_admins_of_unapproved_institutions_are_not_covered(db):
    person = UserFactory()
    MembershipFactory(
        user=person, role=Membership.Role.ADMIN, institution=InstitutionFactory(status=Institution.Status.PENDING)
    )
    MembershipFactory(
        user=person, role=Membership.Role.ADMIN, institution=InstitutionFactory(status=Institution.Status.REJECTED)
    )
    MembershipFactory(user=person, role=Membership.Role.ADMIN, status=Membership.Status.LEFT)
    assert not rules.test_rule("accounts.requires_mfa", person)


def test_admin_without_an_authenticator_is_sent_to_set_one_up(client, institution_x):
    person = UserFactory(email="new.admin@example-trust.nhs.uk")
    MembershipFactory(user=person, institution=institution_x, role=Membership.Role.ADMIN)
    client.force_login(person)
    response = client.get(reverse("institutions:members", args=[institution_x.ods_code]))
    assert response.status_code == 302
    assert urlsplit(response["Location"]).path == reverse("mfa_activate_totp")


def test_promotion_to_admin_brings_the_2fa_requirement(client, institution_x, admin_x, member_x):
    client.force_login(member_x)
    assert client.get(reverse("institutions:detail", args=["RX1"])).status_code == 200
    services.membership_change(
        actor=admin_x, membership=Membership.objects.get(user=member_x), role="admin", is_signatory=False
    )
    location = client.get(reverse("institutions:detail", args=["RX1"]))["Location"]
    assert urlsplit(location).path == reverse("mfa_activate_totp")


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="real row locks need PostgreSQL")
def test_two_admins_deciding_at_once_one_wins():
    trust = InstitutionFactory(ods_code="RC9")
    admins = [UserFactory(display_name=f"Admin {n}") for n in range(2)]
    for admin in admins:
        MembershipFactory(user=admin, institution=trust, role=Membership.Role.ADMIN)
    request = MembershipFactory(user=UserFactory(), institution=trust, status=Membership.Status.PENDING)
    barrier = threading.Barrier(2)
    outcomes = []

    def decide(admin, approve):
        stale = Membership.objects.get(pk=request.pk)
        barrier.wait()
        try:
            if approve:
                services.membership_approve(actor=admin, membership=stale)
            else:
                services.membership_reject(actor=admin, membership=stale, reason="No")
            outcomes.append("won")
        except Exception as exc:  # noqa: BLE001 - the loser's error is the point
            outcomes.append(str(exc))
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=decide, args=(admins[0], True)),
        threading.Thread(target=decide, args=(admins[1], False)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert outcomes.count("won") == 1
    assert any("already been" in outcome for outcome in outcomes)
    request.refresh_from_db()
    assert request.status in (Membership.Status.VERIFIED, Membership.Status.REJECTED)


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="real row locks need PostgreSQL")
def test_two_admins_stepping_down_at_once_leave_one_admin():
    trust = InstitutionFactory(ods_code="RC8")
    admins = [UserFactory() for _ in range(2)]
    memberships = [MembershipFactory(user=a, institution=trust, role=Membership.Role.ADMIN) for a in admins]
    barrier = threading.Barrier(2)
    outcomes = []

    def step_down(admin, membership):
        barrier.wait()
        try:
            services.membership_leave(actor=admin, institution=membership.institution)
            outcomes.append("left")
        except Exception as exc:  # noqa: BLE001
            outcomes.append(str(exc))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=step_down, args=pair) for pair in zip(admins, memberships, strict=True)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert outcomes.count("left") == 1
    assert Membership.objects.filter(institution=trust, role="admin", status="verified").count() == 1

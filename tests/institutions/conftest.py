"""Personas for the institutions suite (DESIGN §6).

`trust` (ODS RX1, domain example-trust.nhs.uk) with a pending member, a member, a reviewer and an
admin; `other_trust` (RX2) with its own admin; a moderator; and the shared `user` (unrelated) and
`visitor`. Admins and moderators have a TOTP authenticator, as the 2FA rule requires.
"""

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

from engagements.models import EngagementModel
from engagements.seed import seed_engagement_models
from institutions.models import Institution, Membership
from tests.factories import UserFactory

from .factories import InstitutionFactory, MembershipFactory, VerifiedDomainFactory


def with_totp(user):
    user.totp_secret = generate_totp_secret()
    TOTP.activate(user, user.totp_secret)
    return user


@pytest.fixture
def trust(db):
    institution = InstitutionFactory(name="Example Trust", ods_code="RX1", region="london")
    VerifiedDomainFactory(institution=institution, domain="example-trust.nhs.uk")
    return institution


@pytest.fixture
def other_trust(db):
    return InstitutionFactory(name="Other Trust", ods_code="RX2", region="midlands")


@pytest.fixture
def pending_institution(db, inst_admin):
    institution = InstitutionFactory(name="Pending Health Board", ods_code="PX1", status=Institution.Status.PENDING)
    MembershipFactory(user=inst_admin, institution=institution, role=Membership.Role.ADMIN)
    return institution


@pytest.fixture
def moderator(db):
    return with_totp(UserFactory(display_name="Morgan Moderator", email="moderator@example.org", is_moderator=True))


@pytest.fixture
def inst_admin(trust):
    user = with_totp(UserFactory(display_name="Ada Admin", email="ada@example-trust.nhs.uk"))
    MembershipFactory(user=user, institution=trust, role=Membership.Role.ADMIN, is_signatory=True)
    return user


@pytest.fixture
def other_admin(other_trust):
    user = with_totp(UserFactory(display_name="Otto Other", email="otto@other-trust.nhs.uk"))
    MembershipFactory(user=user, institution=other_trust, role=Membership.Role.ADMIN)
    return user


@pytest.fixture
def reviewer(trust):
    user = UserFactory(display_name="Rhys Reviewer", email="rhys@example-trust.nhs.uk")
    MembershipFactory(user=user, institution=trust, role=Membership.Role.REVIEWER)
    return user


@pytest.fixture
def member(trust):
    user = UserFactory(display_name="Mia Member", email="mia@example-trust.nhs.uk")
    MembershipFactory(user=user, institution=trust, role=Membership.Role.MEMBER)
    return user


@pytest.fixture
def pending_member(trust):
    user = UserFactory(display_name="Pat Pending", email="pat.pending@nhs.net")
    MembershipFactory(user=user, institution=trust, status=Membership.Status.PENDING)
    return user


@pytest.fixture
def pending_request(trust, pending_member):
    return Membership.objects.get(user=pending_member, institution=trust)


@pytest.fixture
def personas(user, pending_member, member, reviewer, inst_admin, other_admin, moderator):
    """Everyone, by name, for permission matrices. None is the visitor."""
    return {
        "visitor": None,
        "unrelated": user,
        "pending_member": pending_member,
        "member": member,
        "reviewer": reviewer,
        "admin": inst_admin,
        "other_admin": other_admin,
        "moderator": moderator,
    }


@pytest.fixture
def engagement_models(db):
    """The eight standard engagement models (the suite runs without the migration that seeds them), by slug."""
    seed_engagement_models()
    return {m.slug: m for m in EngagementModel.objects.all()}

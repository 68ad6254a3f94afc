"""People and waiting work for the moderation tests.

One item waits in every queue registered today: a pending movement, a pending institution and a
request to join an institution that has no admin. The personas are everyone who might try a
moderator's page: a visitor, a signed-in person with no roles, a movement lead, an institution
admin and a pending member, a moderator and a superuser (both with two-factor authentication).
"""

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

from institutions.models import Institution, Membership
from movements.models import Movement
from tests.factories import UserFactory
from tests.institutions.factories import InstitutionFactory, MembershipFactory
from tests.movements.factories import MovementFactory

PERSONAS = ["visitor", "user", "movement_lead", "institution_admin", "pending_member", "moderator", "superuser"]
MODERATORS = {"moderator", "superuser"}


def with_totp(user):
    TOTP.activate(user, generate_totp_secret())
    return user


@pytest.fixture
def lonely_trust(db):
    """An approved institution with nobody to decide requests to join it."""
    return InstitutionFactory(name="Lonely Community NHS Trust", ods_code="RL1")


@pytest.fixture
def waiting(db, lonely_trust):
    """One item in each queue, and one look-alike that must not be counted."""
    lead = UserFactory(display_name="Leah Lead", email="leah@example.org")
    movement = MovementFactory(name="Pending Pals", slug="pending-pals", lead=lead, status=Movement.Status.PENDING)
    registrant = with_totp(UserFactory(display_name="Rita Registrant", email="rita@new-trust.nhs.uk"))
    institution = InstitutionFactory(name="New Health Board", ods_code="PX7", status=Institution.Status.PENDING)
    MembershipFactory(user=registrant, institution=institution, role=Membership.Role.ADMIN)
    requester = UserFactory(display_name="Nia Nhsnet", email="nia.nhsnet@nhs.net")
    request = MembershipFactory(user=requester, institution=lonely_trust, status=Membership.Status.PENDING)
    return {"movement": movement, "institution": institution, "request": request, "lead": lead}


@pytest.fixture
def staffed_trust(db):
    """An approved institution with its own admin and a request waiting for that admin (not a moderator)."""
    trust = InstitutionFactory(name="Staffed NHS Trust", ods_code="RS1")
    admin = with_totp(UserFactory(display_name="Ada Admin", email="ada@staffed.nhs.uk"))
    MembershipFactory(user=admin, institution=trust, role=Membership.Role.ADMIN)
    pending = UserFactory(display_name="Pat Pending", email="pat.pending@nhs.net")
    MembershipFactory(user=pending, institution=trust, status=Membership.Status.PENDING)
    return {"trust": trust, "admin": admin, "pending": pending}


@pytest.fixture
def moderator(db):
    return with_totp(UserFactory(display_name="Morgan Moderator", email="moderator@example.org", is_moderator=True))


@pytest.fixture
def personas(db, user, waiting, staffed_trust, moderator):
    """Everyone, by name; None is the visitor."""
    superuser = with_totp(
        UserFactory(display_name="Sam Super", email="sam@example.org", is_superuser=True, is_staff=True)
    )
    return {
        "visitor": None,
        "user": user,
        "movement_lead": waiting["lead"],
        "institution_admin": staffed_trust["admin"],
        "pending_member": staffed_trust["pending"],
        "moderator": moderator,
        "superuser": superuser,
    }

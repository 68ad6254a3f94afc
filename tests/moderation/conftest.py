"""Waiting work for the moderation tests, built from the shared personas (tests/personas.py).

One item waits in every queue registered today: a pending movement (led by lead_a), a pending
institution, and a request to join an institution that has no admin. Institution X, with its
admin and pending member, is the look-alike: a request there waits for its admin, not for a
moderator.
"""

import pytest

from institutions.models import Institution, Membership
from movements.models import Movement
from tests.factories import UserFactory
from tests.institutions.factories import InstitutionFactory, MembershipFactory
from tests.movements.factories import MovementFactory
from tests.personas import with_totp


@pytest.fixture
def lonely_trust(db):
    """An approved institution with nobody to decide requests to join it."""
    return InstitutionFactory(name="Lonely Community NHS Trust", ods_code="RL1")


@pytest.fixture
def waiting(lead_a, lonely_trust, admin_x, pending_member_x):
    """One item in each queue, and one look-alike (pending_member_x's request to X) that must not be counted."""
    movement = MovementFactory(name="Pending Pals", slug="pending-pals", lead=lead_a, status=Movement.Status.PENDING)
    registrant = with_totp(UserFactory(display_name="Rita Registrant", email="rita@new-trust.nhs.uk"))
    institution = InstitutionFactory(name="New Health Board", ods_code="PX7", status=Institution.Status.PENDING)
    MembershipFactory(user=registrant, institution=institution, role=Membership.Role.ADMIN)
    requester = UserFactory(display_name="Nia Nhsnet", email="nia.nhsnet@nhs.net")
    request = MembershipFactory(user=requester, institution=lonely_trust, status=Membership.Status.PENDING)
    return {"movement": movement, "institution": institution, "request": request, "lead": lead_a}

"""Places for the institutions tests, built from the shared personas (tests/personas.py).

Institution X (`institution_x`, RX1) with its pending member, member, reviewer, signatory and
admin, and institution Y with its admin, come from the plugin. Here: an institution waiting for
approval that admin_x registered, the pending member's request, and the engagement models.
"""

import pytest

from engagements.models import EngagementModel
from engagements.seed import seed_engagement_models
from institutions.models import Institution, Membership

from .factories import InstitutionFactory, MembershipFactory


@pytest.fixture
def pending_institution(db, admin_x):
    institution = InstitutionFactory(name="Pending Health Board", ods_code="PX1", status=Institution.Status.PENDING)
    MembershipFactory(user=admin_x, institution=institution, role=Membership.Role.ADMIN)
    return institution


@pytest.fixture
def pending_request(institution_x, pending_member_x):
    return Membership.objects.get(user=pending_member_x, institution=institution_x)


@pytest.fixture
def engagement_models(db):
    """The eight standard engagement models (the suite runs without the migration that seeds them), by slug."""
    seed_engagement_models()
    return {m.slug: m for m in EngagementModel.objects.all()}

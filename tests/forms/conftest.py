"""One small world in which every form on the site can be submitted through its real page.

The people are the shared personas (tests/personas.py), signed in with `as_persona(name)`:
`user` (no roles), `lead_a` (movement A's lead, and the lead of a pending movement), `admin_x`
(institution X, which has a member and a pending request), `moderator` and `superuser`. The
world holds the places they submit forms about.
"""

from dataclasses import dataclass

import pytest

from engagements.models import EngagementModel
from engagements.seed import seed_engagement_models
from institutions.models import Institution, Membership
from movements.models import Movement, WayOfImpact
from tests.institutions.factories import InstitutionFactory
from tests.movements.factories import MovementFactory


@dataclass
class World:
    movement_a: Movement
    pending_movement: Movement
    institution_x: Institution
    pending_institution: Institution
    member_x_membership: Membership
    pending_request: Membership
    way: WayOfImpact
    engagement_model: EngagementModel


@pytest.fixture
def world(movement_a, lead_a, institution_x, admin_x, member_x, pending_member_x):
    # movement_a has synced the taxonomy (the suite runs without the migrations that seed it).
    seed_engagement_models()
    return World(
        movement_a=movement_a,
        pending_movement=MovementFactory(
            name="Pending Pals", slug="pending-pals", lead=lead_a, status=Movement.Status.PENDING
        ),
        institution_x=institution_x,
        pending_institution=InstitutionFactory(
            name="Pending Health Board", ods_code="PX1", status=Institution.Status.PENDING
        ),
        member_x_membership=Membership.objects.get(user=member_x, institution=institution_x),
        pending_request=Membership.objects.get(user=pending_member_x, institution=institution_x),
        way=WayOfImpact.objects.order_by("position").first(),
        engagement_model=EngagementModel.objects.filter(is_active=True).order_by("position").first(),
    )

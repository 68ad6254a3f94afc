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
    draft: object = None  # a draft from the movement to the trust
    sent: object = None  # a proposal sent from the movement to the trust
    active: object = None  # another, accepted, with its agreement in force
    accepted: object = None  # a proposal the trust accepted: its agreement is being drafted


@pytest.fixture
def world(movement_a, lead_a, institution_x, admin_x, member_x, pending_member_x):
    # movement_a has synced the taxonomy (the suite runs without the migrations that seed it).
    seed_engagement_models()
    world = World(
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
    world.draft, world.sent = _engagements(world, lead_a)
    world.active = _active(world, lead_a, admin_x)
    world.accepted = _accepted(world, lead_a, admin_x)
    return world


def _active(world, lead_a, admin_x):
    from engagements import services
    from tests.engagements.agreements import bring_into_force

    _draft, sent = _engagements(world, lead_a)
    services.engagement_accept(actor=admin_x, engagement=sent)
    bring_into_force(sent, movement_signer=lead_a, institution_signer=admin_x)
    return sent


def _accepted(world, lead_a, admin_x):
    from engagements import services
    from engagements.models import Engagement

    _draft, sent = _engagements(world, lead_a)
    services.engagement_accept(actor=admin_x, engagement=Engagement.objects.get(pk=sent.pk))
    return Engagement.objects.get(pk=sent.pk)


def _engagements(world, lead_a):
    from engagements import services
    from engagements.models import Engagement

    world.institution_x.open_to_models.add(world.engagement_model)
    words = {
        "title": "Peer support",
        "ask": "A room.",
        "movement_brings": "Peers.",
        "institution_brings": "A room.",
        "shared_purpose": "Less alone.",
    }

    def draft():
        return services.engagement_draft_create(
            actor=lead_a,
            direction=Engagement.Direction.TO_INSTITUTION,
            movement=world.movement_a,
            institution=world.institution_x,
            model=world.engagement_model,
            **words,
        )

    sent = draft()
    services.engagement_submit(actor=lead_a, engagement=sent)
    return draft(), sent

"""One small world in which every form on the site can be submitted through its real page.

The people (DESIGN §6): a signed-in `user` with no roles, the `lead` organiser of an approved
and of a pending movement, the `inst_admin` of trust RX1 (which has a member and a pending
request), a `moderator` and a `superuser` (both with two-factor set up, as their roles need).
"""

from dataclasses import dataclass

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

from engagements.models import EngagementModel
from engagements.seed import seed_engagement_models
from institutions.models import Institution, Membership
from movements.models import Movement, WayOfImpact
from movements.taxonomy import taxonomy_sync
from tests.factories import UserFactory
from tests.institutions.factories import InstitutionFactory, MembershipFactory, VerifiedDomainFactory
from tests.movements.factories import MovementFactory
from tests.signin import sign_in as honest_sign_in


def _with_totp(user):
    TOTP.activate(user, generate_totp_secret())
    return user


@dataclass
class World:
    user: object
    lead: object
    moderator: object
    superuser: object
    inst_admin: object
    movement: Movement
    pending_movement: Movement
    trust: Institution
    pending_institution: Institution
    member: Membership
    pending_request: Membership
    way: WayOfImpact
    engagement_model: EngagementModel
    draft: object = None  # a draft from the movement to the trust
    sent: object = None  # a proposal sent from the movement to the trust


@pytest.fixture
def world(db):
    taxonomy_sync()
    seed_engagement_models()
    lead = UserFactory(display_name="Leah Lead", email="leah@example.org")
    trust = InstitutionFactory(name="Example Trust", ods_code="RX1", region="london")
    VerifiedDomainFactory(institution=trust, domain="example-trust.nhs.uk")
    inst_admin = _with_totp(UserFactory(display_name="Ada Admin", email="ada@example-trust.nhs.uk"))
    MembershipFactory(user=inst_admin, institution=trust, role=Membership.Role.ADMIN)
    member = MembershipFactory(user=UserFactory(email="mia@example-trust.nhs.uk"), institution=trust)
    pending = MembershipFactory(
        user=UserFactory(email="pat@nhs.net"), institution=trust, status=Membership.Status.PENDING
    )
    world = World(
        user=UserFactory(display_name="Una Related", email="una@example.org"),
        lead=lead,
        moderator=_with_totp(UserFactory(email="moderator@example.org", is_moderator=True)),
        superuser=_with_totp(UserFactory(email="root@example.org", is_staff=True, is_superuser=True)),
        inst_admin=inst_admin,
        movement=MovementFactory(name="Breathe Together", slug="breathe-together", lead=lead),
        pending_movement=MovementFactory(
            name="Pending Pals", slug="pending-pals", lead=lead, status=Movement.Status.PENDING
        ),
        trust=trust,
        pending_institution=InstitutionFactory(
            name="Pending Health Board", ods_code="PX1", status=Institution.Status.PENDING
        ),
        member=member,
        pending_request=pending,
        way=WayOfImpact.objects.order_by("position").first(),
        engagement_model=EngagementModel.objects.filter(is_active=True).order_by("position").first(),
    )
    world.draft, world.sent = _engagements(world)
    return world


def _engagements(world):
    from engagements import services
    from engagements.models import Engagement

    world.trust.open_to_models.add(world.engagement_model)
    words = {
        "title": "Peer support",
        "ask": "A room.",
        "movement_brings": "Peers.",
        "institution_brings": "A room.",
        "shared_purpose": "Less alone.",
    }

    def draft():
        return services.engagement_draft_create(
            actor=world.lead,
            direction=Engagement.Direction.TO_INSTITUTION,
            movement=world.movement,
            institution=world.trust,
            model=world.engagement_model,
            **words,
        )

    sent = draft()
    services.engagement_submit(actor=world.lead, engagement=sent)
    return draft(), sent


@pytest.fixture
def sign_in(client, world):
    """sign_in("lead"): the test client as that person of the world (or nobody, for "visitor")."""

    def as_persona(name: str):
        client.logout()
        if name != "visitor":
            honest_sign_in(client, getattr(world, name))
        return client

    return as_persona

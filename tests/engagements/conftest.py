"""Engagements between the shared personas' places: movement A and institution X (and Y, B as outsiders)."""

import datetime

import pytest
from django.utils import timezone

from engagements import services
from engagements.models import Engagement
from tests.engagements.factories import EngagementModelFactory

# A Monday in term time, away from bank holidays: 15 working days later is Monday 23 March.
MONDAY = timezone.make_aware(datetime.datetime(2026, 3, 2, 10, 0))

WORDS = {
    "title": "Peer support in the respiratory clinic",
    "ask": "A room once a month and a nurse to co-host.",
    "movement_brings": "Trained peer supporters.",
    "institution_brings": "A room and a nurse.",
    "shared_purpose": "People with COPD feel less alone.",
    "outcomes": "Fewer missed appointments.",
    "timescale": "One year",
}


@pytest.fixture
def way(db):
    return EngagementModelFactory(name="Co-host", slug="co-host")


@pytest.fixture
def open_x(institution_x, way):
    institution_x.open_to_models.add(way)
    return institution_x


def draft_to_x(actor, movement, institution, way, **words):
    return services.engagement_draft_create(
        actor=actor,
        direction=Engagement.Direction.TO_INSTITUTION,
        movement=movement,
        institution=institution,
        model=way,
        **{**WORDS, **words},
    )


def fresh(engagement):
    """A new copy, as the next request would load it (the rules remember roles per object)."""
    return Engagement.objects.select_related("movement", "institution", "model", "reviewer").get(pk=engagement.pk)


@pytest.fixture
def draft(organiser_a, movement_a, open_x, way):
    return draft_to_x(organiser_a, movement_a, open_x, way)


@pytest.fixture
def submitted(draft, organiser_a, reviewer_x):
    services.engagement_submit(actor=organiser_a, engagement=draft, now=MONDAY)
    return fresh(draft)


@pytest.fixture
def in_review(submitted, reviewer_x):
    services.engagement_assign(actor=reviewer_x, engagement=submitted, reviewer=reviewer_x, now=MONDAY)
    return fresh(submitted)


@pytest.fixture
def to_movement(member_x, movement_a, institution_x, way):
    """Institution X proposes to movement A (sent)."""
    engagement = services.engagement_draft_create(
        actor=member_x,
        direction=Engagement.Direction.TO_MOVEMENT,
        movement=movement_a,
        institution=institution_x,
        model=way,
        **WORDS,
    )
    services.engagement_submit(actor=member_x, engagement=engagement, now=MONDAY)
    return fresh(engagement)


@pytest.fixture
def accepted(in_review, reviewer_x):
    """Movement A's proposal to institution X, accepted: the agreement is open for drafting."""
    services.engagement_accept(actor=reviewer_x, engagement=in_review, now=MONDAY)
    return fresh(in_review)


@pytest.fixture
def active(accepted, lead_a, signatory_x):
    """The same engagement with its agreement in force (two commitments, one per side)."""
    from tests.engagements.agreements import bring_into_force

    bring_into_force(
        accepted,
        movement_signer=lead_a,
        institution_signer=signatory_x,
        at=MONDAY,
        commitments=[
            {"party": "institution", "what": "Book the room every month.", "due_date": datetime.date(2026, 4, 1)},
            {"party": "movement", "what": "Bring two peer supporters.", "review_date": datetime.date(2026, 6, 1)},
        ],
    )
    return fresh(accepted)

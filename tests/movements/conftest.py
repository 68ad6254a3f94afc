"""Places for the movements tests, built from the shared personas (tests/personas.py).

Movement A ("Breathe Together", led by `lead_a` with `organiser_a`) and movement B come from the
plugin; here are only the movements A's people also run that are not public: one waiting for
approval and one a moderator rejected.
"""

import pytest

from movements.models import Movement, Organiser
from movements.taxonomy import taxonomy_sync

from .factories import MovementFactory, add_organiser


@pytest.fixture(autouse=True)
def taxonomy(db):
    # The suite runs without migrations, so the seeded ways of impact and focus areas are written here.
    taxonomy_sync()


@pytest.fixture
def pending_movement(lead_a, organiser_a):
    m = MovementFactory(name="Pending Pals", slug="pending-pals", lead=lead_a, status=Movement.Status.PENDING)
    add_organiser(m, organiser_a)
    return m


@pytest.fixture
def rejected_movement(lead_a, organiser_a):
    m = MovementFactory(
        name="Rejected Rovers",
        slug="rejected-rovers",
        lead=lead_a,
        status=Movement.Status.REJECTED,
        rejection_reason="Say more about what you want to change.",
    )
    add_organiser(m, organiser_a)
    return m


def organiser_row(movement, user):
    return Organiser.objects.get(movement=movement, user=user)

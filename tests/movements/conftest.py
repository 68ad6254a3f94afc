"""Personas for movements (DESIGN §6): visitor, unrelated user (`user`), the lead and an
organiser of movement A, the lead of movement B, and a moderator with two-factor set up."""

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

from movements.models import Movement, Organiser
from movements.taxonomy import taxonomy_sync
from tests.factories import UserFactory
from tests.signin import sign_in

from .factories import MovementFactory, add_organiser


@pytest.fixture(autouse=True)
def taxonomy(db):
    # The suite runs without migrations, so the seeded ways of impact and focus areas are written here.
    taxonomy_sync()


@pytest.fixture
def moderator(db):
    user = UserFactory(display_name="Morgan Moderator", email="moderator@example.org", is_moderator=True)
    TOTP.activate(user, generate_totp_secret())
    return user


@pytest.fixture
def lead(db):
    return UserFactory(display_name="Leah Lead", email="leah@example.org")


@pytest.fixture
def organiser(db):
    return UserFactory(display_name="Omar Organiser", email="omar@example.org")


@pytest.fixture
def other_lead(db):
    """Lead organiser of a different movement."""
    return UserFactory(display_name="Olive Other", email="olive@example.org")


@pytest.fixture
def movement(lead, organiser):
    m = MovementFactory(name="Breathe Together", slug="breathe-together", lead=lead)
    add_organiser(m, organiser)
    return m


@pytest.fixture
def other_movement(other_lead):
    return MovementFactory(name="Another Movement", slug="another-movement", lead=other_lead)


@pytest.fixture
def pending_movement(lead, organiser):
    m = MovementFactory(name="Pending Pals", slug="pending-pals", lead=lead, status=Movement.Status.PENDING)
    add_organiser(m, organiser)
    return m


@pytest.fixture
def rejected_movement(lead, organiser):
    m = MovementFactory(
        name="Rejected Rovers",
        slug="rejected-rovers",
        lead=lead,
        status=Movement.Status.REJECTED,
        rejection_reason="Say more about what you want to change.",
    )
    add_organiser(m, organiser)
    return m


PERSONAS = ["visitor", "user", "organiser", "lead", "other_lead", "moderator"]


@pytest.fixture
def as_persona(client, request):
    """as_persona(name): a client signed in as that persona (or nobody, for 'visitor')."""

    def as_(name):
        client.logout()
        if name != "visitor":
            sign_in(client, request.getfixturevalue(name))
        return client

    return as_


def organiser_row(movement, user):
    return Organiser.objects.get(movement=movement, user=user)

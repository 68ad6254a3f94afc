"""Every movements notification renders into a real email with the right words and link."""

import pytest
from django.core import mail

from movements import services
from movements.models import Organiser

from .conftest import organiser_row

pytestmark = pytest.mark.django_db


def _sent(capture, action):
    mail.outbox.clear()
    with capture(execute=True):
        action()
    return {(m.to[0], m.subject) for m in mail.outbox}, mail.outbox


def test_moderation_emails(django_capture_on_commit_callbacks, pending_movement, moderator, lead_a, user):
    cap = django_capture_on_commit_callbacks
    subjects, _ = _sent(
        cap,
        lambda: services.movement_reject(actor=moderator, movement=pending_movement, reason="Add your aims, please."),
    )
    assert any(to == lead_a.email and s.endswith("Pending Pals was not approved") for to, s in subjects)
    body = next(m for m in mail.outbox if m.to == [lead_a.email])
    assert "Add your aims, please." in body.body
    assert "Add your aims, please." in body.alternatives[0][0]
    assert "/movements/pending-pals/" in body.body

    subjects, _ = _sent(cap, lambda: services.movement_update(actor=lead_a, movement=pending_movement, resubmit=True))
    assert any(to == moderator.email and "Resubmitted movement waiting" in s for to, s in subjects)

    subjects, _ = _sent(cap, lambda: services.movement_approve(actor=moderator, movement=pending_movement))
    assert any(to == lead_a.email and "is now public" in s for to, s in subjects)


def test_organiser_emails(django_capture_on_commit_callbacks, movement_a, lead_a, organiser_a):
    cap = django_capture_on_commit_callbacks
    row = organiser_row(movement_a, organiser_a)
    subjects, _ = _sent(
        cap, lambda: services.organiser_role_change(actor=lead_a, organiser=row, role=Organiser.Role.LEAD)
    )
    assert any(to == organiser_a.email and "Your role in Breathe Together has changed" in s for to, s in subjects)
    subjects, _ = _sent(cap, lambda: services.organiser_leave(actor=lead_a, movement=movement_a))
    assert any(to == organiser_a.email and "left Breathe Together" in s for to, s in subjects)


def test_removal_and_acceptance_emails(django_capture_on_commit_callbacks, movement_a, lead_a, organiser_a, user):
    cap = django_capture_on_commit_callbacks
    subjects, _ = _sent(
        cap, lambda: services.organiser_remove(actor=lead_a, organiser=organiser_row(movement_a, organiser_a))
    )
    assert any(to == organiser_a.email and "no longer an organiser" in s for to, s in subjects)

    invitation, _token = services.invitation_create(actor=lead_a, movement=movement_a, email=user.email)
    subjects, _ = _sent(cap, lambda: services.invitation_accept(actor=user, invitation=invitation))
    assert any(to == lead_a.email and "joined Breathe Together" in s for to, s in subjects)

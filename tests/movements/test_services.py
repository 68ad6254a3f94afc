"""Movement services: creation, slugs, editing, moderation and organiser changes."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from core.contract import Conflict
from moderation.models import ModerationAction
from movements import services
from movements.models import FocusArea, Movement, MovementSlug, Organiser, WayOfImpact
from notifications.models import Notification
from tests.factories import UserFactory

from .conftest import organiser_row
from .factories import MovementFactory, add_organiser

pytestmark = pytest.mark.django_db


def _fields(**overrides):
    data = dict(
        name="Singing for Breath",
        summary="People with lung conditions singing together.",
        description="We meet on Tuesdays.",
        direction=Movement.Direction.PROMOTE,
        stage=Movement.Stage.EMERGENCE,
        size=Movement.Size.UP_TO_50,
        ways_of_impact=WayOfImpact.objects.filter(slug="healthy-lives"),
        focus_areas=FocusArea.objects.filter(slug="respiratory"),
        regions=["north-west", "online"],
    )
    data.update(overrides)
    return data


def test_create_makes_a_pending_movement_led_by_its_creator_and_tells_moderators(user, moderator):
    movement = services.movement_create(actor=user, **_fields())
    assert movement.status == Movement.Status.PENDING
    assert movement.slug == "singing-for-breath"
    assert organiser_row(movement, user).role == Organiser.Role.LEAD
    assert sorted(movement.region_rows.values_list("region", flat=True)) == ["north-west", "online"]
    assert list(movement.ways_of_impact.values_list("slug", flat=True)) == ["healthy-lives"]
    note = Notification.objects.get(kind="movements.submitted")
    assert note.recipient == moderator
    assert note.url == "/movements/singing-for-breath/"


def test_slugs_are_unique_and_avoid_reserved_words(user):
    first = services.movement_create(actor=user, **_fields())
    second = services.movement_create(actor=user, **_fields())
    assert (first.slug, second.slug) == ("singing-for-breath", "singing-for-breath-2")
    reserved = services.movement_create(actor=user, **_fields(name="New"))
    assert reserved.slug == "new-2"
    symbols = services.movement_create(actor=user, **_fields(name="!!! ???"))
    assert symbols.slug == "movement"


def test_rename_keeps_the_slug(movement, lead):
    services.movement_update(actor=lead, movement=movement, name="Breathe Together North")
    movement.refresh_from_db()
    assert movement.name == "Breathe Together North"
    assert movement.slug == "breathe-together"


def test_a_new_movement_never_takes_an_old_slug(movement, moderator, user):
    services.movement_slug_change(actor=moderator, movement=movement, slug="breathe-north")
    assert MovementSlug.objects.filter(slug="breathe-together", movement=movement).exists()
    newcomer = services.movement_create(actor=user, **_fields(name="Breathe Together"))
    assert newcomer.slug == "breathe-together-2"


def test_slug_change_is_for_moderators_and_refuses_taken_addresses(movement, other_movement, lead, moderator):
    with pytest.raises(PermissionDenied):
        services.movement_slug_change(actor=lead, movement=movement, slug="new-address")
    with pytest.raises(ValidationError, match="already in use"):
        services.movement_slug_change(actor=moderator, movement=movement, slug=other_movement.slug)
    services.movement_slug_change(actor=moderator, movement=movement, slug="new-address")
    # Taking back its own earlier address is fine.
    services.movement_slug_change(actor=moderator, movement=movement, slug="breathe-together")
    movement.refresh_from_db()
    assert movement.slug == "breathe-together"
    assert list(MovementSlug.objects.values_list("slug", flat=True)) == ["new-address"]


def test_only_organisers_edit(movement, user, other_lead, moderator):
    for outsider in (user, other_lead, moderator):
        with pytest.raises(PermissionDenied):
            services.movement_update(actor=outsider, movement=movement, name="Taken over")


def test_approve_records_the_decision_and_tells_organisers(pending_movement, moderator, lead, organiser):
    services.movement_approve(actor=moderator, movement=pending_movement, reason="Looks good")
    pending_movement.refresh_from_db()
    assert pending_movement.status == Movement.Status.APPROVED
    assert pending_movement.approved_at is not None
    action = ModerationAction.objects.get()
    assert (action.action, action.reason, action.moderator) == ("movement_approve", "Looks good", moderator)
    assert set(Notification.objects.filter(kind="movements.approved").values_list("recipient", flat=True)) == {
        lead.pk,
        organiser.pk,
    }
    with pytest.raises(Conflict, match="already approved"):
        services.movement_approve(actor=moderator, movement=pending_movement)


def test_reject_needs_a_reason_and_a_moderator(pending_movement, moderator, lead):
    with pytest.raises(ValidationError, match="reason"):
        services.movement_reject(actor=moderator, movement=pending_movement, reason="   ")
    with pytest.raises(PermissionDenied):
        services.movement_reject(actor=lead, movement=pending_movement, reason="No")
    services.movement_reject(actor=moderator, movement=pending_movement, reason="Tell us more")
    pending_movement.refresh_from_db()
    assert pending_movement.status == Movement.Status.REJECTED
    assert pending_movement.rejection_reason == "Tell us more"
    assert ModerationAction.objects.get().action == "movement_reject"
    note = Notification.objects.get(kind="movements.rejected", recipient=lead)
    assert note.context["reason"] == "Tell us more"


def test_resubmit_sends_a_rejected_movement_back_to_moderators(rejected_movement, organiser, moderator):
    services.movement_update(actor=organiser, movement=rejected_movement, summary="Clearer now.", resubmit=True)
    rejected_movement.refresh_from_db()
    assert rejected_movement.status == Movement.Status.PENDING
    assert rejected_movement.summary == "Clearer now."
    note = Notification.objects.get(kind="movements.submitted")
    assert note.recipient == moderator and note.context["resubmitted"] is True


def test_an_approved_movement_cannot_be_resubmitted(movement, lead):
    with pytest.raises(Conflict, match="is approved"):
        services.movement_resubmit(actor=lead, movement=movement)


# --- Organisers and last-lead protection ----------------------------------------


def test_the_last_lead_cannot_step_down_or_leave(movement, lead):
    with pytest.raises(ValidationError, match="at least one lead"):
        services.organiser_role_change(actor=lead, organiser=organiser_row(movement, lead), role="organiser")
    with pytest.raises(ValidationError, match="only lead organiser"):
        services.organiser_leave(actor=lead, movement=movement)
    assert organiser_row(movement, lead).role == Organiser.Role.LEAD


def test_handing_over_then_leaving(movement, lead, organiser):
    services.organiser_role_change(actor=lead, organiser=organiser_row(movement, organiser), role="lead")
    assert Notification.objects.get(kind="movements.role_changed").recipient == organiser
    services.organiser_leave(actor=lead, movement=movement)
    assert list(movement.organisers.values_list("user", "role")) == [(organiser.pk, "lead")]
    assert Notification.objects.get(kind="movements.organiser_left").recipient == organiser


def test_a_lead_may_step_down_when_another_lead_remains(movement, lead, organiser):
    services.organiser_role_change(actor=lead, organiser=organiser_row(movement, organiser), role="lead")
    services.organiser_role_change(actor=lead, organiser=organiser_row(movement, lead), role="organiser")
    assert organiser_row(movement, lead).role == "organiser"
    # Now an organiser, they can no longer change roles.
    with pytest.raises(PermissionDenied):
        services.organiser_role_change(actor=lead, organiser=organiser_row(movement, organiser), role="organiser")


def test_remove(movement, lead, organiser):
    with pytest.raises(PermissionDenied):
        services.organiser_remove(actor=organiser, organiser=organiser_row(movement, lead))
    with pytest.raises(ValidationError, match="Leave this movement"):
        services.organiser_remove(actor=lead, organiser=organiser_row(movement, lead))
    services.organiser_remove(actor=lead, organiser=organiser_row(movement, organiser))
    assert not movement.organisers.filter(user=organiser).exists()
    assert Notification.objects.get(kind="movements.removed").recipient == organiser


def test_an_organiser_may_leave(movement, organiser, lead):
    services.organiser_leave(actor=organiser, movement=movement)
    assert not movement.organisers.filter(user=organiser).exists()


def test_roles_are_per_movement(movement, other_movement, other_lead):
    """Leading one movement gives no say over another."""
    stranger_row = add_organiser(other_movement, UserFactory())
    with pytest.raises(PermissionDenied):
        services.organiser_remove(actor=other_lead, organiser=organiser_row(movement, movement.organisers.first().user))
    assert stranger_row.role == "organiser"


def test_unknown_role_is_refused(movement, lead, organiser):
    with pytest.raises(ValidationError):
        services.organiser_role_change(actor=lead, organiser=organiser_row(movement, organiser), role="owner")


def test_factory_movements_are_approved():
    assert MovementFactory().status == Movement.Status.APPROVED

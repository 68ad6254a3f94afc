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


def test_rename_keeps_the_slug(movement_a, lead_a):
    services.movement_update(actor=lead_a, movement=movement_a, name="Breathe Together North")
    movement_a.refresh_from_db()
    assert movement_a.name == "Breathe Together North"
    assert movement_a.slug == "breathe-together"


def test_a_new_movement_never_takes_an_old_slug(movement_a, moderator, user):
    services.movement_slug_change(actor=moderator, movement=movement_a, slug="breathe-north")
    assert MovementSlug.objects.filter(slug="breathe-together", movement=movement_a).exists()
    newcomer = services.movement_create(actor=user, **_fields(name="Breathe Together"))
    assert newcomer.slug == "breathe-together-2"


def test_slug_change_is_for_moderators_and_refuses_taken_addresses(movement_a, movement_b, lead_a, moderator):
    with pytest.raises(PermissionDenied):
        services.movement_slug_change(actor=lead_a, movement=movement_a, slug="new-address")
    with pytest.raises(ValidationError, match="already in use"):
        services.movement_slug_change(actor=moderator, movement=movement_a, slug=movement_b.slug)
    services.movement_slug_change(actor=moderator, movement=movement_a, slug="new-address")
    # Taking back its own earlier address is fine.
    services.movement_slug_change(actor=moderator, movement=movement_a, slug="breathe-together")
    movement_a.refresh_from_db()
    assert movement_a.slug == "breathe-together"
    assert list(MovementSlug.objects.values_list("slug", flat=True)) == ["new-address"]


def test_only_organisers_edit(movement_a, user, lead_b, moderator):
    for outsider in (user, lead_b, moderator):
        with pytest.raises(PermissionDenied):
            services.movement_update(actor=outsider, movement=movement_a, name="Taken over")


def test_approve_records_the_decision_and_tells_organisers(pending_movement, moderator, lead_a, organiser_a):
    services.movement_approve(actor=moderator, movement=pending_movement, reason="Looks good")
    pending_movement.refresh_from_db()
    assert pending_movement.status == Movement.Status.APPROVED
    assert pending_movement.approved_at is not None
    action = ModerationAction.objects.get()
    assert (action.action, action.reason, action.moderator) == ("movement_approve", "Looks good", moderator)
    assert set(Notification.objects.filter(kind="movements.approved").values_list("recipient", flat=True)) == {
        lead_a.pk,
        organiser_a.pk,
    }
    with pytest.raises(Conflict, match="already approved"):
        services.movement_approve(actor=moderator, movement=pending_movement)


def test_reject_needs_a_reason_and_a_moderator(pending_movement, moderator, lead_a):
    with pytest.raises(ValidationError, match="reason"):
        services.movement_reject(actor=moderator, movement=pending_movement, reason="   ")
    with pytest.raises(PermissionDenied):
        services.movement_reject(actor=lead_a, movement=pending_movement, reason="No")
    services.movement_reject(actor=moderator, movement=pending_movement, reason="Tell us more")
    pending_movement.refresh_from_db()
    assert pending_movement.status == Movement.Status.REJECTED
    assert pending_movement.rejection_reason == "Tell us more"
    assert ModerationAction.objects.get().action == "movement_reject"
    note = Notification.objects.get(kind="movements.rejected", recipient=lead_a)
    assert note.context["reason"] == "Tell us more"


def test_resubmit_sends_a_rejected_movement_back_to_moderators(rejected_movement, organiser_a, moderator):
    services.movement_update(actor=organiser_a, movement=rejected_movement, summary="Clearer now.", resubmit=True)
    rejected_movement.refresh_from_db()
    assert rejected_movement.status == Movement.Status.PENDING
    assert rejected_movement.summary == "Clearer now."
    note = Notification.objects.get(kind="movements.submitted")
    assert note.recipient == moderator and note.context["resubmitted"] is True


def test_an_approved_movement_cannot_be_resubmitted(movement_a, lead_a):
    with pytest.raises(Conflict, match="is approved"):
        services.movement_resubmit(actor=lead_a, movement=movement_a)


# --- Organisers and last-lead protection ----------------------------------------


def test_the_last_lead_cannot_step_down_or_leave(movement_a, lead_a):
    with pytest.raises(ValidationError, match="at least one lead"):
        services.organiser_role_change(actor=lead_a, organiser=organiser_row(movement_a, lead_a), role="organiser")
    with pytest.raises(ValidationError, match="only lead organiser"):
        services.organiser_leave(actor=lead_a, movement=movement_a)
    assert organiser_row(movement_a, lead_a).role == Organiser.Role.LEAD


def test_handing_over_then_leaving(movement_a, lead_a, organiser_a):
    services.organiser_role_change(actor=lead_a, organiser=organiser_row(movement_a, organiser_a), role="lead")
    assert Notification.objects.get(kind="movements.role_changed").recipient == organiser_a
    services.organiser_leave(actor=lead_a, movement=movement_a)
    assert list(movement_a.organisers.values_list("user", "role")) == [(organiser_a.pk, "lead")]
    assert Notification.objects.get(kind="movements.organiser_left").recipient == organiser_a


def test_a_lead_may_step_down_when_another_lead_remains(movement_a, lead_a, organiser_a):
    services.organiser_role_change(actor=lead_a, organiser=organiser_row(movement_a, organiser_a), role="lead")
    services.organiser_role_change(actor=lead_a, organiser=organiser_row(movement_a, lead_a), role="organiser")
    assert organiser_row(movement_a, lead_a).role == "organiser"
    # Now an organiser, they can no longer change roles.
    with pytest.raises(PermissionDenied):
        services.organiser_role_change(actor=lead_a, organiser=organiser_row(movement_a, organiser_a), role="organiser")


def test_remove(movement_a, lead_a, organiser_a):
    with pytest.raises(PermissionDenied):
        services.organiser_remove(actor=organiser_a, organiser=organiser_row(movement_a, lead_a))
    with pytest.raises(ValidationError, match="Leave this movement"):
        services.organiser_remove(actor=lead_a, organiser=organiser_row(movement_a, lead_a))
    services.organiser_remove(actor=lead_a, organiser=organiser_row(movement_a, organiser_a))
    assert not movement_a.organisers.filter(user=organiser_a).exists()
    assert Notification.objects.get(kind="movements.removed").recipient == organiser_a


def test_an_organiser_may_leave(movement_a, organiser_a, lead_a):
    services.organiser_leave(actor=organiser_a, movement=movement_a)
    assert not movement_a.organisers.filter(user=organiser_a).exists()


def test_roles_are_per_movement(movement_a, movement_b, lead_b):
    """Leading one movement gives no say over another."""
    stranger_row = add_organiser(movement_b, UserFactory())
    with pytest.raises(PermissionDenied):
        services.organiser_remove(actor=lead_b, organiser=organiser_row(movement_a, movement_a.organisers.first().user))
    assert stranger_row.role == "organiser"


def test_unknown_role_is_refused(movement_a, lead_a, organiser_a):
    with pytest.raises(ValidationError):
        services.organiser_role_change(actor=lead_a, organiser=organiser_row(movement_a, organiser_a), role="owner")


def test_factory_movements_are_approved():
    assert MovementFactory().status == Movement.Status.APPROVED

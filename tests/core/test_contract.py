"""The write contract: require(), Conflict and the one state-change helper."""

import threading

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import connection, transaction

from core.contract import Conflict, require, state_label, transition
from movements.models import Movement
from tests.movements.factories import MovementFactory

PENDING, APPROVED, REJECTED = Movement.Status.PENDING, Movement.Status.APPROVED, Movement.Status.REJECTED


@pytest.mark.django_db
def test_require_refuses_with_the_message_given(user, moderator):
    movement = MovementFactory(status=PENDING)
    require(moderator, "movements.moderate_movement", movement)
    with pytest.raises(PermissionDenied, match="Only moderators"):
        require(user, "movements.moderate_movement", movement, message="Only moderators can do this.")
    with pytest.raises(PermissionDenied):
        require(None, "movements.moderate_movement", movement)


@pytest.mark.django_db
def test_transition_moves_the_row_and_writes_the_updates_in_the_same_update():
    movement = MovementFactory(status=PENDING, rejection_reason="old")
    before = Movement.objects.get(pk=movement.pk).updated_at
    result = transition(movement, to=APPROVED, allowed_from=[PENDING], updates={"rejection_reason": ""})
    assert result is movement and movement.status == APPROVED and movement.rejection_reason == ""
    row = Movement.objects.get(pk=movement.pk)
    assert (row.status, row.rejection_reason) == (APPROVED, "")
    assert row.updated_at > before


@pytest.mark.django_db
def test_transition_from_a_state_not_allowed_is_a_conflict_naming_the_state_found():
    movement = MovementFactory(status=PENDING)
    stale = Movement.objects.get(pk=movement.pk)
    transition(movement, to=REJECTED, allowed_from=[PENDING])
    with pytest.raises(Conflict) as caught:
        transition(stale, to=APPROVED, allowed_from=[PENDING])
    assert caught.value.current == REJECTED
    assert "it is now not approved" in caught.value.message  # the state's label, not its code
    # The loser's copy now shows what really happened; the row is unchanged.
    assert stale.status == REJECTED
    assert Movement.objects.get(pk=movement.pk).status == REJECTED


@pytest.mark.django_db
def test_conflict_message_can_be_worded_by_the_service():
    movement = MovementFactory(status=APPROVED)
    with pytest.raises(Conflict, match="no longer waiting for approval: it is approved"):
        transition(
            movement,
            to=REJECTED,
            allowed_from=[PENDING],
            conflict_message=lambda state: f"It is no longer waiting for approval: it is {state}.",
        )


@pytest.mark.django_db
def test_transition_of_a_deleted_row_is_a_conflict():
    movement = MovementFactory(status=PENDING)
    Movement.objects.filter(pk=movement.pk).delete()
    with pytest.raises(Conflict, match="deleted"):
        transition(movement, to=APPROVED, allowed_from=[PENDING])


@pytest.mark.skipif(not settings.IS_POSTGRES, reason="needs concurrent transactions (PostgreSQL; CI runs it)")
@pytest.mark.django_db(transaction=True)
def test_two_concurrent_transitions_one_wins_the_other_is_told():
    movement = MovementFactory(status=PENDING)
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def decide(to):
        try:
            copy = Movement.objects.get(pk=movement.pk)
            barrier.wait()
            with transaction.atomic():
                transition(copy, to=to, allowed_from=[PENDING])
            outcomes.append("won")
        except Conflict as conflict:
            outcomes.append(conflict.message)
        finally:
            connection.close()

    threads = [threading.Thread(target=decide, args=(to,)) for to in (APPROVED, REJECTED)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes)[-1] == "won" and outcomes.count("won") == 1, outcomes
    final = Movement.objects.get(pk=movement.pk).status
    loser = next(o for o in outcomes if o != "won")
    assert final in (APPROVED, REJECTED) and f"it is now {state_label(Movement, 'status', final)}" in loser

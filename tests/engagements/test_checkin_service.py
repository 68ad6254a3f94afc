"""checkin_record: who may, what it refuses, what it writes, and the current status moving only forward in time."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from engagements import services
from engagements.models import (
    Agreement,
    CheckIn,
    Commitment,
    CommitmentProgress,
    CommitmentUpdate,
    TimelineEvent,
)
from notifications.models import Notification
from tests.engagements.conftest import MONDAY, fresh

pytestmark = pytest.mark.django_db

NOW = MONDAY + datetime.timedelta(days=30)  # 1 April 2026
TODAY = NOW.date()


def commitments(engagement):
    agreement = Agreement.objects.get(engagement=engagement)
    return list(Commitment.objects.filter(version_id=agreement.in_force_id).order_by("position"))


def statuses(engagement, *values):
    return {str(c.uuid): value for c, value in zip(commitments(engagement), values, strict=True)}


def record(actor, engagement, *values, held_on=TODAY, note="Room booked; two peers came.", **extra):
    return services.checkin_record(
        actor=actor,
        engagement=fresh(engagement),
        held_on=held_on,
        note=note,
        statuses=statuses(engagement, *values),
        now=NOW,
        **extra,
    )


def progress(engagement):
    agreement = Agreement.objects.get(engagement=engagement)
    by_key = {p.key: p for p in CommitmentProgress.objects.filter(agreement=agreement)}
    return [(by_key[c.key].status, by_key[c.key].as_of) for c in commitments(engagement)]


def test_a_check_in_writes_the_note_an_update_per_commitment_and_the_current_statuses(active, organiser_a):
    room, peers = commitments(active)
    checkin = record(organiser_a, active, "done", "at_risk", comments={str(peers.uuid): "One peer is ill."})
    assert (checkin.held_on, checkin.side, checkin.author, checkin.note) == (
        TODAY,
        "movement",
        organiser_a,
        "Room booked; two peers came.",
    )
    updates = {u.commitment_id: u for u in CommitmentUpdate.objects.filter(checkin=checkin)}
    assert (updates[room.pk].status, updates[room.pk].key, updates[room.pk].comment) == ("done", room.key, "")
    assert (updates[peers.pk].status, updates[peers.pk].comment) == ("at_risk", "One peer is ill.")
    assert progress(active) == [("done", TODAY), ("at_risk", TODAY)]
    event = TimelineEvent.objects.get(engagement=active, kind="checked_in")
    assert (event.actor, event.side) == (organiser_a, "movement")
    assert "1 April 2026" in event.text and "1 done" in event.text and "1 at risk" in event.text


def test_the_other_side_is_told_and_the_recorder_is_not(active, organiser_a, lead_a, reviewer_x, admin_x):
    record(organiser_a, active, "on_track", "on_track")
    rows = Notification.objects.filter(kind="engagements.checkin_recorded")
    told = set(rows.values_list("recipient__email", flat=True))
    assert reviewer_x.email in told and admin_x.email in told
    assert organiser_a.email not in told and lead_a.email not in told


def test_an_institution_member_records_for_the_institution_and_the_movement_is_told(active, member_x, lead_a):
    checkin = record(member_x, active, "on_track", "done")
    assert checkin.side == "institution"
    assert Notification.objects.filter(kind="engagements.checkin_recorded", recipient=lead_a).exists()


def test_a_late_entered_older_check_in_joins_the_history_without_overwriting_the_newer_status(active, organiser_a):
    record(organiser_a, active, "done", "at_risk", held_on=datetime.date(2026, 3, 20))
    record(organiser_a, active, "at_risk", "on_track", held_on=datetime.date(2026, 3, 10), note="Written up late.")
    assert progress(active) == [("done", datetime.date(2026, 3, 20)), ("at_risk", datetime.date(2026, 3, 20))]
    assert CheckIn.objects.filter(engagement=active).count() == 2
    assert CommitmentUpdate.objects.filter(checkin__note="Written up late.").count() == 2


def test_a_check_in_on_the_same_day_as_the_last_one_updates_the_status(active, organiser_a):
    record(organiser_a, active, "on_track", "on_track", held_on=datetime.date(2026, 3, 20))
    record(organiser_a, active, "missed", "dropped", held_on=datetime.date(2026, 3, 20))
    assert [status for status, _ in progress(active)] == ["missed", "dropped"]


def test_the_conditional_update_never_moves_a_status_back_in_time(active, organiser_a):
    """The rule is in the UPDATE itself: a progress row already newer than the check-in is left alone."""
    agreement = Agreement.objects.get(engagement=active)
    CommitmentProgress.objects.filter(agreement=agreement).update(status="done", as_of=datetime.date(2026, 3, 25))
    record(organiser_a, active, "missed", "missed", held_on=datetime.date(2026, 3, 24))
    assert progress(active) == [("done", datetime.date(2026, 3, 25))] * 2


def test_every_commitment_needs_a_status_and_the_message_names_the_missing_ones(active, organiser_a):
    room, _peers = commitments(active)
    with pytest.raises(ValidationError) as refused:
        services.checkin_record(
            actor=organiser_a,
            engagement=fresh(active),
            held_on=TODAY,
            note="Half a check-in.",
            statuses={str(room.uuid): "done"},
            now=NOW,
        )
    message = refused.value.message_dict["statuses"][0]
    assert "Bring two peer supporters." in message and "Book the room" not in message
    assert not CheckIn.objects.exists()


def test_a_status_that_is_not_one_of_the_five_counts_as_missing(active, organiser_a):
    with pytest.raises(ValidationError) as refused:
        record(organiser_a, active, "done", "brilliant")
    assert "Choose a status for every commitment" in refused.value.message_dict["statuses"][0]


def test_a_commitment_not_in_the_version_in_force_is_refused(active, organiser_a):
    given = {**statuses(active, "done", "done"), "3f1d3c1e-0000-4000-8000-000000000000": "done", "not-a-uuid": "done"}
    with pytest.raises(ValidationError) as refused:
        services.checkin_record(
            actor=organiser_a, engagement=fresh(active), held_on=TODAY, note="x", statuses=given, now=NOW
        )
    assert "not in the agreement in force" in refused.value.message_dict["statuses"][0]
    assert not CheckIn.objects.exists()


@pytest.mark.parametrize(
    ("held_on", "message"),
    [
        (TODAY + datetime.timedelta(days=1), "must be today or in the past"),
        (datetime.date(2026, 3, 1), "on or after 2 March 2026, when the agreement came into force"),
        (None, "Enter the date of the check-in"),
    ],
)
def test_the_date_is_not_in_the_future_nor_before_the_agreement(active, organiser_a, held_on, message):
    with pytest.raises(ValidationError) as refused:
        record(organiser_a, active, "done", "done", held_on=held_on)
    assert message in refused.value.message_dict["held_on"][0]


def test_the_day_the_agreement_came_into_force_and_today_are_both_allowed(active, organiser_a):
    record(organiser_a, active, "on_track", "on_track", held_on=MONDAY.date())
    record(organiser_a, active, "on_track", "on_track", held_on=TODAY)
    assert CheckIn.objects.count() == 2


@pytest.mark.parametrize(
    ("note", "message"),
    [
        ("   ", "Write what happened since the last check-in."),
        ("n" * 4001, "Note must be 4,000 characters or fewer (it has 4,001)."),
    ],
)
def test_the_note_is_required_and_limited(active, organiser_a, note, message):
    with pytest.raises(ValidationError) as refused:
        record(organiser_a, active, "done", "done", note=note)
    assert refused.value.message_dict["note"] == [message]


def test_a_note_of_exactly_the_limit_is_kept(active, organiser_a):
    assert len(record(organiser_a, active, "done", "done", note="n" * 4000).note) == 4000


def test_a_comment_over_its_limit_is_refused_beside_its_commitment(active, organiser_a):
    room, _ = commitments(active)
    with pytest.raises(ValidationError) as refused:
        record(organiser_a, active, "done", "done", comments={str(room.uuid): "c" * 501})
    message = "Comment must be 500 characters or fewer (it has 501)."
    assert refused.value.message_dict[f"comment_{room.uuid}"] == [message]


def test_every_problem_is_reported_at_once(active, organiser_a):
    with pytest.raises(ValidationError) as refused:
        services.checkin_record(
            actor=organiser_a, engagement=fresh(active), held_on=None, note="", statuses={}, now=NOW
        )
    assert set(refused.value.message_dict) == {"note", "held_on", "statuses"}


@pytest.mark.parametrize("who", ["user", "lead_b", "member_y", "pending_member_x", "moderator", "superuser"])
def test_only_the_parties_record(active, personas, who):
    with pytest.raises(PermissionDenied):
        record(personas[who], active, "done", "done")
    assert not CheckIn.objects.exists()


def test_nobody_checks_in_before_the_agreement_is_in_force(accepted, organiser_a):
    with pytest.raises(PermissionDenied):
        services.checkin_record(
            actor=organiser_a, engagement=fresh(accepted), held_on=TODAY, note="Too soon.", statuses={}, now=NOW
        )

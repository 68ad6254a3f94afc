"""The check-in pages: who sees and records, the form (date input, statuses, comments), its errors, the history."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from engagements import services
from engagements.models import Agreement, CheckIn, Commitment, CommitmentProgress
from tests.engagements.conftest import fresh
from tests.matrix import LOGIN, SET_UP_TWO_FACTOR, assert_matrix, refusals_then

pytestmark = pytest.mark.django_db

PARTIES = ("lead_a", "organiser_a", "member_x", "reviewer_x", "signatory_x", "admin_x")
STAFF = ("moderator", "superuser")
SEE = {"visitor": LOGIN, "moderator_without_two_factor": SET_UP_TWO_FACTOR, PARTIES: 200, STAFF: 200}
RECORD = {**SEE, STAFF: 403}


def url(name, engagement, **kwargs):
    return reverse(f"engagements:{name}", kwargs={"engagement_uuid": engagement.uuid, **kwargs})


def commitments(engagement):
    agreement = Agreement.objects.get(engagement=engagement)
    return list(Commitment.objects.filter(version_id=agreement.in_force_id).order_by("position"))


def form_data(engagement, *values, day=None, note="The room was booked.", comments=()):
    today = timezone.localdate()
    data = {
        "held_on_day": str(today.day) if day is None else day,
        "held_on_month": str(today.month),
        "held_on_year": str(today.year),
        "note": note,
    }
    for index, (commitment, value) in enumerate(zip(commitments(engagement), values, strict=True)):
        data[f"status_{commitment.uuid}"] = value
        data[f"comment_{commitment.uuid}"] = comments[index] if index < len(comments) else ""
    return data


def checked(body, commitment, value):
    """Whether the radio for `value` of this commitment's status is the one chosen."""
    pattern = rf'<input type="radio" name="status_{commitment.uuid}" value="{value}"[^>]* checked'
    return re.search(pattern, body) is not None


def test_who_sees_the_check_in_history(as_persona, active):
    assert_matrix(as_persona, url("checkins", active), SEE, others=404)


def test_who_gets_the_check_in_form(as_persona, active):
    assert_matrix(as_persona, url("checkin_new", active), RECORD, others=404)


def test_who_sees_a_commitment(as_persona, active):
    key = commitments(active)[0].key
    assert_matrix(as_persona, url("commitment", active, key=key), SEE, others=404)


def test_a_refused_check_in_records_nothing(as_persona, active):
    only = refusals_then("lead_a", PARTIES)[:-1]
    expected = {**RECORD, PARTIES: 302}
    data = form_data(active, "done", "done")
    assert_matrix(as_persona, url("checkin_new", active), expected, others=404, method="post", data=data, only=only)
    assert not CheckIn.objects.exists()


def test_before_acceptance_there_is_nothing_to_see(as_persona, in_review):
    for name in ("checkins", "checkin_new"):
        assert as_persona("organiser_a").get(url(name, in_review)).status_code == 404


def test_while_the_agreement_is_drafted_the_history_is_empty_and_nobody_records(as_persona, accepted):
    client = as_persona("organiser_a")
    assert "No check-ins yet" in client.get(url("checkins", accepted)).content.decode()
    assert client.get(url("checkin_new", accepted)).status_code == 403


def test_an_unknown_commitment_is_not_found(as_persona, active):
    assert as_persona("lead_a").get(url("commitment", active, key=active.uuid)).status_code == 404


def test_the_form_offers_each_commitment_with_its_current_status_chosen(as_persona, active):
    room, peers = commitments(active)
    CommitmentProgress.objects.filter(key=peers.key).update(status="at_risk")
    body = as_persona("organiser_a").get(url("checkin_new", active)).content.decode()
    assert "Book the room every month." in body and "Bring two peer supporters." in body
    assert checked(body, room, "on_track") and not checked(body, room, "at_risk")
    assert checked(body, peers, "at_risk") and not checked(body, peers, "on_track")
    assert 'class="nhsuk-date-input"' in body and 'inputmode="numeric"' in body
    assert f'value="{timezone.localdate().year}"' in body  # today, ready to change


def test_recording_a_check_in_goes_back_to_the_engagement_with_the_statuses_shown(as_persona, active):
    room, peers = commitments(active)
    client = as_persona("organiser_a")
    data = form_data(active, "done", "at_risk", comments=("", "One peer is ill."))
    response = client.post(url("checkin_new", active), data)
    assert response.status_code == 302 and response["Location"] == active.get_absolute_url() + "#accountability"
    checkin = CheckIn.objects.get()
    assert checkin.note == "The room was booked." and checkin.held_on == timezone.localdate()
    assert {u.key: (u.status, u.comment) for u in checkin.updates.all()} == {
        room.key: ("done", ""),
        peers.key: ("at_risk", "One peer is ill."),
    }
    history = client.get(url("checkins", active)).content.decode()
    assert "The room was booked." in history and "One peer is ill." in history and "Omar Organiser" in history
    page = client.get(url("commitment", active, key=peers.key)).content.decode()
    assert "At risk" in page and "One peer is ill." in page


@pytest.mark.parametrize(
    ("day", "month", "year", "message"),
    [
        ("", "", "", "Enter the date of the check-in"),
        ("12", "", "2026", "Date of the check-in must include a month"),
        ("", "", "2026", "Date of the check-in must include a day and a month"),
        ("31", "2", "2026", "Date of the check-in must be a real date"),
        ("x", "3", "2026", "Date of the check-in must be a real date"),
        ("1", "1", "2999", "The date of the check-in must be today or in the past."),
        ("1", "1", "2026", "on or after 2 March 2026, when the agreement came into force"),
    ],
)
def test_a_wrong_date_is_refused_beside_the_date_and_all_typed_stays(as_persona, active, day, month, year, message):
    room, peers = commitments(active)
    data = form_data(active, "missed", "dropped", comments=("Typed comment", ""), note="Typed note")
    data.update(held_on_day=day, held_on_month=month, held_on_year=year)
    response = as_persona("organiser_a").post(url("checkin_new", active), data)
    assert response.status_code == 400
    body = response.content.decode()
    assert body.count(message) == 2, "in the error summary and beside the date, once each"
    assert 'href="#id_held_on_day"' in body and 'id="held-on-error"' in body
    assert body.count("nhsuk-input--error") == 3, "every box of the date is marked"
    assert "Typed note" in body and 'value="Typed comment"' in body
    assert checked(body, room, "missed")
    assert checked(body, peers, "dropped")
    if day:
        assert f'name="held_on_day" value="{day}"' in body
    assert not CheckIn.objects.exists()


def test_a_missing_status_and_note_are_said_beside_them(as_persona, active):
    room, peers = commitments(active)
    data = form_data(active, "done", "done", note="")
    del data[f"status_{peers.uuid}"]
    response = as_persona("organiser_a").post(url("checkin_new", active), data)
    assert response.status_code == 400
    body = response.content.decode()
    assert "Write what happened since the last check-in" in body
    assert body.count("Choose a status for “Bring two peer supporters.”") == 2  # the summary, beside it
    assert checked(body, room, "done")


def test_a_comment_over_its_limit_is_refused_and_kept(as_persona, active):
    typed = "c" * 501
    data = form_data(active, "done", "done", comments=(typed,))
    response = as_persona("organiser_a").post(url("checkin_new", active), data)
    assert response.status_code == 400
    body = response.content.decode()
    assert body.count("Comment must be 500 characters or fewer (it has 501)") >= 2 and typed in body


def test_the_history_is_paginated_newest_first(as_persona, active, organiser_a):
    statuses = {str(c.uuid): "on_track" for c in commitments(active)}
    start = datetime.date(2026, 3, 3)
    for n in range(12):
        services.checkin_record(
            actor=organiser_a,
            engagement=fresh(active),
            held_on=start + datetime.timedelta(days=n),
            note=f"Check-in number {n}",
            statuses=statuses,
        )
    client = as_persona("reviewer_x")
    first = client.get(url("checkins", active)).content.decode()
    assert first.index("Check-in number 11") < first.index("Check-in number 2")
    assert "Check-in number 1<" not in first and "nhsuk-pagination" in first
    second = client.get(url("checkins", active) + "?page=2").content.decode()
    assert "Check-in number 1<" in second and "Check-in number 0<" in second
    assert client.get(url("checkins", active) + "?page=99").status_code == 200


def test_staff_see_the_history_but_are_not_offered_recording(as_persona, active):
    body = as_persona("moderator").get(url("checkins", active)).content.decode()
    assert url("checkin_new", active) not in body
    assert url("checkin_new", active) in as_persona("member_x").get(url("checkins", active)).content.decode()

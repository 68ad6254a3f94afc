"""What the accountability selectors say: current statuses, overdue, the roll-up per side, history across versions."""

import datetime
import re

import pytest
from django.utils import timezone

from engagements import selectors_accountability as accountability
from engagements import services
from engagements.models import Agreement, AgreementVersion, Commitment, CommitmentProgress
from tests.engagements.conftest import MONDAY, fresh

pytestmark = pytest.mark.django_db


def agreement(engagement):
    return Agreement.objects.select_related("in_force").get(engagement=engagement)


def in_force(engagement):
    return list(Commitment.objects.filter(version_id=agreement(engagement).in_force_id).order_by("position"))


def check_in(actor, engagement, held_on, *values, note="Check-in."):
    services.checkin_record(
        actor=actor,
        engagement=fresh(engagement),
        held_on=held_on,
        note=note,
        statuses={str(c.uuid): v for c, v in zip(in_force(engagement), values, strict=True)},
        now=timezone.make_aware(datetime.datetime(2026, 7, 1, 12)),
    )


def amend(engagement, *, keep_wording):
    """A second version in force (rows as signing would leave them): the room commitment kept
    under its key with new words, the peers one dropped, a new institution commitment added."""
    row = agreement(engagement)
    room = in_force(engagement)[0]
    version = AgreementVersion.objects.create(agreement=row, number=2)
    Commitment.objects.create(version=version, key=room.key, position=1, party="institution", what=keep_wording)
    Commitment.objects.create(
        version=version, position=2, party="institution", what="Pay for travel.", due_date=datetime.date(2026, 6, 1)
    )
    # Signed last: a signed version's commitments never change (engagements/immutable.py).
    AgreementVersion.objects.filter(pk=version.pk).update(signed_at=MONDAY + datetime.timedelta(days=60))
    Agreement.objects.filter(pk=row.pk).update(in_force=version)
    return version


def states_of(engagement, today):
    return accountability.commitment_states(agreement(engagement), today=today)


def test_before_any_check_in_every_commitment_is_on_track(active):
    states = states_of(active, datetime.date(2026, 3, 10))
    assert [(s.commitment.what, s.status, s.as_of, s.overdue) for s in states] == [
        ("Book the room every month.", "on_track", None, False),
        ("Bring two peer supporters.", "on_track", None, False),
    ]


@pytest.mark.parametrize(
    ("status", "today", "overdue"),
    [
        ("on_track", datetime.date(2026, 4, 2), True),  # due 1 April, still open
        ("at_risk", datetime.date(2026, 4, 2), True),
        ("on_track", datetime.date(2026, 4, 1), False),  # due today is not late yet
        ("done", datetime.date(2026, 4, 2), False),
        ("missed", datetime.date(2026, 4, 2), False),  # answered: missed, not overdue
        ("dropped", datetime.date(2026, 4, 2), False),
    ],
)
def test_overdue_means_past_its_date_and_still_open(active, status, today, overdue):
    room = in_force(active)[0]
    CommitmentProgress.objects.filter(key=room.key).update(status=status)
    assert states_of(active, today)[0].overdue is overdue


def test_the_review_date_counts_when_there_is_no_due_date(active):
    assert states_of(active, datetime.date(2026, 6, 2))[1].overdue is True
    assert states_of(active, datetime.date(2026, 6, 1))[1].overdue is False


def test_the_roll_up_counts_each_side_separately(active, organiser_a):
    check_in(organiser_a, active, datetime.date(2026, 3, 20), "done", "at_risk")
    rollup = accountability.rollup(states_of(active, datetime.date(2026, 6, 10)))
    assert [(r.side, r.total) for r in rollup] == [("movement", 1), ("institution", 1)]
    movement, institution = rollup
    assert institution.counts == {"done": 1, "on_track": 0, "at_risk": 0, "missed": 0, "dropped": 0, "overdue": 0}
    assert movement.counts == {"done": 0, "on_track": 0, "at_risk": 1, "missed": 0, "dropped": 0, "overdue": 1}


def test_the_block_says_draft_before_anything_is_in_force(accepted):
    block = accountability.accountability_block(engagement=fresh(accepted))
    assert block["agreement"] is not None and "version" not in block and block["draft_number"] == 1


def test_the_block_before_acceptance_is_empty(in_review):
    assert accountability.accountability_block(engagement=fresh(in_review)) == {"agreement": None}


def test_the_latest_check_in_is_the_newest_date_not_the_newest_entry(active, organiser_a, reviewer_x):
    check_in(organiser_a, active, datetime.date(2026, 3, 20), "done", "done", note="The newer one.")
    check_in(reviewer_x, active, datetime.date(2026, 3, 10), "on_track", "on_track", note="Entered late.")
    block = accountability.accountability_block(engagement=fresh(active), today=datetime.date(2026, 3, 21))
    assert block["latest_checkin"].note == "The newer one."
    assert block["version"].number == 1


def test_a_commitment_kept_by_an_amendment_keeps_its_status_and_its_history_spans_versions(active, organiser_a):
    check_in(organiser_a, active, datetime.date(2026, 3, 20), "at_risk", "done", note="Under version 1.")
    room_key = in_force(active)[0].key
    amend(active, keep_wording="Book the room every fortnight.")
    states = states_of(active, datetime.date(2026, 5, 1))
    assert [(s.commitment.what, s.status) for s in states] == [
        ("Book the room every fortnight.", "at_risk"),  # carried over by key
        ("Pay for travel.", "on_track"),  # new: no progress row yet, on track
    ]
    check_in(organiser_a, active, datetime.date(2026, 5, 5), "done", "at_risk", note="Under version 2.")
    history = accountability.commitment_history(agreement=agreement(active), key=room_key)
    assert [(u.checkin.note, u.status, u.commitment.version.number) for u in history] == [
        ("Under version 2.", "done", 2),
        ("Under version 1.", "at_risk", 1),
    ]
    travel = in_force(active)[1]
    assert CommitmentProgress.objects.get(key=travel.key).status == "at_risk"  # the check-in started its row
    current = accountability.commitment_by_key(agreement(active), room_key)
    assert current.what == "Book the room every fortnight." and current.version.number == 2


def test_a_dropped_commitment_shows_its_last_signed_wording(active):
    peers_key = in_force(active)[1].key
    amend(active, keep_wording="Book the room.")
    commitment = accountability.commitment_by_key(agreement(active), peers_key)
    assert commitment.what == "Bring two peer supporters." and commitment.version.number == 1
    assert [s.commitment.key for s in states_of(active, datetime.date(2026, 5, 1))].count(peers_key) == 0


def test_the_commitment_page_warns_when_the_commitment_left_the_agreement(as_persona, active):
    from django.urls import reverse

    peers_key = in_force(active)[1].key
    amend(active, keep_wording="Book the room.")
    url = reverse("engagements:commitment", kwargs={"engagement_uuid": active.uuid, "key": peers_key})
    body = as_persona("lead_a").get(url).content.decode()
    assert "Not in the agreement in force" in body and "Bring two peer supporters." in body


def test_the_detail_page_shows_the_roll_up_each_commitment_and_the_latest_check_in(as_persona, active, organiser_a):
    check_in(organiser_a, active, datetime.date(2026, 3, 20), "done", "at_risk", note="Two peers came.")
    body = as_persona("reviewer_x").get(active.get_absolute_url()).content.decode()
    accountability_html = body[body.index('id="accountability"') :]
    assert "Version 1, since" in accountability_html and "2 March 2026" in accountability_html
    assert 'nhsuk-tag--green">Done</strong>' in accountability_html
    rows = dict(re.findall(r'<tr class="nhsuk-table__row" data-status="(\w+)">(.*?)</tr>', accountability_html, re.S))
    counts = {key: re.findall(r"numeric\">(\d+)</td>", row) for key, row in rows.items()}
    # Columns: the movement, then the institution.
    assert counts == {
        "done": ["0", "1"],
        "on_track": ["0", "0"],
        "at_risk": ["1", "0"],
        "missed": ["0", "0"],
        "dropped": ["0", "0"],
        "overdue": ["1", "0"],  # the peers' review date, 1 June 2026, has passed and it is at risk
    }
    assert 'nhsuk-tag--orange">At risk</strong>' in accountability_html
    assert "Two peers came." in accountability_html and "20 March 2026" in accountability_html
    assert "Record a check-in" in accountability_html and "End the engagement" in accountability_html
    for key in (c.key for c in in_force(active)):
        assert f"/commitments/{key}/" in accountability_html


def test_the_detail_page_of_a_drafted_agreement_says_draft(as_persona, accepted):
    body = as_persona("organiser_a").get(accepted.get_absolute_url()).content.decode()
    assert "Version 1 is being drafted" in body and "Record a check-in" not in body

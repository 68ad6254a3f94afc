"""Query budgets for the register: the page, the CSV and the JSON, and an agreement's public page,
each the same at two data sizes, so N+1 cannot hide. CSV and JSON read a chunk at a time: a fixed
number of queries per chunk."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from engagements import open_data, selectors_register
from engagements.models import Agreement
from tests.engagements.factories import EngagementModelFactory
from tests.engagements.register_data import check_in, published
from tests.institutions.factories import InstitutionFactory
from tests.movements.factories import MovementFactory

LIST = reverse("agreements:list")
SIZES = [3, 30]


def populate(size):
    """`size` published agreements between different parties, each with three commitments, a
    check-in and a way of impact; and one that is not published (never read)."""
    model = EngagementModelFactory(name="Co-host", slug="co-host")
    commitments = [
        {"party": "institution", "what": "A room.", "due_date": datetime.date(2026, 4, 1)},
        {"party": "movement", "what": "Two peers.", "review_date": datetime.date(2026, 6, 1)},
        {"party": "movement", "what": "A report.", "due_date": datetime.date(2027, 1, 1)},
    ]
    agreements = []
    for n in range(size):
        agreement = published(
            movement=MovementFactory(),
            institution=InstitutionFactory(),
            model=model,
            title=f"Agreement {n}",
            commitments=commitments,
        )
        check_in(agreement, held_on=datetime.date(2026, 3, 20), note="Fine.", statuses={1: "done", 2: "at_risk"})
        agreements.append(agreement)
    published(movement=MovementFactory(), institution=InstitutionFactory(), model=model, publish=False)
    return agreements


@pytest.mark.parametrize("size", SIZES)
def test_register_page(client, db, django_assert_num_queries, size):
    populate(size)
    with django_assert_num_queries(9):
        # 1-4. the filters' choices: institutions and movements on the register, engagement models, ways of impact
        # 5. count of matching agreements (pages)  6. the page of agreements with their engagement, movement,
        #    institution, model, shared purpose and version in force (and when each ended)
        # 7. the page's ways of impact  8. their commitments in force  9. the commitments' latest statuses
        response = client.get(LIST, {"q": "agreement", "model": "co-host", "region": "london"})
    assert response.status_code == 200
    assert len(response.context["rows"]) == min(size, 20)


@pytest.mark.parametrize("size", SIZES)
def test_register_page_signed_in(client, lead_a, django_assert_num_queries, size):
    populate(size)
    client.force_login(lead_a)
    with django_assert_num_queries(13):
        # 1. session  2. user  3. 2FA rule (an institution admin anywhere?)  4. unread notifications (header)
        # 5-13. as for a visitor
        assert client.get(LIST).status_code == 200


@pytest.mark.parametrize("fmt", ["csv", "json"])
@pytest.mark.parametrize("size", SIZES)
def test_open_data(client, db, django_assert_num_queries, size, fmt):
    populate(size)
    with django_assert_num_queries(9):
        # 1-4. the filters' choices (to check the filters asked for)
        # 5. the agreements, read a chunk at a time from one query
        # 6-9. for the chunk: ways of impact, commitments in force, their latest statuses, signatures
        response = client.get(LIST, {"format": fmt, "region": "london"})
        content = b"".join(response.streaming_content)
    assert content.count(b"Agreement ") == size


@pytest.mark.parametrize("stream", [open_data.stream_csv, open_data.stream_json])
def test_open_data_reads_a_chunk_at_a_time(db, django_assert_num_queries, stream):
    populate(5)
    agreements = selectors_register.register_agreements(filters=selectors_register.RegisterFilters(), signatures=True)
    chunks = stream(agreements, site="https://example.org", chunk_size=2)
    with django_assert_num_queries(1 + 3 * 4):
        # 1. the agreements (one query, read two at a time)
        # then for each of the 3 chunks: ways of impact, commitments, latest statuses, signatures
        written = "".join(chunks)
    assert written.count("Agreement ") == 5


def test_open_data_is_written_as_it_is_read(db):
    """The response is a generator: the first agreement is out before the last is read."""
    populate(3)
    agreements = selectors_register.register_agreements(filters=selectors_register.RegisterFilters(), signatures=True)
    chunks = open_data.stream_csv(agreements, site="https://example.org", chunk_size=1)
    header = next(chunks)
    assert header.startswith("\ufeffuuid,")
    with CaptureQueriesContext(connection) as queries:
        first = next(chunks)
    assert "Agreement 2" in first  # newest first
    # One query for the agreements and four for the first chunk only: the rest are not read yet.
    assert len(queries) == 5


@pytest.mark.parametrize("size", SIZES)
def test_public_page(client, db, django_assert_num_queries, size):
    model = EngagementModelFactory()
    commitments = [{"party": "movement", "what": f"Promise {n}."} for n in range(size)]
    agreement = published(
        movement=MovementFactory(), institution=InstitutionFactory(), model=model, commitments=commitments
    )
    for day in range(1, size + 1):
        check_in(
            agreement,
            held_on=datetime.date(2026, 3, 1) + datetime.timedelta(days=day),
            note=f"Check-in {day}.",
            statuses={n: "on_track" for n in range(1, size + 1)},
        )
    with django_assert_num_queries(8):
        # 1. the published agreement with its engagement, parties, model, shared purpose, version in force
        #    (and when it ended)  2. its ways of impact  3. its commitments  4. their latest statuses
        # 5. its signatures  6. count of check-ins (pages of 50)  7. the page of check-ins
        # 8. what they said about each commitment, with the commitment
        response = client.get(agreement.get_public_url())
    assert response.status_code == 200
    assert response.content.decode().count("Check-in on") == size


def test_query_counts_hold_when_nothing_is_published(client, db, django_assert_num_queries):
    with django_assert_num_queries(5):
        # 1-4. the filters' choices  5. count: none, so no page is read
        assert client.get(LIST).status_code == 200
    assert Agreement.objects.count() == 0

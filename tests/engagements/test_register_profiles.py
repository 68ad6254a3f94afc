"""The accountability record on public profiles: a movement's and an institution's published
partnerships, and across them commitments kept, missed and overdue (their own and their partners')."""

import datetime

import pytest
from django.urls import reverse

from engagements.models import Agreement, Engagement
from engagements.selectors_register import accountability_record
from tests.engagements.factories import EngagementModelFactory
from tests.engagements.register_data import check_in, finish, published
from tests.institutions.factories import InstitutionFactory
from tests.movements.factories import MovementFactory

TODAY = datetime.date(2026, 5, 1)
COMMITMENTS = [
    {"party": "institution", "what": "A room.", "due_date": datetime.date(2026, 4, 1)},
    {"party": "institution", "what": "A nurse.", "due_date": datetime.date(2026, 4, 1)},
    {"party": "movement", "what": "Two peers.", "review_date": datetime.date(2026, 4, 15)},
    {"party": "movement", "what": "A report.", "due_date": datetime.date(2026, 12, 1)},
]


@pytest.fixture
def public(active):
    Agreement.objects.filter(engagement=active).update(movement_publishes=True, institution_publishes=True)
    return Agreement.objects.get(engagement=active)


@pytest.fixture
def record_world(movement_a, institution_x, movement_b, way):
    """Movement A and institution X in one partnership in force and one ended; B with X unpublished."""
    running = published(
        movement=movement_a, institution=institution_x, model=way, title="Running", commitments=COMMITMENTS
    )
    # Institution: one done, one missed. Movement: "Two peers." at risk and past its review date.
    check_in(running, held_on=datetime.date(2026, 4, 20), note="-", statuses={1: "done", 2: "missed", 3: "at_risk"})
    over = published(movement=movement_a, institution=institution_x, model=way, title="Over", commitments=COMMITMENTS)
    # Ended: its open commitments are no longer overdue, but what was kept and missed still counts.
    check_in(over, held_on=datetime.date(2026, 3, 20), note="-", statuses={3: "done", 4: "missed"})
    finish(over, Engagement.Status.ENDED, at=datetime.datetime(2026, 4, 2, 9, 0, tzinfo=datetime.UTC))
    published(movement=movement_b, institution=institution_x, model=way, title="Private", publish=False)
    return running, over


def test_an_institution_s_record_counts_its_own_commitments_and_its_partners(institution_x, record_world):
    record = accountability_record(party=institution_x, today=TODAY)
    assert sorted(a.engagement.title for a in record["agreements"]) == ["Over", "Running"]
    assert record["total"] == 2
    assert record["own"] == {"done": 1, "missed": 1, "overdue": 0}
    # The movement's: "Two peers." done in Over, at risk and overdue in Running; "A report." missed in Over.
    assert record["partners"] == {"done": 1, "missed": 1, "overdue": 1}


def test_a_movement_s_record_is_the_same_seen_from_its_side(movement_a, record_world):
    record = accountability_record(party=movement_a, today=TODAY)
    assert record["own"] == {"done": 1, "missed": 1, "overdue": 1}
    assert record["partners"] == {"done": 1, "missed": 1, "overdue": 0}


def test_a_commitment_is_overdue_only_once_its_date_has_passed(institution_x, record_world):
    assert accountability_record(party=institution_x, today=datetime.date(2026, 4, 10))["partners"]["overdue"] == 0


def test_the_institution_profile_shows_its_partnerships_beside_its_response_times(client, institution_x, record_world):
    running, over = record_world
    page = client.get(reverse("institutions:detail", args=[institution_x.ods_code])).content.decode()
    assert "Time to a first response" in page
    assert 'id="partnerships">Partnerships</h2>' in page
    assert "Example Trust has 2 partnerships on the" in page
    assert f'<a href="{running.get_public_url()}">Running</a>' in page
    assert f'<a href="{over.get_public_url()}">Over</a>' in page
    assert "Private" not in page
    assert ">Ended</strong>" in page
    assert "Made by Example Trust" in page
    assert "Made by its partners" in page


def test_the_movement_profile_shows_its_partnerships(client, movement_a, record_world):
    running, _ = record_world
    page = client.get(reverse("movements:detail", kwargs={"slug": movement_a.slug})).content.decode()
    assert "Breathe Together has 2 partnerships on the" in page
    assert f'<a href="{running.get_public_url()}">Running</a>' in page
    assert "With Example Trust" in page


def test_a_profile_without_published_partnerships_says_so(client, movement_a, institution_x, active):
    for url in (
        reverse("movements:detail", kwargs={"slug": movement_a.slug}),
        reverse("institutions:detail", args=[institution_x.ods_code]),
    ):
        page = client.get(url).content.decode()
        assert "has no partnerships on the" in page
        assert "Peer support in the respiratory clinic" not in page  # in force, but not published


def test_a_profile_lists_the_newest_ten_and_links_to_the_rest(client, institution_x, way):
    for n in range(12):
        published(
            movement=MovementFactory(),
            institution=institution_x,
            model=way,
            title=f"Partnership {n:02d}",
            at=datetime.datetime(2026, 1, 1 + n, tzinfo=datetime.UTC),
        )
    page = client.get(reverse("institutions:detail", args=[institution_x.ods_code])).content.decode()
    assert "Partnership 11" in page
    assert "Partnership 01" not in page
    assert (
        '<a href="/agreements/?institution=RX1">See all 12 of Example Trust’s partnerships in the register</a>' in page
    )


@pytest.mark.parametrize("size", [3, 30])
def test_profile_query_budgets_with_partnerships(client, db, django_assert_num_queries, size):
    model = EngagementModelFactory()
    institution = InstitutionFactory()
    movement = MovementFactory()
    for n in range(size):
        agreement = published(
            movement=movement if n % 2 else MovementFactory(),
            institution=institution if n % 2 == 0 else InstitutionFactory(),
            model=model,
            commitments=COMMITMENTS,
        )
        check_in(agreement, held_on=datetime.date(2026, 4, 20), note="-", statuses={1: "done", 2: "missed"})
    with django_assert_num_queries(8):
        # 1. the institution  2. engagement models it is open to  3. verified email domains
        # 4-5. response facts  6. its newest published partnerships, with their parties and models
        # 7. how many it has  8. its commitments kept, missed and overdue, and its partners', in one count
        response = client.get(reverse("institutions:detail", args=[institution.ods_code]))
    assert response.status_code == 200
    with django_assert_num_queries(7):
        # 1. the movement  2-4. its ways of impact, focus areas and regions
        # 5. its newest published partnerships  6. how many it has  7. the commitment counts
        response = client.get(reverse("movements:detail", kwargs={"slug": movement.slug}))
    assert response.status_code == 200

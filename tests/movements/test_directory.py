"""The public directory: search, filters, pagination, bad input and query budgets."""

import pytest
from django.conf import settings
from django.urls import reverse

from movements.models import Movement
from movements.selectors import DirectoryFilters, movement_directory

from .factories import MovementFactory

pytestmark = pytest.mark.django_db

LIST = reverse("movements:list")


def _names(response):
    return [m.name for m in response.context["movements"]]


@pytest.fixture
def catalogue(db):
    MovementFactory(
        name="Dementia Friendly Towns",
        summary="Making high streets welcoming.",
        description="Shops and buses.",
        ways=["cultural-norms"],
        regions=["south-west"],
        stage=Movement.Stage.ESTABLISHED,
    )
    MovementFactory(
        name="Memory Café Network",
        summary="Cafés for people and carers.",
        description="We support people living with dementia and their families.",
        ways=["living-with-a-condition"],
        regions=["north-west"],
        open_to_proposals=False,
    )
    MovementFactory(
        name="Clean Air Now",
        summary="Campaigning on pollution.",
        description="Asthma and air quality.",
        ways=["causes-of-ill-health", "healthy-lives"],
        regions=["london"],
        stage=Movement.Stage.EMERGENCE,
    )
    MovementFactory(name="Secret Dementia Plans", status=Movement.Status.PENDING)
    MovementFactory(name="Hidden Dementia Group", status=Movement.Status.HIDDEN)
    MovementFactory(name="Rejected Dementia Idea", status=Movement.Status.REJECTED)


def test_only_approved_movements_are_listed(client, catalogue):
    response = client.get(LIST)
    assert _names(response) == ["Clean Air Now", "Dementia Friendly Towns", "Memory Café Network"]


def test_search_ranks_a_name_match_above_a_description_match(client, catalogue):
    response = client.get(LIST, {"q": "dementia"})
    assert _names(response) == ["Dementia Friendly Towns", "Memory Café Network"]


def test_search_matches_focus_areas(client, catalogue):
    from movements.models import FocusArea
    from movements.services import movement_search_refresh

    clean_air = Movement.objects.get(name="Clean Air Now")
    clean_air.focus_areas.set(FocusArea.objects.filter(slug="environment-and-climate"))
    movement_search_refresh(movement=clean_air)
    assert _names(client.get(LIST, {"q": "climate"})) == ["Clean Air Now"]


def test_search_with_several_words_needs_all_of_them(client, catalogue):
    assert _names(client.get(LIST, {"q": "dementia families"})) == ["Memory Café Network"]
    assert _names(client.get(LIST, {"q": "zebra"})) == []


@pytest.mark.skipif(not settings.IS_POSTGRES, reason="PostgreSQL full-text search (CI runs it)")
def test_postgres_search_uses_stemming_and_ranks_by_weight(client, catalogue):
    # "campaigns" matches "Campaigning" through the English stemmer; SQLite would not.
    assert _names(client.get(LIST, {"q": "campaigns"})) == ["Clean Air Now"]
    ranked = movement_directory(filters=DirectoryFilters(query="dementia"))
    ranks = [m.rank for m in ranked]
    assert ranks == sorted(ranks, reverse=True) and ranks[0] > ranks[1]


@pytest.mark.skipif(settings.IS_POSTGRES, reason="the SQLite fallback")
def test_sqlite_fallback_orders_name_matches_first(catalogue):
    ranked = movement_directory(filters=DirectoryFilters(query="DEMENTIA"))
    assert [(m.name, m.relevance) for m in ranked] == [("Dementia Friendly Towns", 0), ("Memory Café Network", 3)]


@pytest.mark.parametrize(
    "params,expected",
    [
        ({"way": "cultural-norms"}, ["Dementia Friendly Towns"]),
        ({"way": ["cultural-norms", "healthy-lives"]}, ["Clean Air Now", "Dementia Friendly Towns"]),
        ({"region": "north-west"}, ["Memory Café Network"]),
        ({"stage": "emergence"}, ["Clean Air Now"]),
        ({"open": "on"}, ["Clean Air Now", "Dementia Friendly Towns"]),
        ({"q": "dementia", "open": "on"}, ["Dementia Friendly Towns"]),
        ({"region": "london", "stage": "established"}, []),
    ],
)
def test_filters(client, catalogue, params, expected):
    response = client.get(LIST, params)
    assert response.status_code == 200
    assert _names(response) == expected


def test_a_movement_in_two_selected_regions_is_listed_once(client):
    MovementFactory(name="Both Places", regions=["london", "wales"])
    assert _names(client.get(LIST, {"region": ["london", "wales"]})) == ["Both Places"]


def test_unknown_filter_values_are_left_out_with_a_notice(client, catalogue):
    # A stale link is not an error page: the notice names the filter, not what was in the link.
    response = client.get(LIST, {"region": "atlantis", "q": "dementia"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "We ignored a filter we did not recognise (Region)" in body and "atlantis" not in body
    assert "There is a problem" not in body
    # The valid parts still apply, and what was typed stays in the box.
    assert _names(response) == ["Dementia Friendly Towns", "Memory Café Network"]
    assert 'value="dementia"' in body


@pytest.mark.parametrize("page", ["99", "zero", "-1"])
def test_a_page_that_does_not_exist_shows_the_nearest(client, catalogue, page):
    response = client.get(LIST, {"page": page})
    assert response.status_code == 200
    assert response.context["page_obj"].number == 1  # the catalogue fits on one page


def test_pagination_keeps_the_search(client):
    for n in range(25):
        MovementFactory(name=f"Walking group {n:02d}")
    first = client.get(LIST, {"q": "walking"})
    assert len(first.context["movements"]) == 20
    assert "?q=walking&amp;page=2" in first.content.decode()
    second = client.get(LIST, {"q": "walking", "page": 2})
    assert len(second.context["movements"]) == 5


def _populate(count):
    for n in range(count):
        MovementFactory(ways=["care-experience", "healthy-lives"], regions=["london", "wales"], name=f"Group {n}")


@pytest.mark.parametrize("count", [3, 30])
def test_directory_query_budget(client, django_assert_num_queries, count):
    _populate(count)
    # 1 ways of impact for the filter, 2 focus areas for the filter, 3 count for the pager,
    # 4 the page of movements, 5-7 prefetch ways of impact, focus areas and regions for the page
    with django_assert_num_queries(7):
        response = client.get(LIST, {"way": "care-experience", "q": "group"})
    assert response.status_code == 200


@pytest.mark.parametrize("count", [3, 30])
def test_profile_query_budget(client, django_assert_num_queries, count):
    _populate(count)
    movement = Movement.objects.first()
    # 1 the movement, 2-4 its ways of impact, focus areas and regions
    # 5 its published partnerships (engagements' accountability_record tag): none, so no more
    with django_assert_num_queries(5):
        assert client.get(reverse("movements:detail", kwargs={"slug": movement.slug})).status_code == 200


@pytest.mark.parametrize("count", [3, 30])
def test_profile_query_budget_for_an_organiser(client, lead_a, count):
    """Signed in, the page also runs site-wide reads (session, user, header) that belong
    to other apps; the movement's own queries are counted exactly."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _populate(count)
    movement = MovementFactory(lead=lead_a, ways=["care-experience", "healthy-lives"], regions=["london", "wales"])
    # lead_a already leads movement A, so it is left out of the movements they join here.
    for other in Movement.objects.exclude(organisers__user=lead_a)[:count]:
        other.organisers.create(user=lead_a, role="organiser")
    client.force_login(lead_a)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("movements:detail", kwargs={"slug": movement.slug})).status_code == 200
    ours = [q["sql"] for q in queries.captured_queries if '"movements_' in q["sql"]]
    # 1 the movement, 2-4 its ways of impact, focus areas and regions, 5 the viewer's role
    # (asked once and remembered for every permission check on the page)
    # 6 its published partnerships (engagements' accountability_record tag): none, so no more
    assert len(ours) == 6, "\n".join(ours)

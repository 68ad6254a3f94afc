"""The public register's page at /agreements/: what is listed and what never is, search, filters,
pages and bad input."""

import datetime

import pytest
from django.urls import reverse

from engagements.models import Agreement, Engagement
from institutions.models import Institution
from movements.models import Movement
from tests.engagements.factories import EngagementModelFactory
from tests.engagements.register_data import check_in, finish, published
from tests.institutions.factories import InstitutionFactory
from tests.matrix import SET_UP_TWO_FACTOR, assert_matrix
from tests.movements.factories import MovementFactory

LIST = reverse("agreements:list")


@pytest.fixture
def public(active):
    """Movement A and institution X's agreement, in force and published by both."""
    Agreement.objects.filter(engagement=active).update(movement_publishes=True, institution_publishes=True)
    return Agreement.objects.get(engagement=active)


def titles(response):
    return [row["agreement"].engagement.title for row in response.context["rows"]]


def test_everyone_may_read_the_register(as_persona, public):
    assert_matrix(as_persona, LIST, {"moderator_without_two_factor": SET_UP_TWO_FACTOR}, others=200)


def test_a_visitor_sees_a_published_agreement_with_its_parties_and_commitments(client, public):
    check_in(public, held_on=datetime.date(2026, 3, 20), note="Going well.", statuses={1: "done", 2: "at_risk"})
    response = client.get(LIST)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Peer support in the respiratory clinic" in page
    assert public.get_public_url() in page
    assert "Breathe Together and Example Trust" in page
    assert "Co-host" in page
    assert 'In force since <time datetime="2026-03-02">2 March 2026</time>' in page
    assert ">In force</strong>" in page
    # The movement's review date (1 June 2026) passed while it is at risk: overdue (today is later).
    assert "2 commitments: 1 done, 0 on track, 1 at risk, 0 missed; <strong>1 overdue</strong>" in page


def test_the_header_links_to_the_register(client, db):
    page = client.get(reverse("home")).content.decode()
    assert f'href="{LIST}">Agreements</a>' in page


@pytest.mark.parametrize(
    "consents",
    [
        {"movement_publishes": False, "institution_publishes": False},
        {"movement_publishes": True, "institution_publishes": False},
        {"movement_publishes": False, "institution_publishes": True},
    ],
)
def test_an_agreement_not_published_by_both_sides_is_not_listed(client, public, consents):
    Agreement.objects.filter(pk=public.pk).update(**consents)
    response = client.get(LIST)
    assert titles(response) == []
    assert public.get_public_url() not in response.content.decode()


def test_an_agreement_not_yet_in_force_is_not_listed_even_if_both_would_publish(client, accepted):
    Agreement.objects.filter(engagement=accepted).update(movement_publishes=True, institution_publishes=True)
    assert titles(client.get(LIST)) == []


@pytest.mark.parametrize(
    "status", [Movement.Status.HIDDEN, Movement.Status.PENDING, Movement.Status.REJECTED, Movement.Status.CLOSED]
)
def test_an_agreement_of_a_movement_not_public_is_not_listed(client, public, movement_a, status):
    Movement.objects.filter(pk=movement_a.pk).update(status=status)
    assert titles(client.get(LIST)) == []


@pytest.mark.parametrize("status", [Institution.Status.PENDING, Institution.Status.CLOSED])
def test_an_agreement_of_an_institution_not_public_is_not_listed(client, public, institution_x, status):
    Institution.objects.filter(pk=institution_x.pk).update(status=status)
    assert titles(client.get(LIST)) == []


@pytest.mark.parametrize(
    ("status", "label"),
    [
        (Engagement.Status.ENDED, "Ended"),
        (Engagement.Status.WITHDRAWN, "Withdrawn"),
        (Engagement.Status.COMPLETED, "Completed"),
    ],
)
def test_an_agreement_whose_partnership_is_over_stays_listed_marked_with_the_date(client, public, status, label):
    finish(public, status, at=datetime.datetime(2026, 9, 14, 12, 0, tzinfo=datetime.UTC))
    page = client.get(LIST).content.decode()
    assert f">{label}</strong>" in page
    assert f'{label} <time datetime="2026-09-14">14 September 2026</time>' in page
    assert ">In force</strong>" not in page


# --- Search and filters ------------------------------------------------------------------------


@pytest.fixture
def several(public, movement_b, institution_y, way):
    """Three more published agreements: B with X, A with Y (in Wales, another model), B with Y."""
    other_model = EngagementModelFactory(name="Convener", slug="convener")
    wales = InstitutionFactory(name="Bwrdd Iechyd", ods_code="7A1", region="wales")
    published(
        movement=movement_b,
        institution=public.engagement.institution,
        model=way,
        title="Maternity voices",
        shared_purpose="Birth stories shape the maternity service.",
        ways=["living-with-a-condition"],
    )
    published(movement=public.engagement.movement, institution=wales, model=other_model, title="Asthma walks")
    published(movement=movement_b, institution=institution_y, model=other_model, title="Carers' café", ways=[])
    return public


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"q": "maternity"}, ["Maternity voices"]),  # a title
        ({"q": "birth stories"}, ["Maternity voices"]),  # the shared purpose in force, every word
        ({"q": "another movement"}, ["Carers' café", "Maternity voices"]),  # a movement's name
        ({"q": "bwrdd"}, ["Asthma walks"]),  # an institution's name
        ({"q": "maternity asthma"}, []),  # every word must match
        ({"institution": "RX1"}, ["Maternity voices", "Peer support in the respiratory clinic"]),
        ({"movement": "breathe-together"}, ["Asthma walks", "Peer support in the respiratory clinic"]),
        ({"model": "convener"}, ["Asthma walks", "Carers' café"]),
        ({"region": "wales"}, ["Asthma walks"]),
        ({"region": ["wales", "london"], "model": "co-host", "q": "peer"}, ["Peer support in the respiratory clinic"]),
        ({"way": "care-experience"}, ["Asthma walks", "Peer support in the respiratory clinic"]),
        ({"way": "living-with-a-condition"}, ["Maternity voices"]),
        (
            {"way": ["living-with-a-condition", "care-experience"]},
            ["Asthma walks", "Maternity voices", "Peer support in the respiratory clinic"],
        ),
        ({"way": "healthy-lives"}, []),
    ],
)
def test_search_and_filters(client, several, query, expected):
    response = client.get(LIST, query)
    assert response.status_code == 200
    assert sorted(titles(response)) == expected
    count = len(expected)
    assert f"{count} agreement{'s' if count != 1 else ''}" in response.content.decode()


def test_the_filter_choices_are_the_parties_on_the_register(client, several, institution_y, movement_b):
    form = client.get(LIST).context["form"]
    assert [code for code, _ in form.fields["institution"].choices] == ["", "7A1", "RX1", "RX2"]
    assert {slug for slug, _ in form.fields["movement"].choices} == {"", "breathe-together", movement_b.slug}
    unpublished = InstitutionFactory(name="Quiet Trust", ods_code="QT1")
    published(movement=movement_b, institution=unpublished, model=EngagementModelFactory(), publish=False)
    assert "QT1" not in dict(client.get(LIST).context["form"].fields["institution"].choices)


def test_the_filter_panel_says_how_many_filters_are_chosen(client, several):
    page = client.get(LIST, {"region": ["wales", "london"], "institution": "RX1"}).content.decode()
    assert "Filter agreements (3 chosen)" in page
    assert "Clear search and filters" in page


def test_pages_of_twenty(client, public, movement_b, way):
    for n in range(21):
        published(movement=movement_b, institution=public.engagement.institution, model=way, title=f"Agreement {n}")
    first = client.get(LIST)
    assert len(first.context["rows"]) == 20
    assert first.context["page_obj"].paginator.count == 22
    second = client.get(LIST, {"page": "2"})
    assert len(second.context["rows"]) == 2
    assert 'aria-label="Pagination"' in first.content.decode()


@pytest.mark.parametrize("page", ["abc", "0", "-1", "999", "1\x00", "9" * 30])
def test_a_page_number_that_is_not_one_shows_the_nearest_page(client, public, page):
    response = client.get(LIST, {"page": page})
    assert response.status_code == 200
    assert titles(response) == ["Peer support in the respiratory clinic"]


@pytest.mark.parametrize(
    ("query", "ignored"),
    [
        ({"institution": "NOPE1"}, "Institution"),
        ({"movement": "no-such-movement"}, "Movement"),
        ({"model": "no-such-model"}, "Engagement model"),
        ({"way": "not-a-way"}, "Ways of impact"),
        ({"region": "atlantis"}, "Region of the institution"),
        ({"movement": "breathe\x00together"}, "Movement"),
    ],
)
def test_an_unknown_filter_value_is_left_out_and_said_so(client, public, query, ignored):
    response = client.get(LIST, query)
    assert response.status_code == 200
    assert f"We ignored a filter we did not recognise ({ignored})" in response.content.decode()
    assert titles(response) == ["Peer support in the respiratory clinic"]


@pytest.mark.parametrize(
    ("q", "message"),
    [
        ("x" * 201, "Your search must be 200 characters or fewer (it has 201)"),
        ("peer\x00", "contains a character that cannot be stored (a null character)"),
    ],
)
def test_a_search_that_cannot_be_used_is_a_400_with_the_message_beside_it(client, public, q, message):
    response = client.get(LIST, {"q": q, "region": "london"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "There is a problem" in page
    assert message in page
    # The valid filter still applies and stays chosen.
    assert 'value="london" id="id_region_4" checked' in page


def test_no_results_says_what_to_try(client, public):
    page = client.get(LIST, {"q": "zebra"}).content.decode()
    assert "No published agreements match your search" in page
    assert "checking your spelling" in page


def test_the_downloads_keep_the_search_and_filters(client, public):
    page = client.get(LIST, {"q": "peer", "region": "london", "page": "1"}).content.decode()
    assert f'href="{LIST}?q=peer&amp;region=london&amp;format=csv"' in page
    assert f'href="{LIST}?q=peer&amp;region=london&amp;format=json"' in page


def test_a_register_of_other_movements_lists_them_too(client, public, institution_x, way):
    other = MovementFactory(name="Sickle Cell Voices", slug="sickle-cell-voices")
    published(movement=other, institution=institution_x, model=way, title="Crisis care plans")
    assert sorted(titles(client.get(LIST))) == ["Crisis care plans", "Peer support in the respiratory clinic"]

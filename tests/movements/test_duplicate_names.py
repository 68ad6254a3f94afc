"""A new movement named like one we have: the person is told before anything is saved, sees the
existing ones with links, and may go on once they say theirs is different. Moderators see the
possible duplicate on the review page."""

import pytest
from django.urls import reverse

from movements.models import Movement, WayOfImpact
from movements.selectors import movements_named_like
from tests.movements.factories import MovementFactory
from tests.signin import sign_in

pytestmark = pytest.mark.django_db

CREATE = reverse("movements:create")
WARNING = "There is already a movement called “Breathe Together”"


def form_data(**changes):
    return {
        "name": "Breathe Together",
        "summary": "A second group with the same name, in Leeds.",
        "description": "We meet on Tuesdays in Leeds.",
        "ways_of_impact": [WayOfImpact.objects.order_by("position").first().pk],
        "direction": "promote",
        "stage": "emergence",
        "regions": ["north-east-yorkshire"],
        "size": "10-50",
        **changes,
    }


@pytest.mark.parametrize(
    "typed", ["Breathe Together", "breathe together", "  BREATHE-TOGETHER!  ", "Breathe, Together."]
)
def test_the_same_name_in_any_case_or_punctuation_is_found(movement_a, typed):
    assert movements_named_like(typed, visible_to=None) == [movement_a]


@pytest.mark.parametrize("typed", ["Breathe Together North", "Breathe", "", "x" * 400, "Breathe\x00Together"])
def test_other_names_are_not(movement_a, typed):
    assert movements_named_like(typed, visible_to=None) == []


def test_the_lookup_is_one_query_and_at_most_five(movement_a, django_assert_num_queries):
    for n in range(7):
        MovementFactory(name=f"breathe together{'!' * n}")
    with django_assert_num_queries(1):
        found = movements_named_like("Breathe Together", visible_to=None)
    assert len(found) == 5


def test_only_what_the_person_may_see_is_named(movement_a, lead_b, user, moderator):
    hidden = MovementFactory(name="Breathe  Together", status=Movement.Status.PENDING, lead=lead_b)
    assert movements_named_like("breathe together", visible_to=user) == [movement_a]
    assert set(movements_named_like("breathe together", visible_to=lead_b)) == {movement_a, hidden}
    assert set(movements_named_like("breathe together", visible_to=moderator)) == {movement_a, hidden}


def test_the_form_warns_keeps_everything_and_saves_nothing(client, movement_a, user):
    sign_in(client, user)
    response = client.post(CREATE, form_data())
    body = response.content.decode()
    assert response.status_code == 400
    assert WARNING in body and 'href="#id_name"' in body  # the error summary points at the name
    assert (
        'href="/movements/breathe-together/" target="_blank" rel="noopener">Breathe Together (opens in a new tab)'
        in body
    )
    assert "This is a different movement" in body and 'name="confirm_new_name"' in body
    assert "We meet on Tuesdays in Leeds." in body and 'value="north-east-yorkshire" id="id_regions_0" checked' in body
    assert Movement.objects.filter(name="Breathe Together").count() == 1


def test_saying_it_is_different_creates_it(client, movement_a, user):
    sign_in(client, user)
    response = client.post(CREATE, form_data(confirm_new_name="on"))
    assert response.status_code == 302
    created = Movement.objects.exclude(pk=movement_a.pk).get(name="Breathe Together")
    assert created.slug == "breathe-together-2" and created.status == Movement.Status.PENDING


def test_a_new_name_needs_no_confirmation_and_the_box_is_not_shown(client, movement_a, user):
    sign_in(client, user)
    page = client.get(CREATE).content.decode()
    assert 'name="confirm_new_name"' not in page
    assert client.post(CREATE, form_data(name="Clean Air Leeds")).status_code == 302


def test_another_error_keeps_the_confirmation(client, movement_a, user):
    sign_in(client, user)
    response = client.post(CREATE, form_data(confirm_new_name="on", summary=""))
    body = response.content.decode()
    assert response.status_code == 400 and "Enter a short summary" in body
    assert WARNING not in body and 'id="id_confirm_new_name" checked' in body


def test_renaming_to_an_existing_name_warns_but_keeping_a_shared_name_does_not(client, movement_a, movement_b, lead_b):
    edit = reverse("movements:edit", kwargs={"slug": movement_b.slug})
    sign_in(client, lead_b)
    data = form_data(name="breathe together", summary=movement_b.summary)
    response = client.post(edit, data)
    assert response.status_code == 400 and WARNING in response.content.decode()
    assert client.post(edit, {**data, "confirm_new_name": "on"}).status_code == 302
    # Its name now matches A's, as the lead said it may; editing anything else asks nothing.
    assert client.post(edit, {**data, "summary": "Changed."}).status_code == 302


def test_moderators_see_possible_duplicates_on_the_review_page(client, movement_a, moderator, lead_b):
    pending = MovementFactory(name="Breathe together!", slug="breathe-together-2", status=Movement.Status.PENDING)
    sign_in(client, moderator)
    body = client.get(reverse("movements:review", kwargs={"slug": pending.slug})).content.decode()
    assert "Possible duplicates" in body
    assert '<a href="/movements/breathe-together/">Breathe Together</a>' in body
    lonely = MovementFactory(name="Nobody Else", status=Movement.Status.PENDING)
    assert (
        "Possible duplicates"
        not in client.get(reverse("movements:review", kwargs={"slug": lonely.slug})).content.decode()
    )

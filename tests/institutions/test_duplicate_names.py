"""Registering an institution under a name we already have (with a new ODS code): the person is
told before anything is saved, sees the existing ones with their ODS codes, and may go on once
they say it is a different organisation. Moderators see the possible duplicate when reviewing."""

import pytest
from django.urls import reverse

from institutions.models import Institution
from institutions.selectors import institutions_named_like
from tests.institutions.factories import InstitutionFactory
from tests.signin import sign_in

pytestmark = pytest.mark.django_db

REGISTER = reverse("institutions:register")
WARNING = "There is already an institution called “Example Trust” (ODS code RX1)"


def registration(**changes):
    return {
        "name": "Example Trust",
        "ods_code": "RY9",
        "org_type": "nhs_trust",
        "region": "london",
        "website": "",
        "description": "A community trust in east London.",
        "proposed_domains": "",
        **changes,
    }


@pytest.mark.parametrize("typed", ["Example Trust", "example trust", "EXAMPLE-TRUST", " Example Trust. "])
def test_the_same_name_is_found_whatever_the_case(institution_x, typed):
    assert institutions_named_like(typed, visible_to=None) == [institution_x]


def test_unapproved_institutions_are_named_only_to_those_who_may_see_them(institution_x, user, moderator, admin_y):
    waiting = InstitutionFactory(name="Example  Trust", ods_code="PX9", status=Institution.Status.PENDING)
    assert institutions_named_like("example trust", visible_to=user) == [institution_x]
    assert institutions_named_like("example trust", visible_to=moderator) == [institution_x, waiting]


def test_registering_warns_first_and_keeps_what_was_typed(client, institution_x, user):
    sign_in(client, user)
    response = client.post(REGISTER, registration())
    body = response.content.decode()
    assert response.status_code == 400 and WARNING in body
    assert "ODS code RX1, NHS Trust, London" in body
    assert 'href="/institutions/RX1/" target="_blank" rel="noopener">Example Trust (opens in a new tab)' in body
    assert "This is a different institution" in body and "A community trust in east London." in body
    assert 'value="RY9"' in body
    assert not Institution.objects.filter(ods_code="RY9").exists()


def test_saying_it_is_different_registers_it(client, institution_x, user):
    sign_in(client, user)
    response = client.post(REGISTER, registration(confirm_new_name="on"))
    assert response.status_code == 302
    assert Institution.objects.get(ods_code="RY9").name == "Example Trust"


def test_an_admin_renaming_to_an_existing_name_is_warned(client, institution_x, institution_y, admin_y):
    sign_in(client, admin_y)
    edit = reverse("institutions:edit", kwargs={"ods_code": "RX2"})
    data = {"name": "Example Trust", "org_type": "nhs_trust", "region": "midlands", "website": "", "description": ""}
    data["response_deadline_working_days"] = "15"
    response = client.post(edit, data)
    assert response.status_code == 400 and WARNING in response.content.decode()
    assert client.post(edit, {**data, "confirm_new_name": "on"}).status_code == 302
    assert client.post(edit, {**data, "description": "Now with a description."}).status_code == 302


def test_moderators_see_possible_duplicates_on_the_review_page(client, institution_x, moderator):
    waiting = InstitutionFactory(name="Example trust", ods_code="PX9", status=Institution.Status.PENDING)
    sign_in(client, moderator)
    body = client.get(reverse("institutions:review", kwargs={"ods_code": waiting.ods_code})).content.decode()
    assert "Possible duplicates" in body and '<a href="/institutions/RX1/">Example Trust</a>' in body
    assert "ODS code RX1" in body

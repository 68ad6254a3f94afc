"""A stale or hand-edited link to a list never ends on an error page: a page number that is not
there shows the nearest page, and a filter value we do not know is left out with a notice.

Every list is found by walking the URL patterns as someone who can see them all, so a list
added later is checked without being named here.
"""

import re

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.core.paginator import Page
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from core.forms import FilterForm
from institutions.models import Membership
from movements.taxonomy import taxonomy_sync
from tests.factories import UserFactory
from tests.institutions.factories import InstitutionFactory, MembershipFactory
from tests.movements.factories import MovementFactory
from tests.signin import sign_in

KNOWN_LISTS = {
    "movements:list",
    "movements:awaiting_approval",
    "institutions:directory",
    "institutions:awaiting_approval",
    "institutions:members",
    "notifications:list",
}
NOT_A_NUMBER = ["abc", "", "1.5", "2e3", "\x00", "%", "--1"]
TOO_SMALL = ["0", "-1", "-99999999999999999999"]
TOO_BIG = ["99", "99999999999999999999"]
NOTICE = "We ignored a filter we did not recognise"


@pytest.fixture
def everyone_sees(db, client):
    """A moderator who is also the admin of a trust: every list of the site is open to them."""
    taxonomy_sync()
    person = UserFactory(email="mo@example-trust.nhs.uk", is_moderator=True)
    TOTP.activate(person, generate_totp_secret())
    trust = InstitutionFactory(name="Example Trust", ods_code="RX1", region="london")
    MembershipFactory(user=person, institution=trust, role=Membership.Role.ADMIN)
    for number in range(21):  # two pages of the movement directory
        MovementFactory(name=f"Movement {number:02}", slug=f"movement-{number:02}")
    sign_in(client, person)
    return {"slug": "movement-00", "ods_code": "RX1"}


def reversible_pattern_names():
    """(URL name, its keyword arguments' names) for every named URL pattern."""

    def walk(patterns, namespace):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, pattern.namespace or namespace)
            elif isinstance(pattern, URLPattern) and pattern.name:
                name = f"{namespace}:{pattern.name}" if namespace else pattern.name
                arguments = tuple(pattern.pattern.converters) or re.findall(r"\(\?P<(\w+)>", str(pattern.pattern))
                yield name, tuple(arguments)

    return sorted(set(walk(get_resolver().url_patterns, None)))


def list_pages(client, kwargs):
    """URL name -> (url, first response) of every page that shows one page of a list."""
    found = {}
    for name, arguments in reversible_pattern_names():
        if name.startswith("admin:") or not set(arguments) <= set(kwargs):
            continue
        url = reverse(name, kwargs={key: kwargs[key] for key in arguments})
        response = client.get(url)
        if response.status_code == 200 and isinstance(response.context and response.context.get("page_obj"), Page):
            found[name] = (url, response)
    return found


def test_every_list_shows_the_nearest_page_for_a_page_that_is_not_there(client, everyone_sees):
    pages = list_pages(client, everyone_sees)
    assert KNOWN_LISTS <= set(pages), KNOWN_LISTS - set(pages)
    for name, (url, first) in pages.items():
        last = first.context["page_obj"].paginator.num_pages
        for value, expected in [(v, 1) for v in NOT_A_NUMBER + TOO_SMALL] + [(v, last) for v in TOO_BIG]:
            response = client.get(url, {"page": value})
            assert response.status_code == 200, (name, value, response.status_code)
            assert response.context["page_obj"].number == expected, (name, value)
    assert pages["movements:list"][1].context["page_obj"].paginator.num_pages == 2


def test_every_filter_ignores_a_value_it_does_not_know_and_says_so(client, everyone_sees):
    checked = []
    for name, (url, first) in list_pages(client, everyone_sees).items():
        form = first.context.get("form")
        if not isinstance(form, FilterForm):
            continue
        everything = first.context["page_obj"].paginator.count
        for field_name, field in form.fields.items():
            if not hasattr(field, "valid_value"):
                continue
            response = client.get(url, {field_name: "nowhere"})
            assert response.status_code == 200, (name, field_name, response.status_code)
            body = response.content.decode()
            assert NOTICE in body, (name, field_name)
            assert "nowhere" not in body  # the notice names the filter, never echoes the value
            assert response.context["page_obj"].paginator.count == everything, (name, field_name)
            assert "nhsuk-error-summary" not in body
            checked.append((name, field_name))
    assert {("movements:list", "region"), ("movements:list", "way"), ("institutions:directory", "region")} <= set(
        checked
    )


def test_a_known_value_beside_an_unknown_one_still_filters(client, everyone_sees):
    MovementFactory(name="Northern Voices", slug="northern-voices", regions=["north-west"])
    response = client.get(reverse("movements:list"), {"region": ["nowhere", "north-west"], "page": "abc"})
    assert response.status_code == 200
    assert [m.name for m in response.context["movements"]] == ["Northern Voices"]
    assert response.context["form"].ignored == ["Region"]
    assert NOTICE in response.content.decode()


def test_without_unknown_values_there_is_no_notice(client, everyone_sees):
    body = client.get(reverse("movements:list"), {"region": "london"}).content.decode()
    assert NOTICE not in body
    body = client.get(reverse("institutions:directory"), {"region": "london", "org_type": ""}).content.decode()
    assert NOTICE not in body


def test_a_search_too_long_is_still_a_clear_error(client, everyone_sees):
    response = client.get(reverse("movements:list"), {"q": "x" * 201, "region": "nowhere"})
    assert response.status_code == 400
    body = response.content.decode()
    assert "Your search must be 200 characters or fewer (it has 201)" in body
    assert NOTICE in body

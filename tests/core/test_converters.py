"""URL parameters are checked by path converters before they reach a view (and the database).

Each converter must let every real value through (so no real page 404s) and nothing else.
"""

import pytest
from django.core import signing
from django.urls import Resolver404, get_resolver, resolve, reverse
from django.urls.converters import PathConverter, SlugConverter, StringConverter
from django.urls.resolvers import RoutePattern

from core.converters import BoundedSlugConverter, SignedTokenConverter
from institutions.converters import DomainConverter, OdsCodeConverter
from institutions.domains import normalise_domain
from institutions.models import Institution, VerifiedDomain
from institutions.validators import ODS_CODE_RE
from movements.models import Movement, MovementSlug
from notifications.unsubscribe_links import unsubscribe_token

OUR_APPS = ("accounts.", "core.", "institutions.", "movements.", "notifications.", "engagements.", "moderation.")
UNBOUNDED = (StringConverter, PathConverter, SlugConverter)


def _our_route_patterns(resolver=None):
    for entry in (resolver or get_resolver()).url_patterns:
        if hasattr(entry, "url_patterns"):
            yield from _our_route_patterns(entry)
        elif entry.callback.__module__.startswith(OUR_APPS) and isinstance(entry.pattern, RoutePattern):
            yield entry


def test_no_url_of_ours_takes_an_unchecked_parameter():
    """str, path and slug let a NUL byte, or a value of any length, through to the view."""
    loose = [
        f"{entry.pattern} <{name}>"
        for entry in _our_route_patterns()
        for name, converter in entry.pattern.converters.items()
        if type(converter) in UNBOUNDED
    ]
    assert not loose, "use a converter from core/converters.py or the app's converters.py: " + ", ".join(loose)


def _matches(converter, value):
    import re

    return re.fullmatch(converter.regex, value) is not None


def test_slug_converter_lets_through_the_longest_slug_a_movement_can_have():
    longest = max(Movement._meta.get_field("slug").max_length, MovementSlug._meta.get_field("slug").max_length)
    assert _matches(BoundedSlugConverter, "a" * longest)
    assert not _matches(BoundedSlugConverter, "a" * (longest + 1))


@pytest.mark.parametrize("code", ["RR8", "Y02345", "QWO", "5N1", "ABCDEFGH9"])
def test_ods_converter_lets_through_every_valid_ods_code(code):
    assert ODS_CODE_RE.match(code)
    assert _matches(OdsCodeConverter, code)
    assert _matches(OdsCodeConverter, code.lower())  # the profile redirects it to the upper-case address


@pytest.mark.parametrize("value", ["RX", "ABCDEFGHIJ", "RX1\x00", "R-1", "ÅX1"])
def test_ods_converter_refuses_what_cannot_be_an_ods_code(value):
    assert not ODS_CODE_RE.match(value.upper())
    assert not _matches(OdsCodeConverter, value)


def test_ods_code_column_is_no_longer_than_the_converter_allows():
    assert Institution._meta.get_field("ods_code").max_length >= 9


@pytest.mark.parametrize("domain", ["example-trust.nhs.uk", "bücher.example", "a" * 63 + "." + "b" * 63 + ".nhs.uk"])
def test_domain_converter_lets_through_every_domain_as_stored(domain):
    stored = normalise_domain(domain)
    assert len(stored) <= VerifiedDomain._meta.get_field("domain").max_length
    assert _matches(DomainConverter, stored)


@pytest.mark.parametrize("value", ["\x00", "example.nhs.uk\x00", "a" * 254, "bücher.example", "-bad.example"])
def test_domain_converter_refuses_what_is_not_a_stored_domain(value):
    assert not _matches(DomainConverter, value)


def test_token_converter_lets_through_the_tokens_the_site_makes():
    tokens = [
        unsubscribe_token(user_id=2**40, scope="digest:weekly"),
        signing.dumps({"i": "0c006a19-1dac-4f0d-a01a-5e3b53121d45", "n": "abcdefgh"}, salt="movements.invitation"),
        signing.dumps({"i": "x" * 50}, compress=True),
    ]
    for token in tokens:
        assert _matches(SignedTokenConverter, token), token
    assert resolve(reverse("notifications:unsubscribe", args=[tokens[0]])).url_name == "unsubscribe"
    assert resolve(reverse("movements:invitation", args=[tokens[1]])).url_name == "invitation"


@pytest.mark.parametrize(
    "path",
    [
        "/institutions/%00/",
        "/institutions/XLD01%00/",
        "/institutions/XLD01%00/join/",
        "/institutions/XLD01/domains/%00/remove/",
        "/institutions/" + "A" * 10 + "/",
        "/movements/" + "a" * 81 + "/",
        "/movements/breathe%00/edit/",
        "/movements/invitations/%00/",
        "/notifications/unsubscribe/%C3%BC/",
    ],
)
def test_malformed_parameters_match_no_url(path):
    from urllib.parse import unquote

    with pytest.raises(Resolver404):
        resolve(unquote(path))


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/institutions/%00/", "/institutions/XLD01%00/members/", "/movements/a%00/"])
def test_malformed_parameters_are_a_404_page(client, path):
    assert client.get(path).status_code == 404


@pytest.mark.django_db
def test_a_lower_case_ods_code_reaches_the_same_institution_on_every_page(client):
    from tests.factories import UserFactory
    from tests.institutions.factories import InstitutionFactory

    InstitutionFactory(ods_code="RX1")
    client.force_login(UserFactory())
    assert client.get("/institutions/rx1/").status_code == 301  # the profile moves to the canonical address
    for page in ["join", "leave", "members"]:
        upper, lower = client.get(f"/institutions/RX1/{page}/"), client.get(f"/institutions/rx1/{page}/")
        assert lower.status_code == upper.status_code != 404, page

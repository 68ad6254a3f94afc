"""Responses to a signed-in person are `Cache-Control: private, no-store`, whatever the page
and whatever the answer (200, redirect, 403, 404, a form error); visitors' public pages are
left cacheable as before, and static files stay cacheable for everyone.

Every URL pattern of the site is requested, so a page added later is covered without
anyone remembering to list it here.
"""

import uuid

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.exceptions import NoReverseMatch

from movements.taxonomy import taxonomy_sync
from tests.factories import UserFactory
from tests.institutions.factories import InstitutionFactory, MembershipFactory
from tests.movements.factories import MovementFactory

pytestmark = pytest.mark.django_db


def directives(response) -> set[str]:
    return {part.strip().split("=")[0] for part in response.get("Cache-Control", "").split(",") if part.strip()}


def named_patterns(patterns=None, namespace=""):
    """(name for reverse(), names of its arguments) for every named URL pattern."""
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from named_patterns(entry.url_patterns, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}", list(entry.pattern.regex.groupindex)


@pytest.fixture
def world(db):
    taxonomy_sync()
    person = UserFactory(email="member@example.org")
    institution = InstitutionFactory(ods_code="RX1")
    membership = MembershipFactory(user=person, institution=institution)
    movement = MovementFactory(slug="walkers", lead=person)
    samples = {
        "ods_code": institution.ods_code,
        "slug": movement.slug,
        "membership_uuid": membership.uuid,
        "domain": "example-trust.nhs.uk",
        "app_label": "accounts",
        "model_name": "user",
        "number": 1,  # a shared-purpose version
        "object_id": str(person.pk),
        "uidb36": "1",
        "key": uuid.uuid4(),  # a commitment's key (engagements:commitment)
    }
    return person, samples


def urls_for(samples):
    """A URL for every named pattern; arguments without a sample get a value of their shape."""
    urls, missed = {}, []
    for name, arguments in named_patterns():
        kwargs = {arg: samples.get(arg, uuid.uuid4() if arg.endswith(("uuid", "_id")) else "x") for arg in arguments}
        try:
            urls[name] = reverse(name, kwargs=kwargs)
        except NoReverseMatch:
            try:
                urls[name] = reverse(name, kwargs={**kwargs, **{arg: "1" for arg in arguments if arg not in samples}})
            except NoReverseMatch:
                missed.append(name)
    assert not missed, f"no sample arguments for {missed}: add them to the `world` fixture"
    return urls


def test_every_page_sent_to_a_signed_in_person_is_private(world):
    person, samples = world
    client = Client()
    client.force_login(person)
    urls = urls_for(samples)
    assert len(urls) > 60, "the walk should reach the whole site (allauth, the apps and the admin)"

    statuses, leaks = set(), []
    for name, url in urls.items():
        for method in ("get", "post"):
            response = getattr(client, method)(url)
            statuses.add(response.status_code)
            if {"private", "no-store"} - directives(response):
                sent = response.get("Cache-Control")
                leaks.append(f"{method.upper()} {url} ({name}) -> {response.status_code}: {sent}")
        if not client.session.get("_auth_user_id"):
            client.force_login(person)  # the walk signs out at /accounts/logout/
    assert not leaks, "\n".join(leaks)
    # The walk saw pages, redirects, refusals and form errors, not one kind of answer.
    assert {200, 302, 404}.issubset(statuses), statuses


@pytest.mark.parametrize("path", ["/dashboard/", "/accounts/profile/", "/institutions/RX1/", "/notifications/"])
def test_personal_pages_are_private_and_never_stored(world, path):
    person, _ = world
    client = Client()
    client.force_login(person)
    response = client.get(path)
    assert response.status_code == 200
    assert {"private", "no-store"} <= directives(response)
    assert "public" not in directives(response)


@pytest.mark.parametrize(
    "path", ["/", "/about/", "/movements/", "/movements/walkers/", "/institutions/", "/institutions/RX1/"]
)
def test_public_pages_to_visitors_stay_cacheable(world, path):
    response = Client().get(path)
    assert response.status_code == 200
    assert not directives(response) & {"private", "no-store", "no-cache"}, response.get("Cache-Control")


def test_static_files_stay_cacheable_for_signed_in_people(world):
    person, _ = world
    client = Client()
    client.force_login(person)
    response = client.get("/static/css/app.css")
    assert response.status_code == 200
    assert not directives(response) & {"private", "no-store"}, response.get("Cache-Control")

"""The queue registry, the dashboard panel that reads it, and core knowing no feature app."""

import ast
from pathlib import Path

import pytest
from django.conf import settings
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse

from moderation.registry import Queue, all_queues, get_queue, register
from movements.selectors import movements_awaiting_approval
from tests.personas import PERSONAS
from tests.signin import sign_in

ROOT = Path(settings.BASE_DIR)
# Everyone signed in who is not platform staff (the moderator without two-factor still is).
NOT_STAFF = [
    name for name in PERSONAS if name not in ("visitor", "moderator", "moderator_without_two_factor", "superuser")
]


def queue(**overrides):
    fields = dict(
        key="testing.waiting",
        title="Things waiting",
        description="Things.",
        url_name="moderation:hub",
        items=movements_awaiting_approval,
        waiting_since="submitted_at",
        permission="moderation.view_hub",
    )
    return Queue(**{**fields, **overrides})


def test_registering_the_same_queue_twice_is_harmless_and_a_different_one_is_refused():
    from moderation import registry

    try:
        register(queue())
        register(queue())
        with pytest.raises(ValueError, match="already registered differently"):
            register(queue(title="Something else"))
    finally:
        registry._QUEUES.pop("testing.waiting", None)


@pytest.mark.parametrize(
    "overrides,message",
    [({"key": "nodot"}, "look like 'app.thing'"), ({"url_name": "hub"}, "namespaced URL name")],
)
def test_badly_declared_queues_are_refused(overrides, message):
    with pytest.raises(ValueError, match=message):
        queue(**overrides)


def test_an_unknown_queue_is_a_clear_error():
    with pytest.raises(LookupError, match="queues.py"):
        get_queue("nobody.nothing")


@pytest.mark.parametrize("registered", all_queues(), ids=lambda q: q.key)
def test_every_queue_links_to_a_page_and_is_only_for_platform_staff(registered, db):
    from accounts.rules import is_platform_staff
    from tests.factories import UserFactory

    assert reverse(registered.url_name)
    # One rule for every queue: exactly the platform staff work it.
    people = [
        UserFactory(),
        UserFactory(is_moderator=True),
        UserFactory(is_superuser=True),
        UserFactory(is_moderator=True, is_active=False),
    ]
    import rules

    for person in people:
        assert rules.has_perm(registered.permission, person) == is_platform_staff(person), person


def render_panel(user):
    request = RequestFactory().get("/dashboard/")
    request.user = user
    return Template('{% include "core/_dashboard_moderation.html" %}').render(Context({"request": request}))


@pytest.mark.django_db
def test_dashboard_panel_lists_every_registered_queue_with_its_count(client, moderator, waiting):
    sign_in(client, moderator)
    body = client.get(reverse("dashboard")).content.decode()
    for registered in all_queues():
        assert f'href="{reverse(registered.url_name)}">{registered.title} (1)</a>' in body
    assert f'href="{reverse("moderation:hub")}">All moderation queues</a>' in body


@pytest.mark.django_db
def test_dashboard_panel_costs_one_query_a_queue_for_moderators(moderator, waiting, django_assert_num_queries):
    with django_assert_num_queries(len(all_queues())):
        html = render_panel(moderator)
    assert "Moderation" in html


@pytest.mark.django_db
@pytest.mark.parametrize("who", NOT_STAFF)
def test_dashboard_panel_and_header_cost_nothing_for_everyone_else(personas, waiting, who, django_assert_num_queries):
    person = personas[who]
    request = RequestFactory().get("/")
    request.user = person
    with django_assert_num_queries(0):
        panel = render_panel(person)
        header = Template("{% load moderation_tags %}{% may_moderate as m %}{{ m }}").render(
            Context({"request": request})
        )
    assert "Moderation" not in panel
    assert header == "False"


FEATURE_APPS = {"accounts", "engagements", "institutions", "moderation", "movements", "notifications"}


def imported_modules(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.module


def test_core_imports_no_feature_app():
    # Feature apps register with shared parts (queues, notification kinds); core never reaches into them.
    found = {
        f"{path.relative_to(ROOT)} imports {module}"
        for path in (ROOT / "core").rglob("*.py")
        for module in imported_modules(path)
        if module.split(".")[0] in FEATURE_APPS
    }
    assert not found

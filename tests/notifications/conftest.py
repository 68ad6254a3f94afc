"""Notifications test set-up: event kinds of our own, with their templates.

The people are the shared personas (tests/personas.py): `user` receives, `lead_a` acts, `lead_b`
is someone else, and the `superuser` works the Django admin.
"""

from pathlib import Path

import pytest
from django.conf import settings as django_settings

from notifications.registry import EventKind, register
from notifications.rendering import text_engine

TEMPLATES_DIR = Path(__file__).parent / "templates"

# Test-only kinds, one per kind of behaviour: digestible in a category people can
# switch, another category, and one that must never wait for a digest.
PROPOSAL = register(EventKind(key="testing.proposal_received", category="proposals", description="A proposal"))
COMMENT = register(EventKind(key="testing.comment_posted", category="comments", description="A comment"))
URGENT = register(
    EventKind(key="testing.agreement_to_sign", category="agreements", description="Sign this", digestible=False)
)
SECURITY = "accounts.password_changed"


@pytest.fixture(autouse=True)
def _notification_templates(settings):
    templates = [dict(t) for t in django_settings.TEMPLATES]
    templates[0]["DIRS"] = [*templates[0]["DIRS"], TEMPLATES_DIR]
    settings.TEMPLATES = templates
    text_engine.cache_clear()
    yield
    text_engine.cache_clear()


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = "https://commonground.example"

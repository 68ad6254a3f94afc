"""Shared personas (DESIGN §6). Apps add theirs in tests/<app>/conftest.py."""

import pytest

from tests.factories import PASSWORD, UserFactory


@pytest.fixture
def password():
    return PASSWORD


@pytest.fixture
def visitor(client):
    """A client with nobody signed in."""
    return client


@pytest.fixture
def user(db):
    return UserFactory(display_name="Una Related", email="una@example.org")


@pytest.fixture
def moderator(db):
    return UserFactory(display_name="Morgan Moderator", email="moderator@example.org", is_moderator=True)


@pytest.fixture
def user_client(client, user):
    client.force_login(user)
    return client


@pytest.fixture(autouse=True)
def _fresh_cache():
    """allauth counts rate limits and remembers used TOTP codes in the cache,
    which outlives a test: every test starts from nothing."""
    from tests.cache import forget_allauth_cache

    forget_allauth_cache()
    yield
    forget_allauth_cache()


@pytest.fixture(autouse=True)
def _eager_celery(request):
    """Tasks run in-process, except in broker tests, which need the real worker.

    With CELERY_BROKER_URL set (the PostgreSQL + Redis run in CI) the settings
    turn eager mode off for the whole process; only `broker` tests want that.
    """
    from config.celery import app
    from notifications.services.announce import broker_pause_reset

    # A broker failure in one test must not pause enqueueing in the next.
    broker_pause_reset()
    if request.node.get_closest_marker("broker"):
        yield
        return
    saved = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = saved

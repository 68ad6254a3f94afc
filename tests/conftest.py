"""Suite-wide fixtures. The shared personas (DESIGN §6) are a plugin: tests/personas.py."""

import pytest

from tests.factories import PASSWORD

pytest_plugins = ["tests.personas"]


@pytest.fixture
def password():
    return PASSWORD


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

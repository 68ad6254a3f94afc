"""core.W001: with debug off, a cache kept inside each process and (likely) several web
processes, rate limits and single-use two-factor codes would be per process: warn."""

import pytest
from django.core import checks
from django.test import override_settings

from core.checks import check_shared_cache

LOCMEM = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
DUMMY = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
REDIS = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://redis:6379/1"}}


def warnings_for(monkeypatch, *, debug, caches, web_concurrency):
    if web_concurrency is None:
        monkeypatch.delenv("WEB_CONCURRENCY", raising=False)
    else:
        monkeypatch.setenv("WEB_CONCURRENCY", web_concurrency)
    with override_settings(DEBUG=debug, CACHES=caches):
        return [w.id for w in check_shared_cache(None)]


@pytest.mark.parametrize(
    "caches,web_concurrency",
    [(LOCMEM, None), (LOCMEM, "3"), (LOCMEM, "2"), (DUMMY, "4"), (LOCMEM, "three")],
    ids=["unset", "three", "two", "dummy-cache", "unreadable"],
)
def test_a_per_process_cache_with_several_web_processes_is_a_warning(monkeypatch, caches, web_concurrency):
    assert warnings_for(monkeypatch, debug=False, caches=caches, web_concurrency=web_concurrency) == ["core.W001"]


@pytest.mark.parametrize(
    "debug,caches,web_concurrency",
    [(False, REDIS, None), (False, REDIS, "8"), (False, LOCMEM, "1"), (True, LOCMEM, "3")],
    ids=["redis", "redis-many", "one-process", "debug"],
)
def test_a_shared_cache_or_one_process_or_debug_is_fine(monkeypatch, debug, caches, web_concurrency):
    assert warnings_for(monkeypatch, debug=debug, caches=caches, web_concurrency=web_concurrency) == []


def test_the_warning_says_why_and_what_to_set(monkeypatch):
    monkeypatch.setenv("WEB_CONCURRENCY", "3")
    with override_settings(DEBUG=False, CACHES=LOCMEM):
        (warning,) = check_shared_cache(None)
    assert warning.level == checks.WARNING
    assert "WEB_CONCURRENCY=3" in warning.msg
    assert "rate limits" in warning.msg and "two-factor code" in warning.msg
    assert "REDIS_URL" in warning.hint and "WEB_CONCURRENCY=1" in warning.hint


def test_the_check_is_registered(monkeypatch):
    monkeypatch.setenv("WEB_CONCURRENCY", "3")
    with override_settings(DEBUG=False, CACHES=LOCMEM):
        assert "core.W001" in [message.id for message in checks.run_checks()]

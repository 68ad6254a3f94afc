"""Fixtures for the account tests."""

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_cache():
    # allauth counts rate limits and remembers used TOTP codes in the cache,
    # which outlives a test: each test starts from nothing.
    cache.clear()
    yield
    cache.clear()

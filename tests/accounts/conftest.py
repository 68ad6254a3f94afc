"""Fixtures for the account tests."""

import pytest

from .helpers import forget_allauth_cache


@pytest.fixture(autouse=True)
def _fresh_cache():
    # allauth counts rate limits and remembers used TOTP codes in the cache,
    # which outlives a test: each test starts from nothing.
    forget_allauth_cache()
    yield
    forget_allauth_cache()

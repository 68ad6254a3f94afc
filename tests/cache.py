"""Cache hygiene between tests."""


def forget_allauth_cache() -> None:
    """Forget allauth's rate-limit counters and used TOTP codes, and nothing else.

    Not cache.clear(): with Redis the cache shares a database with the Celery
    broker, and flushing it would drop queued tasks and kombu's bindings.
    """
    from django.core.cache import cache
    from django.core.cache.backends.locmem import LocMemCache

    if isinstance(cache, LocMemCache):
        cache.clear()
        return
    client = getattr(getattr(cache, "_cache", None), "get_client", None)
    if client is None:
        cache.clear()
        return
    redis = client(write=True)
    # Django stores "<prefix>:<version>:<key>": only this process's keys (tests/xdist prefix).
    keys = list(redis.scan_iter(match=f"{cache.key_prefix}:*allauth*"))
    if keys:
        redis.delete(*keys)

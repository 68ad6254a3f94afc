"""System checks for how the site is deployed (run by `manage.py check` and most commands)."""

import os

from django.conf import settings
from django.core.checks import Warning, register

# Caches that each process keeps to itself.
PER_PROCESS_CACHES = {
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
}


def web_processes() -> int | None:
    """WEB_CONCURRENCY as gunicorn reads it; None when unset or unreadable."""
    try:
        return int(os.environ.get("WEB_CONCURRENCY", "").strip())
    except ValueError:
        return None


@register(deploy=False)
def check_shared_cache(app_configs, **kwargs):
    """Rate limits and used two-factor codes live in the cache: it must be one for all processes."""
    backend = settings.CACHES.get("default", {}).get("BACKEND")
    if settings.DEBUG or backend not in PER_PROCESS_CACHES:
        return []
    processes = web_processes()
    if processes == 1:
        return []
    # Unset counts as several: the image runs 3 gunicorn workers, and production should run more than one.
    how_many = f"WEB_CONCURRENCY={processes}" if processes else "WEB_CONCURRENCY is unset; the image sets 3"
    return [
        Warning(
            f"The cache is kept inside each process ({backend.rsplit('.', 1)[-1]}) but several web processes"
            f" are likely ({how_many}). Sign-in rate limits would be counted by each process on its own,"
            " multiplying them, and a two-factor code could be used once in every process.",
            hint="Set REDIS_URL (or CACHE_URL) to a Redis that every web process shares, as the compose"
            " stack does. If this really runs as one web process, set WEB_CONCURRENCY=1.",
            id="core.W001",
        )
    ]

"""Readiness checks for /health/: database, cache and broker."""

import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import connection


def check_database() -> tuple[bool, str]:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        return True, "ok"
    except Exception as exc:  # noqa: BLE001 - any failure means "not ready"
        return False, type(exc).__name__


def check_cache() -> tuple[bool, str]:
    key = f"health:{uuid.uuid4().hex}"
    try:
        cache.set(key, "1", 5)
        ok = cache.get(key) == "1"
        cache.delete(key)
        return (True, "ok") if ok else (False, "read-back failed")
    except Exception as exc:  # noqa: BLE001
        return False, type(exc).__name__


def check_broker() -> tuple[bool, str]:
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return True, "eager (no broker configured)"
    from config.celery import app

    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
        return True, "ok"
    except Exception as exc:  # noqa: BLE001
        return False, type(exc).__name__


CHECKS = {"database": check_database, "cache": check_cache, "broker": check_broker}


def run_checks() -> tuple[bool, dict]:
    results = {}
    healthy = True
    for name, check in CHECKS.items():
        ok, detail = check()
        healthy = healthy and ok
        results[name] = {"ok": ok, "detail": detail}
    return healthy, results

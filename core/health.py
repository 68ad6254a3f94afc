"""Readiness checks for /health/: database, cache and broker.

Anyone may ask whether the service is ready (ok or not); which dependency failed and how
is for operators only: they send the HEALTH_CHECK_TOKEN, and every failure is logged.
"""

import hmac
import logging
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import connection

logger = logging.getLogger(__name__)


def _failure(exc: Exception) -> str:
    # The class and the first line of the message: enough to act on, short enough to log.
    text = str(exc).strip()
    return f"{type(exc).__name__}: {text.splitlines()[0][:200]}" if text else type(exc).__name__


def check_database() -> tuple[bool, str]:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        return True, "ok"
    except Exception as exc:  # noqa: BLE001 - any failure means "not ready"
        return False, _failure(exc)


def check_cache() -> tuple[bool, str]:
    key = f"health:{uuid.uuid4().hex}"
    try:
        cache.set(key, "1", 5)
        ok = cache.get(key) == "1"
        cache.delete(key)
        return (True, "ok") if ok else (False, "read-back failed")
    except Exception as exc:  # noqa: BLE001
        return False, _failure(exc)


def check_broker() -> tuple[bool, str]:
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return True, "eager (no broker configured)"
    from config.celery import app

    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
        return True, "ok"
    except Exception as exc:  # noqa: BLE001
        return False, _failure(exc)


CHECKS = {"database": check_database, "cache": check_cache, "broker": check_broker}


def run_checks() -> tuple[bool, dict]:
    results = {}
    healthy = True
    for name, check in CHECKS.items():
        ok, detail = check()
        healthy = healthy and ok
        results[name] = {"ok": ok, "detail": detail}
        if not ok:
            logger.warning("Health check failed: %s: %s", name, detail)
    return healthy, results


def is_operator(request) -> bool:
    """Whether the request carries the operators' token (`Authorization: Bearer <token>`)."""
    token = settings.HEALTH_CHECK_TOKEN
    scheme, _, offered = request.headers.get("Authorization", "").partition(" ")
    if not token or scheme.lower() != "bearer":
        return False
    # Constant time, and bytes: compare_digest refuses non-ASCII text.
    return hmac.compare_digest(offered.strip().encode(), token.encode())

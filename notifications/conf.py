"""Notification settings with their defaults (override any of them in config/settings.py)."""

from django.conf import settings


def _get(name, default):
    return getattr(settings, name, default)


def max_attempts() -> int:
    """Send attempts for one email before it is marked failed."""
    return _get("NOTIFICATIONS_EMAIL_MAX_ATTEMPTS", 5)


def retry_base_seconds() -> int:
    """First retry waits this long; each later one waits twice as long as the one before."""
    return _get("NOTIFICATIONS_EMAIL_RETRY_BASE_SECONDS", 30)


def sweep_pending_after_seconds() -> int:
    """A delivery still pending after this long is assumed lost on the way to the broker."""
    return _get("NOTIFICATIONS_SWEEP_PENDING_AFTER_SECONDS", 120)


def sweep_sending_timeout_seconds() -> int:
    """A delivery stuck in "sending" this long belongs to a worker that died; try it again."""
    return _get("NOTIFICATIONS_SWEEP_SENDING_TIMEOUT_SECONDS", 300)


def enqueue_pause_seconds() -> float:
    """After the broker fails, new work waits this long for the sweep instead of trying again."""
    return _get("NOTIFICATIONS_ENQUEUE_PAUSE_SECONDS", 10)


def unsubscribe_link_days() -> int:
    """An unsubscribe link works for this many days after its email was sent."""
    return _get("NOTIFICATIONS_UNSUBSCRIBE_LINK_DAYS", 90)


def retention_days() -> int:
    return _get("NOTIFICATIONS_RETENTION_DAYS", 90)


def enqueue_chunk_size() -> int:
    return _get("NOTIFICATIONS_ENQUEUE_CHUNK_SIZE", 200)

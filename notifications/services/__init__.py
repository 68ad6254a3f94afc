"""Every write about notifications. Other apps call notification_announce (and _to_email)."""

from .announce import notification_announce, notification_announce_to_email
from .inbox import notification_mark_read, notifications_mark_all_read
from .preferences import preferences_for, preferences_update
from .unsubscribe import unsubscribe_apply, unsubscribe_read, unsubscribe_token

__all__ = [
    "notification_announce",
    "notification_announce_to_email",
    "notification_mark_read",
    "notifications_mark_all_read",
    "preferences_for",
    "preferences_update",
    "unsubscribe_apply",
    "unsubscribe_read",
    "unsubscribe_token",
]

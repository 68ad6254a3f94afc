"""Every write about notifications. Other apps call notification_announce (and _to_email)."""

from .announce import notification_announce, notification_announce_to_email
from .inbox import notification_mark_read, notifications_mark_all_read
from .preferences import preferences_update
from .unsubscribe import unsubscribe_apply

__all__ = [
    "notification_announce",
    "notification_announce_to_email",
    "notification_mark_read",
    "notifications_mark_all_read",
    "preferences_update",
    "unsubscribe_apply",
]

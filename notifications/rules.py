"""Who may see and change which notifications."""

import rules

from accounts.types import Viewer

from .models import Notification


@rules.predicate
def is_recipient(user: Viewer, notification: Notification | None) -> bool:
    return notification is not None and user.is_authenticated and notification.recipient_id == user.pk


# Only the person a notification was for may open it or mark it read; to anyone else it does not exist.
rules.add_perm("notifications.see_notification", is_recipient)
rules.add_perm("notifications.edit_notification", is_recipient)

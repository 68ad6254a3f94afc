"""Reading notifications in the notification centre."""

import rules
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from ..models import Notification


def notification_mark_read(*, user, notification: Notification) -> bool:
    """Mark one read. Conditional, so a second click changes nothing."""
    if notification is None or not rules.test_rule("notifications.change_notification", user, notification):
        raise PermissionDenied("Only the recipient can mark a notification as read.")
    updated = Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(read_at=timezone.now())
    return updated == 1


def notifications_mark_all_read(*, user) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(read_at=timezone.now())

"""Reading notifications in the notification centre."""

from django.utils import timezone

from accounts.models import User
from core.contract import require

from ..models import Notification


def notification_mark_read(*, actor: User, notification: Notification) -> bool:
    """Mark one read. Conditional, so a second click changes nothing (and is no conflict: it is read)."""
    require(actor, "notifications.edit_notification", notification, "Only the recipient can mark it as read.")
    updated = Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(read_at=timezone.now())
    return updated == 1


def notifications_mark_all_read(*, actor: User) -> int:
    return Notification.objects.filter(recipient=actor, read_at__isnull=True).update(read_at=timezone.now())

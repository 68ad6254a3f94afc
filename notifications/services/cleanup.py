"""Forget what people have already read, after the retention period."""

from datetime import timedelta

from django.utils import timezone

from .. import conf
from ..models import EmailDelivery, Notification


def notifications_cleanup(*, days: int | None = None) -> int:
    """Delete read notifications and finished emails older than the retention period.

    Unread notifications and failed emails are kept: someone still needs to see them.
    """
    cutoff = timezone.now() - timedelta(days=conf.retention_days() if days is None else days)
    deleted, _ = Notification.objects.filter(read_at__isnull=False, created_at__lt=cutoff).delete()
    EmailDelivery.objects.filter(
        status__in=[EmailDelivery.Status.SENT, EmailDelivery.Status.CANCELLED], created_at__lt=cutoff
    ).delete()
    return deleted

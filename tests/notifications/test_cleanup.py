from datetime import timedelta

import pytest
from django.utils import timezone

from notifications.models import EmailDelivery, Notification
from notifications.services import notification_announce
from notifications.tasks import notifications_cleanup_task

from .conftest import PROPOSAL

pytestmark = pytest.mark.django_db


def test_cleanup_deletes_only_old_read_notifications(user, settings):
    settings.NOTIFICATIONS_RETENTION_DAYS = 30
    for title in ("old read", "old unread", "new read"):
        notification_announce(kind=PROPOSAL.key, recipients=[user], context={"title": title})
    long_ago = timezone.now() - timedelta(days=31)
    Notification.objects.filter(context__title="old read").update(created_at=long_ago, read_at=long_ago)
    Notification.objects.filter(context__title="old unread").update(created_at=long_ago)
    Notification.objects.filter(context__title="new read").update(read_at=timezone.now())
    EmailDelivery.objects.filter(context__title="old read").update(created_at=long_ago, status="sent")
    EmailDelivery.objects.filter(context__title="old unread").update(created_at=long_ago, status="failed")

    assert notifications_cleanup_task.delay().get() == 1
    assert sorted(Notification.objects.values_list("context__title", flat=True)) == ["new read", "old unread"]
    # Failed emails stay for admins to see; old sent ones go.
    assert sorted(EmailDelivery.objects.values_list("context__title", flat=True)) == ["new read", "old unread"]

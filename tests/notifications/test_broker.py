"""With a real Redis broker and a real `celery -A config worker` process (CI starts both).

The worker shares the test database only on PostgreSQL (CI points it at the
test database), so these run there; the email backend in the worker is not
visible from here, so delivery is observed through the EmailDelivery row the
worker updates.
"""

import os
import time

import pytest
from django.conf import settings
from django.db import connection, transaction

from accounts.services import user_update_profile
from config.celery import app
from notifications.models import EmailDelivery
from notifications.services import notification_announce
from notifications.tasks import deliveries_sweep_task
from tests.factories import UserFactory

from .brokers import broker_at, refused_url

pytestmark = [
    pytest.mark.broker,
    pytest.mark.skipif(
        not os.environ.get("CELERY_BROKER_URL"),
        reason="needs a real broker and worker: set CELERY_BROKER_URL and start `celery -A config worker`",
    ),
    # The worker reads one test database; pytest-xdist gives each process its own.
    pytest.mark.skipif(
        bool(os.environ.get("PYTEST_XDIST_WORKER")),
        reason="the worker shares one test database: run these in one process (-n 0, --reuse-db)",
    ),
    pytest.mark.django_db(transaction=True),
]

KIND = "accounts.password_changed"  # a real kind: its templates exist in the worker too


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("the worker process can share the test database only on PostgreSQL")


def wait_for_status(delivery, status, timeout=30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        delivery.refresh_from_db()
        if delivery.status == status:
            return delivery
        time.sleep(0.25)
    pytest.fail(f"delivery still {delivery.status!r} after {timeout}s (expected {status!r}); is the worker running?")


def announce_password_change(user):
    notification_announce(kind=KIND, recipients=[user], actor=user, url="/accounts/password/change/")


def test_an_event_is_emailed_through_the_worker():
    user = UserFactory()
    with transaction.atomic():
        announce_password_change(user)
    delivery = wait_for_status(EmailDelivery.objects.get(recipient=user), EmailDelivery.Status.SENT)
    assert delivery.attempts == 1


def test_broker_down_at_commit_then_the_sweep_delivers_exactly_once():
    user = UserFactory(display_name="Before")
    with broker_at(refused_url()):
        started = time.monotonic()
        with transaction.atomic():
            user_update_profile(actor=user, display_name="After")
            announce_password_change(user)
        # The failed enqueue was caught and logged, and did not hold the request up.
        assert time.monotonic() - started < settings.CELERY_ENQUEUE_TIMEOUT_SECONDS
    user.refresh_from_db()
    assert user.display_name == "After"  # the change committed
    delivery = EmailDelivery.objects.get(recipient=user)
    time.sleep(2)
    delivery.refresh_from_db()
    assert delivery.status == EmailDelivery.Status.PENDING
    assert delivery.attempts == 0

    # The broker is back. Age the row past the sweep's threshold and let the worker sweep.
    EmailDelivery.objects.filter(pk=delivery.pk).update(created_at=delivery.created_at.replace(year=2000))
    deliveries_sweep_task.delay()
    delivery = wait_for_status(delivery, EmailDelivery.Status.SENT)
    sent_at = delivery.sent_at

    # Sweeping again (and a stray duplicate task) sends nothing more.
    deliveries_sweep_task.delay()
    app.send_task("notifications.delivery_send", args=[str(delivery.uuid)])
    time.sleep(3)
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.sent_at) == (EmailDelivery.Status.SENT, 1, sent_at)

"""A broker that hangs or is down never holds a request up, never loses an email, and
costs one plain log line per failed hand-over.

Each test points the app's real producer (kombu and redis-py, as in production) at a
socket on 127.0.0.1 that misbehaves: one that accepts and never answers, one that refuses.
"""

import logging
import time
from datetime import timedelta

import pytest
from django.conf import settings as django_settings
from django.core import mail
from django.utils import timezone

from notifications.models import EmailDelivery
from notifications.services import notification_announce
from notifications.services.announce import deliveries_enqueue
from notifications.tasks import deliveries_sweep_task

from .brokers import SilentBroker, broker_at, refused_url
from .conftest import PROPOSAL

pytestmark = pytest.mark.django_db
Status = EmailDelivery.Status
LOGGER = "notifications.services.announce"
# Scheduling noise on a busy two-core machine (CI runs a worker and the suite side by side);
# the hang this guards against, an uncapped wait, costs 5 seconds or more.
SLACK = 1.5


@pytest.fixture
def cap():
    return django_settings.CELERY_ENQUEUE_TIMEOUT_SECONDS


def announce_and_commit(recipients, capture) -> float:
    """Announce inside a transaction and run its on-commit hooks; seconds the hooks took."""
    with capture(execute=False) as callbacks:
        notification_announce(kind=PROPOSAL.key, recipients=recipients, context={"title": "T"}, url="/x/")
    started = time.monotonic()
    for callback in callbacks:
        callback()
    return time.monotonic() - started


def broker_warnings(caplog):
    return [r for r in caplog.records if r.name == LOGGER and r.levelno >= logging.WARNING]


def test_the_default_cap_is_about_a_second(cap):
    assert 0 < cap <= 1


def test_a_broker_that_never_answers_holds_the_commit_no_longer_than_the_cap(
    user, lead_b, django_capture_on_commit_callbacks, caplog, cap
):
    with SilentBroker() as broker, broker_at(broker.url):
        took = announce_and_commit([user, lead_b], django_capture_on_commit_callbacks)
        assert broker.bytes_received > 0  # it really talked to the silent broker
    assert took < cap + SLACK
    assert set(EmailDelivery.objects.values_list("status", "attempts")) == {(Status.PENDING, 0)}
    [record] = broker_warnings(caplog)
    assert record.levelno == logging.WARNING
    assert record.exc_info is None and "\n" not in record.getMessage()
    assert "Could not hand 2 email deliveries to the broker" in record.getMessage()
    assert "the sweep will retry them" in record.getMessage()


def test_a_broker_that_is_down_costs_nothing(user, django_capture_on_commit_callbacks, caplog, cap):
    with broker_at(refused_url()):
        took = announce_and_commit([user], django_capture_on_commit_callbacks)
    assert took < min(cap, 0.5)
    assert EmailDelivery.objects.get().status == Status.PENDING
    [record] = broker_warnings(caplog)
    assert record.exc_info is None and "\n" not in record.getMessage()
    assert "Could not hand 1 email deliveries" in record.getMessage()


def test_the_count_is_every_delivery_left_pending_not_one_batch(user, caplog, settings):
    settings.NOTIFICATIONS_ENQUEUE_CHUNK_SIZE = 2
    with broker_at(refused_url()):
        assert deliveries_enqueue(delivery_ids=[f"id-{n}" for n in range(5)]) is False
    [record] = broker_warnings(caplog)
    assert "Could not hand 5 email deliveries" in record.getMessage()


def test_after_a_failure_the_process_leaves_new_work_to_the_sweep_for_a_while(caplog, settings, cap):
    settings.NOTIFICATIONS_ENQUEUE_PAUSE_SECONDS = 2 * cap + 1
    with SilentBroker() as broker, broker_at(broker.url):
        assert deliveries_enqueue(delivery_ids=["a"]) is False
        heard = broker.bytes_received
        started = time.monotonic()
        # A request that announces three times pays the timeout once, not three times.
        for ids in (["b"], ["c", "d"], ["e"]):
            assert deliveries_enqueue(delivery_ids=ids) is False
        assert time.monotonic() - started < 0.1
        assert broker.bytes_received == heard  # nothing more was sent its way
        messages = [r.getMessage() for r in broker_warnings(caplog)]
        assert len(messages) == 4
        assert "left 2 email deliveries pending; the sweep will retry them" in messages[2]

        settings.NOTIFICATIONS_ENQUEUE_PAUSE_SECONDS = 0  # the pause is over: try the broker again
        assert deliveries_enqueue(delivery_ids=["f"]) is False
        assert broker.bytes_received > heard


def test_what_a_hung_broker_left_pending_the_sweep_sends_once(user, django_capture_on_commit_callbacks, settings):
    settings.NOTIFICATIONS_SWEEP_PENDING_AFTER_SECONDS = 60
    with SilentBroker() as broker, broker_at(broker.url):
        announce_and_commit([user], django_capture_on_commit_callbacks)
    delivery = EmailDelivery.objects.get()
    assert delivery.status == Status.PENDING and mail.outbox == []
    # Later, the broker answers again (here: tasks run in-process) and the sweep comes round.
    EmailDelivery.objects.filter(pk=delivery.pk).update(created_at=timezone.now() - timedelta(minutes=5))
    assert deliveries_sweep_task.delay().get() == 1
    assert deliveries_sweep_task.delay().get() == 0
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (Status.SENT, 1)
    assert len(mail.outbox) == 1

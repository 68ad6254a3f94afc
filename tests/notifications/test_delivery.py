"""The delivery task: once only, retries with backoff, a visible failure, and the sweep."""

import smtplib
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from notifications.models import EmailDelivery
from notifications.services import notification_announce
from notifications.services.delivery import backoff_seconds, delivery_send
from notifications.tasks import deliveries_sweep_task, delivery_send_task

from .backends import RefusingEmailBackend
from .conftest import PROPOSAL

pytestmark = pytest.mark.django_db
Status = EmailDelivery.Status


@pytest.fixture
def delivery(user, lead_a):
    """A committed-looking pending delivery (its on-commit enqueue is not run)."""
    notification_announce(kind=PROPOSAL.key, recipients=[user], actor=lead_a, context={"title": "T"}, url="/x/")
    return EmailDelivery.objects.get()


@pytest.fixture
def refusing_smtp(settings):
    settings.EMAIL_BACKEND = "tests.notifications.backends.RefusingEmailBackend"
    settings.NOTIFICATIONS_EMAIL_MAX_ATTEMPTS = 4
    RefusingEmailBackend.calls = 0
    RefusingEmailBackend.error = smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
    yield RefusingEmailBackend
    RefusingEmailBackend.failures = 0


def test_running_the_task_twice_sends_one_email(delivery):
    assert delivery_send_task.delay(str(delivery.uuid)).get() == Status.SENT
    assert delivery_send_task.delay(str(delivery.uuid)).get() == "skipped"
    assert len(mail.outbox) == 1
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (Status.SENT, 1)


def test_a_claimed_delivery_is_not_sent_by_a_second_worker(delivery):
    # Another worker has claimed it (pending → sending) and is sending right now.
    EmailDelivery.objects.filter(pk=delivery.pk).update(status=Status.SENDING, claimed_at=timezone.now())
    assert delivery_send(delivery_id=str(delivery.uuid)).status == "skipped"
    assert mail.outbox == []


def test_transient_failures_are_retried_then_sent(delivery, refusing_smtp):
    refusing_smtp.failures = 2
    delivery_send_task.delay(str(delivery.uuid))  # eager: retries run at once, in-process
    delivery.refresh_from_db()
    assert delivery.status == Status.SENT
    assert delivery.attempts == 3
    assert delivery.last_error == ""
    assert refusing_smtp.calls == 3
    assert len(mail.outbox) == 1


def test_persistent_failure_ends_failed_and_visible(delivery, refusing_smtp, as_persona):
    refusing_smtp.failures = 100
    delivery_send_task.delay(str(delivery.uuid))
    delivery.refresh_from_db()
    assert delivery.status == Status.FAILED
    assert delivery.attempts == 4
    assert "SMTPServerDisconnected" in delivery.last_error
    assert refusing_smtp.calls == 4
    assert mail.outbox == []
    # The notification itself is not lost: it is still in the person's centre.
    assert delivery.notification.read_at is None
    # Admins find it with the status filter.
    response = as_persona("superuser").get("/admin/notifications/emaildelivery/?status__exact=failed")
    assert response.status_code == 200
    assert "una@example.org" in response.content.decode()


def test_admin_can_send_a_failed_email_again(delivery, refusing_smtp, as_persona, django_capture_on_commit_callbacks):
    refusing_smtp.failures = 100
    delivery_send_task.delay(str(delivery.uuid))
    refusing_smtp.failures = 0
    admin = as_persona("superuser")
    with django_capture_on_commit_callbacks(execute=True):
        admin.post(
            "/admin/notifications/emaildelivery/",
            {"action": "send_again", "_selected_action": [delivery.pk]},
        )
    delivery.refresh_from_db()
    assert delivery.status == Status.SENT
    assert len(mail.outbox) == 1


def test_permanent_refusal_is_not_retried(delivery, refusing_smtp):
    refusing_smtp.failures = 100
    refusing_smtp.error = smtplib.SMTPRecipientsRefused({"una@example.org": (550, b"No such user")})
    delivery_send_task.delay(str(delivery.uuid))
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (Status.FAILED, 1)


def test_backoff_doubles():
    assert [backoff_seconds(n) for n in (1, 2, 3, 4)] == [30, 60, 120, 240]


def test_retry_waits_are_recorded(delivery, refusing_smtp):
    refusing_smtp.failures = 1
    outcome = delivery_send(delivery_id=str(delivery.uuid))
    assert outcome.retry_in == 30
    delivery.refresh_from_db()
    assert delivery.status == Status.PENDING
    assert delivery.next_attempt_at > timezone.now() + timedelta(seconds=25)


def test_missing_template_fails_visibly(user):
    delivery = EmailDelivery.objects.create(
        recipient=user, to_email=user.email, kind="testing.no_templates", category="comments"
    )
    assert delivery_send(delivery_id=str(delivery.uuid)).status == Status.FAILED
    delivery.refresh_from_db()
    assert "render" in delivery.last_error


def test_closed_account_is_not_emailed(delivery, user):
    user.is_active = False
    user.save()
    assert delivery_send(delivery_id=str(delivery.uuid)).status == Status.CANCELLED
    assert mail.outbox == []


def test_sweep_sends_old_pending_once_and_leaves_fresh_ones(delivery, user, lead_a, settings):
    settings.NOTIFICATIONS_SWEEP_PENDING_AFTER_SECONDS = 60
    EmailDelivery.objects.filter(pk=delivery.pk).update(created_at=timezone.now() - timedelta(minutes=5))
    notification_announce(kind=PROPOSAL.key, recipients=[lead_a], context={"title": "fresh"})
    assert deliveries_sweep_task.delay().get() == 1
    assert [m.to for m in mail.outbox] == [["una@example.org"]]
    assert deliveries_sweep_task.delay().get() == 0
    assert len(mail.outbox) == 1


def test_sweep_waits_for_a_scheduled_retry(delivery, settings):
    settings.NOTIFICATIONS_SWEEP_PENDING_AFTER_SECONDS = 60
    EmailDelivery.objects.filter(pk=delivery.pk).update(
        created_at=timezone.now() - timedelta(minutes=5), next_attempt_at=timezone.now() + timedelta(minutes=1)
    )
    assert deliveries_sweep_task.delay().get() == 0


def test_sweep_rescues_a_delivery_whose_worker_died(delivery, settings):
    settings.NOTIFICATIONS_SWEEP_SENDING_TIMEOUT_SECONDS = 600
    long_ago = timezone.now() - timedelta(minutes=30)
    EmailDelivery.objects.filter(pk=delivery.pk).update(status=Status.SENDING, claimed_at=long_ago, created_at=long_ago)
    deliveries_sweep_task.delay()
    delivery.refresh_from_db()
    assert delivery.status == Status.SENT
    assert len(mail.outbox) == 1


@pytest.mark.parametrize("timeout", [180, 1200])
def test_sweep_rescues_a_stuck_delivery_after_exactly_the_configured_timeout(user, lead_a, settings, timeout):
    settings.NOTIFICATIONS_SWEEP_SENDING_TIMEOUT_SECONDS = timeout
    for title in ("still sending", "worker died"):
        notification_announce(kind=PROPOSAL.key, recipients=[user], actor=lead_a, context={"title": title})
    now, long_ago = timezone.now(), timezone.now() - timedelta(hours=2)
    EmailDelivery.objects.update(status=Status.SENDING, created_at=long_ago)
    for title, age in (("still sending", timeout - 20), ("worker died", timeout + 20)):
        EmailDelivery.objects.filter(context__title=title).update(claimed_at=now - timedelta(seconds=age))
    deliveries_sweep_task.delay()
    statuses = dict(EmailDelivery.objects.values_list("context__title", "status"))
    assert statuses == {"still sending": Status.SENDING, "worker died": Status.SENT}
    assert len(mail.outbox) == 1


def test_an_email_that_kills_its_worker_every_time_ends_failed(delivery, settings):
    settings.NOTIFICATIONS_EMAIL_MAX_ATTEMPTS = 3
    long_ago = timezone.now() - timedelta(hours=2)
    for attempts, status in ((2, Status.SENT), (3, Status.FAILED)):
        EmailDelivery.objects.filter(pk=delivery.pk).update(
            status=Status.SENDING, claimed_at=long_ago, created_at=long_ago, attempts=attempts
        )
        deliveries_sweep_task.delay()
        delivery.refresh_from_db()
        assert delivery.status == status
    assert "interrupted on every attempt" in delivery.last_error
    assert len(mail.outbox) == 1  # given up on, not tried again


def test_sweep_leaves_a_delivery_being_sent_now(delivery):
    long_ago = timezone.now() - timedelta(minutes=30)
    EmailDelivery.objects.filter(pk=delivery.pk).update(
        status=Status.SENDING, claimed_at=timezone.now(), created_at=long_ago
    )
    deliveries_sweep_task.delay()
    delivery.refresh_from_db()
    assert delivery.status == Status.SENDING
    assert mail.outbox == []


class ApiError(Exception):
    """Shaped like GOV.UK Notify's client errors: an HTTP status code."""

    def __init__(self, status_code):
        super().__init__(f"{status_code} from the email API")
        self.status_code = status_code


@pytest.mark.parametrize(
    "status_code,attempts,status", [(503, 2, Status.SENT), (429, 2, Status.SENT), (400, 1, Status.FAILED)]
)
def test_email_api_errors(delivery, refusing_smtp, status_code, attempts, status):
    refusing_smtp.failures = 1
    refusing_smtp.error = ApiError(status_code)
    delivery_send_task.delay(str(delivery.uuid))
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (status, attempts)

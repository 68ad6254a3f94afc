"""notification_announce: rows in the transaction, emails only after commit."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core import mail

from notifications.models import EmailDelivery, Notification
from notifications.services import notification_announce, notification_announce_to_email
from tests.factories import UserFactory

from .conftest import PROPOSAL

pytestmark = pytest.mark.django_db


def announce(recipients, actor, **extra):
    return notification_announce(
        kind=PROPOSAL.key,
        recipients=recipients,
        actor=actor,
        target=actor,
        context={"title": "Peer support in A&E"},
        url="/engagements/abc/",
        **extra,
    )


def test_announce_writes_rows_and_sends_only_after_commit(django_capture_on_commit_callbacks, lead_a, user):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        announce([user], lead_a)
        notification = Notification.objects.get()
        delivery = EmailDelivery.objects.get()
        assert notification.recipient == user
        assert notification.actor == lead_a
        assert notification.target == lead_a
        assert notification.context == {"title": "Peer support in A&E"}
        assert notification.read_at is None
        assert delivery.notification_id == notification.uuid
        assert delivery.status == EmailDelivery.Status.PENDING
        assert delivery.to_email == "una@example.org"
        assert mail.outbox == []
    assert len(callbacks) == 1
    assert mail.outbox == []  # still nothing: the commit has not "happened"
    callbacks[0]()
    assert len(mail.outbox) == 1
    delivery.refresh_from_db()
    assert delivery.status == EmailDelivery.Status.SENT
    assert delivery.attempts == 1
    assert delivery.sent_at is not None


def test_email_reads_well(django_capture_on_commit_callbacks, lead_a, user):
    with django_capture_on_commit_callbacks(execute=True):
        announce([user], lead_a)
    (message,) = mail.outbox
    assert message.to == ["una@example.org"]
    assert message.subject == "[Common Ground] Leah Lead proposed “Peer support in A&E”"
    # Plain text: not HTML-escaped; links absolute from SITE_URL.
    assert "Leah Lead proposed “Peer support in A&E”." in message.body
    assert "https://commonground.example/engagements/abc/" in message.body
    assert "Hello Una Related," in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert "Peer support in A&amp;E" in html
    assert 'href="https://commonground.example/engagements/abc/"' in html
    unsubscribe = message.extra_headers["List-Unsubscribe"]
    assert unsubscribe.startswith("<https://commonground.example/notifications/unsubscribe/")
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert unsubscribe.strip("<>") in message.body


def test_recipients_deduplicated_and_inactive_skipped(django_capture_on_commit_callbacks, lead_a, user):
    closed = UserFactory(is_active=False)
    with django_capture_on_commit_callbacks(execute=True):
        announce([user, user, closed, None], lead_a)
    assert Notification.objects.count() == 1
    assert len(mail.outbox) == 1


def test_rolled_back_change_sends_nothing(django_capture_on_commit_callbacks, lead_a, user):
    from django.db import transaction

    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError), transaction.atomic():
            announce([user], lead_a)
            raise RuntimeError("the change failed")
    assert Notification.objects.count() == 0
    assert mail.outbox == []


@pytest.mark.parametrize("url", ["https://evil.example/", "//evil.example/x", "engagements/x", "/\\evil.example"])
def test_only_local_paths_accepted(lead_a, user, url):
    with pytest.raises(ValueError, match="path on this site"):
        notification_announce(kind=PROPOSAL.key, recipients=[user], actor=lead_a, url=url)


def test_context_must_be_json(lead_a, user):
    with pytest.raises(ValueError, match="JSON"):
        notification_announce(kind=PROPOSAL.key, recipients=[user], context={"user": lead_a})


def test_unknown_kind_refused(user):
    with pytest.raises(LookupError, match="events.py"):
        notification_announce(kind="nobody.registered_this", recipients=[user])


def test_announce_to_email_without_account(django_capture_on_commit_callbacks, lead_a):
    with django_capture_on_commit_callbacks(execute=True):
        delivery = notification_announce_to_email(
            kind=PROPOSAL.key,
            email="newcomer@example.net",
            actor=lead_a,
            target=lead_a,
            context={"title": "Join us"},
            url="/movements/x/",
        )
    assert Notification.objects.count() == 0
    delivery.refresh_from_db()
    assert delivery.status == EmailDelivery.Status.SENT
    (message,) = mail.outbox
    assert message.to == ["newcomer@example.net"]
    assert "Hello there," in message.body
    # No account, so nothing to unsubscribe from.
    assert "List-Unsubscribe" not in message.extra_headers


@pytest.mark.parametrize("count", [10, 1000])
def test_fan_out_query_budget(django_assert_num_queries, lead_a, count):
    recipients = UserFactory.create_batch(count) if count <= 10 else _bulk_users(count)
    ContentType.objects.get_for_model(lead_a)  # the content type cache is warm in a running site
    # 1. SELECT the recipients' preferences for the category
    # 2. INSERT the notifications (one executemany)
    # 3. INSERT the email deliveries (one executemany)
    with django_assert_num_queries(3):
        announce(recipients, lead_a)
    assert Notification.objects.count() == count
    assert EmailDelivery.objects.count() == count


def _bulk_users(count):
    from accounts.models import User

    User.objects.bulk_create(
        [User(email=f"fan{i}@example.org", display_name=f"Fan {i}", password="!") for i in range(count)]
    )
    return list(User.objects.filter(email__startswith="fan"))

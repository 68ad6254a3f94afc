"""Daily and weekly digests: exactly the waiting items, one email, nothing when empty."""

from datetime import timedelta

import pytest
from django.core import mail

from notifications.models import EmailDelivery, Frequency
from notifications.rendering import DIGEST_KIND
from notifications.services import notification_announce, preferences_update
from notifications.services.digests import digest_build
from notifications.tasks import digests_send_task

from .conftest import COMMENT, PROPOSAL

pytestmark = pytest.mark.django_db
Status = EmailDelivery.Status


def announce(kind, recipients, title, actor=None):
    notification_announce(kind=kind.key, recipients=recipients, actor=actor, context={"title": title}, url="/e/1/")


@pytest.fixture
def waiting(user, lead_b, lead_a):
    """Una reads proposals and comments daily, agreements weekly; Olive reads proposals daily."""
    preferences_update(actor=user, choices={"proposals": "daily", "comments": "daily", "agreements": "weekly"})
    preferences_update(actor=lead_b, choices={"proposals": "daily"})
    announce(PROPOSAL, [user, lead_b], "Proposal one", lead_a)
    announce(COMMENT, [user], "Comment one", lead_a)
    announce(PROPOSAL, [user], "Proposal two", lead_a)
    notification_announce(
        kind="testing.agreement_to_sign", recipients=[user], context={"title": "Weekly thing"}
    )  # not digestible: sent at once, never in a digest


def test_daily_digest_has_exactly_the_pending_items(django_capture_on_commit_callbacks, waiting, user):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        digest = digest_build(user_id=user.pk, frequency=Frequency.DAILY)
    assert digest.kind == DIGEST_KIND
    (message,) = mail.outbox
    assert message.to == ["una@example.org"]
    assert message.subject == "[Common Ground] Your daily digest: 3 updates"
    body = message.body
    for line in (
        "Leah Lead proposed “Proposal one”.",
        "Leah Lead proposed “Proposal two”.",
        "Leah Lead commented on “Comment one”.",
    ):
        assert body.count(line) == 1, body
    assert "Weekly thing" not in body
    assert "https://commonground.example/e/1/" in body
    # Grouped by category, in the preferences page's order.
    assert body.index("Proposals and reviews") < body.index("Comments")
    assert "/notifications/unsubscribe/" in message.extra_headers["List-Unsubscribe"]
    items = EmailDelivery.objects.filter(recipient=user, digest=digest)
    assert items.count() == 3
    assert set(items.values_list("status", flat=True)) == {Status.SENT}
    # Olive's item is untouched by Una's digest.
    assert EmailDelivery.objects.get(recipient__email="olive@example.org").status == Status.DIGEST_PENDING


def test_running_again_sends_nothing(django_capture_on_commit_callbacks, waiting, user):
    with django_capture_on_commit_callbacks(execute=True):
        digest_build(user_id=user.pk, frequency=Frequency.DAILY)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert digest_build(user_id=user.pk, frequency=Frequency.DAILY) is None
    assert mail.outbox == []


def test_no_empty_digests(django_capture_on_commit_callbacks, user):
    with django_capture_on_commit_callbacks(execute=True):
        assert digest_build(user_id=user.pk, frequency=Frequency.WEEKLY) is None
        assert digests_send_task("weekly") == 0
    assert mail.outbox == []
    assert not EmailDelivery.objects.exists()


def test_scheduled_task_sends_one_digest_per_person(django_capture_on_commit_callbacks, waiting):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert digests_send_task("daily") == 2
    assert sorted(m.to[0] for m in mail.outbox) == ["olive@example.org", "una@example.org"]
    assert not EmailDelivery.objects.filter(status=Status.DIGEST_PENDING, digest_frequency="daily").exists()
    # The weekly item was never created (agreements kind is not digestible), so weekly is empty.
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert digests_send_task("weekly") == 0


def test_weekly_digest(django_capture_on_commit_callbacks, user, lead_a):
    preferences_update(actor=user, choices={"comments": "weekly"})
    announce(COMMENT, [user], "Slow news", lead_a)
    with django_capture_on_commit_callbacks(execute=True):
        digests_send_task("daily")
        assert mail.outbox == []
        digests_send_task("weekly")
    (message,) = mail.outbox
    assert message.subject == "[Common Ground] Your weekly digest: 1 update"
    assert "Slow news" in message.body


def test_items_stay_digested_until_the_digest_is_really_sent(user, lead_a):
    preferences_update(actor=user, choices={"comments": "daily"})
    announce(COMMENT, [user], "C", lead_a)
    digest = digest_build(user_id=user.pk, frequency="daily")  # on_commit not run: not sent yet
    assert digest.status == Status.PENDING
    assert EmailDelivery.objects.get(kind=COMMENT.key).status == Status.DIGESTED


def test_digest_for_closed_account_cancels_items(user, lead_a):
    preferences_update(actor=user, choices={"comments": "daily"})
    announce(COMMENT, [user], "C", lead_a)
    user.is_active = False
    user.save()
    assert digest_build(user_id=user.pk, frequency="daily") is None
    assert EmailDelivery.objects.get().status == Status.CANCELLED


def test_items_listed_oldest_first(django_capture_on_commit_callbacks, user, lead_a):
    preferences_update(actor=user, choices={"comments": "daily"})
    announce(COMMENT, [user], "Second", lead_a)
    announce(COMMENT, [user], "First", lead_a)
    first = EmailDelivery.objects.get(context__title="First")
    first.created_at -= timedelta(hours=1)
    first.save()
    with django_capture_on_commit_callbacks(execute=True):
        digest_build(user_id=user.pk, frequency="daily")
    body = mail.outbox[0].body
    assert body.index("First") < body.index("Second")


def test_unknown_frequency_refused(user):
    with pytest.raises(ValueError):
        digest_build(user_id=user.pk, frequency="hourly")

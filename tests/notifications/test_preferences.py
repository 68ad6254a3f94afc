"""Every category × frequency, the security exception and non-digestible kinds."""

import pytest
from django.core import mail

from notifications.models import EmailDelivery, Frequency, Notification, NotificationPreference
from notifications.registry import CATEGORIES
from notifications.selectors import preferences_for
from notifications.services import notification_announce, preferences_update

from .conftest import COMMENT, PROPOSAL, SECURITY, URGENT

pytestmark = pytest.mark.django_db
Status = EmailDelivery.Status

EXPECTED = {
    # frequency: (delivery status, digest frequency, emails sent now)
    Frequency.IMMEDIATE: (Status.SENT, "", 1),
    Frequency.DAILY: (Status.DIGEST_PENDING, "daily", 0),
    Frequency.WEEKLY: (Status.DIGEST_PENDING, "weekly", 0),
    Frequency.OFF: (None, None, 0),
}


@pytest.mark.parametrize("kind", [PROPOSAL, COMMENT], ids=lambda k: k.category)
@pytest.mark.parametrize("frequency", list(Frequency))
def test_each_frequency_for_each_switchable_category(django_capture_on_commit_callbacks, user, kind, frequency):
    preferences_update(actor=user, choices={kind.category: frequency})
    with django_capture_on_commit_callbacks(execute=True):
        notification_announce(kind=kind.key, recipients=[user], context={"title": "T"}, url="/x/")
    # In-app always.
    assert Notification.objects.filter(recipient=user, kind=kind.key).count() == 1
    status, digest, sent = EXPECTED[frequency]
    deliveries = list(EmailDelivery.objects.filter(recipient=user))
    if status is None:
        assert deliveries == []
    else:
        (delivery,) = deliveries
        assert (delivery.status, delivery.digest_frequency) == (status, digest)
    assert len(mail.outbox) == sent


@pytest.mark.parametrize("frequency", list(Frequency))
def test_one_category_does_not_affect_another(django_capture_on_commit_callbacks, user, frequency):
    preferences_update(actor=user, choices={"comments": frequency})
    with django_capture_on_commit_callbacks(execute=True):
        notification_announce(kind=PROPOSAL.key, recipients=[user], context={"title": "T"})
    assert EmailDelivery.objects.get(recipient=user).status == Status.SENT


@pytest.mark.parametrize("frequency", [Frequency.DAILY, Frequency.WEEKLY])
def test_non_digestible_kind_is_sent_at_once_to_digest_readers(django_capture_on_commit_callbacks, user, frequency):
    preferences_update(actor=user, choices={"agreements": frequency})
    with django_capture_on_commit_callbacks(execute=True):
        notification_announce(kind=URGENT.key, recipients=[user], context={"title": "T"})
    assert EmailDelivery.objects.get().status == Status.SENT


def test_non_digestible_kind_respects_off(django_capture_on_commit_callbacks, user):
    preferences_update(actor=user, choices={"agreements": Frequency.OFF})
    with django_capture_on_commit_callbacks(execute=True):
        notification_announce(kind=URGENT.key, recipients=[user], context={"title": "T"})
    assert not EmailDelivery.objects.exists()
    assert Notification.objects.count() == 1


@pytest.mark.parametrize("frequency", list(Frequency))
def test_security_is_always_immediate_whatever_is_stored(django_capture_on_commit_callbacks, user, frequency):
    # Even a row written behind the service's back cannot silence security email.
    NotificationPreference.objects.create(user=user, category="security", frequency=frequency)
    with django_capture_on_commit_callbacks(execute=True):
        notification_announce(kind=SECURITY, recipients=[user], actor=user, url="/accounts/email/")
    assert EmailDelivery.objects.get().status == Status.SENT
    assert len(mail.outbox) == 1
    assert preferences_for(user=user)["security"] == Frequency.IMMEDIATE


@pytest.mark.parametrize("frequency", list(Frequency))
def test_security_cannot_be_changed_through_the_service(user, frequency):
    with pytest.raises(ValueError, match="cannot be changed"):
        preferences_update(actor=user, choices={"security": frequency})
    assert not NotificationPreference.objects.exists()


def test_mixed_preferences_across_recipients_in_one_announce(django_capture_on_commit_callbacks, user, lead_b, lead_a):
    preferences_update(actor=user, choices={"proposals": Frequency.DAILY})
    preferences_update(actor=lead_b, choices={"proposals": Frequency.OFF})
    with django_capture_on_commit_callbacks(execute=True):
        notification_announce(kind=PROPOSAL.key, recipients=[user, lead_b, lead_a], context={"title": "T"})
    assert Notification.objects.count() == 3
    statuses = dict(EmailDelivery.objects.values_list("recipient__email", "status"))
    assert statuses == {"una@example.org": Status.DIGEST_PENDING, "leah@example.org": Status.SENT}
    assert [m.to for m in mail.outbox] == [["leah@example.org"]]


def test_defaults_are_immediate(user):
    assert preferences_for(user=user) == dict.fromkeys(CATEGORIES, Frequency.IMMEDIATE)


def test_switching_off_cancels_waiting_digest_items(user):
    preferences_update(actor=user, choices={"proposals": Frequency.DAILY})
    notification_announce(kind=PROPOSAL.key, recipients=[user], context={"title": "T"})
    preferences_update(actor=user, choices={"proposals": Frequency.OFF})
    assert EmailDelivery.objects.get().status == Status.CANCELLED


def test_switching_digest_moves_waiting_items(user):
    preferences_update(actor=user, choices={"proposals": Frequency.DAILY})
    notification_announce(kind=PROPOSAL.key, recipients=[user], context={"title": "T"})
    preferences_update(actor=user, choices={"proposals": Frequency.WEEKLY})
    assert EmailDelivery.objects.get().digest_frequency == "weekly"


@pytest.mark.parametrize("choices", [{"nonsense": "daily"}, {"proposals": "hourly"}])
def test_bad_choices_refused(user, choices):
    with pytest.raises(ValueError):
        preferences_update(actor=user, choices=choices)

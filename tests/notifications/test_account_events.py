"""Account emails travel through the notification pipeline: welcome and security notices."""

import pytest
from allauth.account.models import EmailAddress, EmailConfirmationHMAC
from django.core import mail
from django.urls import reverse

from accounts.events import SECURITY_NOTICES
from notifications.models import EmailDelivery, Notification
from notifications.registry import get_kind
from notifications.services import notification_announce
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db
NEW_PASSWORD = "a-brand-new-long-password-42"


def test_welcome_after_first_email_verification(client, django_capture_on_commit_callbacks):
    user = UserFactory(email="new@example.org", display_name="Nia New", verified=False)
    address = EmailAddress.objects.get(user=user)
    key = EmailConfirmationHMAC(address).key
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("account_confirm_email", args=[key]))
    assert response.status_code == 302
    notification = Notification.objects.get(recipient=user)
    assert notification.kind == "accounts.welcome"
    (message,) = [m for m in mail.outbox if m.subject == "[Common Ground] Your account is ready"]
    assert message.to == ["new@example.org"]
    assert "Hello Nia New," in message.body
    assert "https://commonground.example/dashboard/" in message.body
    # A welcome is not something to unsubscribe from.
    assert "List-Unsubscribe" not in message.extra_headers


def test_no_second_welcome_for_a_second_address(django_capture_on_commit_callbacks, rf):
    from accounts.adapters import AccountAdapter

    user = UserFactory(email="first@example.org")
    second = EmailAddress.objects.create(user=user, email="second@example.org", verified=False, primary=False)
    request = rf.post("/")
    request.user = user
    from django.contrib.messages.storage.fallback import FallbackStorage
    from django.contrib.sessions.backends.db import SessionStore

    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    with django_capture_on_commit_callbacks(execute=True):
        AccountAdapter(request).confirm_email(request, second)
    kinds = list(Notification.objects.filter(recipient=user).values_list("kind", flat=True))
    assert kinds == ["accounts.email_confirmed"]
    assert "second@example.org" in mail.outbox[-1].body


def test_password_change_notice_goes_through_the_pipeline(client, django_capture_on_commit_callbacks):
    user = UserFactory(email="owner@example.org")
    client.force_login(user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("account_change_password"),
            {"oldpassword": PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
            HTTP_USER_AGENT="TestBrowser/1.0",
        )
    assert response.status_code == 302
    notification = Notification.objects.get(recipient=user)
    assert notification.kind == "accounts.password_changed"
    delivery = EmailDelivery.objects.get(recipient=user)
    assert delivery.status == EmailDelivery.Status.SENT
    (message,) = mail.outbox
    assert message.subject == "[Common Ground] Your password was changed"
    assert "TestBrowser/1.0" in message.body
    assert "127.0.0.1" in message.body
    assert "https://commonground.example/accounts/password/reset/" in message.body
    # Shown in the notification centre too.
    page = client.get(reverse("notifications:list")).content.decode()
    assert "Your password was changed." in page


def test_email_change_notice_reaches_the_old_address(django_capture_on_commit_callbacks, rf):
    from accounts.adapters import AccountAdapter

    user = UserFactory(email="new-address@example.org")
    request = rf.post("/")
    with django_capture_on_commit_callbacks(execute=True):
        AccountAdapter(request).send_notification_mail(
            "account/email/email_changed",
            user,
            context={"from_email": "old-address@example.org", "to_email": "new-address@example.org"},
            email="old-address@example.org",
        )
    assert sorted(m.to[0] for m in mail.outbox) == ["new-address@example.org", "old-address@example.org"]
    assert all("from old-address@example.org to new-address@example.org" in m.body for m in mail.outbox)
    assert Notification.objects.filter(recipient=user).count() == 1


@pytest.mark.parametrize("prefix", sorted(SECURITY_NOTICES))
def test_every_security_notice_renders(prefix, django_capture_on_commit_callbacks):
    kind = SECURITY_NOTICES[prefix][0]
    assert get_kind(kind).category == "security"
    user = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        notification_announce(
            kind=kind,
            recipients=[user],
            actor=user,
            context={
                "when": "1 May 2026 at 10:00",
                "ip": "192.0.2.1",
                "user_agent": "X",
                "from_email": "a@example.org",
                "to_email": "b@example.org",
                "deleted_email": "c@example.org",
                "email": "d@example.org",
            },
            url="/accounts/email/",
        )
    assert EmailDelivery.objects.get().status == EmailDelivery.Status.SENT
    (message,) = mail.outbox
    assert message.subject and "{" not in message.subject
    assert "192.0.2.1" in message.body
    assert "192.0.2.1" in message.alternatives[0][0]

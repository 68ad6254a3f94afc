"""Notification centre and preferences: permission matrix, behaviour, query budgets."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from notifications.models import Frequency, Notification
from notifications.selectors import preferences_for
from notifications.services import notification_announce
from tests.factories import UserFactory
from tests.signin import sign_in

from .conftest import COMMENT, PROPOSAL

pytestmark = pytest.mark.django_db


def notify(user, title="Hello", url="/movements/green-space/", kind=PROPOSAL, actor=None):
    notification_announce(kind=kind.key, recipients=[user], actor=actor, context={"title": title}, url=url)
    return Notification.objects.filter(recipient=user).order_by("-id").first()


@pytest.fixture
def mine(recipient, actor):
    return notify(recipient, actor=actor)


def login_url(path):
    return f"{reverse('account_login')}?next={path}"


# --- Permission matrix ----------------------------------------------------------


@pytest.mark.parametrize(
    "method,name,needs_id",
    [
        ("get", "notifications:list", False),
        ("get", "notifications:preferences", False),
        ("post", "notifications:mark_all_read", False),
        ("get", "notifications:open", True),
        ("post", "notifications:mark_read", True),
    ],
)
def test_visitor_is_sent_to_sign_in(client, mine, method, name, needs_id):
    path = reverse(name, args=[mine.uuid] if needs_id else [])
    response = getattr(client, method)(path)
    assert response.status_code == 302
    assert response["Location"] == login_url(path)
    mine.refresh_from_db()
    assert mine.read_at is None


@pytest.mark.parametrize("method,name", [("get", "notifications:open"), ("post", "notifications:mark_read")])
def test_someone_else_gets_404_and_changes_nothing(client, mine, other_user, method, name):
    client.force_login(other_user)
    response = getattr(client, method)(reverse(name, args=[mine.uuid]))
    assert response.status_code == 404
    mine.refresh_from_db()
    assert mine.read_at is None


@pytest.mark.parametrize("method,name", [("get", "notifications:open"), ("post", "notifications:mark_read")])
def test_moderator_cannot_read_other_peoples_notifications(client, mine, method, name):
    moderator = UserFactory(is_moderator=True)
    from allauth.mfa.models import Authenticator

    Authenticator.objects.create(user=moderator, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"})
    sign_in(client, moderator)
    assert getattr(client, method)(reverse(name, args=[mine.uuid])).status_code == 404


def test_unknown_uuid_is_404(client, recipient):
    client.force_login(recipient)
    assert client.get("/notifications/00000000-0000-0000-0000-000000000000/open/").status_code == 404
    assert client.get("/notifications/not-a-uuid/open/").status_code == 404


def test_mark_read_needs_post(client, recipient, mine):
    client.force_login(recipient)
    assert client.get(reverse("notifications:mark_read", args=[mine.uuid])).status_code == 405
    assert client.get(reverse("notifications:mark_all_read")).status_code == 405


def test_other_peoples_notifications_are_not_listed(client, recipient, other_user, mine):
    notify(other_user, title="Private to Oscar")
    client.force_login(recipient)
    page = client.get(reverse("notifications:list")).content.decode()
    assert "Private to Oscar" not in page
    assert "Hello" in page


# --- Behaviour ------------------------------------------------------------------


def test_list_newest_first_with_unread_tag(client, recipient, actor):
    old = notify(recipient, title="Older", actor=actor)
    Notification.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=1), read_at=timezone.now())
    notify(recipient, title="Newer", actor=actor)
    client.force_login(recipient)
    response = client.get(reverse("notifications:list"))
    page = response.content.decode()
    assert page.index("Newer") < page.index("Older")
    assert page.count('nhsuk-tag nhsuk-tag--blue nhsuk-u-margin-bottom-2">Unread<') == 1
    assert "You have 1 unread notification." in page


def test_open_marks_read_and_redirects_to_the_local_url(client, recipient, mine):
    client.force_login(recipient)
    response = client.get(reverse("notifications:open", args=[mine.uuid]))
    assert response.status_code == 302
    assert response["Location"] == "/movements/green-space/"
    mine.refresh_from_db()
    assert mine.read_at is not None


@pytest.mark.parametrize("stored", ["https://evil.example/", "//evil.example/", "/\\evil.example", ""])
def test_open_never_redirects_off_site(client, recipient, mine, stored):
    # Written behind the service's back (the service refuses these): still no open redirect.
    Notification.objects.filter(pk=mine.pk).update(url=stored)
    client.force_login(recipient)
    response = client.get(reverse("notifications:open", args=[mine.uuid]))
    assert response["Location"] == reverse("notifications:list")


def test_mark_one_read(client, recipient, mine):
    client.force_login(recipient)
    response = client.post(reverse("notifications:mark_read", args=[mine.uuid]), {"page": "2"})
    assert response["Location"] == "/notifications/?page=2"
    mine.refresh_from_db()
    assert mine.read_at is not None


def test_mark_all_read_only_touches_mine(client, recipient, other_user):
    for n in range(3):
        notify(recipient, title=f"n{n}")
    theirs = notify(other_user)
    client.force_login(recipient)
    response = client.post(reverse("notifications:mark_all_read"), {"page": "evil"})
    assert response["Location"] == "/notifications/"
    assert not Notification.objects.filter(recipient=recipient, read_at__isnull=True).exists()
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_bad_page_numbers_do_not_500(client, recipient, mine):
    client.force_login(recipient)
    for page in ("0", "-1", "abc", "99999", ""):
        assert client.get(reverse("notifications:list"), {"page": page}).status_code == 200


def test_pagination(client, recipient):
    for n in range(25):
        notify(recipient, title=f"item {n:02d}")
    client.force_login(recipient)
    first = client.get(reverse("notifications:list")).content.decode()
    second = client.get(reverse("notifications:list"), {"page": 2}).content.decode()
    assert "item 24" in first and "item 04" not in first
    assert "item 04" in second and "item 24" not in second
    assert 'aria-label="Pagination"' in first


# --- Preferences ----------------------------------------------------------------


def test_preferences_page_shows_a_radio_group_per_category(client, recipient):
    client.force_login(recipient)
    page = client.get(reverse("notifications:preferences")).content.decode()
    for legend in (
        "Proposals and reviews",
        "Comments",
        "Agreements and commitments",
        "Membership and invitations",
        "Moderation",
    ):
        assert f">{legend}</legend>" in page
    assert page.count('type="radio"') == 5 * 4
    assert "Always immediately" in page
    assert 'name="security"' not in page


def test_preferences_saved(client, recipient):
    client.force_login(recipient)
    data = {
        "proposals": "daily",
        "comments": "weekly",
        "agreements": "off",
        "membership": "immediate",
        "moderation": "daily",
    }
    response = client.post(reverse("notifications:preferences"), data)
    assert response.status_code == 302
    assert preferences_for(user=recipient) == {**data, "security": Frequency.IMMEDIATE}


def test_security_cannot_be_switched_off_from_the_form(client, recipient):
    client.force_login(recipient)
    data = {
        "proposals": "daily",
        "comments": "weekly",
        "agreements": "off",
        "membership": "immediate",
        "moderation": "daily",
        "security": "off",
    }
    client.post(reverse("notifications:preferences"), data)
    assert preferences_for(user=recipient)["security"] == Frequency.IMMEDIATE
    from notifications.models import NotificationPreference

    assert not NotificationPreference.objects.filter(category="security").exists()


def test_bad_preferences_input_is_a_clear_400_and_keeps_choices(client, recipient):
    client.force_login(recipient)
    response = client.post(reverse("notifications:preferences"), {"proposals": "hourly", "comments": "weekly"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "There is a problem" in page
    assert "Select one of the options for proposals and reviews" in page
    assert "Select how you want emails about agreements and commitments" in page
    # What was chosen is kept.
    assert 'value="weekly"' in page and "checked" in page
    assert preferences_for(user=recipient)["comments"] == Frequency.IMMEDIATE


# --- Query budgets --------------------------------------------------------------


def _notify_many(recipient, actors, start, stop):
    for n in range(start, stop):
        notify(recipient, title=f"t{n}", actor=actors[n % 3], kind=COMMENT if n % 2 else PROPOSAL)


def test_list_query_budget(client, recipient, actor, django_assert_num_queries):
    actors = [actor, UserFactory(), UserFactory()]
    client.force_login(recipient)
    _notify_many(recipient, actors, 0, 3)
    with CaptureQueriesContext(connection) as at_3:
        assert client.get(reverse("notifications:list")).status_code == 200
    ours = [q["sql"] for q in at_3.captured_queries if "notifications_notification" in q["sql"]]
    # 1. COUNT for the paginator  2. the page, with actors joined
    # 3. the unread COUNT, shared by the header and the page
    # (the rest is per-request: session, user, and other apps' middleware checks)
    assert len(ours) == 3, ours
    _notify_many(recipient, actors, 3, 30)
    with django_assert_num_queries(len(at_3.captured_queries)):
        assert client.get(reverse("notifications:list")).status_code == 200


def test_no_unread_query_for_visitors(client, django_assert_num_queries):
    response = client.get(reverse("notifications:unsubscribe", args=["x"]))
    assert "unread_notifications" not in response.context


def test_header_shows_unread_count(client, recipient):
    notify(recipient)
    notify(recipient)
    client.force_login(recipient)
    page = client.get(reverse("notifications:preferences")).content.decode()
    assert "Notifications (2 unread)" in page

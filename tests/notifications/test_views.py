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
from tests.matrix import LOGIN, SET_UP_TWO_FACTOR, assert_matrix, redirect
from tests.personas import PERSONAS

from .conftest import COMMENT, PROPOSAL

pytestmark = pytest.mark.django_db


def notify(user, title="Hello", url="/movements/green-space/", kind=PROPOSAL, actor=None):
    notification_announce(kind=kind.key, recipients=[user], actor=actor, context={"title": title}, url=url)
    return Notification.objects.filter(recipient=user).order_by("-id").first()


@pytest.fixture
def mine(user, lead_a):
    return notify(user, actor=lead_a)


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


NO_TWO_FACTOR = "moderator_without_two_factor"


@pytest.mark.parametrize("method,name", [("get", "notifications:list"), ("get", "notifications:preferences")])
def test_everyone_signed_in_has_their_own_centre(as_persona, method, name):
    expected = {"visitor": LOGIN, NO_TWO_FACTOR: SET_UP_TWO_FACTOR}
    assert_matrix(as_persona, reverse(name), expected, others=200, method=method)


def test_everyone_signed_in_may_mark_their_own_read(as_persona):
    expected = {"visitor": LOGIN, NO_TWO_FACTOR: SET_UP_TWO_FACTOR}
    list_page = reverse("notifications:list")
    assert_matrix(
        as_persona, reverse("notifications:mark_all_read"), expected, others=redirect(list_page), method="post"
    )


# Only the recipient (`user`) opens or marks their notification; to anyone else, moderators
# included, it does not exist, and asking changes nothing.
@pytest.mark.parametrize(
    "method,name,target",
    [("get", "notifications:open", "/movements/green-space/"), ("post", "notifications:mark_read", "/notifications/")],
)
def test_someone_else_gets_404_and_changes_nothing(as_persona, mine, method, name, target):
    url = reverse(name, args=[mine.uuid])
    expected = {"visitor": LOGIN, NO_TWO_FACTOR: SET_UP_TWO_FACTOR, "user": redirect(target)}
    refused = [persona for persona in PERSONAS if persona != "user"]
    assert_matrix(as_persona, url, expected, others=404, method=method, only=refused)
    mine.refresh_from_db()
    assert mine.read_at is None
    assert_matrix(as_persona, url, expected, others=404, method=method, only=["user"])
    mine.refresh_from_db()
    assert mine.read_at is not None


def test_unknown_uuid_is_404(client, user):
    client.force_login(user)
    assert client.get("/notifications/00000000-0000-0000-0000-000000000000/open/").status_code == 404
    assert client.get("/notifications/not-a-uuid/open/").status_code == 404


def test_mark_read_needs_post(client, user, mine):
    client.force_login(user)
    assert client.get(reverse("notifications:mark_read", args=[mine.uuid])).status_code == 405
    assert client.get(reverse("notifications:mark_all_read")).status_code == 405


def test_other_peoples_notifications_are_not_listed(client, user, lead_b, mine):
    notify(lead_b, title="Private to Olive")
    client.force_login(user)
    page = client.get(reverse("notifications:list")).content.decode()
    assert "Private to Olive" not in page
    assert "Hello" in page


# --- Behaviour ------------------------------------------------------------------


def test_list_newest_first_with_unread_tag(client, user, lead_a):
    old = notify(user, title="Older", actor=lead_a)
    Notification.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=1), read_at=timezone.now())
    notify(user, title="Newer", actor=lead_a)
    client.force_login(user)
    response = client.get(reverse("notifications:list"))
    page = response.content.decode()
    assert page.index("Newer") < page.index("Older")
    assert page.count('nhsuk-tag nhsuk-tag--blue nhsuk-u-margin-bottom-2">Unread<') == 1
    assert "You have 1 unread notification." in page


def test_open_marks_read_and_redirects_to_the_local_url(client, user, mine):
    client.force_login(user)
    response = client.get(reverse("notifications:open", args=[mine.uuid]))
    assert response.status_code == 302
    assert response["Location"] == "/movements/green-space/"
    mine.refresh_from_db()
    assert mine.read_at is not None


@pytest.mark.parametrize("stored", ["https://evil.example/", "//evil.example/", "/\\evil.example", ""])
def test_open_never_redirects_off_site(client, user, mine, stored):
    # Written behind the service's back (the service refuses these): still no open redirect.
    Notification.objects.filter(pk=mine.pk).update(url=stored)
    client.force_login(user)
    response = client.get(reverse("notifications:open", args=[mine.uuid]))
    assert response["Location"] == reverse("notifications:list")


def test_mark_one_read(client, user, mine):
    client.force_login(user)
    response = client.post(reverse("notifications:mark_read", args=[mine.uuid]), {"page": "2"})
    assert response["Location"] == "/notifications/?page=2"
    mine.refresh_from_db()
    assert mine.read_at is not None


def test_mark_all_read_only_touches_mine(client, user, lead_b):
    for n in range(3):
        notify(user, title=f"n{n}")
    theirs = notify(lead_b)
    client.force_login(user)
    response = client.post(reverse("notifications:mark_all_read"), {"page": "evil"})
    assert response["Location"] == "/notifications/"
    assert not Notification.objects.filter(recipient=user, read_at__isnull=True).exists()
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_bad_page_numbers_do_not_500(client, user, mine):
    client.force_login(user)
    for page in ("0", "-1", "abc", "99999", ""):
        assert client.get(reverse("notifications:list"), {"page": page}).status_code == 200


def test_pagination(client, user):
    for n in range(25):
        notify(user, title=f"item {n:02d}")
    client.force_login(user)
    first = client.get(reverse("notifications:list")).content.decode()
    second = client.get(reverse("notifications:list"), {"page": 2}).content.decode()
    assert "item 24" in first and "item 04" not in first
    assert "item 04" in second and "item 24" not in second
    assert 'aria-label="Pagination"' in first


# --- Preferences ----------------------------------------------------------------


def test_preferences_page_shows_a_radio_group_per_category(client, user):
    client.force_login(user)
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


def test_preferences_saved(client, user):
    client.force_login(user)
    data = {
        "proposals": "daily",
        "comments": "weekly",
        "agreements": "off",
        "membership": "immediate",
        "moderation": "daily",
    }
    response = client.post(reverse("notifications:preferences"), data)
    assert response.status_code == 302
    assert preferences_for(user=user) == {**data, "security": Frequency.IMMEDIATE}


def test_security_cannot_be_switched_off_from_the_form(client, user):
    client.force_login(user)
    data = {
        "proposals": "daily",
        "comments": "weekly",
        "agreements": "off",
        "membership": "immediate",
        "moderation": "daily",
        "security": "off",
    }
    client.post(reverse("notifications:preferences"), data)
    assert preferences_for(user=user)["security"] == Frequency.IMMEDIATE
    from notifications.models import NotificationPreference

    assert not NotificationPreference.objects.filter(category="security").exists()


def test_bad_preferences_input_is_a_clear_400_and_keeps_choices(client, user):
    client.force_login(user)
    response = client.post(reverse("notifications:preferences"), {"proposals": "hourly", "comments": "weekly"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "There is a problem" in page
    assert "Select one of the options for proposals and reviews" in page
    assert "Select how you want emails about agreements and commitments" in page
    # What was chosen is kept.
    assert 'value="weekly"' in page and "checked" in page
    assert preferences_for(user=user)["comments"] == Frequency.IMMEDIATE


# --- Query budgets --------------------------------------------------------------


def _notify_many(recipient, actors, start, stop):
    for n in range(start, stop):
        notify(recipient, title=f"t{n}", actor=actors[n % 3], kind=COMMENT if n % 2 else PROPOSAL)


def test_list_query_budget(client, user, lead_a, django_assert_num_queries):
    actors = [lead_a, UserFactory(), UserFactory()]
    client.force_login(user)
    _notify_many(user, actors, 0, 3)
    with CaptureQueriesContext(connection) as at_3:
        assert client.get(reverse("notifications:list")).status_code == 200
    ours = [q["sql"] for q in at_3.captured_queries if "notifications_notification" in q["sql"]]
    # 1. COUNT for the paginator  2. the page, with actors joined
    # 3. the unread COUNT, shared by the header and the page
    # (the rest is per-request: session, user, and other apps' middleware checks)
    assert len(ours) == 3, ours
    _notify_many(user, actors, 3, 30)
    with django_assert_num_queries(len(at_3.captured_queries)):
        assert client.get(reverse("notifications:list")).status_code == 200


def test_no_unread_query_for_visitors(client, django_assert_num_queries):
    response = client.get(reverse("notifications:unsubscribe", args=["x"]))
    assert "unread_notifications" not in response.context


def test_header_shows_unread_count(client, user):
    notify(user)
    notify(user)
    client.force_login(user)
    page = client.get(reverse("notifications:preferences")).content.decode()
    assert "Notifications (2 unread)" in page

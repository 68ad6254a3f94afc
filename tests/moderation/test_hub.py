"""The moderators' hub and every registered queue: one rule for who gets in, counts from the
registry, constant queries."""

import pytest
from django.urls import reverse
from django.utils import dateformat, timezone

from moderation.registry import all_queues
from tests.institutions.factories import InstitutionFactory, MembershipFactory
from tests.matrix import LOGIN, SET_UP_TWO_FACTOR, assert_matrix
from tests.movements.factories import MovementFactory
from tests.signin import sign_in

pytestmark = pytest.mark.django_db

HUB = reverse("moderation:hub")
# The hub and every registered queue's page: a queue that registers later is walked too.
MODERATOR_PAGES = [HUB] + [reverse(queue.url_name) for queue in all_queues()]


def test_todays_queues_are_registered():
    assert [queue.key for queue in all_queues()] == [
        "movements.awaiting_approval",
        "institutions.awaiting_approval",
        "institutions.requests_without_admin",
    ]


STAFF = ("moderator", "superuser")


@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize("url", MODERATOR_PAGES)
def test_every_moderators_page_answers_every_persona_the_same_way(as_persona, waiting, url, method):
    # Signed out: sent to sign in, as for every page that needs an account. Platform staff: the
    # pages only list, nothing is posted to them. A moderator without two-factor is sent to set
    # it up first. To anyone else a moderators' page does not exist, whatever the method.
    assert_matrix(
        as_persona,
        url,
        {
            "visitor": LOGIN,
            STAFF: 200 if method == "get" else 405,
            "moderator_without_two_factor": SET_UP_TWO_FACTOR,
        },
        others=404,
        method=method,
    )


def test_hub_lists_every_queue_with_its_count_and_link(client, moderator, waiting):
    sign_in(client, moderator)
    response = client.get(HUB)
    body = response.content.decode()
    assert "<h1" in body and ">Moderation</h1>" in body
    summaries = response.context["summaries"]
    assert [s.queue.key for s in summaries] == [q.key for q in all_queues()]
    for summary in summaries:
        assert summary.count == 1, summary.queue.key
        assert f'href="{reverse(summary.queue.url_name)}">{summary.queue.title}</a>' in body
        assert summary.queue.description in body
    assert body.count("1 waiting") == len(summaries)
    assert "Nothing waiting" not in body


def test_empty_queues_say_nothing_waiting(client, moderator):
    sign_in(client, moderator)
    body = client.get(HUB).content.decode()
    assert body.count("Nothing waiting") == len(all_queues())
    assert "waited" not in body


def test_hub_shows_how_long_the_oldest_item_has_waited(client, moderator, waiting):
    from movements.models import Movement

    older = MovementFactory(status=Movement.Status.PENDING)
    three_days_ago = timezone.now() - timezone.timedelta(days=3, hours=2)
    Movement.objects.filter(pk=older.pk).update(submitted_at=three_days_ago)
    sign_in(client, moderator)
    response = client.get(HUB)
    movements = next(s for s in response.context["summaries"] if s.queue.key == "movements.awaiting_approval")
    assert (movements.count, movements.oldest) == (2, three_days_ago)
    body = response.content.decode()
    assert "2 waiting" in body
    when = dateformat.format(timezone.localtime(three_days_ago), "c")
    assert f'The longest has waited <time datetime="{when}">3\xa0days</time>.' in body
    # The other queues' items arrived just now.
    assert body.count("The longest has waited <time") == len(all_queues())
    assert body.count(">less than a minute</time>.") == len(all_queues()) - 1


def test_hub_counts_match_each_queues_own_page(client, moderator, waiting):
    # The count comes from the same selector as the page, so the two never disagree.
    sign_in(client, moderator)
    summaries = client.get(HUB).context["summaries"]
    for summary in summaries:
        page = client.get(reverse(summary.queue.url_name)).context["page_obj"]
        assert page.paginator.count == summary.count, summary.queue.key


def add_waiting_work(n):
    from institutions.models import Institution, Membership
    from movements.models import Movement

    for _ in range(n):
        MovementFactory(status=Movement.Status.PENDING)
        InstitutionFactory(status=Institution.Status.PENDING)
        MembershipFactory(institution=InstitutionFactory(), status=Membership.Status.PENDING)


@pytest.mark.parametrize("size", [1, 12])
def test_hub_query_budget(client, moderator, django_assert_num_queries, size):
    add_waiting_work(size)
    sign_in(client, moderator)
    queues = len(all_queues())
    # 1. session  2. user  3. TOTP authenticator exists (2FA middleware)
    # 4. unread notifications (header)  then one count-and-oldest query per queue
    with django_assert_num_queries(4 + queues):
        response = client.get(HUB)
    assert all(s.count == size for s in response.context["summaries"])


def test_header_links_moderators_to_the_hub(client, moderator, user):
    link = f'href="{HUB}">Moderation</a>'
    sign_in(client, moderator)
    assert link in client.get(reverse("dashboard")).content.decode()
    sign_in(client, user)
    assert link not in client.get(reverse("dashboard")).content.decode()
    client.logout()
    assert link not in client.get(reverse("home")).content.decode()

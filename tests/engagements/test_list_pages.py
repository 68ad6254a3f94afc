"""The engagement models (public), the person's engagements and the review queue: who sees what, filters,
pages, and constant query counts at two sizes."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from engagements import services
from engagements.models import Engagement
from tests.engagements.conftest import MONDAY, draft_to_x
from tests.matrix import LOGIN, assert_matrix, redirect

pytestmark = pytest.mark.django_db


def test_the_models_are_public(as_persona, open_x, way):
    assert_matrix(as_persona, reverse("engagements:models"), {}, others=200, only=["visitor", "lead_a"])
    body = as_persona("visitor").get(reverse("engagements:model", kwargs={"slug": way.slug})).content.decode()
    assert "What the movement keeps" in body and "Meet every month." in body and "Example Trust" in body
    assert "Every 3 months" in body
    assert as_persona("visitor").get(reverse("engagements:model", kwargs={"slug": "no-such-way"})).status_code == 404


def test_my_engagements_lists_every_side_with_whose_turn(as_persona, submitted, to_movement, reviewer_x):
    body = as_persona("organiser_a").get(reverse("engagements:mine")).content.decode()
    assert submitted.title in body and "Example Trust" in body and "To review for your movements" in body
    assert "23 Mar 2026" in body
    body = as_persona("reviewer_x").get(reverse("engagements:mine")).content.decode()
    assert "Breathe Together" in body and "<strong>Yours</strong>" in body


def test_others_drafts_are_not_listed(as_persona, draft):
    assert draft.title in as_persona("organiser_a").get(reverse("engagements:mine")).content.decode()
    assert as_persona("reviewer_x").get(reverse("engagements:mine")).content.decode().count(draft.title) == 0


def test_who_has_a_review_queue(as_persona, institution_x, institution_y):
    assert_matrix(
        as_persona,
        reverse("engagements:review"),
        {
            "visitor": LOGIN,
            ("reviewer_x", "admin_x", "admin_y"): 200,
            "moderator_without_two_factor": redirect("/accounts/2fa/"),
        },
        others=404,
    )


def test_queue_filters(as_persona, submitted, in_review, organiser_a, movement_a, open_x, way, reviewer_x):
    other = draft_to_x(organiser_a, movement_a, open_x, way, title="Second proposal, not assigned")
    services.engagement_submit(actor=organiser_a, engagement=other, now=MONDAY)
    client = as_persona("reviewer_x")
    url = reverse("engagements:review")
    assert "Second proposal" in client.get(url, {"show": "unassigned"}).content.decode()
    mine = client.get(url, {"show": "mine"}).content.decode()
    assert "Second proposal" not in mine and in_review.title in mine
    overdue = client.get(url, {"show": "overdue"}).content.decode()  # deadlines in March 2026 are past
    assert "Overdue" in overdue
    body = client.get(url, {"status": "nonsense", "show": "mine"}).content.decode()
    assert "We ignored a filter we did not recognise (State)" in body and in_review.title in body


def _count(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def _more(n, organiser_a, movement_a, open_x, way):
    for i in range(n):
        engagement = draft_to_x(organiser_a, movement_a, open_x, way, title=f"Proposal {i}")
        services.engagement_submit(actor=organiser_a, engagement=engagement, now=MONDAY)


def test_lists_cost_the_same_at_two_sizes(as_persona, submitted, organiser_a, movement_a, open_x, way, reviewer_x):
    # /engagements/ (12): the session, the user, the header's "has an institution" check, the person's
    # movements, their memberships, the pager's count, one page of rows (movement, institution, model and
    # reviewer joined in), the "to review" rows, the proposer sides (movements, then institutions), the unread
    # notifications badge, the review-queue link's rule.
    # /engagements/review/ (7): the session, the user, the header check, the queue's rule, the pager's count,
    # one page of rows (joined as above), the notifications badge.
    expected = {reverse("engagements:mine"): 12, reverse("engagements:review"): 7}
    for url, who in ((reverse("engagements:mine"), "organiser_a"), (reverse("engagements:review"), "reviewer_x")):
        client = as_persona(who)
        small = _count(client, url)
        _more(6, organiser_a, movement_a, open_x, way)
        large = _count(client, url)
        assert small == large == expected[url], url
        Engagement.objects.filter(title__startswith="Proposal ").delete()


def test_the_pages_are_paginated(as_persona, organiser_a, movement_a, open_x, way, reviewer_x):
    _more(21, organiser_a, movement_a, open_x, way)
    body = as_persona("organiser_a").get(reverse("engagements:mine"), {"page": "2"}).content.decode()
    assert "nhsuk-pagination" in body and body.count('class="nhsuk-table__row"') == 1

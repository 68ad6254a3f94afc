"""The detail page costs the same number of queries however long its conversation and timeline grow."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from engagements import services
from tests.engagements.conftest import MONDAY

pytestmark = pytest.mark.django_db


def _count(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries), [q["sql"] for q in queries]


def _grow(engagement, organiser_a, reviewer_x, n):
    for i in range(n):
        services.comment_create(actor=organiser_a, engagement=engagement, body=f"From the movement {i}", now=MONDAY)
        services.comment_create(actor=reviewer_x, engagement=engagement, body=f"From the trust {i}", now=MONDAY)
        services.reviewer_note_create(actor=reviewer_x, engagement=engagement, body=f"Private note {i}")


# The movement's organiser (11): 1. session  2. user  3. the header's "admin anywhere?" (two-factor rule)
# 4. the engagement with its parties, model, reviewer and proposer  5. the viewer's organiser role (rules)
# 6. the timeline with actors  7. the comments with authors  8. the viewer's membership of the institution
# (rules: an organiser may also be staff)  9. the last two versions (what changed)  10. the Agreement row
# (is there one to link to? the rules remember it for every other question)  11. unread notifications.
# The institution's reviewer (13): the same, plus their private notes with authors and the reviewing
# side's people for the "assign" form, read once.
BUDGET = {"organiser_a": 11, "reviewer_x": 13}


@pytest.mark.parametrize("who", ["organiser_a", "reviewer_x"])
def test_the_detail_page_costs_the_same_at_two_sizes(as_persona, in_review, organiser_a, reviewer_x, who):
    url = in_review.get_absolute_url()
    client = as_persona(who)
    _grow(in_review, organiser_a, reviewer_x, 1)
    small, _ = _count(client, url)
    _grow(in_review, organiser_a, reviewer_x, 8)
    large, sql = _count(client, url)
    assert small == large == BUDGET[who], "\n".join(sql)

"""The shared purpose's pages, and its block on the engagement page, cost the same number of
queries however many versions and approvals the shared purpose has."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from engagements import services
from engagements.models import SharedPurposeVersion
from movements.models import WayOfImpact
from tests.engagements.conftest import fresh

pytestmark = pytest.mark.django_db


def _count(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), [q["sql"] for q in queries]


def _latest(engagement):
    return SharedPurposeVersion.objects.filter(engagement=engagement).order_by("-number").first()


def _agree(engagement, lead_a, reviewer_x):
    for person in (lead_a, reviewer_x):
        latest = _latest(engagement)
        services.purpose_approve(
            actor=person, engagement=fresh(engagement), version=latest, seen_revision=latest.revision
        )


def _grow(engagement, lead_a, reviewer_x, n):
    """n more versions, each approved by the movement and then changed by the institution."""
    ways = list(WayOfImpact.objects.order_by("position"))
    for i in range(n):
        latest = _latest(engagement)
        if not latest.approvals.exists():
            services.purpose_approve(
                actor=lead_a, engagement=fresh(engagement), version=latest, seen_revision=latest.revision
            )
        services.purpose_update(
            actor=reviewer_x,
            engagement=fresh(engagement),
            seen_revision=_latest(engagement).revision,
            statement=f"Version {latest.number + 1} of the words.",
            outcomes=f"Outcome {i}",
            ways_of_impact=ways[: 1 + i % len(ways)],
        )


# For movement A's organiser, every page: 1. session  2. user  3. the header's "admin anywhere?"
# (two-factor rule)  4. the engagement with its parties  5. the viewer's organiser role (rules)
# 6. the engagement's Agreement (rules: see_agreement) ... n. unread notifications (header).
# The purpose page (11): 7. the newest version and the one in force, with authors  8. their
# approvals  9. their ways of impact  10. the viewer's membership of the institution (rules: who
# may approve for it)  11. unread notifications.
# The versions list (11): 7. the count (pagination)  8. a page of versions with authors  9. their
# approvals  10. their ways of impact  11. unread notifications.
# The engagement page (15): its own 10 (tests/engagements/test_detail_queries.py) plus the
# Agreement with its version in force, the newest agreement version's number (the accountability
# block's draft), the newest and in-force purpose versions, their approvals and their ways of impact.
BUDGET = {"purpose": 11, "purpose_versions": 11, "detail": 15}


@pytest.mark.parametrize("page", BUDGET)
def test_the_pages_cost_the_same_at_two_sizes(as_persona, accepted, lead_a, reviewer_x, page):
    client = as_persona("organiser_a")
    url = reverse(f"engagements:{page}", kwargs={"engagement_uuid": accepted.uuid})
    _agree(accepted, lead_a, reviewer_x)  # version 1 in force, a newer draft below it
    _grow(accepted, lead_a, reviewer_x, 1)
    small, _ = _count(client, url)
    _grow(accepted, lead_a, reviewer_x, 6)
    large, sql = _count(client, url)
    assert small == large == BUDGET[page], "\n".join(sql)
    assert _latest(accepted).number == 8


def test_the_versions_list_is_paged(as_persona, accepted, lead_a, reviewer_x):
    from engagements.views import purpose

    _grow(accepted, lead_a, reviewer_x, 3)
    client = as_persona("member_x")
    url = reverse("engagements:purpose_versions", kwargs={"engagement_uuid": accepted.uuid})
    original, purpose.PER_PAGE = purpose.PER_PAGE, 2
    try:
        first = client.get(url).content.decode()
        second = client.get(f"{url}?page=2").content.decode()
    finally:
        purpose.PER_PAGE = original
    assert "Version 4</a>" in first and "Version 3</a>" in first and "Version 2</a>" not in first
    assert "Version 2</a>" in second and "Version 1</a>" in second
    assert 'aria-label="Pagination"' in first

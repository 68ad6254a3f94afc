"""The agreement pages cost the same number of queries however many versions and commitments."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from engagements import services
from tests.engagements.conftest import fresh
from tests.engagements.signing_setup import latest

pytestmark = pytest.mark.django_db


def _count(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries), [q["sql"] for q in queries]


def _grow(engagement, people, n):
    """n more versions, each one more commitment than the last, signed by both sides; then a draft."""
    organiser_a, lead_a, signatory_x = people
    for i in range(n):
        version = latest(engagement)
        services.commitment_add(
            actor=organiser_a,
            engagement=fresh(engagement),
            seen_revision=version.revision,
            party="movement",
            what=f"Promise {i}",
            due_date=datetime.date.today() + datetime.timedelta(days=30),
        )
        if i < n - 1:
            for signer in (lead_a, signatory_x):
                draft = latest(engagement)
                services.agreement_sign(
                    actor=signer,
                    engagement=fresh(engagement),
                    version=draft,
                    seen_revision=draft.revision,
                    method="mfa",
                )


def _url(engagement, name, **kwargs):
    return reverse(f"engagements:{name}", kwargs={"engagement_uuid": engagement.uuid, **kwargs})


# Every page, for a movement organiser: 1. session  2. user  3. the header's two-factor rule
# (admin anywhere?)  4. the engagement with its parties  5. the viewer's organiser role (rules)
# 6. the Agreement; and last, the unread notifications count.
# The agreement page (13): 7. the version in force and the latest  8. their commitments
# 9. their signatures  10. the viewer's membership (signing rule)  11. the shared purpose in force
# 12. its ways of impact.
# The versions list (9): 7. the count of versions  8. the page of versions with their signature counts.
# One version (10): 7. the version  8. its commitments  9. its signatures.
BUDGET = {"agreement": 13, "agreement_versions": 9, "agreement_version": 10}


@pytest.mark.parametrize(
    ("name", "kwargs"), [("agreement", {}), ("agreement_versions", {}), ("agreement_version", {"number": 1})]
)
def test_agreement_pages_cost_the_same_at_two_sizes(as_persona, active, organiser_a, lead_a, signatory_x, name, kwargs):
    client = as_persona("organiser_a")
    url = _url(active, name, **kwargs)
    people = (organiser_a, lead_a, signatory_x)
    _grow(active, people, 1)
    small, _ = _count(client, url)
    _grow(active, people, 4)
    large, sql = _count(client, url)
    assert latest(active).number == 5
    assert small == large == BUDGET[name], "\n".join(sql)

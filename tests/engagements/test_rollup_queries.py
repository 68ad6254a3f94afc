"""The accountability pages cost the same number of queries however many commitments and check-ins there are."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from engagements import services
from engagements.models import Agreement, AgreementVersion, Commitment, CommitmentProgress
from tests.engagements.conftest import fresh

pytestmark = pytest.mark.django_db


def _count(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries), [q["sql"] for q in queries]


def _grow(engagement, author, n):
    """An amendment in force with n more commitments (each side in turn; the others kept under their
    keys), then n check-ins on all of them. Rows as signing leaves them: commitments before signed_at."""
    agreement = Agreement.objects.get(engagement=engagement)
    current = AgreementVersion.objects.get(pk=agreement.in_force_id)
    version = AgreementVersion.objects.create(agreement=agreement, number=current.number + 1)
    kept = list(Commitment.objects.filter(version=current))
    Commitment.objects.bulk_create(
        Commitment(
            version=version,
            key=c.key,
            position=c.position,
            party=c.party,
            what=c.what,
            due_date=c.due_date,
            review_date=c.review_date,
        )
        for c in kept
    )
    for i in range(n):
        commitment = Commitment.objects.create(
            version=version,
            position=10 * version.number + i,
            party="movement" if i % 2 else "institution",
            what=f"Extra commitment {i}",
            due_date=datetime.date(2026, 3, 5),
        )
        CommitmentProgress.objects.create(agreement=agreement, key=commitment.key)
    AgreementVersion.objects.filter(pk=version.pk).update(signed_at=current.signed_at)
    Agreement.objects.filter(pk=agreement.pk).update(in_force=version)
    statuses = {
        str(c.uuid): ("done", "at_risk", "missed")[i % 3]
        for i, c in enumerate(Commitment.objects.filter(version=version))
    }
    for i in range(n):
        services.checkin_record(
            actor=author,
            engagement=fresh(engagement),
            held_on=datetime.date(2026, 3, 3) + datetime.timedelta(days=i),
            note=f"Check-in {i}",
            statuses=statuses,
        )


def _sizes(client, url, engagement, author):
    _grow(engagement, author, 1)
    small, _ = _count(client, url)
    _grow(engagement, author, 6)
    large, sql = _count(client, url)
    return small, large, sql


# The detail page with an agreement in force, for the movement's organiser (17): the 11 of
# tests/engagements/test_detail_queries.py (the agreement with its version in force among them), then for
# the accountability block 12. the commitments of the version in force  13. their progress rows
# 14. the latest check-in with its author; and for the shared purpose's summary 15. the newest and
# in-force purpose versions  16. their approvals  17. their ways of impact.
DETAIL = 17


def test_the_detail_page_with_an_agreement_in_force_costs_the_same_at_two_sizes(as_persona, active, organiser_a):
    client = as_persona("organiser_a")
    small, large, sql = _sizes(client, active.get_absolute_url(), active, organiser_a)
    assert small == large == DETAIL, "\n".join(sql)


# The check-in history (9): 1. session  2. user  3. the header's "admin anywhere?"  4. the engagement with
# its parties  5. the agreement with its version in force  6. the viewer's organiser role (rules)
# 7. the count of check-ins (pagination)  8. the page of check-ins with authors and versions
# 9. their updates with the commitment each names.  Then 10. unread notifications.
HISTORY = 10


def test_the_check_in_history_costs_the_same_at_two_sizes(as_persona, active, organiser_a):
    url = reverse("engagements:checkins", kwargs={"engagement_uuid": active.uuid})
    small, large, sql = _sizes(as_persona("organiser_a"), url, active, organiser_a)
    assert small == large == HISTORY, "\n".join(sql)


# One commitment (9): 1. session  2. user  3. the header's check  4. the engagement  5. the agreement with
# its version in force  6. the viewer's organiser role (rules)  7. the commitment under its key in every
# version  8. its progress row  9. its history with check-ins and authors.  Then 10. unread notifications.
COMMITMENT = 10


def test_one_commitment_costs_the_same_at_two_sizes(as_persona, active, organiser_a):
    key = Commitment.objects.filter(version__agreement__engagement=active).first().key
    url = reverse("engagements:commitment", kwargs={"engagement_uuid": active.uuid, "key": key})
    small, large, sql = _sizes(as_persona("organiser_a"), url, active, organiser_a)
    assert small == large == COMMITMENT, "\n".join(sql)


# The check-in form (9): 1. session  2. user  3. the header's check  4. the engagement  5. the agreement
# with its version in force  6. the viewer's organiser role (rules: record_checkin)  7. the commitments
# of the version in force  8. their progress rows.  Then 9. unread notifications.
FORM = 9


def test_the_check_in_form_costs_the_same_at_two_sizes(as_persona, active, organiser_a):
    url = reverse("engagements:checkin_new", kwargs={"engagement_uuid": active.uuid})
    small, large, sql = _sizes(as_persona("organiser_a"), url, active, organiser_a)
    assert small == large == FORM, "\n".join(sql)

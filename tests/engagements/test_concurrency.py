"""Two reviewers (and the movement) acting on one engagement at the same moment: exactly one wins, none fails."""

import threading

import pytest
from django.conf import settings
from django.db import connection

from core.contract import Conflict
from engagements import services
from engagements.models import Engagement, TimelineEvent
from tests.engagements.races import _sent, _stale


@pytest.mark.skipif(not settings.IS_POSTGRES, reason="needs concurrent connections (PostgreSQL; CI runs it)")
@pytest.mark.django_db(transaction=True)
def test_simultaneous_accept_decline_and_withdraw_leave_exactly_one_winner():
    engagement, organiser, reviewer, colleague = _sent()
    barrier = threading.Barrier(3)
    outcomes = []

    def act(name, call):
        try:
            barrier.wait()
            call(_stale(engagement))
            outcomes.append(name)
        except Conflict as conflict:
            outcomes.append(f"conflict: {conflict.message}")
        finally:
            connection.close()

    calls = {
        "accept": lambda e: services.engagement_accept(actor=reviewer, engagement=e),
        "decline": lambda e: services.engagement_decline(actor=colleague, engagement=e, category="other", reason="No."),
        "withdraw": lambda e: services.engagement_withdraw(actor=organiser, engagement=e),
    }
    threads = [threading.Thread(target=act, args=(name, call)) for name, call in calls.items()]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    winners = [o for o in outcomes if not o.startswith("conflict")]
    assert len(outcomes) == 3 and len(winners) == 1, outcomes
    row = Engagement.objects.get(pk=engagement.pk)
    assert row.status == {"accept": "accepted", "decline": "declined", "withdraw": "withdrawn"}[winners[0]]
    decisions = TimelineEvent.objects.filter(engagement=row, kind__in=["accepted", "declined", "withdrawn"])
    assert decisions.count() == 1

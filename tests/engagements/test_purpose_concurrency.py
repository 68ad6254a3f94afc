"""The shared purpose changed and approved at the same moment, on real concurrent connections: an
approval never lands on words other than those its approver read, and nothing fails."""

import threading

import pytest
from django.conf import settings
from django.db import connection

from core.contract import Conflict
from engagements.models import Agreement, PurposeApproval, SharedPurposeVersion, TimelineEvent
from tests.engagements.races import _purpose_approval, _purpose_open, _purpose_save

pytestmark = [
    pytest.mark.skipif(not settings.IS_POSTGRES, reason="needs concurrent connections (PostgreSQL; CI runs it)"),
    pytest.mark.django_db(transaction=True),
]


def _all_at_once(calls):
    barrier = threading.Barrier(len(calls))
    outcomes = {}

    def act(name, call):
        try:
            barrier.wait()
            call()
            outcomes[name] = "done"
        except Conflict as conflict:
            outcomes[name] = f"conflict: {conflict.message}"
        finally:
            connection.close()

    threads = [threading.Thread(target=act, args=item) for item in calls.items()]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


@pytest.mark.parametrize("attempt", range(3))
def test_an_edit_and_an_approval_at_once_never_approve_unread_words(attempt):
    engagement, organiser, reviewer, _colleague, opened = _purpose_open()
    outcomes = _all_at_once(
        {
            "edit": lambda: _purpose_save(reviewer, engagement, opened.revision, "Words the organiser never read."),
            "approve": lambda: _purpose_approval(engagement, organiser, opened),
        }
    )
    assert set(outcomes) == {"edit", "approve"} and outcomes["edit"] == "done", outcomes
    first = SharedPurposeVersion.objects.get(pk=opened.pk)
    if outcomes["approve"] == "done":
        # The approval came first: version 1 kept the words approved, and the edit started version 2.
        assert first.statement == opened.statement and PurposeApproval.objects.filter(version=first).count() == 1
        assert SharedPurposeVersion.objects.filter(engagement=engagement).count() == 2
    else:
        assert "changed after you opened it" in outcomes["approve"]
        assert first.statement == "Words the organiser never read." and not PurposeApproval.objects.exists()


def test_both_sides_approving_at_once_agree_it_once():
    engagement, organiser, reviewer, _colleague, opened = _purpose_open()
    outcomes = _all_at_once(
        {
            "movement": lambda: _purpose_approval(engagement, organiser, opened),
            "institution": lambda: _purpose_approval(engagement, reviewer, opened),
        }
    )
    assert outcomes == {"movement": "done", "institution": "done"}, outcomes
    version = SharedPurposeVersion.objects.get(pk=opened.pk)
    assert version.agreed_at is not None and Agreement.objects.get(engagement=engagement).purpose == version
    assert TimelineEvent.objects.filter(engagement=engagement, kind="purpose_agreed").count() == 1


def test_two_people_starting_the_next_version_at_once_do_not_both_take_its_number():
    engagement, organiser, reviewer, _colleague, opened = _purpose_open()
    _purpose_approval(engagement, reviewer, opened)
    seen = opened.revision + 1
    outcomes = _all_at_once(
        {
            "movement": lambda: _purpose_save(organiser, engagement, seen, "The movement's version two."),
            "institution": lambda: _purpose_save(reviewer, engagement, seen, "The trust's version two."),
        }
    )
    assert sorted(o.split(":")[0] for o in outcomes.values()) == ["conflict", "done"], outcomes
    assert list(SharedPurposeVersion.objects.filter(engagement=engagement).values_list("number", flat=True)) == [1, 2]

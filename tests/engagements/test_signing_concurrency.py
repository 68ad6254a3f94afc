"""An edit saved and a signature made at the same moment, on PostgreSQL's real row locks: one wins,
and a signature never stands on words that changed under it."""

import threading

import pytest
from django.conf import settings
from django.db import connection

from core.contract import Conflict
from engagements import services
from engagements.models import AgreementVersion, Signature
from tests.engagements.races import _drafting, _latest, _stale, _terms


@pytest.mark.skipif(not settings.IS_POSTGRES, reason="needs concurrent connections (PostgreSQL; CI runs it)")
@pytest.mark.django_db(transaction=True)
def test_a_simultaneous_edit_and_signature_leave_one_winner():
    engagement, organiser, signatory = _drafting()
    seen = _latest(engagement)
    barrier = threading.Barrier(2)
    outcomes = []

    def act(name, call):
        try:
            barrier.wait()
            call(_stale(engagement))
            outcomes.append(name)
        except Conflict:
            outcomes.append("conflict")
        finally:
            connection.close()

    calls = {
        "edit": lambda e: services.agreement_update(
            actor=organiser, engagement=e, seen_revision=seen.revision, version=seen, **_terms(exit_terms="Edited.")
        ),
        "sign": lambda e: services.agreement_sign(
            actor=signatory, engagement=e, version=seen, seen_revision=seen.revision, method="password"
        ),
    }
    threads = [threading.Thread(target=act, args=item) for item in calls.items()]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    version = AgreementVersion.objects.get(pk=seen.pk)
    if "sign" in outcomes:
        # Signed first: the signature stands on the words it saw, and the edit, arriving after,
        # started version 2 (a signed version never changes).
        assert Signature.objects.filter(version=version).count() == 1 and version.exit_terms != "Edited."
        assert outcomes.count("edit") == 0 or _latest(engagement).number == 2
    else:
        # Edited first: the signature named a revision that moved on, and was refused.
        assert outcomes == ["edit", "conflict"] or outcomes == ["conflict", "edit"], outcomes
        assert not Signature.objects.exists() and version.exit_terms == "Edited."

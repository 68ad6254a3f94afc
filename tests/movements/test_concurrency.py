"""Two leads stepping each other down at the same moment must not leave a movement leaderless."""

import threading

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection

from movements import services
from movements.models import Organiser

from .conftest import organiser_row


@pytest.mark.skipif(not settings.IS_POSTGRES, reason="needs row locks (PostgreSQL; CI runs it)")
@pytest.mark.django_db(transaction=True)
def test_simultaneous_demotions_leave_one_lead(movement_a, lead_a, organiser_a):
    services.organiser_role_change(actor=lead_a, organiser=organiser_row(movement_a, organiser_a), role="lead")
    barrier = threading.Barrier(2)
    outcomes = []

    def demote(actor, target):
        try:
            barrier.wait()
            services.organiser_role_change(actor=actor, organiser=organiser_row(movement_a, target), role="organiser")
            outcomes.append("ok")
        except ValidationError as error:
            outcomes.append(error.messages[0])
        except PermissionDenied as error:
            # The other lead won and demoted this one first: no rights left to act on.
            outcomes.append(str(error))
        finally:
            connection.close()

    threads = [
        threading.Thread(target=demote, args=(lead_a, organiser_a)),
        threading.Thread(target=demote, args=(organiser_a, lead_a)),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(outcomes) == 2 and outcomes.count("ok") == 1, outcomes
    assert Organiser.objects.filter(movement=movement_a, role="lead").count() == 1

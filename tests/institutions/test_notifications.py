"""Every institutions event reaches the right people, by email and in app, with readable words."""

import pytest
from django.core import mail

from institutions import services
from institutions.models import Membership
from notifications.models import Notification
from notifications.rendering import notification_text
from tests.factories import UserFactory


@pytest.fixture
def run(django_capture_on_commit_callbacks):
    def call(service, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return service(**kwargs)

    return call


def emails_to(user):
    return [m for m in mail.outbox if user.email in m.to]


def test_every_kind_sends_an_email_and_an_in_app_line(run, institution_x, admin_x, moderator):
    staff = UserFactory(email="sam@example-trust.nhs.uk", display_name="Sam Staff")
    waiting = UserFactory(email="wes@nhs.net", display_name="Wes Waiting")
    refused = UserFactory(email="rae@nhs.net", display_name="Rae Refused")
    registrant = UserFactory(email="lead@new.nhs.uk", display_name="Lee Lead")
    second_registrant = UserFactory(email="lead@other.nhs.uk", display_name="Lou Lead")

    joined = run(services.membership_request, actor=staff, institution=institution_x)
    request = run(services.membership_request, actor=waiting, institution=institution_x)
    run(services.membership_approve, actor=admin_x, membership=request)
    refused_request = run(services.membership_request, actor=refused, institution=institution_x)
    run(services.membership_reject, actor=admin_x, membership=refused_request, reason="Unknown to us")
    run(services.membership_change, actor=admin_x, membership=joined, role="reviewer", is_signatory=True)
    run(services.membership_remove, actor=admin_x, membership=Membership.objects.get(pk=joined.pk), reason="Left")
    fields = {"org_type": "nhs_trust", "region": "london", "proposed_domains": []}
    approved = run(services.institution_register, actor=registrant, name="New Trust", ods_code="NT1", **fields)
    run(services.institution_approve, actor=moderator, institution=approved)
    rejected = run(services.institution_register, actor=second_registrant, name="Odd Trust", ods_code="NT2", **fields)
    run(services.institution_reject, actor=moderator, institution=rejected, reason="Not NHS")

    subjects = {
        staff: [
            "You are now a member of Example Trust",
            "Your role at Example Trust has changed",
            "You have been removed from Example Trust",
        ],
        waiting: ["You are now a member of Example Trust"],
        refused: ["Your request to join Example Trust was turned down"],
        admin_x: ["Wes Waiting asked to join Example Trust", "Rae Refused asked to join Example Trust"],
        moderator: ["New institution to check: New Trust", "New institution to check: Odd Trust"],
        registrant: ["New Trust is now listed"],
        second_registrant: ["Odd Trust was not approved"],
    }
    for person, expected in subjects.items():
        got = [m.subject for m in emails_to(person)]
        assert len(got) == len(expected), (person, got)
        for subject in expected:
            assert any(subject in s for s in got), (person, subject, got)

    refusal = emails_to(refused)[0]
    assert "Unknown to us" in refusal.body
    assert "Unknown to us" in refusal.alternatives[0][0]
    kinds = set(Notification.objects.values_list("kind", flat=True))
    assert {k for k in kinds if k.startswith("institutions.")} == {
        "institutions.membership_requested",
        "institutions.membership_decided",
        "institutions.membership_verified",
        "institutions.role_changed",
        "institutions.membership_removed",
        "institutions.registration_pending",
        "institutions.institution_approved",
        "institutions.institution_rejected",
    }
    lines = [notification_text(n) for n in Notification.objects.filter(kind__startswith="institutions.")]
    assert all(line and "{{" not in line for line in lines)
    assert any("made you reviewer and a signatory at Example Trust" in line for line in lines)

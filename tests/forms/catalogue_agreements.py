"""The accountability record's forms for tests/forms/catalogue.py: the shared purpose, the
agreement's terms and commitments, check-ins and ending, each on its real page."""

import datetime

from django.urls import reverse

from engagements import forms_agreement as agreement_forms
from engagements import forms_checkins as checkin_forms
from engagements import forms_purpose as purpose_forms
from tests.forms.page import Page

PAGES: list[Page] = []

# --- The shared purpose (engagements/forms_purpose.py) ----------------------------------------


def _accepted(w):
    """The sent proposal, accepted by institution X's admin the first time a page asks: its shared
    purpose is then open for drafting."""
    from engagements import services
    from engagements.models import Engagement
    from institutions.models import Membership

    engagement = Engagement.objects.select_related("movement", "institution", "model").get(pk=w.sent.pk)
    if engagement.status != Engagement.Status.ACCEPTED:
        admin = Membership.objects.get(institution=w.institution_x, role=Membership.Role.ADMIN).user
        services.engagement_accept(actor=admin, engagement=engagement)
    return engagement


def _purpose_data(w):
    version = _accepted(w).purpose_versions.order_by("-number").first()
    return {
        "statement": "Less alone, together.",
        "outcomes": "",
        "ways_of_impact": [w.way.pk],
        "seen_revision": str(version.revision),
    }


def _on_agreement(name):
    return lambda w: reverse(name, kwargs={"engagement_uuid": w.accepted.uuid})


def _agreement_revision(w):
    from engagements.models import AgreementVersion

    return AgreementVersion.objects.filter(agreement__engagement=w.accepted).latest("number").revision


PAGES += [
    Page(
        "shared purpose edit",
        purpose_forms.PurposeEditForm,
        "lead_a",
        lambda w: reverse("engagements:purpose_edit", kwargs={"engagement_uuid": _accepted(w).uuid}),
        _purpose_data,
    ),
]


def _on_active(name):
    return lambda w: reverse(name, kwargs={"engagement_uuid": w.active.uuid})


def _checkin_data(w):
    from django.utils import timezone

    from engagements.models import Commitment

    today = timezone.localdate()
    data = {"held_on_day": today.day, "held_on_month": today.month, "held_on_year": today.year, "note": "It went well."}
    for commitment in Commitment.objects.filter(
        version__agreement__engagement=w.active, version__signed_at__isnull=False
    ):
        data[f"status_{commitment.uuid}"] = "on_track"
    return data


PAGES += [
    Page("check-in", checkin_forms.CheckInForm, "lead_a", _on_active("engagements:checkin_new"), _checkin_data),
    Page(
        "engagement: end",
        checkin_forms.EndForm,
        "lead_a",
        _on_active("engagements:end"),
        lambda w: {"reason": "Our funding stopped."},
    ),
    Page(
        "engagement: complete",
        checkin_forms.CompleteForm,
        "lead_a",
        _on_active("engagements:complete"),
        lambda w: {"reason": "All done."},
    ),
]


PAGES += [
    Page(
        "agreement: terms and safeguards",
        agreement_forms.AgreementTermsForm,
        "lead_a",
        _on_agreement("engagements:agreement_edit"),
        lambda w: {
            "revision": _agreement_revision(w),
            "review_cadence": "quarterly",
            "escalation_route": "The trust's patient experience lead.",
            "escalation_days": "20",
            "exit_terms": "A month's notice.",
            "keeps_public_voice": "on",
            "keeps_right_to_withdraw": "on",
            "no_endorsement_without_consent": "on",
        },
    ),
    Page(
        "agreement: commitment",
        agreement_forms.CommitmentForm,
        "lead_a",
        _on_agreement("engagements:commitment_new"),
        lambda w: {
            "revision": _agreement_revision(w),
            "party": "movement",
            "what": "Run four sessions.",
            "review_date": (datetime.date.today() + datetime.timedelta(days=60)).isoformat(),
            "accountable_to": "role",
            "accountable_to_name": "Director of Nursing",
        },
    ),
]

ACCOUNTABILITY_PAGES = PAGES

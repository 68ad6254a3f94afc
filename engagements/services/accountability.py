"""Opening an engagement's accountability record, and the draft rule both versioned texts share.

`agreement_open` runs inside the acceptance: from then on the engagement has an Agreement, a
first shared-purpose draft taken from the proposal and a first agreement draft whose commitments
come from the engagement model's suggestions (docs/agreements.md).

`draft_revise` is the one way a draft's words change (shared purpose and agreement alike): it
moves the draft from the revision the person saw to the next one, in a single conditional UPDATE
(core.contract.transition on `revision`), so of two people saving at once, or one saving while
the other approves or signs, exactly one wins and the other is told.
"""

import datetime
from typing import Any, TypeVar

from django.db import models
from django.utils import timezone

from accounts.models import User
from core.contract import transition

from ..models import Agreement, AgreementVersion, Commitment, Engagement, SharedPurposeVersion, Side

V = TypeVar("V", bound=models.Model)


def _party_of(suggestion: str) -> str:
    # The suggestions are written "The movement …" / "The institution …"; the rest default to the
    # institution, which offers the resources. Either side can change it in the draft.
    return Side.MOVEMENT if suggestion.lower().startswith("the movement") else Side.INSTITUTION


def agreement_open(*, actor: User, engagement: Engagement, now: datetime.datetime | None = None) -> Agreement:
    """Create the engagement's Agreement and first drafts. Called by the acceptance, in its
    transaction (the accept permission was checked there); does nothing if they exist."""
    existing = Agreement.objects.filter(engagement=engagement).first()
    if existing is not None:
        return existing
    now = now or timezone.now()
    agreement = Agreement.objects.create(engagement=engagement)
    purpose = SharedPurposeVersion.objects.create(
        engagement=engagement,
        number=1,
        statement=engagement.shared_purpose,
        outcomes=engagement.outcomes,
        author=actor,
    )
    purpose.ways_of_impact.set(engagement.movement.ways_of_impact.all())
    version = AgreementVersion.objects.create(
        agreement=agreement, number=1, review_cadence=engagement.model.default_review_cadence, author=actor
    )
    Commitment.objects.bulk_create(
        Commitment(version=version, position=position, party=_party_of(text), what=text[:1000])
        for position, text in enumerate(engagement.model.suggested_commitment_list, start=1)
    )
    engagement.__dict__["_agreement_row"] = agreement
    return agreement


def draft_revise(
    draft: V, *, seen_revision: int, updates: dict[str, Any], what: str, redirect_to: str | None = None
) -> V:
    """Save new words on a draft version, if it is still at the revision the person saw and
    still unapproved and unsigned. Conflict otherwise, saying what happened (`what`: "the shared
    purpose"). Views check for a stale page first and show the person's words again beside the
    current ones; this Conflict is the rarer save at the very same moment."""
    return transition(
        draft,
        field="revision",
        to=seen_revision + 1,
        allowed_from=[seen_revision],
        updates=updates,
        conflict_message=lambda _label: (
            f"Someone else changed {what} while you were editing it. "
            "Read the current version, then make your change again."
        ),
        redirect_to=redirect_to,
    )

"""Published agreements for the register's tests, written directly (signing, consent and check-ins
have services and tests of their own): `published(...)` brings a new engagement between two
parties into force; `check_in(...)` records what a check-in said about each commitment, as the
check-in service leaves it; `finish(...)` ends, withdraws or completes the engagement."""

import datetime

from engagements.models import (
    CheckIn,
    CommitmentProgress,
    CommitmentUpdate,
    Engagement,
    TimelineEvent,
)
from engagements.services.accountability import agreement_open
from movements.models import WayOfImpact
from tests.engagements.agreements import bring_into_force
from tests.engagements.conftest import MONDAY
from tests.factories import UserFactory

COMMITMENTS = [
    {"party": "institution", "what": "Book the room every month.", "due_date": datetime.date(2026, 4, 1)},
    {"party": "movement", "what": "Bring two peer supporters.", "review_date": datetime.date(2026, 6, 1)},
]


def published(
    *,
    movement,
    institution,
    model,
    title="Peer support together",
    publish=True,
    at=MONDAY,
    commitments=None,
    ways=None,
    **words,
):
    engagement = Engagement.objects.create(
        direction=Engagement.Direction.TO_INSTITUTION,
        movement=movement,
        institution=institution,
        model=model,
        title=title,
        shared_purpose=words.pop("shared_purpose", "People with COPD feel less alone."),
        outcomes=words.pop("outcomes", "Fewer missed appointments."),
        status=Engagement.Status.ACCEPTED,
    )
    lead = UserFactory()
    agreement_open(actor=lead, engagement=engagement, now=at)
    if ways is not None:  # else the movement's, as acceptance leaves them
        engagement.purpose_versions.get().ways_of_impact.set(WayOfImpact.objects.filter(slug__in=ways))
    return bring_into_force(
        engagement,
        movement_signer=lead,
        institution_signer=UserFactory(),
        commitments=COMMITMENTS if commitments is None else commitments,
        at=at,
        publish=publish,
        **words,
    )


def check_in(agreement, *, held_on, note, statuses, side="movement", comments=None):
    """A check-in on `held_on` saying `statuses[position]` (1-based) of each commitment named."""
    checkin = CheckIn.objects.create(
        engagement=agreement.engagement, version=agreement.in_force, held_on=held_on, note=note, side=side
    )
    commitments = {c.position: c for c in agreement.in_force.commitments.all()}
    for position, status in statuses.items():
        commitment = commitments[position]
        CommitmentUpdate.objects.create(
            checkin=checkin,
            commitment=commitment,
            key=commitment.key,
            status=status,
            comment=(comments or {}).get(position, ""),
        )
        CommitmentProgress.objects.filter(agreement=agreement, key=commitment.key).update(status=status, as_of=held_on)
    return checkin


def finish(agreement, status, *, at):
    """End, withdraw or complete the engagement on `at`, with its timeline event."""
    Engagement.objects.filter(pk=agreement.engagement_id).update(status=status)
    TimelineEvent.objects.create(engagement=agreement.engagement, kind=status, at=at, text="A reason both sides read.")

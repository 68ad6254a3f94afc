"""Demo agreements: every stage of the accountability record on the demo engagements.

Written straight to the tables like the rest of the demo (no emails), in the order the
database's protection of signed rows allows: a version's commitments and approvals go in before
it is marked agreed or signed. Runs after the demo engagements; makes nothing twice.

Stages, for the demo engagements in each state (both directions):
- accepted, movement to trust: the shared purpose approved by the movement only; the agreement a draft;
- accepted, trust to movement: the shared purpose agreed; the trust has signed, the movement not yet;
- active: in force, published by both sides, with check-ins; the trust-to-movement one also has an
  amendment under way (a second version signed by the trust alone);
- completed and ended: in force when they finished, published by both sides, except the ended
  trust-to-movement one, whose trust has not agreed to publish, so it stays off the register.
"""

import datetime
from typing import Any

from django.utils import timezone

from .models import (
    Agreement,
    AgreementVersion,
    CheckIn,
    Commitment,
    CommitmentProgress,
    CommitmentStatus,
    CommitmentUpdate,
    Engagement,
    PurposeApproval,
    PurposeImpact,
    SharedPurposeVersion,
    Side,
    Signature,
    TimelineEvent,
)

S = Engagement.Status
TO_INSTITUTION = Engagement.Direction.TO_INSTITUTION
IN_FORCE = (S.ACTIVE, S.COMPLETED, S.ENDED)
STATEMENT = "People who use the service shape it with the staff who run it, as equals, and see what changed."
OUTCOMES = "A redesigned pathway tested with twenty people; fewer missed appointments within a year."
# Progress the check-ins report, per commitment position: (first check-in, second check-in).
PROGRESS = [
    (CommitmentStatus.ON_TRACK, CommitmentStatus.DONE),
    (CommitmentStatus.ON_TRACK, CommitmentStatus.AT_RISK),
    (CommitmentStatus.AT_RISK, CommitmentStatus.MISSED),
    (CommitmentStatus.ON_TRACK, CommitmentStatus.ON_TRACK),
]


def _party(text: str) -> str:
    return Side.MOVEMENT if text.lower().startswith("the movement") else Side.INSTITUTION


def _purpose(engagement: Engagement, people, at: datetime.datetime, approved_by: tuple[str, ...]):
    version = SharedPurposeVersion.objects.create(
        engagement=engagement, number=1, statement=STATEMENT, outcomes=OUTCOMES, author=people[Side.MOVEMENT][0]
    )
    PurposeImpact.objects.bulk_create(
        PurposeImpact(version=version, way=way) for way in engagement.movement.ways_of_impact.all()[:3]
    )
    for side in approved_by:
        person = people[side][0]
        PurposeApproval.objects.create(
            version=version, side=side, approver=person, approver_name=person.display_name, approved_at=at
        )
    if len(approved_by) == 2:
        SharedPurposeVersion.objects.filter(pk=version.pk).update(agreed_at=at)
    return version


def _version(agreement: Agreement, number: int, people, at, *, copy_of: AgreementVersion | None = None):
    model = agreement.engagement.model
    version = AgreementVersion.objects.create(
        agreement=agreement,
        number=number,
        review_cadence=model.default_review_cadence,
        escalation_route="The trust's director of patient experience, then the movement's steering group.",
        exit_terms="Either side may end the engagement with a month's notice, giving its reasons.",
        author=people[Side.INSTITUTION][0],
    )
    if copy_of is None:
        today = timezone.localdate(at)
        Commitment.objects.bulk_create(
            Commitment(
                version=version,
                position=position,
                party=_party(text),
                what=text[:1000],
                success_measure="Both sides say so at the review.",
                due_date=today + datetime.timedelta(days=30 * position),
            )
            for position, text in enumerate(model.suggested_commitment_list[:4], start=1)
        )
    else:
        rows = list(copy_of.commitments.all())
        Commitment.objects.bulk_create(
            Commitment(
                version=version,
                key=row.key,
                position=row.position,
                party=row.party,
                what=row.what,
                success_measure=row.success_measure,
                # The amendment gives the last commitment more time.
                due_date=row.due_date + datetime.timedelta(days=60)
                if row == rows[-1] and row.due_date
                else row.due_date,
                review_date=row.review_date,
                accountable_to=row.accountable_to,
                accountable_to_name=row.accountable_to_name,
            )
            for row in rows
        )
    return version


def _sign(version: AgreementVersion, engagement: Engagement, people, sides, at, purpose=None) -> None:
    roles = {
        Side.MOVEMENT: f"Lead organiser, {engagement.movement.name}",
        Side.INSTITUTION: f"Signatory, {engagement.institution.name}",
    }
    for side in sides:
        person = people[side][0]
        Signature.objects.create(
            version=version,
            side=side,
            signer=person,
            signer_name=person.display_name,
            signer_role=roles[side],
            method=Signature.Method.PASSWORD,
            signed_at=at,
        )
    if len(sides) == 2:
        AgreementVersion.objects.filter(pk=version.pk).update(signed_at=at, purpose=purpose)


def _check_ins(engagement: Engagement, agreement: Agreement, version: AgreementVersion, people, start, end) -> None:
    """Two check-ins, a third and two thirds of the way from coming into force to the end (or now)."""
    commitments = list(version.commitments.all())
    for index in range(2):
        held = start + (end - start) * (index + 1) / 3
        side = Side.MOVEMENT if index == 0 else Side.INSTITUTION
        checkin = CheckIn.objects.create(
            engagement=engagement,
            version=version,
            held_on=timezone.localdate(held),
            note="We met as planned. Notes were shared with everyone who came within the week.",
            author=people[side][0],
            side=side,
        )
        CommitmentUpdate.objects.bulk_create(
            CommitmentUpdate(
                checkin=checkin, commitment=row, key=row.key, status=PROGRESS[row.position % len(PROGRESS)][index]
            )
            for row in commitments
        )
        TimelineEvent.objects.create(
            engagement=engagement, kind="checked_in", actor=people[side][0], side=side, at=held
        )
        for row in commitments:
            CommitmentProgress.objects.update_or_create(
                agreement=agreement,
                key=row.key,
                defaults={"status": PROGRESS[row.position % len(PROGRESS)][index], "as_of": checkin.held_on},
            )


def _record(engagement: Engagement, people, now: datetime.datetime) -> bool:
    if Agreement.objects.filter(engagement=engagement).exists():
        return False
    accepted_at = engagement.decided_at or now - datetime.timedelta(days=90)
    agreement = Agreement.objects.create(engagement=engagement)
    to_trust = engagement.direction == TO_INSTITUTION
    if engagement.status == S.ACCEPTED:
        approved: tuple[str, ...] = (Side.MOVEMENT,) if to_trust else (Side.MOVEMENT, Side.INSTITUTION)
        purpose = _purpose(engagement, people, accepted_at, approved)
        if len(approved) == 2:
            Agreement.objects.filter(pk=agreement.pk).update(purpose=purpose)
        version = _version(agreement, 1, people, accepted_at)
        if not to_trust:
            _sign(version, engagement, people, (Side.INSTITUTION,), accepted_at)
        return True
    # In force when the demo timeline says it was activated; finished (or still going) at its last event.
    times = dict(engagement.timeline.values_list("kind", "at"))
    signed_at = times.get("activated", accepted_at)
    end = times.get("completed") or times.get("ended") or now
    purpose = _purpose(engagement, people, signed_at, (Side.MOVEMENT, Side.INSTITUTION))
    version = _version(agreement, 1, people, signed_at)
    _sign(version, engagement, people, (Side.MOVEMENT, Side.INSTITUTION), signed_at, purpose=purpose)
    # All published by both sides except one ended engagement, whose trust kept it off the register.
    kept_off = engagement.status == S.ENDED and not to_trust
    publish: dict[str, Any] = {"movement_publishes": True, "institution_publishes": not kept_off}
    Agreement.objects.filter(pk=agreement.pk).update(
        purpose=purpose, in_force=version, in_force_since=signed_at, **publish
    )
    CommitmentProgress.objects.bulk_create(
        CommitmentProgress(agreement=agreement, key=key) for key in version.commitments.values_list("key", flat=True)
    )
    _check_ins(engagement, agreement, version, people, signed_at, end)
    if engagement.status == S.ACTIVE and not to_trust:
        amendment = _version(agreement, 2, people, now, copy_of=version)
        _sign(amendment, engagement, people, (Side.INSTITUTION,), now)
    return True


def seed(*, people, now: datetime.datetime) -> int:
    """Add the accountability record to each demo engagement past acceptance; the number added."""
    added = 0
    for engagement in Engagement.objects.filter(status__in=(S.ACCEPTED, *IN_FORCE)).select_related(
        "model", "movement", "institution"
    ):
        added += _record(engagement, people, now)
    return added

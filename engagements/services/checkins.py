"""Check-ins on an active engagement, and the two ways the parties close one: ending and completing.

A check-in is a dated note plus a status for every commitment of the agreement version in force.
It is kept as written (CheckIn, CommitmentUpdate); each commitment's current status
(CommitmentProgress) moves only forward in time: a check-in entered late, dated before the one
that set the current status, joins the history without overwriting it. That rule is one
conditional UPDATE per commitment, so two check-ins recorded at once leave the newer date's
status whichever commits first.

Ending and completing are lifecycle actions (engagements/lifecycle.py) through
engagement_transition: nothing is deleted, and the rules stop check-ins and drafting afterwards.
"""

import datetime
from collections.abc import Mapping
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from core.contract import Conflict, lock, require
from notifications.services import notification_announce

from ..models import (
    Agreement,
    CheckIn,
    Commitment,
    CommitmentProgress,
    CommitmentStatus,
    CommitmentUpdate,
    Engagement,
    Side,
)
from ..rules import side_of
from ._common import engagement_context, side_people, timeline_write
from .transitions import engagement_transition

NOTE_LIMIT = 4000
COMMENT_LIMIT = 500


def _too_long(label: str, limit: int, text: str) -> str:
    return f"{label} must be {limit:,} characters or fewer (it has {len(text):,})."


def _day(day: datetime.date) -> str:
    return f"{day.day} {day:%B %Y}"


def _agreement_in_force(engagement: Engagement) -> Agreement:
    """The agreement as it is now (not as the page saw it), with its version in force."""
    agreement = Agreement.objects.select_related("in_force").filter(engagement=engagement).first()
    if agreement is None or agreement.in_force is None:
        raise ValidationError("This engagement has no agreement in force, so there is nothing to check in against.")
    return agreement


def _uuid_or_none(key: UUID | str) -> UUID | None:
    try:
        return key if isinstance(key, UUID) else UUID(str(key))
    except ValueError:
        return None  # not a commitment's: refused as unknown


def _checked_statuses(
    commitments: list[Commitment], statuses: Mapping[UUID | str, str], comments: Mapping[UUID | str, str]
) -> dict[UUID, tuple[str, str]]:
    """Every commitment's (status, comment), by commitment uuid; a ValidationError naming what is wrong."""
    by_uuid = {commitment.uuid: commitment for commitment in commitments}
    given = {_uuid_or_none(key): value for key, value in statuses.items()}
    notes = {_uuid_or_none(key): (value or "").strip() for key, value in comments.items()}
    unknown = (set(given) | set(notes)) - set(by_uuid)
    if unknown:
        message = "Some of these commitments are not in the agreement in force now. Reload the page and try again."
        raise ValidationError({"statuses": message})
    errors: dict[str, str] = {}
    missing = [c for c in commitments if given.get(c.uuid) not in CommitmentStatus.values]
    if missing:
        names = "; ".join(f"“{c.what[:60]}”" for c in missing)
        errors["statuses"] = f"Choose a status for every commitment. Missing: {names}."
    for uuid, comment in notes.items():
        if len(comment) > COMMENT_LIMIT:
            errors[f"comment_{uuid}"] = _too_long("Comment", COMMENT_LIMIT, comment)
    if errors:
        raise ValidationError(errors)
    return {c.uuid: (str(given[c.uuid]), notes.get(c.uuid, "")) for c in commitments}


def _checked_date(held_on: datetime.date | None, agreement: Agreement, today: datetime.date) -> datetime.date:
    if held_on is None:
        raise ValidationError({"held_on": "Enter the date of the check-in."})
    if held_on > today:
        raise ValidationError({"held_on": "The date of the check-in must be today or in the past."})
    since = timezone.localdate(agreement.in_force_since) if agreement.in_force_since else None
    if since is not None and held_on < since:
        message = f"The date of the check-in must be on or after {_day(since)}, when the agreement came into force."
        raise ValidationError({"held_on": message})
    return held_on


def _summary(statuses: dict[UUID, tuple[str, str]]) -> str:
    counts: dict[str, int] = {}
    for status, _comment in statuses.values():
        counts[status] = counts.get(status, 0) + 1
    return ", ".join(f"{n} {CommitmentStatus(s).label.lower()}" for s, n in counts.items())


@transaction.atomic
def checkin_record(
    *,
    actor: User,
    engagement: Engagement,
    held_on: datetime.date | None,
    note: str,
    statuses: Mapping[UUID | str, str],
    comments: Mapping[UUID | str, str] | None = None,
    now: datetime.datetime | None = None,
) -> CheckIn:
    """Record a check-in: a note and a status (with an optional comment) for every commitment of
    the version in force. Updates each commitment's current status unless a newer check-in set it."""
    require(actor, "engagements.record_checkin", engagement, "You cannot record a check-in on this engagement.")
    # Hold the engagement still while writing: a check-in and an ending pressed at once cannot
    # leave a check-in on an ended engagement.
    current = lock(engagement, redirect_to=engagement.get_absolute_url())
    if current.status != Engagement.Status.ACTIVE:
        raise Conflict(
            f"“{engagement.title}” is now {current.get_status_display().lower()}: no more check-ins can be recorded.",
            current=current.status,
            redirect_to=engagement.get_absolute_url(),
        )
    now = now or timezone.now()
    agreement = _agreement_in_force(engagement)
    note = (note or "").strip()
    errors: dict[str, str] = {}
    if not note:
        errors["note"] = "Write what happened since the last check-in."
    elif len(note) > NOTE_LIMIT:
        errors["note"] = _too_long("Note", NOTE_LIMIT, note)
    try:
        held_on = _checked_date(held_on, agreement, timezone.localdate(now))
    except ValidationError as error:
        errors.update({k: v[0] for k, v in error.message_dict.items()})
    commitments = list(Commitment.objects.filter(version=agreement.in_force).order_by("position", "pk"))
    try:
        checked = _checked_statuses(commitments, statuses, comments or {})
    except ValidationError as error:
        errors.update({k: v[0] for k, v in error.message_dict.items()})
    if errors:
        raise ValidationError(errors)
    assert held_on is not None and agreement.in_force is not None  # refused above otherwise
    side = side_of(actor, engagement)
    checkin = CheckIn.objects.create(
        engagement=engagement, version=agreement.in_force, held_on=held_on, note=note, author=actor, side=side
    )
    CommitmentUpdate.objects.bulk_create(
        CommitmentUpdate(
            checkin=checkin, commitment=c, key=c.key, status=checked[c.uuid][0], comment=checked[c.uuid][1]
        )
        for c in commitments
    )
    for commitment in commitments:
        _progress_move(agreement, commitment.key, checked[commitment.uuid][0], held_on)
    text = f"Dated {_day(held_on)}: {_summary(checked)}."
    timeline_write(engagement=engagement, kind="checked_in", actor=actor, side=side, text=text, now=now)
    other = Side.INSTITUTION if side == Side.MOVEMENT else Side.MOVEMENT
    url = reverse("engagements:checkins", kwargs={"engagement_uuid": engagement.uuid})
    notification_announce(
        kind="engagements.checkin_recorded",
        recipients=[p for p in side_people(engagement, other) if p != actor],
        actor=actor,
        target=engagement,
        context={**engagement_context(engagement), "held_on": _day(held_on), "summary": _summary(checked)},
        url=url,
    )
    return checkin


def _progress_move(agreement: Agreement, key: UUID, status: str, held_on: datetime.date) -> None:
    """Set the commitment's current status, unless a check-in dated after this one already did.

    One conditional UPDATE: of two check-ins at once, the older date can never overwrite the newer."""
    changed = (
        CommitmentProgress.objects.filter(agreement=agreement, key=key)
        .filter(Q(as_of__isnull=True) | Q(as_of__lte=held_on))
        .update(status=status, as_of=held_on, updated_at=timezone.now())
    )
    if not changed and not CommitmentProgress.objects.filter(agreement=agreement, key=key).exists():
        # A commitment added by an amendment has no progress row yet: this check-in starts it.
        CommitmentProgress.objects.get_or_create(
            agreement=agreement, key=key, defaults={"status": status, "as_of": held_on}
        )


@transaction.atomic
def engagement_end(
    *, actor: User, engagement: Engagement, reason: str, now: datetime.datetime | None = None
) -> Engagement:
    """Either side ends an active engagement, with a reason both sides see. Nothing is deleted."""
    require(actor, "engagements.end_engagement", engagement, "You cannot end this engagement now.")
    return engagement_transition(actor=actor, engagement=engagement, action="end", reason=reason, now=now)


@transaction.atomic
def engagement_complete(
    *, actor: User, engagement: Engagement, reason: str = "", now: datetime.datetime | None = None
) -> Engagement:
    """Either side marks an active engagement completed: what was agreed is done. Nothing is deleted."""
    require(actor, "engagements.complete_engagement", engagement, "You cannot mark this engagement completed now.")
    return engagement_transition(actor=actor, engagement=engagement, action="complete", reason=reason, now=now)

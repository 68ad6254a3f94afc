"""Reads for check-ins and commitment statuses: the accountability block on the engagement page,
the check-in history, one commitment's history, and the roll-up per side.

Each read costs a fixed number of queries whatever the number of commitments or check-ins
(tests/engagements/test_rollup_queries.py counts them at two sizes).
"""

import datetime
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from django.core.paginator import Page, Paginator
from django.db.models import Prefetch
from django.utils import timezone

from . import lifecycle
from .models import (
    Agreement,
    AgreementVersion,
    CheckIn,
    Commitment,
    CommitmentProgress,
    CommitmentStatus,
    CommitmentUpdate,
    Engagement,
    Side,
)

CHECKINS_PER_PAGE = 10
# A commitment still open (on track or at risk) after its date is overdue; done, missed and
# dropped ones have an answer already.
OPEN_STATUSES = (CommitmentStatus.ON_TRACK, CommitmentStatus.AT_RISK)
ROLLUP_KEYS = ("done", "on_track", "at_risk", "missed", "dropped", "overdue")


@dataclass
class CommitmentState:
    """A commitment of the version in force with where it stands."""

    commitment: Commitment
    status: str
    as_of: datetime.date | None
    overdue: bool

    @property
    def status_label(self) -> str:
        return str(CommitmentStatus(self.status).label)


@dataclass
class SideRollup:
    side: str
    label: str
    total: int = 0
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(ROLLUP_KEYS, 0))


def agreement_with_version(engagement: Engagement) -> Agreement | None:
    """The engagement's Agreement with its version in force (one query), remembered on the
    engagement where the rules look for it (rules.agreement_of), so they ask no second time."""
    cached = engagement.__dict__.get("_agreement_row")
    if isinstance(cached, Agreement) and "in_force" in cached._state.fields_cache:
        return cached
    agreement = Agreement.objects.select_related("in_force").filter(engagement=engagement).first()
    engagement.__dict__["_agreement_row"] = agreement
    return agreement


def is_overdue(commitment: Commitment, status: str, today: datetime.date) -> bool:
    due = commitment.next_date
    return due is not None and due < today and status in OPEN_STATUSES


def commitment_states(agreement: Agreement, *, today: datetime.date | None = None) -> list[CommitmentState]:
    """The commitments of the version in force, each with its current status. Two queries:
    the commitments, and the agreement's progress rows."""
    if agreement.in_force_id is None:
        return []
    today = today or timezone.localdate()
    commitments = list(Commitment.objects.filter(version_id=agreement.in_force_id).order_by("position", "pk"))
    progress = {row.key: row for row in CommitmentProgress.objects.filter(agreement=agreement)}
    states = []
    for commitment in commitments:
        row = progress.get(commitment.key)
        status = row.status if row is not None else CommitmentStatus.ON_TRACK
        states.append(
            CommitmentState(
                commitment=commitment,
                status=status,
                as_of=row.as_of if row is not None else None,
                overdue=is_overdue(commitment, status, today),
            )
        )
    return states


def rollup(states: list[CommitmentState]) -> list[SideRollup]:
    """How many commitments each side has done, on track, at risk, missed, dropped and overdue.
    No query: it counts what commitment_states read. The movement first, as the agreement reads."""
    sides = {side: SideRollup(side=side, label=str(label)) for side, label in Side.choices}
    for state in states:
        entry = sides[state.commitment.party]
        entry.total += 1
        entry.counts[state.status] += 1
        if state.overdue:
            entry.counts["overdue"] += 1
    return [sides[Side.MOVEMENT], sides[Side.INSTITUTION]]


ROLLUP_LABELS = {**{value: str(label) for value, label in CommitmentStatus.choices}, "overdue": "Overdue"}


def rollup_rows(sides: list[SideRollup]) -> list[dict[str, Any]]:
    """The roll-up as table rows, a status a row and a side a column (it fits a phone)."""
    return [
        {"key": key, "label": ROLLUP_LABELS[key], "counts": [side.counts[key] for side in sides]} for key in ROLLUP_KEYS
    ]


def latest_checkin(engagement: Engagement) -> CheckIn | None:
    """The newest check-in by its date, with its author. One query."""
    rows = CheckIn.objects.filter(engagement=engagement).select_related("author")
    return rows.order_by("-held_on", "-created_at").first()


def accountability_block(*, engagement: Engagement, today: datetime.date | None = None) -> dict[str, Any]:
    """What the engagement page's accountability block shows. Before acceptance: one query (no
    agreement). With an agreement in force: the agreement with its version, the commitments,
    the progress rows and the latest check-in (four). While only drafted: the agreement and the
    newest draft's number (two)."""
    agreement = agreement_with_version(engagement)
    if agreement is None:
        return {"agreement": None}
    if agreement.in_force_id is None:
        draft = AgreementVersion.objects.filter(agreement=agreement).order_by("-number").values("number").first()
        return {"agreement": agreement, "draft_number": draft["number"] if draft else None, "states": []}
    states = commitment_states(agreement, today=today)
    sides = rollup(states)
    return {
        "agreement": agreement,
        "version": agreement.in_force,
        # Ended, withdrawn or completed: the version stays on the record but binds nobody now.
        "closed": engagement.status in lifecycle.FINAL,
        "states": states,
        "rollup": sides,
        "rollup_rows": rollup_rows(sides),
        "latest_checkin": latest_checkin(engagement),
    }


def checkin_page(*, engagement: Engagement, page: Any = 1) -> Page[CheckIn]:
    """One page of the check-in history, newest date first, each with its author and what it said
    about each commitment. Three queries: the count, the page of check-ins with authors, and
    their updates with the commitment each names."""
    rows = (
        CheckIn.objects.filter(engagement=engagement)
        .select_related("author", "version")
        .prefetch_related(
            Prefetch(
                "updates",
                queryset=CommitmentUpdate.objects.select_related("commitment").order_by("commitment__position", "pk"),
            )
        )
        .order_by("-held_on", "-created_at")
    )
    return Paginator(rows, CHECKINS_PER_PAGE).get_page(page)


def commitment_by_key(agreement: Agreement, key: UUID) -> Commitment | None:
    """The commitment's wording now: in the version in force, else the newest version that has it
    (a commitment an amendment dropped, or one only drafted). One query."""
    rows = list(Commitment.objects.filter(version__agreement=agreement, key=key).select_related("version"))
    in_force: Commitment | None = next((c for c in rows if c.version_id == agreement.in_force_id), None)
    if in_force is not None:
        return in_force
    signed = [c for c in rows if c.version.signed_at is not None]
    newest: Commitment | None = max(signed or rows, key=lambda c: c.version.number, default=None)
    return newest


def commitment_history(*, agreement: Agreement, key: UUID) -> list[CommitmentUpdate]:
    """Every status a check-in gave this commitment, across versions, newest first, with the
    check-in, its author and the commitment's wording then. One query."""
    return list(
        CommitmentUpdate.objects.filter(key=key, checkin__engagement_id=agreement.engagement_id)
        .select_related("checkin__author", "commitment__version")
        .order_by("-checkin__held_on", "-checkin__created_at")
    )


def commitment_progress(agreement: Agreement, key: UUID) -> CommitmentProgress | None:
    return CommitmentProgress.objects.filter(agreement=agreement, key=key).first()

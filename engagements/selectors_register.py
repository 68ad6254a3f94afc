"""Reads for the public register of agreements (/agreements/) and the accountability record on
public profiles (docs/agreements.md, "The public register and its open data").

An agreement is public when a version is in force, both sides consented to publish it, and its
movement and institution are approved. It stays public after the engagement ends, is withdrawn
or is completed, marked so. Nothing here reads comments, reviewer notes, drafts or the timeline's
words: only the date an engagement ended is taken from its timeline.
"""

import datetime
from dataclasses import dataclass, field
from functools import reduce
from operator import and_, or_
from typing import Any

from django.db.models import (
    Count,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from institutions.models import Institution
from movements.models import Movement, WayOfImpact

from .models import (
    Agreement,
    CheckIn,
    Commitment,
    CommitmentProgress,
    CommitmentStatus,
    CommitmentUpdate,
    Engagement,
    EngagementModel,
    PurposeImpact,
    Side,
    Signature,
    TimelineEvent,
)

S = Engagement.Status
# The states a published agreement can be in: in force, or over and marked so.
ENDINGS = {
    S.ENDED: TimelineEvent.Kind.ENDED,
    S.WITHDRAWN: TimelineEvent.Kind.WITHDRAWN,
    S.COMPLETED: TimelineEvent.Kind.COMPLETED,
}
# A commitment still open: it can be overdue. Done, missed and dropped ones are settled.
OPEN_STATUSES = (CommitmentStatus.ON_TRACK, CommitmentStatus.AT_RISK)
SUMMARY_KEYS = ("done", "on_track", "at_risk", "missed", "dropped", "overdue")
QUERY_WORDS = 10  # words of a search used; more are ignored


@dataclass
class RegisterFilters:
    query: str = ""
    institution: str = ""  # an ODS code
    movement: str = ""  # a movement's slug
    models: list[str] = field(default_factory=list)  # EngagementModel slugs
    ways: list[str] = field(default_factory=list)  # WayOfImpact slugs
    regions: list[str] = field(default_factory=list)  # the institution's region (core.regions)

    @property
    def count(self) -> int:
        """How many filters are chosen (the search aside), for "Filter agreements (2 chosen)"."""
        return bool(self.institution) + bool(self.movement) + len(self.models) + len(self.ways) + len(self.regions)


def published_agreements() -> QuerySet[Agreement]:
    """Every agreement the public may see: in force once, both sides publishing, both parties public."""
    return Agreement.objects.filter(
        in_force__isnull=False,
        movement_publishes=True,
        institution_publishes=True,
        engagement__movement__status=Movement.Status.APPROVED,
        engagement__institution__status=Institution.Status.APPROVED,
    )


def _ended_at() -> Subquery:
    """When the engagement ended, was withdrawn or completed: its latest such timeline event's date."""
    return Subquery(
        TimelineEvent.objects.filter(engagement=OuterRef("engagement"), kind__in=list(ENDINGS.values()))
        .order_by("-at")
        .values("at")[:1]
    )


def _search(qs: QuerySet[Agreement], query: str) -> QuerySet[Agreement]:
    """Every word must appear in the title, the shared purpose in force, or a party's name."""
    terms = query.split()[:QUERY_WORDS]
    if not terms:
        return qs

    def matches(term: str) -> Q:
        return reduce(
            or_,
            (
                Q(engagement__title__icontains=term),
                Q(purpose__statement__icontains=term),
                Q(engagement__movement__name__icontains=term),
                Q(engagement__institution__name__icontains=term),
            ),
        )

    return qs.filter(reduce(and_, (matches(term) for term in terms)))


def _with_register_relations(qs: QuerySet[Agreement], *, signatures: bool) -> QuerySet[Agreement]:
    """What a register row shows, in a fixed number of queries: parties, model, purpose and in-force
    version joined; ways of impact, commitments and their progress (and signatures) prefetched."""
    prefetches: list[Any] = [
        Prefetch("purpose__impact_rows", queryset=PurposeImpact.objects.select_related("way")),
        Prefetch("in_force__commitments", queryset=Commitment.objects.order_by("position", "pk")),
        Prefetch("progress", queryset=CommitmentProgress.objects.all()),
    ]
    if signatures:
        prefetches.append(Prefetch("in_force__signatures", queryset=Signature.objects.order_by("signed_at", "pk")))
    return (
        qs.select_related("engagement__movement", "engagement__institution", "engagement__model", "purpose", "in_force")
        .annotate(ended_at=_ended_at())
        .prefetch_related(*prefetches)
    )


def register_agreements(*, filters: RegisterFilters, signatures: bool = False) -> QuerySet[Agreement]:
    """The published agreements matching the filters, newest in force first."""
    qs = published_agreements()
    if filters.institution:
        qs = qs.filter(engagement__institution__ods_code=filters.institution)
    if filters.movement:
        qs = qs.filter(engagement__movement__slug=filters.movement)
    if filters.models:
        qs = qs.filter(engagement__model__slug__in=filters.models)
    if filters.regions:
        qs = qs.filter(engagement__institution__region__in=filters.regions)
    if filters.ways:
        serving = PurposeImpact.objects.filter(way__slug__in=filters.ways).values("version_id")
        qs = qs.filter(purpose_id__in=serving)
    qs = _search(qs, filters.query.strip())
    return _with_register_relations(qs, signatures=signatures).order_by("-in_force_since", "-pk")


def published_agreement(agreement_uuid: Any) -> Agreement | None:
    """One published agreement for its public page, or None (unknown, or not public)."""
    qs = _with_register_relations(published_agreements().filter(uuid=agreement_uuid), signatures=True)
    return qs.first()


def agreement_checkins(agreement: Agreement) -> QuerySet[CheckIn]:
    """The engagement's check-ins, newest first, with what each said about each commitment."""
    updates = CommitmentUpdate.objects.select_related("commitment").order_by("commitment__position", "pk")
    return (
        CheckIn.objects.filter(engagement_id=agreement.engagement_id)
        .order_by("-held_on", "-created_at")
        .prefetch_related(Prefetch("updates", queryset=updates))
    )


# --- What a row says ---------------------------------------------------------------------


def status_of(agreement: Agreement) -> str:
    """ "in_force", or how it came to an end: "ended", "withdrawn", "completed"."""
    state = agreement.engagement.status
    return state if state in ENDINGS else "in_force"


STATUS_LABELS = {"in_force": "In force", "ended": "Ended", "withdrawn": "Withdrawn", "completed": "Completed"}
STATUS_COLOURS = {"in_force": "green", "ended": "grey", "withdrawn": "orange", "completed": "blue"}
ENDING_WORDS = {"ended": "This partnership ended", "withdrawn": "This partnership was withdrawn"}
COMMITMENT_COLOURS = {"done": "green", "on_track": "blue", "at_risk": "yellow", "missed": "red", "dropped": "grey"}


def status_tag(agreement: Agreement) -> dict[str, Any]:
    """What the page says of the agreement's state: its tag (label, colour), whether the partnership
    is over, and how it ended in words."""
    status = status_of(agreement)
    return {
        "key": status,
        "label": STATUS_LABELS[status],
        "colour": STATUS_COLOURS[status],
        "is_over": status != "in_force",
        "ending": ENDING_WORDS.get(status, "This partnership was completed"),
    }


def party_names(engagement: Engagement) -> dict[str, str]:
    return {Side.MOVEMENT: engagement.movement.name, Side.INSTITUTION: engagement.institution.name}


def _accountable_to(commitment: Commitment, names: dict[str, str]) -> str:
    if commitment.accountable_to == Commitment.AccountableTo.OTHER_SIDE:
        other = Side.INSTITUTION if commitment.party == Side.MOVEMENT else Side.MOVEMENT
        return names[other]
    return commitment.accountable_to_name or str(commitment.get_accountable_to_display())


def commitment_rows(agreement: Agreement, *, today: datetime.date | None = None) -> list[dict[str, Any]]:
    """The in-force version's commitments, each with its latest status (from the prefetched progress)
    and whether it is overdue: open, its date passed, on an engagement still in force."""
    today = today or timezone.localdate()
    progress = {row.key: row for row in agreement.progress.all()}
    running = agreement.engagement.status == S.ACTIVE
    names = party_names(agreement.engagement)
    rows = []
    assert agreement.in_force is not None  # published agreements always have one
    for commitment in agreement.in_force.commitments.all():
        latest = progress.get(commitment.key)
        status = latest.status if latest else CommitmentStatus.ON_TRACK
        date = commitment.next_date
        rows.append(
            {
                "commitment": commitment,
                "status": status,
                "status_label": CommitmentStatus(status).label,
                "colour": COMMITMENT_COLOURS[status],
                "party_name": names[commitment.party],
                "accountable_to": _accountable_to(commitment, names),
                "status_as_of": latest.as_of if latest else None,
                "overdue": running and status in OPEN_STATUSES and date is not None and date < today,
            }
        )
    return rows


def commitment_summary(rows: list[dict[str, Any]]) -> dict[str, int]:
    """How many commitments are done, on track, at risk, missed, dropped; and how many overdue."""
    summary = dict.fromkeys(SUMMARY_KEYS, 0)
    for row in rows:
        summary[row["status"]] += 1
        summary["overdue"] += int(row["overdue"])
    summary["total"] = len(rows)
    return summary


def ways_of(agreement: Agreement) -> list[WayOfImpact]:
    """The ways of impact the shared purpose in force serves (prefetched)."""
    return [row.way for row in agreement.purpose.impact_rows.all()] if agreement.purpose else []


# --- The register's filter choices ---------------------------------------------------------


def register_institution_choices() -> list[tuple[str, str]]:
    """Institutions with a published agreement, as (ODS code, name)."""
    ids = published_agreements().values("engagement__institution_id")
    return list(Institution.objects.filter(pk__in=ids).order_by("name").values_list("ods_code", "name"))


def register_movement_choices() -> list[tuple[str, str]]:
    """Movements with a published agreement, as (slug, name)."""
    ids = published_agreements().values("engagement__movement_id")
    return list(Movement.objects.filter(pk__in=ids).order_by("name").values_list("slug", "name"))


def register_model_choices() -> list[tuple[str, str]]:
    """Every engagement model, retired ones too: an old agreement may have used one."""
    return list(EngagementModel.objects.order_by("position", "name").values_list("slug", "name"))


def register_way_choices() -> list[tuple[str, str]]:
    return list(WayOfImpact.objects.order_by("position", "name").values_list("slug", "name"))


# --- The accountability record on profiles ----------------------------------------------------

PROFILE_LIMIT = 10  # agreements listed on a profile; the register lists the rest


def accountability_record(*, party: Movement | Institution, today: datetime.date | None = None) -> dict[str, Any]:
    """A movement's or an institution's published partnerships (the newest few) and, across all
    of them, how many commitments were kept (done), missed and are overdue, its own and its
    partners'. Three queries (the agreements, their count, the commitment counts); one when there
    are none."""
    today = today or timezone.localdate()
    side = Side.MOVEMENT if isinstance(party, Movement) else Side.INSTITUTION
    mine = published_agreements().filter(**{f"engagement__{side}": party})
    agreements = list(
        mine.select_related("engagement__movement", "engagement__institution", "engagement__model")
        .annotate(ended_at=_ended_at())
        .order_by("-in_force_since", "-pk")[:PROFILE_LIMIT]
    )
    empty = dict.fromkeys(("done", "missed", "overdue"), 0)
    if not agreements:
        return {"agreements": [], "total": 0, "more": False, "own": empty, "partners": dict(empty), "side": side}
    other = Side.INSTITUTION if side == Side.MOVEMENT else Side.MOVEMENT
    for agreement in agreements:
        agreement.tag = status_tag(agreement)  # type: ignore[attr-defined]
        agreement.partner_name = party_names(agreement.engagement)[other]  # type: ignore[attr-defined]
    latest = CommitmentProgress.objects.filter(agreement_id=OuterRef("version__agreement_id"), key=OuterRef("key"))
    commitments = Commitment.objects.filter(
        version__agreement__in=mine, version__agreement__in_force_id=F("version_id")
    ).annotate(
        now=Coalesce(Subquery(latest.values("status")[:1]), Value(CommitmentStatus.ON_TRACK)),
        answers_by=Coalesce("due_date", "review_date"),
    )
    overdue = Q(now__in=OPEN_STATUSES, answers_by__lt=today, version__agreement__engagement__status=S.ACTIVE)
    counts: dict[str, Count] = {}
    for who, condition in (("own", Q(party=side)), ("partners", ~Q(party=side))):
        counts[f"{who}_done"] = Count("pk", filter=condition & Q(now=CommitmentStatus.DONE))
        counts[f"{who}_missed"] = Count("pk", filter=condition & Q(now=CommitmentStatus.MISSED))
        counts[f"{who}_overdue"] = Count("pk", filter=condition & overdue)
    totals = commitments.aggregate(**counts)
    total = mine.count()
    return {
        "agreements": agreements,
        "total": total,
        "more": total > len(agreements),
        "own": {key: totals[f"own_{key}"] or 0 for key in ("done", "missed", "overdue")},
        "partners": {key: totals[f"partners_{key}"] or 0 for key in ("done", "missed", "overdue")},
        "side": side,
    }

"""Reads for engagement models and engagements, shaped for pages so that lists cost a constant number of queries.

This module imports no institutions or movements module beyond their models: institutions'
selectors read the engagement models from here, and a circle of imports must never form.
"""

import datetime
import statistics
from collections.abc import Iterable, Sequence
from typing import Any
from uuid import UUID

from django.db import models
from django.db.models import Q, QuerySet
from django.utils import timezone

from accounts.models import User
from accounts.types import Viewer
from core.diffing import field_changes
from institutions.models import Institution, Membership
from movements.models import Movement, Organiser

from . import lifecycle
from .models import PROPOSAL_SNAPSHOT, Engagement, EngagementModel
from .working_days import working_days_between

S = Engagement.Status
Direction = Engagement.Direction
REVIEW_ROLES = (Membership.Role.REVIEWER, Membership.Role.ADMIN)

# The person's places, by id: (movements they organise, institutions they are a verified member
# of, of those the ones where they review).
Places = tuple[set[int], set[int], set[int]]


def engagement_models_active() -> QuerySet[EngagementModel]:
    """The models institutions may choose and movements may propose under, in display order."""
    return EngagementModel.objects.filter(is_active=True).order_by("position", "name")


def engagement_by_uuid(uuid: UUID) -> Engagement | None:
    return (
        Engagement.objects.select_related("movement", "institution", "model", "reviewer", "proposer")
        .filter(uuid=uuid)
        .first()
    )


def _my_places(user: User) -> Places:
    """(movements the person organises, institutions they are a verified member of, of those the
    ones where they review). Two queries."""
    movements = set(Organiser.objects.filter(user=user).values_list("movement_id", flat=True))
    institutions: set[int] = set()
    reviewing: set[int] = set()
    for institution_id, role in Membership.objects.filter(user=user, status=Membership.Status.VERIFIED).values_list(
        "institution_id", "role"
    ):
        institutions.add(institution_id)
        if role in REVIEW_ROLES:
            reviewing.add(institution_id)
    return movements, institutions, reviewing


def _listed() -> QuerySet[Engagement]:
    return Engagement.objects.select_related("movement", "institution", "model", "reviewer").order_by("-updated_at")


def _with_turn(
    rows: list[Engagement], movements: set[int], institutions: set[int], reviewing: set[int]
) -> list[Engagement]:
    """Say on each row which side it waits on and whether that is the person's side."""
    for engagement in rows:
        to_institution = engagement.direction == Direction.TO_INSTITUTION
        proposing = engagement.movement_id in movements if to_institution else engagement.institution_id in institutions
        receiving = engagement.institution_id in reviewing if to_institution else engagement.movement_id in movements
        turn = lifecycle.whose_turn(engagement)
        engagement.waiting_on = turn
        engagement.waiting_on_me = (turn == "proposer" and proposing) or (turn == "receiver" and receiving)
        on_movement_side = engagement.movement_id in movements
        engagement.other_party = engagement.institution if on_movement_side else engagement.movement
        engagement.overdue = is_overdue(engagement)
    return rows


def engagements_for_user(*, user: User) -> list[Engagement]:
    """Every engagement of every movement and institution the person belongs to: three queries.

    Drafts show only on the proposing side."""
    movements, institutions, reviewing = _my_places(user)
    mine = Q(movement_id__in=movements) | Q(institution_id__in=institutions)
    not_others_drafts = (
        ~Q(status=S.DRAFT)
        | Q(direction=Direction.TO_INSTITUTION, movement_id__in=movements)
        | Q(direction=Direction.TO_MOVEMENT, institution_id__in=institutions)
    )
    rows = list(_listed().filter(mine, not_others_drafts))
    return _with_turn(rows, movements, institutions, reviewing)


QUEUE_FILTERS = ("mine", "unassigned", "overdue")


def review_queue(
    *, user: User, status: str = "", show: str = "", today: datetime.date | None = None
) -> QuerySet[Engagement]:
    """Proposals from movements to the institutions the person reviews for, oldest deadline first."""
    today = today or timezone.localdate()
    reviewing = Membership.objects.filter(user=user, status=Membership.Status.VERIFIED, role__in=REVIEW_ROLES).values(
        "institution_id"
    )
    rows = _listed().filter(direction=Direction.TO_INSTITUTION, institution_id__in=reviewing).exclude(status=S.DRAFT)
    if status:
        rows = rows.filter(status=status)
    if show == "mine":
        rows = rows.filter(reviewer=user)
    elif show == "unassigned":
        rows = rows.filter(reviewer__isnull=True, status__in=lifecycle.AWAITING_RESPONSE)
    elif show == "overdue":
        rows = rows.filter(status__in=lifecycle.AWAITING_RESPONSE, deadline__lt=today)
    return rows.order_by("deadline", "submitted_at")


def is_overdue(engagement: Engagement, today: datetime.date | None = None) -> bool:
    today = today or timezone.localdate()
    return bool(
        engagement.status in lifecycle.AWAITING_RESPONSE and engagement.deadline and engagement.deadline < today
    )


def institution_response_facts(*, institution: Institution, now: datetime.datetime | None = None) -> dict[str, Any]:
    """For the public profile: median working days to a first response over the last 12 months, and how many
    proposals are overdue now. Two queries."""
    now = now or timezone.now()
    since = now - datetime.timedelta(days=365)
    answered = Engagement.objects.filter(
        institution=institution, direction=Direction.TO_INSTITUTION, first_response_at__gte=since
    ).values_list("first_submitted_at", "first_response_at")
    days = [
        working_days_between(timezone.localdate(sent), timezone.localdate(answer)) for sent, answer in answered if sent
    ]
    overdue = Engagement.objects.filter(
        institution=institution,
        direction=Direction.TO_INSTITUTION,
        status__in=lifecycle.AWAITING_RESPONSE,
        deadline__lt=timezone.localdate(now),
    ).count()
    return {
        "median_response_days": statistics.median(days) if days else None,
        "answered": len(days),
        "overdue": overdue,
    }


def version_changes(engagement: Engagement) -> list[dict[str, Any]]:
    """What changed between the last two versions sent, field by field, as word-level differences."""
    versions = list(engagement.versions.order_by("-number")[:2])
    if len(versions) < 2:
        return []
    labels: dict[str, str] = {}
    for name in PROPOSAL_SNAPSHOT:
        field = Engagement._meta.get_field(name)
        # The snapshot holds the proposal's own columns, never a relation (which has no verbose_name).
        assert isinstance(field, models.Field)
        labels[name] = str(field.verbose_name)
    return field_changes(versions[1].snapshot, versions[0].snapshot, labels)


def next_step(engagement: Engagement) -> str:
    """Who is waiting on whom, in a sentence for the detail page."""
    turn = lifecycle.whose_turn(engagement)
    parties = {"movement": engagement.movement.name, "institution": engagement.institution.name}
    proposer, receiver = parties[engagement.proposing_side], parties[engagement.receiving_side]
    if engagement.status == S.DRAFT:
        return f"This is a draft: {proposer} has not sent it yet."
    if engagement.status == S.CHANGES_REQUESTED:
        return f"{receiver} asked for changes: {proposer} can edit the proposal and send it again."
    if turn == "receiver":
        return f"{proposer} is waiting for {receiver} to respond."
    if engagement.status == S.ACCEPTED:
        return "Accepted: next, both sides agree the shared purpose and sign the agreement."
    return f"This engagement is {engagement.get_status_display().lower()}: nobody is waiting on a response."


def engagement_page(*, engagement: Engagement, user: Viewer) -> dict[str, Any]:
    """Everything the detail page shows. Private notes only for the reviewing side."""
    timeline = list(engagement.timeline.select_related("actor"))
    comments = list(engagement.comments.select_related("author"))
    notes = (
        list(engagement.reviewer_notes.select_related("author"))
        if user.has_perm("engagements.see_reviewer_notes", engagement)
        else None
    )
    actions = [
        t
        for t in lifecycle.allowed_actions(engagement.status)
        if user.has_perm(f"engagements.{t.action}_engagement", engagement)
    ]
    return {
        "engagement": engagement,
        "next_step": next_step(engagement),
        "timeline": timeline,
        "comments": comments,
        "notes": notes,
        "actions": actions,
        "waiting_on": lifecycle.whose_turn(engagement),
        "overdue": is_overdue(engagement),
        "changes": version_changes(engagement),
    }


# --- The public catalogue of engagement models ---------------------------------------------------


def engagement_model_by_slug(slug: str) -> EngagementModel | None:
    return engagement_models_active().filter(slug=slug).first()


def institutions_open_to(model: EngagementModel) -> QuerySet[Institution]:
    """The public institutions open to this model, by name. One query."""
    return model.open_institutions.filter(status=Institution.Status.APPROVED).only("name", "ods_code").order_by("name")


# --- Starting a proposal -----------------------------------------------------------------------


def proposer_sides(user: User, *, only: str = "") -> list[tuple[str, str, Movement | Institution]]:
    """Where the person may propose from: (key, label, movement or institution). One query per kind
    ("movement", "institution"; both unless `only` names one)."""
    sides: list[tuple[str, str, Movement | Institution]] = []
    organised = Movement.objects.filter(organisers__user=user, status=Movement.Status.APPROVED).order_by("name")
    for movement in () if only == "institution" else organised:
        sides.append((f"movement:{movement.slug}", movement.name, movement))
    for institution in (
        ()
        if only == "movement"
        else Institution.objects.filter(
            memberships__user=user, memberships__status=Membership.Status.VERIFIED, status=Institution.Status.APPROVED
        ).order_by("name")
    ):
        sides.append((f"institution:{institution.ods_code}", institution.name, institution))
    return sides


def institutions_taking_proposals() -> QuerySet[Institution]:
    """Public institutions open to at least one active model: a movement can propose to these."""
    return (
        Institution.objects.filter(status=Institution.Status.APPROVED, open_to_models__is_active=True)
        .distinct()
        .only("name", "ods_code")
        .order_by("name")
    )


def movements_taking_proposals() -> QuerySet[Movement]:
    movements = Movement.objects.filter(status=Movement.Status.APPROVED, open_to_proposals=True)
    return movements.only("name", "slug").order_by("name")


def models_for_proposal(*, direction: str, institution: Institution) -> list[EngagementModel]:
    """A movement proposes under a model the institution is open to; an institution under any active model."""
    if direction == Direction.TO_INSTITUTION:
        return list(engagement_models_active().filter(open_institutions=institution))
    return list(engagement_models_active())


# --- Lists ------------------------------------------------------------------------------------


def my_engagements(*, user: User) -> tuple[QuerySet[Engagement], Places]:
    """(the person's engagements, newest change first, as a queryset; their places, for `with_turn`).

    Two queries for the places; the page of rows is one more (the movement, institution, model and
    reviewer joined in), however many rows there are."""
    movements, institutions, reviewing = _my_places(user)
    mine = Q(movement_id__in=movements) | Q(institution_id__in=institutions)
    not_others_drafts = (
        ~Q(status=S.DRAFT)
        | Q(direction=Direction.TO_INSTITUTION, movement_id__in=movements)
        | Q(direction=Direction.TO_MOVEMENT, institution_id__in=institutions)
    )
    return _listed().filter(mine, not_others_drafts), (movements, institutions, reviewing)


def with_turn(rows: Iterable[Engagement], places: Places) -> list[Engagement]:
    return _with_turn(list(rows), *places)


def movement_reviews(*, user: User) -> QuerySet[Engagement]:
    """Proposals institutions sent to the movements the person organises, still waiting on the movement."""
    return _listed().filter(
        direction=Direction.TO_MOVEMENT,
        movement__organisers__user=user,
        status__in=lifecycle.AWAITING_RESPONSE,
    )


def reviewer_choices(engagement: Engagement) -> list[tuple[str, User]]:
    """The people who may review for the receiving side, keyed by their membership's or organiser's UUID."""
    if engagement.receiving_side == "movement":
        rows: QuerySet[Organiser] | QuerySet[Membership] = Organiser.objects.filter(
            movement_id=engagement.movement_id
        ).select_related("user")
    else:
        rows = Membership.objects.filter(
            institution_id=engagement.institution_id, status=Membership.Status.VERIFIED, role__in=REVIEW_ROLES
        ).select_related("user")
    return [(str(row.uuid), row.user) for row in rows.order_by("user__display_name") if row.user.is_active]


def with_overdue(rows: Iterable[Engagement], today: datetime.date | None = None) -> list[Engagement]:
    listed = list(rows)
    for engagement in listed:
        engagement.overdue = is_overdue(engagement, today)
    return listed


def proposal_target_key(
    party: Institution | Movement, open_models: Sequence[EngagementModel] | None = None
) -> str | None:
    """How /engagements/new/?to= names an institution or movement that takes proposals now; None if it does not.
    `open_models`: the institution's active models, where the page has them already (else one query)."""
    if isinstance(party, Institution):
        has_models = party.open_to_models.filter(is_active=True).exists() if open_models is None else bool(open_models)
        open_now = party.status == Institution.Status.APPROVED and has_models
        return f"institution:{party.ods_code}" if open_now else None
    if isinstance(party, Movement):
        open_now = party.status == Movement.Status.APPROVED and party.open_to_proposals
        return f"movement:{party.slug}" if open_now else None
    return None

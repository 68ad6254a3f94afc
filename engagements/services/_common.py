"""Helpers the engagement services share: who is on each side, what notifications carry."""

import datetime
from collections.abc import Iterable
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from accounts.models import User
from institutions.models import Membership
from movements.models import Organiser

from ..models import Engagement, Side, TimelineEvent
from ..rules import REVIEW_ROLES


def team_of(side: str, *, movement_id: int, institution_id: int) -> list[User]:
    """The people who act for a party: the movement's organisers, or the institution's verified
    reviewers and admins. Active people only, each once."""
    if side == Side.MOVEMENT:
        rows: QuerySet[Organiser] | QuerySet[Membership] = Organiser.objects.filter(
            movement_id=movement_id
        ).select_related("user")
    else:
        rows = Membership.objects.filter(
            institution_id=institution_id, status=Membership.Status.VERIFIED, role__in=REVIEW_ROLES
        ).select_related("user")
    return _active_once(row.user for row in rows)


def side_people(engagement: Engagement, side: str) -> list[User]:
    """The people who act for one side of an engagement: its party's team (team_of), plus, on the
    institution's side, the assigned reviewer and the proposer when the institution proposed."""
    people = team_of(side, movement_id=engagement.movement_id, institution_id=engagement.institution_id)
    if side == Side.INSTITUTION:
        if engagement.reviewer is not None:
            people.append(engagement.reviewer)
        if engagement.proposing_side == Side.INSTITUTION and engagement.proposer is not None:
            people.append(engagement.proposer)
    return _active_once(people)


def _active_once(people: Iterable[User]) -> list[User]:
    seen: set[int] = set()
    unique: list[User] = []
    for person in people:
        if person.is_active and person.pk not in seen:
            seen.add(person.pk)
            unique.append(person)
    return unique


def both_sides(engagement: Engagement, *, exclude: User | None = None) -> list[User]:
    people = side_people(engagement, Side.MOVEMENT) + side_people(engagement, Side.INSTITUTION)
    seen: set[int] = set()
    unique: list[User] = []
    for person in people:
        if person.pk not in seen and person != exclude:
            seen.add(person.pk)
            unique.append(person)
    return unique


def engagement_context(engagement: Engagement) -> dict[str, Any]:
    """What every engagement email may say. Never a reviewer's private note."""
    return {
        "engagement_title": engagement.title,
        "movement_name": engagement.movement.name,
        "institution_name": engagement.institution.name,
        "state": engagement.get_status_display(),
        "deadline": engagement.deadline.isoformat() if engagement.deadline else "",
    }


def timeline_write(
    *,
    engagement: Engagement,
    kind: str,
    actor: User | None,
    side: str,
    text: str = "",
    now: datetime.datetime | None = None,
) -> TimelineEvent:
    return TimelineEvent.objects.create(
        engagement=engagement, kind=kind, actor=actor, side=side, text=text, at=now or timezone.now()
    )

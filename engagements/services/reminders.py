"""The daily reminder to reviewers of proposals near or past their response deadline."""

import datetime
from collections import defaultdict
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from institutions.models import Institution
from movements.models import Movement
from notifications.services import notification_announce

from .. import lifecycle
from ..models import DeadlineReminder, Engagement, Side
from ..working_days import add_working_days, is_working_day
from ._common import team_of

# "Nearing" the deadline: it falls within this many working days from today.
NEAR_WORKING_DAYS = 2


def _due_for_reminder(today: datetime.date) -> QuerySet[Engagement]:
    """Proposals still waiting for an answer whose deadline is at most NEAR_WORKING_DAYS working days away,
    or already past."""
    horizon = add_working_days(today, NEAR_WORKING_DAYS)
    return (
        Engagement.objects.filter(status__in=lifecycle.AWAITING_RESPONSE, deadline__isnull=False, deadline__lte=horizon)
        .select_related("movement", "institution", "reviewer")
        .order_by("deadline", "pk")
    )


# A reviewing party's team, by (side, the party's pk), so each is read once per run.
Teams = dict[tuple[str, int], list[User]]


def _reviewers(engagement: Engagement, teams: Teams) -> list[User]:
    """The assigned reviewer while they still review for that side; otherwise the whole reviewing team."""
    side = engagement.receiving_side
    key = (side, engagement.receiving_party.pk)
    if key not in teams:
        teams[key] = team_of(side, movement_id=engagement.movement_id, institution_id=engagement.institution_id)
    team = teams[key]
    reviewer = engagement.reviewer
    if reviewer is not None and any(person.pk == reviewer.pk for person in team):
        return [reviewer]
    return team


def _link(engagements: list[Engagement]) -> str:
    if len(engagements) == 1:
        return engagements[0].get_absolute_url()
    if engagements[0].receiving_side == Side.INSTITUTION:
        return reverse("engagements:review")
    return reverse("engagements:mine")


def _proposal_line(engagement: Engagement, today: datetime.date) -> dict[str, Any]:
    deadline = engagement.deadline
    # _due_for_reminder selects only proposals that have a deadline.
    assert deadline is not None
    return {"title": engagement.title, "deadline": deadline.isoformat(), "overdue": deadline < today}


def _context(party: Movement | Institution, engagements: list[Engagement], today: datetime.date) -> dict[str, Any]:
    return {
        "count": len(engagements),
        "party_name": party.name,
        "proposals": [_proposal_line(e, today) for e in engagements],
    }


def deadline_reminders_send(*, now: datetime.datetime | None = None) -> int:
    """Remind each reviewer, once a working day, of the proposals near or past their deadline: one
    notification per reviewer and reviewing party. What was sent is recorded (DeadlineReminder), so
    a second run the same day sends nothing, and of two runs at once only one sends. Nothing is sent
    on weekends and bank holidays. Returns how many notifications were sent."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    if not is_working_day(today):
        return 0
    due = list(_due_for_reminder(today))
    already = set(
        DeadlineReminder.objects.filter(day=today, engagement__in=due).values_list("engagement_id", "recipient_id")
    )
    teams: Teams = {}
    # (reviewer's pk, reviewing side, reviewing party's pk) -> the proposals to remind them of
    groups: defaultdict[tuple[int, str, int], list[Engagement]] = defaultdict(list)
    people: dict[int, User] = {}
    for engagement in due:
        for person in _reviewers(engagement, teams):
            if (engagement.pk, person.pk) in already:
                continue
            people[person.pk] = person
            groups[(person.pk, engagement.receiving_side, engagement.receiving_party.pk)].append(engagement)
    sent = 0
    for (person_pk, _side, _party_pk), engagements in groups.items():
        person = people[person_pk]
        try:
            with transaction.atomic():
                DeadlineReminder.objects.bulk_create(
                    DeadlineReminder(engagement=e, recipient=person, day=today, sent_at=now) for e in engagements
                )
                notification_announce(
                    kind="engagements.deadline_reminder",
                    recipients=[person],
                    target=engagements[0] if len(engagements) == 1 else engagements[0].receiving_party,
                    context=_context(engagements[0].receiving_party, engagements, today),
                    url=_link(engagements),
                )
        except IntegrityError:
            continue  # another run reminded this person of these today
        sent += 1
    return sent

"""The daily accountability sweep: commitments coming due, overdue or overdue for too long, and
check-ins due by the review cadence, in every active engagement's agreement in force.

Like the deadline reminder it is the platform acting, not a person: there is no actor, no
permission to ask and no timeline entry; notifications carry no actor. docs/agreements.md,
"Reminders and escalation", says who hears what and when.
"""

import calendar
import datetime
import uuid
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import OuterRef, Prefetch, QuerySet, Subquery
from django.utils import timezone

from accounts.models import User
from institutions.models import Membership
from movements.models import Organiser
from notifications.services import notification_announce

from ..models import (
    AccountabilityReminder,
    Agreement,
    CheckIn,
    Commitment,
    CommitmentProgress,
    CommitmentStatus,
    Engagement,
    ReviewCadence,
    Side,
)
from ..rules import REVIEW_ROLES
from ..working_days import is_working_day

Kind = AccountabilityReminder.Kind

# "Soon": the date falls within this many days from today (today included).
SOON_DAYS = 7
# Still to be kept. A commitment marked missed is unmet too: it stays overdue and is escalated,
# so that calling it missed never keeps it from whom it is accountable to. Done and dropped are settled.
OPEN = frozenset({CommitmentStatus.ON_TRACK, CommitmentStatus.AT_RISK})
UNMET = OPEN | {CommitmentStatus.MISSED}
CADENCE_MONTHS = {
    ReviewCadence.MONTHLY: 1,
    ReviewCadence.QUARTERLY: 3,
    ReviewCadence.SIX_MONTHLY: 6,
    ReviewCadence.YEARLY: 12,
}
NOTIFICATION_KINDS = {
    Kind.DUE_SOON: "engagements.commitment_due_soon",
    Kind.OVERDUE: "engagements.commitment_overdue",
    Kind.ESCALATED: "engagements.commitment_escalated",
    Kind.CHECKIN_DUE: "engagements.checkin_due",
}


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day of the month `months` later, or that month's last day (31 January + 1 = 28/29 February)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


def _long_date(day: datetime.date) -> str:
    return f"{day.day} {day:%B %Y}"


def checkin_due_on(agreement: Agreement, last_checkin: datetime.date | None) -> datetime.date | None:
    """When the next check-in is due: one cadence after the latest check-in, or after the day the
    agreement first came into force when there has been none."""
    version = agreement.in_force
    if version is None or agreement.in_force_since is None:
        return None
    since = last_checkin or timezone.localdate(agreement.in_force_since)
    return add_months(since, CADENCE_MONTHS.get(ReviewCadence(version.review_cadence), 3))


def _in_force() -> QuerySet[Agreement]:
    """Every active engagement's agreement in force."""
    return Agreement.objects.filter(engagement__status=Engagement.Status.ACTIVE, in_force__isnull=False)


def _agreements() -> list[Agreement]:
    # Query 1: the agreements with their engagement, its parties, reviewer and proposer, the
    # version in force, and the date of the latest check-in (a subquery). Query 2: the commitments
    # of those versions (a prefetch).
    latest = CheckIn.objects.filter(engagement_id=OuterRef("engagement_id")).order_by("-held_on").values("held_on")
    return list(
        _in_force()
        .select_related(
            "in_force",
            "engagement__movement",
            "engagement__institution",
            "engagement__reviewer",
            "engagement__proposer",
        )
        .prefetch_related(Prefetch("in_force__commitments", queryset=Commitment.objects.order_by("position", "pk")))
        .annotate(last_checkin=Subquery(latest[:1]))
        .order_by("pk")
    )


@dataclass(frozen=True)
class Item:
    """One thing to remind people of: a commitment (subject = its key) or a check-in (the agreement's uuid)."""

    subject: uuid.UUID
    due_on: datetime.date
    line: dict[str, Any]
    audience: tuple[str, ...]  # "movement", "institution" (a side's people), "admins" (the institution's admins)


def _other(side: str) -> str:
    return Side.INSTITUTION if side == Side.MOVEMENT else Side.MOVEMENT


def _accountable_to_text(commitment: Commitment, engagement: Engagement) -> str:
    if commitment.accountable_to == Commitment.AccountableTo.OTHER_SIDE:
        return engagement.institution.name if commitment.party == Side.MOVEMENT else engagement.movement.name
    what = "a board" if commitment.accountable_to == Commitment.AccountableTo.BOARD else "a named role"
    return f"{commitment.accountable_to_name or 'someone not named'} ({what})"


def _commitment_items(
    agreement: Agreement, engagement: Engagement, statuses: dict[uuid.UUID, str], today: datetime.date
) -> Iterable[tuple[str, Item]]:
    version = agreement.in_force
    assert version is not None  # _in_force() selects only agreements with a version in force
    for commitment in version.commitments.all():
        date = commitment.next_date
        status = statuses.get(commitment.key, CommitmentStatus.ON_TRACK)
        if date is None or status not in UNMET:
            continue
        late = (today - date).days
        party = commitment.party
        line = {
            "what": commitment.what,
            "party": Side(party).label.lower(),
            "party_name": engagement.movement.name if party == Side.MOVEMENT else engagement.institution.name,
            "date": date.isoformat(),
            "date_text": _long_date(date),
            "date_label": "due" if commitment.due_date else "to be reviewed",
            "status": CommitmentStatus(status).label,
            "days_overdue": max(late, 0),
            "accountable_to": Commitment.AccountableTo(commitment.accountable_to).label,
            "accountable_to_name": commitment.accountable_to_name,
            "to_other_side": commitment.accountable_to == Commitment.AccountableTo.OTHER_SIDE,
            "accountable_to_text": _accountable_to_text(commitment, engagement),
        }
        if late <= 0 and -late <= SOON_DAYS and status in OPEN:
            yield Kind.DUE_SOON, Item(commitment.key, date, line, (party,))
        if late > 0:
            yield Kind.OVERDUE, Item(commitment.key, date, line, (Side.MOVEMENT, Side.INSTITUTION))
        if late > version.escalation_days:
            to = (_other(party), "admins") if line["to_other_side"] else ("admins",)
            yield Kind.ESCALATED, Item(commitment.key, date, line, to)


def _checkin_item(agreement: Agreement, today: datetime.date) -> Item | None:
    last: datetime.date | None = getattr(agreement, "last_checkin", None)
    due = checkin_due_on(agreement, last)
    if due is None or (due - today).days > SOON_DAYS:
        return None
    version = agreement.in_force
    assert version is not None
    line = {
        "date": due.isoformat(),
        "date_text": _long_date(due),
        "overdue": due < today,
        "days_overdue": max((today - due).days, 0),
        "cadence": ReviewCadence(version.review_cadence).label.lower(),
        "since": "the last check-in" if last else "the agreement came into force",
        "since_text": _long_date(last or timezone.localdate(agreement.in_force_since or timezone.now())),
    }
    return Item(agreement.uuid, due, line, (Side.MOVEMENT, Side.INSTITUTION))


class People:
    """The people of every party the run writes to, read in two queries (organisers; verified
    reviewers and admins), and put together per engagement as services._common.side_people does."""

    def __init__(self, engagements: list[Engagement]) -> None:
        self.organisers: defaultdict[int, list[User]] = defaultdict(list)
        self.team: defaultdict[int, list[User]] = defaultdict(list)
        self.admins: defaultdict[int, list[User]] = defaultdict(list)
        movements = {e.movement_id for e in engagements}
        institutions = {e.institution_id for e in engagements}
        for organiser in Organiser.objects.filter(movement_id__in=movements).select_related("user").order_by("pk"):
            self.organisers[organiser.movement_id].append(organiser.user)
        memberships = Membership.objects.filter(
            institution_id__in=institutions, status=Membership.Status.VERIFIED, role__in=REVIEW_ROLES
        ).select_related("user")
        for membership in memberships.order_by("pk"):
            self.team[membership.institution_id].append(membership.user)
            if membership.role == Membership.Role.ADMIN:
                self.admins[membership.institution_id].append(membership.user)

    def side(self, engagement: Engagement, side: str) -> list[User]:
        if side == Side.MOVEMENT:
            return _active_once(self.organisers[engagement.movement_id])
        people = list(self.team[engagement.institution_id])
        if engagement.reviewer is not None:
            people.append(engagement.reviewer)
        if engagement.proposing_side == Side.INSTITUTION and engagement.proposer is not None:
            people.append(engagement.proposer)
        return _active_once(people)

    def audience(self, engagement: Engagement, who: str) -> list[User]:
        if who == "admins":
            return _active_once(self.admins[engagement.institution_id])
        return self.side(engagement, who)


def _active_once(people: Iterable[User]) -> list[User]:
    seen: set[int] = set()
    unique: list[User] = []
    for person in people:
        if person.is_active and person.pk not in seen:
            seen.add(person.pk)
            unique.append(person)
    return unique


def _context(engagement: Engagement, agreement: Agreement, items: list[Item], today: datetime.date) -> dict[str, Any]:
    """What the emails may say: the engagement's and the agreement's own words, seen by both
    sides already. Never a reviewer's private note."""
    version = agreement.in_force
    assert version is not None
    context: dict[str, Any] = {
        "engagement_title": engagement.title,
        "movement_name": engagement.movement.name,
        "institution_name": engagement.institution.name,
        "version": version.number,
        "escalation_days": version.escalation_days,
        "escalation_route": version.escalation_route,
        "today": _long_date(today),
        "count": len(items),
    }
    if items and items[0].subject == agreement.uuid:
        context.update(items[0].line)
    else:
        context["commitments"] = [item.line for item in items]
    return context


# (agreement, kind) -> its items, sent together or not at all
Units = dict[tuple[int, str], list[Item]]


def _send_unit(
    agreement: Agreement, kind: str, items: list[Item], people: People, today: datetime.date, now: datetime.datetime
) -> int:
    """Record the unit's reminders and tell each person of the items meant for them, in one
    notification per person (people with the same items share one announcement). The records'
    unique constraint makes a concurrent run's insert fail, so of two runs only one sends."""
    engagement = agreement.engagement
    per_person: defaultdict[int, list[int]] = defaultdict(list)
    users: dict[int, User] = {}
    for index, item in enumerate(items):
        for who in item.audience:
            for person in people.audience(engagement, who):
                users[person.pk] = person
                if index not in per_person[person.pk]:
                    per_person[person.pk].append(index)
    groups: defaultdict[tuple[int, ...], list[User]] = defaultdict(list)
    for pk, indexes in per_person.items():
        groups[tuple(indexes)].append(users[pk])
    try:
        with transaction.atomic():
            AccountabilityReminder.objects.bulk_create(
                AccountabilityReminder(agreement=agreement, subject=i.subject, kind=kind, due_on=i.due_on, sent_at=now)
                for i in items
            )
            for shared, recipients in groups.items():
                notification_announce(
                    kind=NOTIFICATION_KINDS[Kind(kind)],
                    recipients=recipients,
                    target=engagement,
                    context=_context(engagement, agreement, [items[i] for i in shared], today),
                    url=engagement.get_absolute_url(),
                )
    except IntegrityError:
        return 0  # another run sent these first
    return sum(len(recipients) for recipients in groups.values())


def accountability_reminders_send(*, today: datetime.date | None = None, now: datetime.datetime | None = None) -> int:
    """Remind, warn and escalate, once each, about the commitments and check-ins of every active
    engagement's agreement in force. Runs on working days only (a date that passes at a weekend is
    caught on the next working day). Returns how many notifications were sent (one per person per
    agreement and kind)."""
    now = now or timezone.now()
    today = today or timezone.localdate(now)
    if not is_working_day(today):
        return 0
    agreements = _agreements()
    if not agreements:
        return 0
    # Query 3: the latest status of every commitment of those agreements (none yet: on track).
    statuses: defaultdict[int, dict[uuid.UUID, str]] = defaultdict(dict)
    progress = CommitmentProgress.objects.filter(agreement__in=_in_force().values("pk"))
    for agreement_id, key, status in progress.values_list("agreement_id", "key", "status"):
        statuses[agreement_id][key] = status
    units: Units = defaultdict(list)
    for agreement in agreements:
        for kind, item in _commitment_items(agreement, agreement.engagement, statuses[agreement.pk], today):
            units[(agreement.pk, kind)].append(item)
        checkin = _checkin_item(agreement, today)
        if checkin is not None:
            units[(agreement.pk, Kind.CHECKIN_DUE)].append(checkin)
    if not units:
        return 0
    # Query 4: what was sent before, so each reminder goes once.
    sent = set(
        AccountabilityReminder.objects.filter(agreement__in=_in_force().values("pk")).values_list(
            "agreement_id", "subject", "kind", "due_on"
        )
    )
    by_pk = {agreement.pk: agreement for agreement in agreements}
    todo = {
        (pk, kind): fresh
        for (pk, kind), items in units.items()
        if (fresh := [i for i in items if (pk, i.subject, kind, i.due_on) not in sent])
    }
    if not todo:
        return 0
    # Queries 5 and 6: the organisers and the institutions' reviewers and admins of those agreements.
    people = People([by_pk[pk].engagement for pk, _kind in todo])
    return sum(_send_unit(by_pk[pk], kind, items, people, today, now) for (pk, kind), items in sorted(todo.items()))

"""Demo engagements: one in every state, in both directions, between the demo trust and the demo
organiser's movements, with versions, timelines, comments, a reviewer note and an assigned reviewer.

Written straight to the tables, not through the services: seeding should not email anyone. Each
engagement has a fixed UUID, so running the seed again makes nothing twice.
"""

import datetime
import uuid

from django.utils import timezone

from . import demo_agreements
from .models import Comment, Engagement, EngagementModel, EngagementVersion, ReviewerNote, Side, TimelineEvent
from .working_days import add_working_days

S = Engagement.Status
TO_INSTITUTION, TO_MOVEMENT = Engagement.Direction.TO_INSTITUTION, Engagement.Direction.TO_MOVEMENT
NAMESPACE = uuid.UUID("6f1f7f38-3a53-4c1e-9d36-4c3c1f0d2a10")

# The events that bring an engagement to each state, in order ("created" always comes first).
PATHS = {
    S.DRAFT: [],
    S.SUBMITTED: ["submitted"],
    S.IN_REVIEW: ["submitted", "changes_requested", "resubmitted", "assigned"],
    S.CHANGES_REQUESTED: ["submitted", "assigned", "changes_requested"],
    S.ACCEPTED: ["submitted", "assigned", "accepted"],
    S.DECLINED: ["submitted", "declined"],
    S.WITHDRAWN: ["submitted", "withdrawn"],
    S.ACTIVE: ["submitted", "assigned", "accepted", "activated"],
    S.COMPLETED: ["submitted", "assigned", "accepted", "activated", "completed"],
    S.ENDED: ["submitted", "assigned", "accepted", "activated", "ended"],
}
RECEIVER_EVENTS = {"assigned", "changes_requested", "accepted", "declined"}

# (title, what is asked, days ago it started) for each state and direction.
TO_TRUST = {
    S.DRAFT: ("Peer supporters on the respiratory ward", "A room once a month and a nurse to co-host.", 3),
    S.SUBMITTED: ("Maternity listening events", "Host four listening events and invite the midwifery leads.", 45),
    S.IN_REVIEW: ("A lived-experience panel for the new clinic", "Seats on the design group for six people.", 20),
    S.CHANGES_REQUESTED: ("Walking groups from the outpatients' entrance", "Space to meet and a leaflet.", 30),
    S.ACCEPTED: ("Carers' evenings at the hospital", "A room every other Thursday and a named contact.", 45),
    S.DECLINED: ("Free parking for peer supporters", "Parking permits for twelve volunteers.", 60),
    S.WITHDRAWN: ("A joint survey of discharge", "Help designing and sending a survey.", 50),
    S.ACTIVE: ("Co-designing the breathlessness pathway", "Paid time for members on the design group.", 120),
    S.COMPLETED: ("Stories for the staff induction", "Ten minutes in each staff induction for a year.", 400),
    S.ENDED: ("A shared newsletter", "A page in the trust's patient newsletter each month.", 300),
}
TO_MOVEMENTS = {
    S.DRAFT: ("Testing the new appointment letters", "Read three draft letters and tell us what is unclear.", 2),
    S.SUBMITTED: ("Evaluating the peer support pilot", "Help us decide what to measure.", 6),
    S.IN_REVIEW: ("Speakers for the patient safety week", "Two members to speak on the Tuesday.", 18),
    S.CHANGES_REQUESTED: ("Reviewing the waiting room redesign", "A walk-round with members.", 25),
    S.ACCEPTED: ("Members on the interview panel", "Two members for the new matron's interviews.", 40),
    S.DECLINED: ("Endorsing the trust's strategy", "Your logo on our five-year strategy.", 35),
    S.WITHDRAWN: ("A photo shoot for the annual report", "Photos of members at the clinic.", 30),
    S.ACTIVE: ("Spreading the kitchen-table sessions", "Train our community teams in your approach.", 150),
    S.COMPLETED: ("Advice on the crisis line script", "Comments on the script before launch.", 380),
    S.ENDED: ("Monthly drop-ins on the ward", "A member on the ward each month.", 260),
}
WORDS = {
    "movement_brings": "Members with lived experience who give their time and say what it is really like.",
    "institution_brings": "Rooms, a named member of staff, and the time of the people who run the service.",
    "shared_purpose": "Care that works for the people who use it, designed with them.",
    "outcomes": "Fewer people lost between appointments; staff who hear from patients directly.",
    "timescale": "Twelve months, reviewed every quarter",
}
CHANGES = "Please say how many sessions you have in mind and who would lead them from your side."
DECLINE = (Engagement.DeclineCategory.NO_CAPACITY, "We cannot take this on before the new financial year.")
COMMENTS = [
    (Side.MOVEMENT, "Thank you for looking at this. Happy to meet and talk it through first."),
    (Side.INSTITUTION, "A short call would help. Could you do a Tuesday afternoon?\nAny week in the next month."),
]


def _people():
    from accounts.demo import demo_user

    return {
        Side.MOVEMENT: (demo_user("organiser"), demo_user("co_organiser")),
        Side.INSTITUTION: (demo_user("nhs_staff"), demo_user("nhs_admin")),
    }


def _parties():
    from institutions.demo import DEMO_TRUST_CODE
    from institutions.models import Institution
    from movements.models import Movement, Organiser

    trust = Institution.objects.get(ods_code=DEMO_TRUST_CODE)
    led = Organiser.objects.filter(user__email="organiser@example.org", movement__status=Movement.Status.APPROVED)
    movements = [row.movement for row in led.select_related("movement").order_by("movement__name")]
    models = list(trust.open_to_models.order_by("position")) or list(EngagementModel.objects.order_by("position"))
    return trust, movements, models


def _event_side(kind: str, direction: str) -> str:
    proposing = Side.MOVEMENT if direction == TO_INSTITUTION else Side.INSTITUTION
    receiving = Side.INSTITUTION if proposing == Side.MOVEMENT else Side.MOVEMENT
    if kind in RECEIVER_EVENTS or (kind == "withdrawn" and direction == TO_MOVEMENT):
        return receiving
    return "" if kind == "activated" else proposing


def _fields(status, events, times, trust, direction) -> dict:
    """What the services would have written along the way."""
    fields = {}
    sends = [t for kind, t in zip(events, times, strict=True) if kind in ("submitted", "resubmitted")]
    if sends:
        fields["first_submitted_at"], fields["submitted_at"] = sends[0], sends[-1]
        if direction == TO_INSTITUTION and status != S.DRAFT:
            start = timezone.localdate(sends[-1])
            fields["deadline"] = add_working_days(start, trust.response_deadline_working_days)
    responses = [t for kind, t in zip(events, times, strict=True) if kind in RECEIVER_EVENTS]
    if responses:
        fields["first_response_at"] = responses[0]
    decided = [t for kind, t in zip(events, times, strict=True) if kind in ("accepted", "declined")]
    if decided:
        fields["decided_at"] = decided[0]
    if "changes_requested" in events:
        fields["changes_reason"] = CHANGES
    if status == S.DECLINED:
        fields["decline_category"], fields["decline_reason"] = DECLINE
    if status == S.WITHDRAWN:
        fields["withdrawn_reason"] = "We have found another way to do this for now."
        fields["withdrawn_by"] = _event_side("withdrawn", direction)
    if status == S.ENDED:
        fields["ended_reason"] = "The newsletter stopped after the trust's communications team was restructured."
    return fields


def _text(kind: str, fields: dict, reviewer) -> str:
    if kind == "assigned":
        return f"Assigned to {reviewer.display_name}."
    if kind == "changes_requested":
        return CHANGES
    if kind == "declined":
        return f"{Engagement.DeclineCategory(DECLINE[0]).label}. {DECLINE[1]}"
    return {"withdrawn": fields.get("withdrawn_reason", ""), "ended": fields.get("ended_reason", "")}.get(kind, "")


def _create(*, key, status, direction, title, ask, days_ago, movement, trust, model, people, now) -> bool:
    engagement_uuid = uuid.uuid5(NAMESPACE, key)
    if Engagement.objects.filter(uuid=engagement_uuid).exists():
        return False
    proposing = Side.MOVEMENT if direction == TO_INSTITUTION else Side.INSTITUTION
    receiving = Side.INSTITUTION if proposing == Side.MOVEMENT else Side.MOVEMENT
    proposer, reviewer = people[proposing][0], people[receiving][0]
    events = ["created", *PATHS[status]]
    start = now - datetime.timedelta(days=days_ago)
    step = datetime.timedelta(days=days_ago) / (len(events) + 1)
    times = [start + step * index for index in range(len(events))]
    fields = _fields(status, events, times, trust, direction)
    first_ask = ask
    if "resubmitted" in events:
        ask = f"{ask} Six sessions, led by our two co-chairs."
    engagement = Engagement.objects.create(
        uuid=engagement_uuid,
        direction=direction,
        movement=movement,
        institution=trust,
        model=model,
        title=title,
        ask=ask,
        status=status,
        proposer=proposer,
        reviewer=reviewer if "assigned" in events else None,
        **WORDS,
        **fields,
    )
    sends = events.count("submitted") + events.count("resubmitted")
    for number in range(1, sends + 1):
        # A resubmitted proposal first asked less, so the reviewers have a difference to read.
        words = engagement.proposal if number == sends else {**engagement.proposal, "ask": first_ask}
        EngagementVersion.objects.create(engagement=engagement, number=number, snapshot=words, author=proposer)
    TimelineEvent.objects.bulk_create(
        TimelineEvent(
            engagement=engagement,
            kind=kind,
            actor=None if kind == "activated" else people[_event_side(kind, direction) or proposing][0],
            side=_event_side(kind, direction),
            at=at,
            text=_text(kind, fields, reviewer),
        )
        for kind, at in zip(events, times, strict=True)
    )
    if status != S.DRAFT:
        _converse(engagement, people, proposing, start + step)
    return True


def _converse(engagement, people, proposing, at) -> None:
    """Two comments (a timeline event each) and, on the reviewing side, a private note."""
    for index, (side, body) in enumerate(COMMENTS if proposing == Side.MOVEMENT else COMMENTS[::-1]):
        when = at + datetime.timedelta(hours=2 + index)
        author = people[side][index % 2]
        Comment.objects.create(engagement=engagement, author=author, side=side, body=body, created_at=when)
        TimelineEvent.objects.create(engagement=engagement, kind="commented", actor=author, side=side, at=when)
    receiving = Side.INSTITUTION if proposing == Side.MOVEMENT else Side.MOVEMENT
    ReviewerNote.objects.create(
        engagement=engagement,
        author=people[receiving][1],
        body="Private to our side: check with the ward manager about rooms before we answer.",
        created_at=at + datetime.timedelta(hours=4),
    )


def seed(*, stdout, show_passwords: bool) -> None:
    trust, movements, models = _parties()
    if not movements or not models:
        stdout.write("Engagements: no demo movements or engagement models; none added.")
        return
    people, now, added = _people(), timezone.now(), 0
    for direction, table in ((TO_INSTITUTION, TO_TRUST), (TO_MOVEMENT, TO_MOVEMENTS)):
        open_movements = [m for m in movements if m.open_to_proposals] or movements
        for index, (status, (title, ask, days_ago)) in enumerate(table.items()):
            added += _create(
                key=f"{direction}:{status}",
                status=status,
                direction=direction,
                title=title,
                ask=ask,
                days_ago=days_ago,
                movement=open_movements[index % len(open_movements)],
                trust=trust,
                model=models[index % len(models)],
                people=people,
                now=now,
            )
    stdout.write(f"Engagements: {added} added, {Engagement.objects.count()} in total, one in every state each way.")
    agreements = demo_agreements.seed(people=people, now=now)
    stdout.write(f"Agreements: {agreements} added, in every stage; those in force and published are on the register.")

"""The engagement lifecycle: the ONE table of states, transitions, who may make each and which need a reason.

docs/engagements.md shows the same table (a test compares them). Everything else asks here:
the rules (may this person do this action now?), the services (what state follows, is a reason
needed, what to write on the timeline, whom to tell) and the pages (which buttons to show).

Who acts is named by side, relative to the engagement:
- "proposer": the side that proposed it — its movement's organisers, or its institution's
  verified members (any role) when the institution proposed;
- "receiver": the side that reviews it — the institution's reviewers and admins when a
  movement proposed, the movement's organisers when an institution proposed;
- "system": no person; the platform does it (an agreement signed by both sides, a later issue).
"""

from dataclasses import dataclass

from .models import Engagement

S = Engagement.Status

NONE, OPTIONAL, REQUIRED = "none", "optional", "required"


@dataclass(frozen=True)
class Transition:
    action: str
    sources: tuple[str, ...]
    target: str
    by: tuple[str, ...]
    reason: str = NONE
    label: str = ""  # the button
    event: str = ""  # the TimelineEvent kind and the notification kind's suffix

    @property
    def needs_reason(self) -> bool:
        return self.reason == REQUIRED


BEFORE_COMPLETED = (S.DRAFT, S.SUBMITTED, S.IN_REVIEW, S.CHANGES_REQUESTED, S.ACCEPTED, S.ACTIVE)
WAITING_FOR_RECEIVER = (S.SUBMITTED, S.IN_REVIEW)

TRANSITIONS: tuple[Transition, ...] = (
    Transition("submit", (S.DRAFT,), S.SUBMITTED, ("proposer",), NONE, "Send proposal", "submitted"),
    # Assigning a reviewer starts the review; assigning again (a colleague) keeps it in review.
    Transition("assign", WAITING_FOR_RECEIVER, S.IN_REVIEW, ("receiver",), NONE, "Assign reviewer", "assigned"),
    Transition(
        "request_changes",
        WAITING_FOR_RECEIVER,
        S.CHANGES_REQUESTED,
        ("receiver",),
        REQUIRED,
        "Request changes",
        "changes_requested",
    ),
    Transition("resubmit", (S.CHANGES_REQUESTED,), S.SUBMITTED, ("proposer",), NONE, "Resubmit", "resubmitted"),
    Transition("accept", WAITING_FOR_RECEIVER, S.ACCEPTED, ("receiver",), NONE, "Accept", "accepted"),
    Transition("decline", WAITING_FOR_RECEIVER, S.DECLINED, ("receiver",), REQUIRED, "Decline", "declined"),
    # The movement's right to walk away is never obstructed: no reason needed, from any open state.
    Transition("withdraw", BEFORE_COMPLETED, S.WITHDRAWN, ("proposer", "receiver"), OPTIONAL, "Withdraw", "withdrawn"),
    Transition("activate", (S.ACCEPTED,), S.ACTIVE, ("system",), NONE, "", "activated"),
    Transition("complete", (S.ACTIVE,), S.COMPLETED, ("proposer", "receiver"), NONE, "Mark completed", "completed"),
    Transition("end", (S.ACTIVE,), S.ENDED, ("proposer", "receiver"), REQUIRED, "End", "ended"),
)

BY_ACTION: dict[str, Transition] = {t.action: t for t in TRANSITIONS}

# States in which the proposer may still change the words of the proposal.
EDITABLE = (S.DRAFT, S.CHANGES_REQUESTED)
# States that wait on the receiving side (and so count against its deadline).
AWAITING_RESPONSE = WAITING_FOR_RECEIVER
FINAL = (S.DECLINED, S.WITHDRAWN, S.COMPLETED, S.ENDED)


def transition_for(action: str) -> Transition:
    return BY_ACTION[action]


def allowed_actions(status: str) -> list[Transition]:
    return [t for t in TRANSITIONS if status in t.sources and "system" not in t.by]


def whose_turn(engagement) -> str | None:
    """The side the engagement waits on now ("proposer", "receiver"), or None when nobody owes a move."""
    if engagement.status in (S.DRAFT, S.CHANGES_REQUESTED):
        return "proposer"
    if engagement.status in AWAITING_RESPONSE:
        return "receiver"
    return None

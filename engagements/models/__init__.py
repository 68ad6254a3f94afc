from .agreement import (
    Agreement,
    AgreementVersion,
    Commitment,
    PurposeApproval,
    PurposeImpact,
    SharedPurposeVersion,
    Signature,
)
from .catalogue import PROPOSAL_FIELDS, EngagementModel, ReviewCadence
from .conversation import Comment, ReviewerNote, TimelineEvent
from .engagement import PROPOSAL_SNAPSHOT, Engagement, EngagementVersion, Side
from .progress import AccountabilityReminder, CheckIn, CommitmentProgress, CommitmentStatus, CommitmentUpdate
from .reminders import DeadlineReminder

__all__ = [
    "AccountabilityReminder",
    "Agreement",
    "AgreementVersion",
    "CheckIn",
    "Commitment",
    "CommitmentProgress",
    "CommitmentStatus",
    "CommitmentUpdate",
    "PurposeApproval",
    "PurposeImpact",
    "SharedPurposeVersion",
    "Signature",
    "PROPOSAL_FIELDS",
    "PROPOSAL_SNAPSHOT",
    "Comment",
    "DeadlineReminder",
    "Engagement",
    "EngagementModel",
    "EngagementVersion",
    "ReviewCadence",
    "ReviewerNote",
    "Side",
    "TimelineEvent",
]

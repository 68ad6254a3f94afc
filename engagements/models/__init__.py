from .catalogue import PROPOSAL_FIELDS, EngagementModel, ReviewCadence
from .conversation import Comment, ReviewerNote, TimelineEvent
from .engagement import PROPOSAL_SNAPSHOT, Engagement, EngagementVersion, Side
from .reminders import DeadlineReminder

__all__ = [
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

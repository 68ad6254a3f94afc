"""Every write to engagements goes through one of these functions."""

from .accountability_reminders import accountability_reminders_send
from .agreement import agreement_publish_set, agreement_update
from .checkins import checkin_record, engagement_complete, engagement_end
from .commitments import commitment_add, commitment_remove, commitment_update
from .conversation import comment_create, comment_edit, reviewer_note_create
from .proposals import (
    engagement_draft_create,
    engagement_draft_delete,
    engagement_draft_update,
    engagement_resubmit,
    engagement_submit,
)
from .purpose import purpose_approve, purpose_update
from .reminders import deadline_reminders_send
from .review import (
    engagement_accept,
    engagement_assign,
    engagement_decline,
    engagement_request_changes,
    engagement_withdraw,
)
from .signing import agreement_sign
from .transitions import engagement_transition

__all__ = [
    "accountability_reminders_send",
    "checkin_record",
    "agreement_publish_set",
    "agreement_sign",
    "agreement_update",
    "commitment_add",
    "commitment_remove",
    "commitment_update",
    "comment_create",
    "comment_edit",
    "deadline_reminders_send",
    "engagement_accept",
    "engagement_assign",
    "engagement_complete",
    "engagement_decline",
    "engagement_draft_create",
    "engagement_draft_delete",
    "engagement_draft_update",
    "engagement_end",
    "engagement_request_changes",
    "engagement_resubmit",
    "engagement_submit",
    "engagement_transition",
    "engagement_withdraw",
    "purpose_approve",
    "purpose_update",
    "reviewer_note_create",
]

"""The parties' comment thread and the reviewing side's private notes."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from core.contract import require
from notifications.services import notification_announce

from ..models import Comment, Engagement, ReviewerNote
from ..rules import side_of
from ._common import both_sides, engagement_context, timeline_write

BODY_LIMIT = 5000


def _body(body: str, *, what: str) -> str:
    body = (body or "").strip()
    if not body:
        raise ValidationError({"body": f"Write your {what}."})
    if len(body) > BODY_LIMIT:
        raise ValidationError(
            {"body": f"Your {what} must be {BODY_LIMIT:,} characters or fewer (it has {len(body):,})."}
        )
    return body


@transaction.atomic
def comment_create(*, actor: User, engagement: Engagement, body: str, now: datetime.datetime | None = None) -> Comment:
    require(actor, "engagements.create_comment", engagement, "Only the two parties can comment here.")
    now = now or timezone.now()
    side = side_of(actor, engagement)
    comment = Comment.objects.create(
        engagement=engagement, author=actor, side=side, body=_body(body, what="comment"), created_at=now
    )
    timeline_write(engagement=engagement, kind="commented", actor=actor, side=side, now=now)
    notification_announce(
        kind="engagements.commented",
        recipients=both_sides(engagement, exclude=actor),
        actor=actor,
        target=engagement,
        context={**engagement_context(engagement), "comment": comment.body[:500]},
        url=f"{engagement.get_absolute_url()}#comment-{comment.uuid}",
    )
    return comment


@transaction.atomic
def comment_edit(*, actor: User, comment: Comment, body: str, now: datetime.datetime | None = None) -> Comment:
    """Authors may correct a comment for 15 minutes after posting it."""
    require(actor, "engagements.edit_comment", comment, "Comments can be changed only by their author, for 15 minutes.")
    comment.body = _body(body, what="comment")
    comment.edited_at = now or timezone.now()
    comment.save(update_fields=["body", "edited_at"])
    return comment


@transaction.atomic
def reviewer_note_create(
    *, actor: User, engagement: Engagement, body: str, now: datetime.datetime | None = None
) -> ReviewerNote:
    """A private note for the reviewing side: no timeline event, no notification, never shown to the proposers."""
    require(actor, "engagements.create_reviewer_note", engagement, "Only the reviewing side keeps notes.")
    return ReviewerNote.objects.create(
        engagement=engagement, author=actor, body=_body(body, what="note"), created_at=now or timezone.now()
    )

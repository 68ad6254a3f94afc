"""What happens around an engagement: its timeline, the parties' comments and private reviewer notes."""

import uuid
from datetime import timedelta

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models

from .engagement import Engagement, Side

# Authors may correct a comment for this long after posting it.
COMMENT_EDIT_WINDOW = timedelta(minutes=15)


class TimelineEvent(models.Model):
    class Kind(models.TextChoices):
        CREATED = "created", "Draft started"
        SUBMITTED = "submitted", "Submitted"
        ASSIGNED = "assigned", "Reviewer assigned"
        CHANGES_REQUESTED = "changes_requested", "Changes requested"
        RESUBMITTED = "resubmitted", "Resubmitted"
        ACCEPTED = "accepted", "Accepted"
        DECLINED = "declined", "Declined"
        WITHDRAWN = "withdrawn", "Withdrawn"
        ACTIVATED = "activated", "Agreement in force"
        COMPLETED = "completed", "Completed"
        ENDED = "ended", "Ended"
        COMMENTED = "commented", "Comment"
        # The accountability record (docs/agreements.md).
        PURPOSE_CHANGED = "purpose_changed", "Shared purpose changed"
        PURPOSE_APPROVED = "purpose_approved", "Shared purpose approved"
        PURPOSE_AGREED = "purpose_agreed", "Shared purpose agreed"
        AGREEMENT_CHANGED = "agreement_changed", "Agreement draft changed"
        AMENDMENT_STARTED = "amendment_started", "Amendment started"
        AGREEMENT_SIGNED = "agreement_signed", "Agreement signed"
        AGREEMENT_IN_FORCE = "agreement_in_force", "Agreement in force"
        PUBLISHING_CHANGED = "publishing_changed", "Publishing consent changed"
        CHECKED_IN = "checked_in", "Check-in recorded"

    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="timeline")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    side = models.CharField(max_length=12, choices=Side.choices, blank=True)
    at = models.DateTimeField()
    # Words both parties may read (a reason); never a private note.
    text = models.TextField(blank=True, max_length=2000, validators=[MaxLengthValidator(2000)])

    class Meta:
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["engagement", "at"], name="timeline_of_engagement")]

    def __str__(self):
        return f"{self.get_kind_display()} at {self.at:%Y-%m-%d %H:%M}"


class Comment(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    # Which party the author spoke for (a moderator speaks for the platform: blank).
    side = models.CharField(max_length=12, choices=Side.choices, blank=True)
    body = models.TextField(max_length=5000, validators=[MaxLengthValidator(5000)])
    created_at = models.DateTimeField()
    edited_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["engagement", "created_at"], name="comments_of_engagement")]

    def __str__(self):
        return f"Comment {self.uuid}"

    @property
    def editable_until(self):
        return self.created_at + COMMENT_EDIT_WINDOW


class ReviewerNote(models.Model):
    """Private to the reviewing side: never shown to the proposing side, in any page, email or export."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="reviewer_notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    body = models.TextField(max_length=5000, validators=[MaxLengthValidator(5000)])
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"Reviewer note {self.uuid}"

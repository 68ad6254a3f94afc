"""An engagement: a partnership proposal between one movement and one institution (DESIGN §2, §3)."""

import uuid
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.urls import reverse

if TYPE_CHECKING:
    from institutions.models import Institution
    from movements.models import Movement


def _text(label, limit, **extra):
    return models.TextField(label, max_length=limit, blank=True, validators=[MaxLengthValidator(limit)], **extra)


class Side(models.TextChoices):
    MOVEMENT = "movement", "Movement"
    INSTITUTION = "institution", "Institution"


class Engagement(models.Model):
    class Direction(models.TextChoices):
        TO_INSTITUTION = "to_institution", "Movement to institution"
        TO_MOVEMENT = "to_movement", "Institution to movement"

    class Status(models.TextChoices):
        # engagements/lifecycle.py is the one place that says how these follow each other.
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Submitted"
        IN_REVIEW = "in_review", "In review"
        CHANGES_REQUESTED = "changes_requested", "Changes requested"
        ACCEPTED = "accepted", "Accepted"
        DECLINED = "declined", "Declined"
        WITHDRAWN = "withdrawn", "Withdrawn"
        ACTIVE = "active", "Active"
        COMPLETED = "completed", "Completed"
        ENDED = "ended", "Ended"

    class DeclineCategory(models.TextChoices):
        NOT_A_FIT = "not_a_fit", "It does not fit what we do"
        NO_CAPACITY = "no_capacity", "We do not have the capacity now"
        NO_BUDGET = "no_budget", "We cannot fund or resource it"
        ELSEWHERE = "elsewhere", "Someone else is better placed"
        OTHER = "other", "Another reason"

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    direction = models.CharField(max_length=16, choices=Direction.choices)
    movement = models.ForeignKey("movements.Movement", on_delete=models.PROTECT, related_name="engagements")
    institution = models.ForeignKey("institutions.Institution", on_delete=models.PROTECT, related_name="engagements")
    model = models.ForeignKey(
        "engagements.EngagementModel",
        on_delete=models.PROTECT,
        related_name="engagements",
        verbose_name="way of working",
    )
    title = models.CharField(max_length=200, blank=True)
    ask = _text("what is asked", 5000)
    movement_brings = _text("what the movement brings", 2000)
    institution_brings = _text("what the institution brings", 2000)
    shared_purpose = _text("the proposed shared purpose", 2000)
    outcomes = _text("intended outcomes", 2000)
    timescale = models.CharField(max_length=200, blank=True)

    status = models.CharField("state", max_length=20, choices=Status.choices, default=Status.DRAFT)
    proposer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="engagements_proposed"
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="engagements_to_review",
        verbose_name="assigned reviewer",
    )
    # submitted_at and deadline restart on each resubmission; first_* feed the median response time.
    submitted_at = models.DateTimeField(null=True, blank=True)
    first_submitted_at = models.DateTimeField(null=True, blank=True)
    first_response_at = models.DateTimeField(null=True, blank=True)
    deadline = models.DateField("response deadline", null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decline_category = models.CharField(max_length=16, choices=DeclineCategory.choices, blank=True)
    decline_reason = _text("reason for declining", 2000)
    changes_reason = _text("changes asked for", 2000)
    withdrawn_reason = _text("reason for withdrawing", 2000)
    withdrawn_by = models.CharField(max_length=12, choices=Side.choices, blank=True)
    ended_reason = _text("reason for ending", 2000)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    # Not columns: engagements.selectors sets these on the rows of a list page (with_turn, with_overdue).
    waiting_on: str | None
    waiting_on_me: bool
    other_party: "Movement | Institution"
    overdue: bool

    class Meta:
        ordering = ["-updated_at"]
        indexes = [
            # The review queue filters by the receiving institution and state, by assignee, by deadline.
            models.Index(fields=["institution", "status", "deadline"], name="engagement_queue"),
            models.Index(fields=["reviewer", "status"], name="engagement_assignee"),
            models.Index(fields=["movement", "status"], name="engagement_movement"),
            models.Index(fields=["status", "deadline"], name="engagement_overdue"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("engagements:detail", kwargs={"engagement_uuid": self.uuid})

    @property
    def proposing_side(self) -> str:
        return Side.MOVEMENT if self.direction == self.Direction.TO_INSTITUTION else Side.INSTITUTION

    @property
    def receiving_side(self) -> str:
        return Side.INSTITUTION if self.direction == self.Direction.TO_INSTITUTION else Side.MOVEMENT

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT

    @property
    def is_to_institution(self) -> bool:
        return self.direction == self.Direction.TO_INSTITUTION

    @property
    def proposing_party(self) -> "Movement | Institution":
        """The movement or institution that proposed it."""
        return self.movement if self.is_to_institution else self.institution

    @property
    def receiving_party(self) -> "Movement | Institution":
        return self.institution if self.is_to_institution else self.movement

    @property
    def awaits_response(self) -> bool:
        """Sent and not yet answered: the deadline runs (lifecycle.AWAITING_RESPONSE)."""
        return self.status in (self.Status.SUBMITTED, self.Status.IN_REVIEW)

    @property
    def proposal(self) -> dict[str, str]:
        """The words of the proposal, as a version snapshot keeps them."""
        return {name: getattr(self, name) for name in PROPOSAL_SNAPSHOT}


PROPOSAL_SNAPSHOT = ["title", "ask", "movement_brings", "institution_brings", "shared_purpose", "outcomes", "timescale"]


class EngagementVersion(models.Model):
    """The proposal as it was sent, once per submission, so reviewers can read what changed."""

    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField()
    snapshot = models.JSONField()
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["engagement", "number"]
        constraints = [models.UniqueConstraint(fields=["engagement", "number"], name="one_version_number")]

    def __str__(self):
        return f"Version {self.number}"

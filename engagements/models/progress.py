"""Check-ins and what they say about each commitment (DESIGN §2, Check-in)."""

import uuid

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models

from .agreement import Agreement, AgreementVersion, Commitment
from .engagement import Engagement, Side


class CommitmentStatus(models.TextChoices):
    ON_TRACK = "on_track", "On track"
    AT_RISK = "at_risk", "At risk"
    DONE = "done", "Done"
    MISSED = "missed", "Missed"
    DROPPED = "dropped", "Dropped"


class CheckIn(models.Model):
    """A dated progress note on an active engagement. Kept as written: check-ins are the record."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="checkins")
    version = models.ForeignKey(
        AgreementVersion, on_delete=models.PROTECT, related_name="checkins", help_text="The version in force then."
    )
    held_on = models.DateField("date of the check-in")
    note = models.TextField(max_length=4000, validators=[MaxLengthValidator(4000)])
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    side = models.CharField(max_length=12, choices=Side.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-held_on", "-created_at"]
        indexes = [models.Index(fields=["engagement", "held_on"], name="checkin_engagement_date")]

    def __str__(self):
        return f"Check-in on {self.held_on}"


class CommitmentUpdate(models.Model):
    """What one check-in said about one commitment."""

    checkin = models.ForeignKey(CheckIn, on_delete=models.CASCADE, related_name="updates")
    commitment = models.ForeignKey(Commitment, on_delete=models.PROTECT, related_name="updates")
    key = models.UUIDField(help_text="The commitment's key, so its history spans versions.")
    status = models.CharField(max_length=12, choices=CommitmentStatus.choices)
    comment = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["checkin", "commitment__position"]
        constraints = [models.UniqueConstraint(fields=["checkin", "key"], name="one_update_per_commitment")]
        indexes = [models.Index(fields=["key"], name="commitment_update_key")]

    def __str__(self):
        return f"{self.get_status_display()} in {self.checkin}"


class CommitmentProgress(models.Model):
    """The latest status of each commitment of an agreement, kept by the check-in service, so
    roll-ups and the public accountability record are one indexed read."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="progress")
    key = models.UUIDField()
    status = models.CharField(max_length=12, choices=CommitmentStatus.choices, default=CommitmentStatus.ON_TRACK)
    as_of = models.DateField(null=True, blank=True, help_text="The check-in that set it; empty before any.")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["agreement", "key"], name="one_progress_per_commitment")]

    def __str__(self):
        return f"{self.key}: {self.get_status_display()}"


class AccountabilityReminder(models.Model):
    """What the daily accountability sweep has sent, so each reminder goes once.

    `subject` is a commitment's key, or the agreement's uuid for a check-in reminder; `due_on` is the
    date reminded about, so a commitment whose date moves in an amendment is reminded again."""

    class Kind(models.TextChoices):
        DUE_SOON = "due_soon", "Due within 7 days"
        OVERDUE = "overdue", "Overdue"
        ESCALATED = "escalated", "Escalated"
        CHECKIN_DUE = "checkin_due", "Check-in due"

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="reminders")
    subject = models.UUIDField()
    kind = models.CharField(max_length=12, choices=Kind.choices)
    due_on = models.DateField()
    sent_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "subject", "kind", "due_on"], name="one_accountability_reminder"
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} for {self.subject} on {self.due_on}"

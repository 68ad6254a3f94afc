"""What the daily deadline reminder has sent, so a second run on the same day sends nothing again."""

from django.conf import settings
from django.db import models

from .engagement import Engagement


class DeadlineReminder(models.Model):
    """One reviewer reminded of one engagement on one day (services.deadline_reminders_send)."""

    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="reminders")
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    sent_at = models.DateTimeField()

    class Meta:
        ordering = ["-day", "pk"]
        constraints = [
            # Two runs on the same day (or two beats by mistake): the second insert fails, nothing is sent twice.
            models.UniqueConstraint(fields=["engagement", "recipient", "day"], name="one_reminder_a_day")
        ]

    def __str__(self):
        return f"Reminder of {self.engagement_id} to {self.recipient_id} on {self.day}"

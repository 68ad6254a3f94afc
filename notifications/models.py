import uuid

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone

from .registry import CATEGORIES


class Frequency(models.TextChoices):
    IMMEDIATE = "immediate", "Immediately"
    DAILY = "daily", "In a daily digest"
    WEEKLY = "weekly", "In a weekly digest"
    OFF = "off", "Not at all"


DIGEST_FREQUENCIES = (Frequency.DAILY, Frequency.WEEKLY)
CATEGORY_CHOICES = list(CATEGORIES.items())


class Notification(models.Model):
    """One thing that happened, told to one person. Always shown in the notification centre."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=100)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    target_content_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    target_object_id = models.CharField(max_length=64, blank=True)
    target = GenericForeignKey("target_content_type", "target_object_id")
    context = models.JSONField(default=dict, blank=True)
    url = models.CharField("link", max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["recipient", "-created_at"], name="notif_recipient_created"),
            models.Index(fields=["recipient", "read_at"], name="notif_recipient_read"),
            models.Index(fields=["read_at", "created_at"], name="notif_read_created"),
        ]

    def __str__(self):
        return f"{self.kind} for {self.recipient_id}"

    @property
    def is_unread(self) -> bool:
        return self.read_at is None


class EmailDelivery(models.Model):
    """One email to send (or to include in a digest), with its own copy of what to say.

    Rows are written in the same transaction as the change they report; a task
    claims a row with a conditional update before sending, so a row is sent at
    most once however many times its task runs.
    """

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting to be sent"
        SENDING = "sending", "Being sent"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"
        CANCELLED = "cancelled", "Cancelled"
        DIGEST_PENDING = "digest_pending", "Waiting for a digest"
        DIGESTED = "digested", "In a digest being sent"

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    notification = models.ForeignKey(
        Notification,
        to_field="uuid",
        db_column="notification_uuid",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="email_deliveries",
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True, related_name="email_deliveries"
    )
    to_email = models.EmailField(max_length=254)
    kind = models.CharField(max_length=100)
    # Blank for digests, which span categories.
    category = models.CharField(max_length=20, blank=True, choices=CATEGORY_CHOICES)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    target_content_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    target_object_id = models.CharField(max_length=64, blank=True)
    context = models.JSONField(default=dict, blank=True)
    url = models.CharField("link", max_length=500, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING)
    # daily/weekly for an item waiting for a digest; the digest email itself is kind notifications.digest.
    digest_frequency = models.CharField(max_length=10, blank=True, choices=Frequency.choices)
    digest = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True, related_name="digest_items")
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "email delivery"
        verbose_name_plural = "email deliveries"
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["status", "created_at"], name="delivery_status_created"),
            models.Index(fields=["status", "digest_frequency", "recipient"], name="delivery_digest"),
        ]

    def __str__(self):
        return f"{self.kind} to {self.to_email} ({self.status})"


class NotificationPreference(models.Model):
    """How one person wants one category of email. No row means immediately."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    category = models.CharField(max_length=20, choices=CATEGORY_CHOICES)
    frequency = models.CharField(max_length=10, choices=Frequency.choices, default=Frequency.IMMEDIATE)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "category"], name="notification_preference_unique"),
        ]

    def __str__(self):
        return f"{self.user_id} {self.category}: {self.frequency}"

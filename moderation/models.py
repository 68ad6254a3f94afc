import uuid

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.validators import MaxLengthValidator
from django.db import models


class ModerationAction(models.Model):
    """Append-only log of what moderators (and admins) decided, and why.

    Rows are written by `moderation.services.moderation_action_record` and
    never changed or deleted; the admin shows them read-only.
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    moderator = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    action = models.CharField(max_length=40)
    # The forms moderators type reasons into hold them to 2,000 characters.
    reason = models.TextField(max_length=2000, validators=[MaxLengthValidator(2000)])
    target_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    target_id = models.CharField(max_length=64)
    target = GenericForeignKey("target_type", "target_id")
    target_label = models.CharField(max_length=255, help_text="What the target was called at the time.")
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["target_type", "target_id", "-created_at"])]

    def __str__(self):
        return f"{self.action} {self.target_label} by {self.moderator}"

from django.contrib.contenttypes.models import ContentType
from django.db import models

from accounts.models import User

from .models import ModerationAction


def moderation_action_record(*, actor: User, action: str, reason: str, target: models.Model) -> ModerationAction:
    """Append one decision to the moderation log. Call inside the caller's transaction.

    The caller's service has already asked the rules whether `actor` may decide this.
    """
    return ModerationAction.objects.create(
        moderator=actor,
        action=action,
        reason=reason,
        target_type=ContentType.objects.get_for_model(target),
        target_id=str(target.pk),
        target_label=str(target)[:255],
    )

"""How each person wants each category of email."""

from django.db import transaction

from accounts.models import User

from ..models import DIGEST_FREQUENCIES, EmailDelivery, Frequency, NotificationPreference
from ..registry import CATEGORIES, SECURITY
from ..selectors import preferences_for


@transaction.atomic
def preferences_update(*, actor: User, choices: dict[str, str]) -> dict[str, str]:
    """Save a person's own choices. Security emails cannot be changed."""
    for category, frequency in choices.items():
        if category == SECURITY:
            raise ValueError("Account security emails are always sent straight away and cannot be changed.")
        if category not in CATEGORIES:
            raise ValueError(f"Unknown category {category!r}.")
        if frequency not in Frequency.values:
            raise ValueError(f"Unknown frequency {frequency!r}.")
    for category, frequency in choices.items():
        NotificationPreference.objects.update_or_create(
            user=actor, category=category, defaults={"frequency": frequency}
        )
        waiting = EmailDelivery.objects.filter(
            recipient=actor, category=category, status=EmailDelivery.Status.DIGEST_PENDING
        )
        if frequency == Frequency.OFF:
            # Whoever switches a category off should not get its waiting items in a digest later.
            waiting.update(status=EmailDelivery.Status.CANCELLED, last_error="Switched off by the recipient.")
        elif frequency in DIGEST_FREQUENCIES:
            waiting.update(digest_frequency=frequency)
    return preferences_for(user=actor)

"""How each person wants each category of email."""

from django.db import transaction

from ..models import DIGEST_FREQUENCIES, EmailDelivery, Frequency, NotificationPreference
from ..registry import CATEGORIES, SECURITY


def preferences_for(*, user) -> dict[str, str]:
    """Category → frequency for every category (security is always immediate)."""
    chosen = dict(NotificationPreference.objects.filter(user=user).values_list("category", "frequency"))
    prefs = {category: chosen.get(category, Frequency.IMMEDIATE) for category in CATEGORIES}
    prefs[SECURITY] = Frequency.IMMEDIATE
    return prefs


@transaction.atomic
def preferences_update(*, user, choices: dict[str, str]) -> dict[str, str]:
    """Save a person's choices. Security emails cannot be changed."""
    for category, frequency in choices.items():
        if category == SECURITY:
            raise ValueError("Account security emails are always sent straight away and cannot be changed.")
        if category not in CATEGORIES:
            raise ValueError(f"Unknown category {category!r}.")
        if frequency not in Frequency.values:
            raise ValueError(f"Unknown frequency {frequency!r}.")
    for category, frequency in choices.items():
        NotificationPreference.objects.update_or_create(user=user, category=category, defaults={"frequency": frequency})
        waiting = EmailDelivery.objects.filter(
            recipient=user, category=category, status=EmailDelivery.Status.DIGEST_PENDING
        )
        if frequency == Frequency.OFF:
            # Whoever switches a category off should not get its waiting items in a digest later.
            waiting.update(status=EmailDelivery.Status.CANCELLED, last_error="Switched off by the recipient.")
        elif frequency in DIGEST_FREQUENCIES:
            waiting.update(digest_frequency=frequency)
    return preferences_for(user=user)

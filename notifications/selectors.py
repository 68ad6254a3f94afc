"""Reads for the notification centre."""

from django.core.paginator import Page
from django.db.models import QuerySet

from accounts.models import User
from core.pagination import page_of

from .models import Frequency, Notification, NotificationPreference
from .registry import CATEGORIES, SECURITY
from .rendering import notification_text

PAGE_SIZE = 20


def notifications_for(*, user: User) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient=user).select_related("actor").order_by("-created_at", "-id")


def notifications_page(*, user: User, page_number: str | int | None) -> Page[Notification]:
    """One page of a person's notifications, newest first, each with its one-line text."""
    page = page_of(notifications_for(user=user), page_number, per_page=PAGE_SIZE)
    for notification in page.object_list:
        # Already known: saves a query per row when the text mentions the recipient.
        notification.recipient = user
        notification.text = notification_text(notification)
    return page


def unread_count(*, user: User) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def preferences_for(*, user: User) -> dict[str, str]:
    """Category → frequency for every category (security is always immediate)."""
    chosen = dict(NotificationPreference.objects.filter(user=user).values_list("category", "frequency"))
    prefs = {category: chosen.get(category, Frequency.IMMEDIATE) for category in CATEGORIES}
    prefs[SECURITY] = Frequency.IMMEDIATE
    return prefs

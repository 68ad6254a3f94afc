"""Notification kinds for reminders. Templates: templates/notifications/kinds/<key>/."""

from notifications.registry import EventKind, register

# None is digestible: a reminder about a date is useless in a weekly digest that comes after it.
KINDS: list[tuple[str, str, str, bool]] = [
    ("commitment_due_soon", "agreements", "Commitments your side made are due within 7 days", False),
    ("commitment_overdue", "agreements", "Commitments in an agreement you take part in are overdue", False),
    ("commitment_escalated", "agreements", "Overdue commitments were escalated to you", False),
    ("checkin_due", "agreements", "A check-in on an agreement you take part in is due", False),
]

for _key, _category, _description, _digestible in KINDS:
    register(EventKind(key=f"engagements.{_key}", category=_category, description=_description, digestible=_digestible))

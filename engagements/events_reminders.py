"""Notification kinds for reminders. Templates: templates/notifications/kinds/<key>/."""

from notifications.registry import EventKind, register

# Someone who chose a digest for agreements gets the reminders in it (the daily digest goes out at
# 07:00, just after the 06:45 sweep), so many agreements make one email; an escalation always goes at once.
KINDS: list[tuple[str, str, str, bool]] = [
    ("commitment_due_soon", "agreements", "Commitments your side made are due within 7 days", True),
    ("commitment_overdue", "agreements", "Commitments in an agreement you take part in are overdue", True),
    ("commitment_escalated", "agreements", "Overdue commitments were escalated to you", False),
    ("checkin_due", "agreements", "A check-in on an agreement you take part in is due", True),
]

for _key, _category, _description, _digestible in KINDS:
    register(EventKind(key=f"engagements.{_key}", category=_category, description=_description, digestible=_digestible))

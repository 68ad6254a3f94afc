"""Notification kinds for check-ins. Templates: templates/notifications/kinds/<key>/."""

from notifications.registry import EventKind, register

KINDS: list[tuple[str, str, str, bool]] = [
    # The other side's people hear of a check-in; several in a week read well as one digest.
    ("checkin_recorded", "agreements", "The other side recorded a check-in on an engagement", True),
]

for _key, _category, _description, _digestible in KINDS:
    register(EventKind(key=f"engagements.{_key}", category=_category, description=_description, digestible=_digestible))

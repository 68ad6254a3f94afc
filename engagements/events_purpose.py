"""Notification kinds for the shared purpose. Templates: templates/notifications/kinds/<key>/."""

from notifications.registry import EventKind, register

KINDS: list[tuple[str, str, str, bool]] = [
    ("purpose_changed", "agreements", "The other side changed the shared purpose", True),
    # The other side has approved: it waits on you, so it is never held back for a digest.
    ("purpose_approved", "agreements", "The other side approved the shared purpose: your turn", False),
    ("purpose_agreed", "agreements", "Both sides agreed the shared purpose", False),
]

for _key, _category, _description, _digestible in KINDS:
    register(EventKind(key=f"engagements.{_key}", category=_category, description=_description, digestible=_digestible))

"""Notification kinds for agreement. Templates: templates/notifications/kinds/<key>/."""

from notifications.registry import EventKind, register

KINDS: list[tuple[str, str, str, bool]] = [
    ("agreement_changed", "agreements", "The other side changed the draft of an agreement", True),
    ("amendment_started", "agreements", "An amendment to an agreement in force was started", False),
    ("agreement_signed", "agreements", "An agreement was signed by one side and waits for yours", False),
    ("agreement_in_force", "agreements", "An amended agreement came into force", False),
    ("agreement_publishing", "agreements", "A side gave or withdrew consent to publish an agreement", False),
]

for _key, _category, _description, _digestible in KINDS:
    register(EventKind(key=f"engagements.{_key}", category=_category, description=_description, digestible=_digestible))

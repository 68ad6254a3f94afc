"""Notification kinds for purpose. Templates: templates/notifications/kinds/<key>/."""

from notifications.registry import EventKind, register

KINDS: list[tuple[str, str, str, bool]] = []

for _key, _category, _description, _digestible in KINDS:
    register(EventKind(key=f"engagements.{_key}", category=_category, description=_description, digestible=_digestible))

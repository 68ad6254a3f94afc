"""Notification kinds for engagements. Templates: templates/notifications/kinds/<key>/."""

from notifications.registry import EventKind, register

KINDS = [
    ("submitted", "proposals", "A proposal was sent to you for review", False),
    ("resubmitted", "proposals", "A proposal you asked to change was sent again", False),
    ("assigned", "proposals", "You were assigned a proposal to review", False),
    ("changes_requested", "proposals", "The reviewers asked for changes to your proposal", False),
    ("accepted", "proposals", "Your proposal was accepted", False),
    ("declined", "proposals", "Your proposal was declined", False),
    ("withdrawn", "proposals", "An engagement you take part in was withdrawn", False),
    ("activated", "agreements", "An engagement's agreement came into force", True),
    ("completed", "agreements", "An engagement was marked completed", True),
    ("ended", "agreements", "An engagement was ended", False),
    ("commented", "comments", "Someone commented on an engagement you take part in", True),
    ("deadline_reminder", "proposals", "Proposals you review are near or past their response deadline", False),
]

for _key, _category, _description, _digestible in KINDS:
    register(EventKind(key=f"engagements.{_key}", category=_category, description=_description, digestible=_digestible))

# Each part of the accountability record registers its own kinds.
from . import events_agreement, events_checkins, events_purpose, events_reminders  # noqa: E402, F401

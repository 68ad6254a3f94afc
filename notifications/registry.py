"""The registry of event kinds: every kind of thing the platform tells people about.

Each app declares its kinds in `<app>/events.py`, which NotificationsConfig.ready()
imports at start-up:

    from notifications.registry import EventKind, register
    register(EventKind(key="institutions.membership_requested", category="membership",
                       description="Someone asked to join your institution"))

A kind's templates live in `templates/notifications/kinds/<key>/`: subject.txt,
body.txt, body.html and inapp.txt.
"""

from dataclasses import dataclass

# Category key -> the label people see on the preferences page.
CATEGORIES: dict[str, str] = {
    "proposals": "Proposals and reviews",
    "comments": "Comments",
    "agreements": "Agreements and commitments",
    "membership": "Membership and invitations",
    "moderation": "Moderation",
    "security": "Account security",
}

# Emails in this category always go out at once and cannot be switched off:
# they tell people about changes to their own account.
SECURITY = "security"

CATEGORY_HINTS: dict[str, str] = {
    "proposals": "New proposals, review decisions and requests for changes.",
    "comments": "Replies and comments on engagements you take part in.",
    "agreements": "Shared purposes, agreements to sign, commitments and check-ins.",
    "membership": "Requests to join, invitations and changes to your roles.",
    "moderation": "Decisions about content you reported or published.",
    "security": "Sign-in, password, email address and two-factor changes to your account.",
}


@dataclass(frozen=True)
class EventKind:
    key: str
    category: str
    description: str
    # False: always emailed at once, even to people who chose a digest.
    digestible: bool = True

    def __post_init__(self):
        if self.category not in CATEGORIES:
            raise ValueError(f"Unknown notification category {self.category!r} for {self.key!r}.")
        if "." not in self.key or "/" in self.key:
            raise ValueError(f"Event kind keys look like 'app.thing', not {self.key!r}.")

    @property
    def category_label(self) -> str:
        return CATEGORIES[self.category]

    @property
    def template_dir(self) -> str:
        return f"notifications/kinds/{self.key}"


_KINDS: dict[str, EventKind] = {}


def register(kind: EventKind) -> EventKind:
    existing = _KINDS.get(kind.key)
    if existing is not None and existing != kind:
        raise ValueError(f"Event kind {kind.key!r} is already registered differently.")
    _KINDS[kind.key] = kind
    return kind


def get_kind(key: str) -> EventKind:
    try:
        return _KINDS[key]
    except KeyError:
        raise LookupError(f"No event kind {key!r} is registered (add it to an app's events.py).") from None


def all_kinds() -> list[EventKind]:
    return sorted(_KINDS.values(), key=lambda kind: kind.key)

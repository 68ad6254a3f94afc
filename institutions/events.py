"""What the institutions app tells people about (see notifications.registry)."""

from notifications.registry import EventKind, register

MEMBERSHIP_REQUESTED = register(
    EventKind(
        key="institutions.membership_requested",
        category="membership",
        description="Someone asked to join an institution you look after",
    )
)
MEMBERSHIP_DECIDED = register(
    EventKind(
        key="institutions.membership_decided",
        category="membership",
        description="Your request to join an institution was approved or turned down",
    )
)
MEMBERSHIP_VERIFIED = register(
    EventKind(
        key="institutions.membership_verified",
        category="membership",
        description="You joined an institution, verified by your work email address",
    )
)
ROLE_CHANGED = register(
    EventKind(
        key="institutions.role_changed",
        category="membership",
        description="Your role at an institution changed",
    )
)
MEMBERSHIP_REMOVED = register(
    EventKind(
        key="institutions.membership_removed",
        category="membership",
        # Losing access matters at once: never held for a digest.
        description="You were removed from an institution",
        digestible=False,
    )
)
REGISTRATION_PENDING = register(
    EventKind(
        key="institutions.registration_pending",
        category="moderation",
        description="A new institution is waiting for a moderator",
    )
)
INSTITUTION_APPROVED = register(
    EventKind(
        key="institutions.institution_approved",
        category="membership",
        description="An institution you registered was approved",
    )
)
INSTITUTION_REJECTED = register(
    EventKind(
        key="institutions.institution_rejected",
        category="membership",
        description="An institution you registered was turned down",
    )
)

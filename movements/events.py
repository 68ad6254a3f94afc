"""Notification kinds for movements. Templates: templates/notifications/kinds/<key>/."""

from notifications.registry import EventKind, register

register(
    EventKind(
        key="movements.invitation",
        category="membership",
        description="Someone invited you to help organise a movement",
        digestible=False,
    )
)
register(
    EventKind(
        key="movements.invitation_accepted",
        category="membership",
        description="Someone accepted an invitation to organise your movement",
        digestible=True,
    )
)
register(
    EventKind(
        key="movements.submitted",
        category="moderation",
        description="A movement is waiting for approval",
        digestible=True,
    )
)
register(
    EventKind(
        key="movements.approved",
        category="moderation",
        description="Your movement was approved and is now public",
        digestible=False,
    )
)
register(
    EventKind(
        key="movements.rejected",
        category="moderation",
        description="Your movement was not approved",
        digestible=False,
    )
)
register(
    EventKind(
        key="movements.role_changed",
        category="membership",
        description="Your role in a movement changed",
        digestible=True,
    )
)
register(
    EventKind(
        key="movements.removed",
        category="membership",
        description="You were removed as an organiser of a movement",
        digestible=False,
    )
)
register(
    EventKind(
        key="movements.organiser_left",
        category="membership",
        description="An organiser left your movement",
        digestible=True,
    )
)
register(
    EventKind(
        key="movements.closed",
        category="membership",
        description="A lead organiser closed a movement you organise",
        digestible=False,
    )
)
register(
    EventKind(
        key="movements.reopened",
        category="membership",
        description="A lead organiser reopened a movement you organise",
        digestible=False,
    )
)

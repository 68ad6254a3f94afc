"""Moderation queues for movements (listed on the moderators' hub, /moderation/)."""

from moderation.registry import Queue, register

from .selectors import movements_awaiting_approval

register(
    Queue(
        key="movements.awaiting_approval",
        title="Movements waiting for approval",
        description="New movements, and rejected ones their organisers edited and sent again.",
        url_name="movements:awaiting_approval",
        items=movements_awaiting_approval,
        waiting_since="submitted_at",
        permission="movements.moderate_movement",
        position=10,
    )
)

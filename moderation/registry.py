"""The registry of moderation queues: every list of things waiting for a moderator.

Each app declares its queues in `<app>/queues.py`, which ModerationConfig.ready()
imports at start-up (as apps declare notification kinds in events.py):

    from moderation.registry import Queue, register
    register(Queue(key="movements.awaiting_approval", title="Movements waiting for approval",
                   description="New and resubmitted movements ...", url_name="movements:awaiting_approval",
                   items=movements_awaiting_approval, waiting_since="submitted_at",
                   permission="movements.moderate_movement"))

The moderators' hub (/moderation/) and the dashboard panel list the registered queues; the
queue's own page uses `moderation.decorators.queue_page(key)`, so every queue answers the
same way: sign in first, then 404 to anyone the queue's permission does not allow.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import QuerySet


@dataclass(frozen=True)
class Queue:
    key: str
    title: str
    description: str
    # The queue's own page, reversed without arguments.
    url_name: str
    # What is waiting: the same queryset the queue's page lists, so the counts agree.
    items: Callable[[], QuerySet]
    # The field of each item that says since when it has been waiting (its age).
    waiting_since: str
    # A django-rules permission (no object): who works this queue. Only platform staff, so far.
    permission: str
    # Lower first on the hub and the dashboard.
    position: int = 100

    def __post_init__(self) -> None:
        if "." not in self.key or "/" in self.key:
            raise ValueError(f"Queue keys look like 'app.thing', not {self.key!r}.")
        if ":" not in self.url_name:
            raise ValueError(f"Queue {self.key!r} needs a namespaced URL name, not {self.url_name!r}.")


_QUEUES: dict[str, Queue] = {}


def register(queue: Queue) -> Queue:
    existing = _QUEUES.get(queue.key)
    if existing is not None and existing != queue:
        raise ValueError(f"Moderation queue {queue.key!r} is already registered differently.")
    _QUEUES[queue.key] = queue
    return queue


def get_queue(key: str) -> Queue:
    try:
        return _QUEUES[key]
    except KeyError:
        raise LookupError(f"No moderation queue {key!r} is registered (add it to an app's queues.py).") from None


def all_queues() -> list[Queue]:
    return sorted(_QUEUES.values(), key=lambda queue: (queue.position, queue.key))

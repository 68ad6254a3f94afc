"""Reads for the moderators' hub and the dashboard panel."""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import rules
from django.db.models import Count, Min

from .registry import Queue, all_queues


@dataclass(frozen=True)
class QueueSummary:
    queue: Queue
    count: int
    # When the longest-waiting item started waiting; None when the queue is empty.
    oldest: datetime | None


def queues_for(user: Any) -> list[Queue]:
    """The queues this person works. Asks the rules directly, not user.has_perm, whose model
    backend would spend queries on everyone who is not a moderator."""
    return [queue for queue in all_queues() if rules.has_perm(queue.permission, user)]


def queue_summary(queue: Queue) -> QueueSummary:
    """How many items wait and since when: one query."""
    found = queue.items().order_by().aggregate(count=Count("pk"), oldest=Min(queue.waiting_since))
    return QueueSummary(queue=queue, count=found["count"], oldest=found["oldest"] if found["count"] else None)


def queue_summaries(*, user: Any) -> list[QueueSummary]:
    """Every queue this person works, with its count: one query per queue, none for anyone else."""
    return [queue_summary(queue) for queue in queues_for(user)]

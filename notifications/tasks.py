"""Celery tasks. They receive ids only and call services; each is safe to run twice."""

import logging

from celery import shared_task

from .services.announce import deliveries_enqueue
from .services.cleanup import notifications_cleanup
from .services.delivery import deliveries_sweep, delivery_send
from .services.digests import digest_build, digest_recipients

logger = logging.getLogger(__name__)


@shared_task(name="notifications.deliveries_dispatch", ignore_result=True)
def deliveries_dispatch(delivery_ids: list[str]) -> None:
    """Fan a batch out to one task per email, so the request published one message, not hundreds."""
    for delivery_id in delivery_ids:
        delivery_send_task.delay(delivery_id)


@shared_task(name="notifications.delivery_send", ignore_result=True, acks_late=True)
def delivery_send_task(delivery_id: str) -> str:
    outcome = delivery_send(delivery_id=delivery_id)
    if outcome.retry_in is not None:
        # A new message with a countdown rather than Task.retry: if the broker is
        # gone at this moment, the row is pending with next_attempt_at and the sweep
        # sends it once that time has passed.
        try:
            delivery_send_task.apply_async(args=[delivery_id], countdown=outcome.retry_in, retry=False)
        except Exception:  # noqa: BLE001 (broker trouble: the sweep takes over)
            logger.warning("Could not schedule the retry of %s; the sweep will.", delivery_id, exc_info=True)
    return outcome.status


@shared_task(name="notifications.deliveries_sweep", ignore_result=True)
def deliveries_sweep_task() -> int:
    ids = deliveries_sweep()
    if ids:
        logger.info("Sweep re-enqueueing %d email deliveries", len(ids))
        deliveries_enqueue(delivery_ids=ids)
    return len(ids)


@shared_task(name="notifications.digests_send", ignore_result=True)
def digests_send_task(frequency: str) -> int:
    user_ids = digest_recipients(frequency=frequency)
    for user_id in user_ids:
        digest_build_task.delay(user_id, frequency)
    return len(user_ids)


@shared_task(name="notifications.digest_build", ignore_result=True)
def digest_build_task(user_id: int, frequency: str) -> None:
    digest_build(user_id=user_id, frequency=frequency)


@shared_task(name="notifications.cleanup", ignore_result=True)
def notifications_cleanup_task() -> int:
    return notifications_cleanup()

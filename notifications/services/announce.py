"""Announce an event: in-app rows for everyone, email rows as each person prefers."""

import json
import logging
import time
from collections.abc import Iterable
from typing import Any

from celery import current_app
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction

from accounts.models import User

from .. import conf
from ..models import DIGEST_FREQUENCIES, EmailDelivery, Frequency, Notification, NotificationPreference
from ..registry import SECURITY, EventKind, get_kind
from ._rows import insert_rows

logger = logging.getLogger(__name__)

# notifications/tasks.py, registered at start-up by NotificationsConfig.ready().
DISPATCH_TASK = "notifications.deliveries_dispatch"


def _clean_url(url: str) -> str:
    """Links are paths on this site; SITE_URL is added when an email is rendered."""
    url = (url or "").strip()
    if url and (not url.startswith("/") or url.startswith("//") or "\\" in url):
        raise ValueError(f"A notification link must be a path on this site, like /movements/x/, not {url!r}.")
    return url


def _clean_context(context: dict[str, Any] | None) -> dict[str, Any]:
    context = dict(context or {})
    try:
        # Round-trip so that what a template sees later is exactly what is stored.
        cleaned: dict[str, Any] = json.loads(json.dumps(context, cls=DjangoJSONEncoder))
        return cleaned
    except TypeError as exc:
        raise ValueError(f"Notification context must be JSON-serialisable: {exc}") from exc


def _target_ref(target: models.Model | None) -> tuple[ContentType | None, str]:
    if target is None:
        return None, ""
    return ContentType.objects.get_for_model(target), str(target.pk)


def _unique_active(recipients: Iterable[User | None]) -> list[User]:
    seen: set[int] = set()
    users: list[User] = []
    for user in recipients:
        if user is None or user.pk in seen or not user.is_active:
            continue
        seen.add(user.pk)
        users.append(user)
    return users


def frequencies_for(*, users: list[User], category: str) -> dict[int, str]:
    """Each user's email frequency for a category, in one query (none for security)."""
    if category == SECURITY:
        return {user.pk: Frequency.IMMEDIATE for user in users}
    chosen = dict(
        NotificationPreference.objects.filter(user_id__in=[u.pk for u in users], category=category).values_list(
            "user_id", "frequency"
        )
    )
    return {user.pk: chosen.get(user.pk, Frequency.IMMEDIATE) for user in users}


def _delivery_status(kind: EventKind, frequency: str) -> tuple[str, str] | None:
    """(status, digest_frequency) for a new email row, or None for no email."""
    if kind.category == SECURITY:
        return EmailDelivery.Status.PENDING, ""
    if frequency == Frequency.OFF:
        return None
    if frequency in DIGEST_FREQUENCIES and kind.digestible:
        return EmailDelivery.Status.DIGEST_PENDING, frequency
    return EmailDelivery.Status.PENDING, ""


def deliveries_enqueue_on_commit(delivery_ids: list[str]) -> None:
    if delivery_ids:
        transaction.on_commit(lambda: deliveries_enqueue(delivery_ids=delivery_ids))


# When the broker last failed this process (time.monotonic()). For a short while after,
# new work is left to the sweep at once rather than paying CELERY_ENQUEUE_TIMEOUT_SECONDS
# again on every commit: a request waits on a broken broker once at most.
_broker_failed_at: float | None = None


def broker_pause_reset() -> None:
    global _broker_failed_at
    _broker_failed_at = None


def _broker_paused() -> float | None:
    """Seconds since the broker failed, while enqueues are paused; else None."""
    if _broker_failed_at is None:
        return None
    since = time.monotonic() - _broker_failed_at
    return since if since < conf.enqueue_pause_seconds() else None


def _one_line(exc: Exception) -> str:
    return " ".join(f"{type(exc).__name__}: {exc}".split())[:300]


def deliveries_enqueue(*, delivery_ids: list[str]) -> bool:
    """Hand deliveries to the broker. Never raises: a broker that is down must not
    break the request that already committed; the sweep picks the rows up later."""
    global _broker_failed_at
    from .delivery import chunked

    if not delivery_ids:
        return True
    eager = current_app.conf.task_always_eager
    since = None if eager else _broker_paused()
    if since is not None:
        logger.warning(
            "Broker failed %.1fs ago: left %d email deliveries pending; the sweep will retry them.",
            since,
            len(delivery_ids),
        )
        return False
    queued = 0
    try:
        for chunk in chunked(delivery_ids):
            # By name: tasks call services, never the reverse (the task runs here when eager).
            current_app.signature(DISPATCH_TASK, args=[chunk]).apply_async(retry=False)
            queued += len(chunk)
    except Exception as exc:  # noqa: BLE001 (any broker failure: the rows stay pending for the sweep)
        if eager:
            # No broker involved: the task itself failed in-process, a bug worth its traceback.
            logger.exception("Sending %d email deliveries in-process failed.", len(delivery_ids) - queued)
            return False
        _broker_failed_at = time.monotonic()
        # One line, no traceback: during an outage every commit lands here.
        logger.warning(
            "Could not hand %d email deliveries to the broker (%s); the sweep will retry them.",
            len(delivery_ids) - queued,
            _one_line(exc),
        )
        return False
    return True


def notification_announce(
    *,
    kind: str,
    recipients: Iterable[User | None],
    actor: User | None = None,
    target: models.Model | None = None,
    context: dict[str, Any] | None = None,
    url: str = "",
) -> list[Notification]:
    """Tell `recipients` that something happened. Call it inside the transaction of the change.

    Writes one Notification per recipient and one EmailDelivery per email due
    (as each person prefers; security always at once) with a constant number
    of queries, and enqueues the immediate emails once the transaction commits.
    Returns the unsaved-looking instances (their UUIDs are the identity; pk is not read back).
    """
    event_kind = get_kind(kind)
    url = _clean_url(url)
    context = _clean_context(context)
    users = _unique_active(recipients)
    if not users:
        return []
    content_type, object_id = _target_ref(target)
    actor_id = actor.pk if actor is not None and actor.pk else None
    frequencies = frequencies_for(users=users, category=event_kind.category)

    notifications, deliveries = [], []
    for user in users:
        notification = Notification(
            recipient_id=user.pk,
            kind=kind,
            actor_id=actor_id,
            target_content_type=content_type,
            target_object_id=object_id,
            context=context,
            url=url,
        )
        notifications.append(notification)
        status = _delivery_status(event_kind, frequencies[user.pk])
        if status is None or not user.email:
            continue
        deliveries.append(
            EmailDelivery(
                notification_id=notification.uuid,
                recipient_id=user.pk,
                to_email=user.email,
                kind=kind,
                category=event_kind.category,
                actor_id=actor_id,
                target_content_type=content_type,
                target_object_id=object_id,
                context=context,
                url=url,
                status=status[0],
                digest_frequency=status[1],
            )
        )
    with transaction.atomic(savepoint=False):
        insert_rows(Notification, notifications)
        insert_rows(EmailDelivery, deliveries)
    deliveries_enqueue_on_commit([str(d.uuid) for d in deliveries if d.status == EmailDelivery.Status.PENDING])
    return notifications


def notification_announce_to_email(
    *,
    kind: str,
    email: str,
    actor: User | None = None,
    target: models.Model | None = None,
    context: dict[str, Any] | None = None,
    url: str = "",
) -> EmailDelivery:
    """Email someone who may have no account (an invitation). No in-app row, always immediate."""
    event_kind = get_kind(kind)
    email = (email or "").strip()
    if not email or "@" not in email:
        raise ValueError(f"Cannot email {email!r}: not an email address.")
    content_type, object_id = _target_ref(target)
    delivery = EmailDelivery.objects.create(
        to_email=email,
        kind=kind,
        category=event_kind.category,
        actor=actor if actor is not None and actor.pk else None,
        target_content_type=content_type,
        target_object_id=object_id,
        context=_clean_context(context),
        url=_clean_url(url),
        status=EmailDelivery.Status.PENDING,
    )
    deliveries_enqueue_on_commit([str(delivery.uuid)])
    return delivery

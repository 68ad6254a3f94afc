"""Daily and weekly digests: one email per person listing what waited for it."""

import logging
from typing import Any

from django.db import transaction
from django.template import TemplateDoesNotExist
from django.urls import reverse

from accounts.selectors import active_user

from ..models import EmailDelivery, Frequency
from ..registry import CATEGORIES, get_kind
from ..rendering import DIGEST_KIND, absolute_url, one_line, render_text
from .announce import deliveries_enqueue_on_commit

logger = logging.getLogger(__name__)
Status = EmailDelivery.Status


def digest_recipients(*, frequency: str) -> list[int]:
    return list(
        EmailDelivery.objects.filter(status=Status.DIGEST_PENDING, digest_frequency=frequency)
        .order_by("recipient_id")
        .values_list("recipient_id", flat=True)
        .distinct()
    )


def _item_line(item: EmailDelivery) -> str:
    context = {**(item.context or {}), "recipient": item.recipient, "actor": item.actor, "url": absolute_url(item.url)}
    try:
        return one_line(render_text(f"notifications/kinds/{item.kind}/inapp.txt", context))
    except TemplateDoesNotExist:
        try:
            return get_kind(item.kind).description
        except LookupError:
            return "Something happened on your account."


def _groups(items: list[EmailDelivery]) -> list[dict[str, Any]]:
    order = list(CATEGORIES)
    groups: dict[str, list[dict[str, str]]] = {}
    for item in items:
        groups.setdefault(item.category, []).append({"text": _item_line(item), "url": absolute_url(item.url)})
    return [
        {"label": CATEGORIES.get(category, "Other"), "items": groups[category]}
        for category in sorted(groups, key=lambda c: order.index(c) if c in order else len(order))
    ]


@transaction.atomic
def digest_build(*, user_id: int, frequency: str) -> EmailDelivery | None:
    """Gather a person's waiting items into one digest email. No items, no email.

    The items are locked and moved to "digested" in the same transaction as the
    digest row is written, so two runs for the same person cannot both take them;
    they become "sent" when the digest email itself is sent.
    """
    if frequency not in (Frequency.DAILY, Frequency.WEEKLY):
        raise ValueError(f"Unknown digest frequency {frequency!r}.")
    items = list(
        EmailDelivery.objects.select_for_update(of=("self",))
        .select_related("actor", "recipient")
        .filter(recipient_id=user_id, status=Status.DIGEST_PENDING, digest_frequency=frequency)
        .order_by("created_at", "id")
    )
    if not items:
        return None
    user = active_user(user_id)
    if user is None or not user.email:
        EmailDelivery.objects.filter(pk__in=[i.pk for i in items]).update(
            status=Status.CANCELLED, last_error="No active account to send a digest to."
        )
        return None
    digest = EmailDelivery.objects.create(
        recipient=user,
        to_email=user.email,
        kind=DIGEST_KIND,
        category="",
        context={"frequency": str(frequency), "count": len(items), "groups": _groups(items)},
        url=reverse("notifications:list"),
        status=Status.PENDING,
    )
    EmailDelivery.objects.filter(pk__in=[i.pk for i in items], status=Status.DIGEST_PENDING).update(
        status=Status.DIGESTED, digest=digest
    )
    deliveries_enqueue_on_commit([str(digest.uuid)])
    return digest

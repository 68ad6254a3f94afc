"""Send one email delivery: claim it, render it, send it, record what happened."""

import logging
import smtplib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta

from django.db.models import F, Q
from django.template import TemplateDoesNotExist, TemplateSyntaxError
from django.utils import timezone

from .. import conf
from ..models import EmailDelivery
from ..rendering import DIGEST_KIND, delivery_message

logger = logging.getLogger(__name__)
Status = EmailDelivery.Status

# Network trouble or a 4xx from the mail server: worth trying again later.
TRANSIENT_ERRORS = (smtplib.SMTPException, OSError)


def chunked(ids: list[str], size: int | None = None) -> Iterator[list[str]]:
    size = size or conf.enqueue_chunk_size()
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


@dataclass(frozen=True)
class Outcome:
    status: str  # what the delivery is now, or "skipped" if another worker has it
    retry_in: int | None = None


def _is_permanent(exc: Exception) -> bool:
    """Errors that will not get better by waiting.

    SMTP 5xx answers (unknown mailbox, refused sender) are permanent; so is
    anything that is neither an SMTP/network error nor a GOV.UK Notify
    rate-limit or server error (for example Notify refusing a bad address).
    """
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _msg in exc.recipients.values())
    if isinstance(exc, smtplib.SMTPResponseException):
        return exc.smtp_code >= 500
    if isinstance(exc, TRANSIENT_ERRORS):
        return False
    status_code = getattr(exc, "status_code", None)  # GOV.UK Notify's API errors
    return not (isinstance(status_code, int) and (status_code == 429 or status_code >= 500))


def backoff_seconds(attempts: int) -> int:
    """30s, 60s, 120s, … after the 1st, 2nd, 3rd failed attempt."""
    # int(): typeshed types int ** int as Any (a negative power would be a float).
    return int(conf.retry_base_seconds() * 2 ** max(attempts - 1, 0))


def delivery_claim(*, delivery_id: str) -> bool:
    """pending → sending, only if still pending: of two workers, exactly one wins."""
    # next_attempt_at is not checked here: it only keeps the sweep from jumping
    # ahead of a retry that is already scheduled.
    claimed = EmailDelivery.objects.filter(uuid=delivery_id, status=Status.PENDING).update(
        status=Status.SENDING, claimed_at=timezone.now(), attempts=F("attempts") + 1
    )
    return claimed == 1


def _finish(delivery: EmailDelivery, **fields: object) -> None:
    EmailDelivery.objects.filter(pk=delivery.pk, status=Status.SENDING).update(**fields)


def delivery_send(*, delivery_id: str) -> Outcome:
    """Send a delivery once. Safe to call any number of times for the same id."""
    if not delivery_claim(delivery_id=delivery_id):
        return Outcome("skipped")
    delivery = EmailDelivery.objects.select_related("recipient", "actor").get(uuid=delivery_id)
    now = timezone.now()
    if delivery.recipient is not None and not delivery.recipient.is_active:
        _finish(delivery, status=Status.CANCELLED, last_error="The account was closed before the email was sent.")
        return Outcome(Status.CANCELLED)
    try:
        message = delivery_message(delivery)
    except (TemplateDoesNotExist, TemplateSyntaxError, LookupError, ValueError) as exc:
        logger.exception("Cannot render email delivery %s (%s)", delivery.uuid, delivery.kind)
        _finish(delivery, status=Status.FAILED, last_error=f"Could not render the email: {exc!r}"[:2000])
        return Outcome(Status.FAILED)
    try:
        message.send()
    except Exception as exc:  # noqa: BLE001 (every send error is recorded on the row, none lost)
        error = f"{type(exc).__name__}: {exc}"[:2000]
        if _is_permanent(exc) or delivery.attempts >= conf.max_attempts():
            logger.error(
                "Email delivery %s failed for good after %d attempts: %s", delivery.uuid, delivery.attempts, error
            )
            _finish(delivery, status=Status.FAILED, last_error=error)
            return Outcome(Status.FAILED)
        wait = backoff_seconds(delivery.attempts)
        logger.warning(
            "Email delivery %s attempt %d failed, retrying in %ss: %s", delivery.uuid, delivery.attempts, wait, error
        )
        _finish(delivery, status=Status.PENDING, last_error=error, next_attempt_at=now + timedelta(seconds=wait))
        return Outcome(Status.PENDING, retry_in=wait)
    sent_at = timezone.now()
    _finish(delivery, status=Status.SENT, sent_at=sent_at, last_error="", next_attempt_at=None)
    if delivery.kind == DIGEST_KIND:
        EmailDelivery.objects.filter(digest=delivery, status=Status.DIGESTED).update(
            status=Status.SENT, sent_at=sent_at
        )
    return Outcome(Status.SENT)


def deliveries_sweep() -> list[str]:
    """Find deliveries that were never handed to a worker, or whose worker died.

    Returns the ids to enqueue again. Their tasks claim them as usual, so a
    delivery that is also still queued is sent once.
    """
    now = timezone.now()
    stuck_before = now - timedelta(seconds=conf.sweep_sending_timeout_seconds())
    stuck = EmailDelivery.objects.filter(status=Status.SENDING, claimed_at__lt=stuck_before)
    # An email whose sending kills its worker every time must not do so for ever.
    stuck.filter(attempts__gte=conf.max_attempts()).update(
        status=Status.FAILED, last_error="Sending was interrupted on every attempt; giving up."
    )
    stuck.update(status=Status.PENDING, last_error="Sending was interrupted; trying again.")
    pending_before = now - timedelta(seconds=conf.sweep_pending_after_seconds())
    return [
        str(uuid)
        for uuid in EmailDelivery.objects.filter(status=Status.PENDING, created_at__lt=pending_before)
        .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
        .order_by("created_at")
        .values_list("uuid", flat=True)[:1000]
    ]

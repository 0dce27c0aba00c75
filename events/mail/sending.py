"""Sending one outbox row, and which rows are due again. The worker's tasks (`tasks.py`) call these."""

import datetime
import logging
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone

from .channels import sender_for
from .messages import build_email
from .models import EmailStatus, OutgoingEmail

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 10


@dataclass(frozen=True)
class SendResult:
    outcome: str  # "skipped", "gave_up", "failed" or "sent"
    error: Exception | None = None
    retry_in: datetime.timedelta | None = None


def backoff(attempts: int) -> datetime.timedelta:
    return datetime.timedelta(minutes=min(2 ** max(attempts - 1, 0), 240))


def email_send(*, email_id: int) -> SendResult:
    """Send one outbox message. On failure the row records the error and the next attempt time
    (`retry_in` says when, while attempts remain); a sent message is never sent again."""
    email = OutgoingEmail.objects.filter(pk=email_id).first()
    if email is None or email.status == EmailStatus.SENT:
        return SendResult("skipped")
    message = build_email(email)
    if message is None:
        OutgoingEmail.objects.filter(pk=email.pk).update(
            status=EmailStatus.GAVE_UP, last_error="subject deleted"
        )
        return SendResult("gave_up")
    attempts = email.attempts + 1
    try:
        sender_for(email).deliver(email, message)
    except Exception as exc:  # SMTP errors, timeouts, refused connections: all retried
        status = EmailStatus.GAVE_UP if attempts >= MAX_ATTEMPTS else EmailStatus.FAILED
        OutgoingEmail.objects.filter(pk=email.pk).update(
            status=status,
            attempts=attempts,
            last_error=f"{type(exc).__name__}: {exc}"[:500],
            next_attempt_at=timezone.now() + backoff(attempts),
        )
        logger.warning("E-mail %s failed (attempt %s): %s", email.pk, attempts, exc)
        return SendResult(
            "failed", error=exc, retry_in=backoff(attempts) if status == EmailStatus.FAILED else None
        )
    OutgoingEmail.objects.filter(pk=email.pk).update(
        status=EmailStatus.SENT, attempts=attempts, sent_at=timezone.now(), last_error=""
    )
    return SendResult("sent")


def due_emails():
    """Messages to (re)send now: failed ones whose next attempt is due, and pending ones older than two
    minutes (their task was lost, e.g. the broker was down when they were queued)."""
    now = timezone.now()
    stale_pending = Q(status=EmailStatus.PENDING, created_at__lte=now - datetime.timedelta(minutes=2))
    failed_due = Q(status=EmailStatus.FAILED, next_attempt_at__lte=now)
    return OutgoingEmail.objects.filter(stale_pending | failed_due).order_by("created_at")

"""Queue e-mails through the outbox: a row in the caller's transaction, a task after it commits."""

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.db import transaction

from .models import EmailStatus, EmailTopic, OutgoingEmail

logger = logging.getLogger(__name__)

_suppressed: ContextVar[bool] = ContextVar("emails_suppressed", default=False)


@contextmanager
def emails_suppressed() -> Iterator[None]:
    """Inside this block nothing is queued (used by seed_demo: demo addresses are made up)."""
    token = _suppressed.set(True)
    try:
        yield
    finally:
        _suppressed.reset(token)


def email_queue(
    *, topic: str, obj, kind: str, recipient: str, registration=None, payload: dict | None = None
) -> OutgoingEmail | None:
    """Record the e-mail now (rolled back with the caller if it fails) and send it after commit."""
    if _suppressed.get():
        return None
    email = OutgoingEmail.objects.create(
        topic=topic,
        object_id=obj.pk,
        kind=kind,
        recipient=recipient,
        registration=registration,
        payload=payload or {},
    )
    transaction.on_commit(lambda: _dispatch(email.pk))
    return email


BATCH_SIZE = 500


def registration_emails_queue(*, registrations, kind: str, payload: dict | None = None) -> int:
    """One message of `kind` to each of `registrations`, queued in the caller's transaction with a few
    bulk inserts and handed to the worker in batches after commit (so telling 5,000 people costs the
    request a few queries, and the sending is the worker's). Returns how many were queued."""
    if _suppressed.get():
        return 0
    rows = [
        OutgoingEmail(
            topic=EmailTopic.REGISTRATION,
            object_id=registration.pk,
            kind=kind,
            recipient=registration.email,
            registration_id=registration.pk,
            payload=payload or {},
        )
        for registration in registrations
    ]
    created = OutgoingEmail.objects.bulk_create(rows, batch_size=BATCH_SIZE)
    ids = [email.pk for email in created]
    if ids and ids[0] is None:  # a database that does not return ids of bulk inserts
        ids = list(
            OutgoingEmail.objects.filter(kind=kind, payload=payload or {}, status=EmailStatus.PENDING)
            .order_by("-pk")
            .values_list("pk", flat=True)[: len(rows)]
        )
    for start in range(0, len(ids), BATCH_SIZE):
        chunk = ids[start : start + BATCH_SIZE]
        transaction.on_commit(lambda chunk=chunk: _dispatch_many(chunk))
    return len(rows)


def _dispatch_many(ids: list[int]) -> None:
    from .tasks import send_outgoing_emails

    try:
        send_outgoing_emails.delay(ids)
    except Exception:  # broker down: the rows stay pending and the periodic retry sends them
        logger.exception("Could not queue %s e-mails; they will be retried", len(ids))


def _dispatch(email_id: int) -> None:
    from .tasks import send_outgoing_email  # the worker's module, loaded when the first e-mail goes

    try:
        send_outgoing_email.delay(email_id)
    except Exception:  # broker down: the row stays pending and the periodic retry sends it
        logger.exception("Could not queue e-mail %s; it will be retried", email_id)


def registration_email(registration, kind: str, payload: dict | None = None) -> OutgoingEmail | None:
    return email_queue(
        topic=EmailTopic.REGISTRATION,
        obj=registration,
        kind=kind,
        recipient=registration.email,
        registration=registration,
        payload=payload,
    )


def email_resend(*, email: OutgoingEmail) -> OutgoingEmail:
    """Staff: send a message again (whatever its state)."""
    OutgoingEmail.objects.filter(pk=email.pk).update(status=EmailStatus.PENDING, next_attempt_at=None)
    transaction.on_commit(lambda: _dispatch(email.pk))
    return email

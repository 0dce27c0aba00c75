"""Queue e-mails through the outbox: a row in the caller's transaction, a task after it commits."""

import logging
from collections.abc import Iterable, Iterator
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


def email_queue_many(*, topic: str, obj, kind: str, recipients: Iterable[str], batch_size: int = 1000) -> int:
    """One outbox row per recipient about `obj` (a mailing to thousands is a few inserts, not thousands);
    sent after commit. Returns the count."""
    if _suppressed.get():
        return 0
    rows = [OutgoingEmail(topic=topic, object_id=obj.pk, kind=kind, recipient=to) for to in recipients]
    return _queue_rows(rows, batch_size=batch_size)


def registration_emails_queue(
    *,
    registrations,
    kind: str,
    payload: dict | None = None,
    topic: str = EmailTopic.REGISTRATION,
    object_id: int | None = None,
    per_minute: int | None = None,
) -> int:
    """One message of `kind` to each of `registrations` (so telling 5,000 people costs the request a few
    queries, and the sending is the worker's). Rows are about each registration, or about `object_id` of
    `topic` (a staff message). `per_minute` spreads the sending over time (the mail server's rate).
    Returns how many were queued."""
    if _suppressed.get():
        return 0
    rows = [
        OutgoingEmail(
            topic=topic,
            object_id=object_id if object_id is not None else registration.pk,
            kind=kind,
            recipient=registration.email,
            registration_id=registration.pk,
            payload=payload or {},
        )
        for registration in registrations
    ]
    return _queue_rows(rows, per_minute=per_minute)


def _queue_rows(
    rows: list[OutgoingEmail], *, batch_size: int = BATCH_SIZE, per_minute: int | None = None
) -> int:
    """Insert `rows` in the caller's transaction, `batch_size` at a time, and hand them to the worker in
    batches after commit; with `per_minute`, one batch of at most that many a minute."""
    created = OutgoingEmail.objects.bulk_create(rows, batch_size=batch_size)
    ids = [email.pk for email in created]
    size = min(batch_size, per_minute or batch_size)
    for number, start in enumerate(range(0, len(ids), size)):
        chunk = ids[start : start + size]
        delay = number * 60 if per_minute else 0
        transaction.on_commit(lambda chunk=chunk, delay=delay: _dispatch_many(chunk, delay))
    return len(ids)


def _dispatch_many(ids: list[int], delay: int = 0) -> None:
    from .tasks import send_outgoing_emails

    try:
        send_outgoing_emails.apply_async(args=[ids], countdown=delay or None)
    except Exception as exc:  # broker down: the rows stay pending and the periodic retry sends them
        logger.warning(
            "Could not queue %s e-mails; they will be retried (%s: %s)", len(ids), type(exc).__name__, exc
        )


def _dispatch(email_id: int) -> bool:
    from .tasks import send_outgoing_email  # the worker's module, loaded when the first e-mail goes

    try:
        send_outgoing_email.delay(email_id)
    except Exception as exc:  # broker down: the row stays pending and the periodic retry sends it
        # One line per e-mail: a traceback of the broker's client for each registration buried the log.
        logger.warning(
            "Could not queue e-mail %s; it will be retried (%s: %s)", email_id, type(exc).__name__, exc
        )
        return False
    return True


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

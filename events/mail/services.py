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


def email_queue(*, topic: str, obj, kind: str, recipient: str, registration=None) -> OutgoingEmail | None:
    """Record the e-mail now (rolled back with the caller if it fails) and send it after commit."""
    if _suppressed.get():
        return None
    email = OutgoingEmail.objects.create(
        topic=topic, object_id=obj.pk, kind=kind, recipient=recipient, registration=registration
    )
    transaction.on_commit(lambda: _dispatch(email.pk))
    return email


def email_queue_many(*, topic: str, obj, kind: str, recipients: Iterable[str], batch_size: int = 1000) -> int:
    """One outbox row per recipient about `obj`, inserted `batch_size` at a time in the caller's transaction
    (a mailing to thousands is a few inserts, not thousands); each is sent after commit. Returns the count."""
    if _suppressed.get():
        return 0
    queued = 0
    for batch in _chunks(recipients, batch_size):
        rows = OutgoingEmail.objects.bulk_create(
            [OutgoingEmail(topic=topic, object_id=obj.pk, kind=kind, recipient=to) for to in batch]
        )
        ids = [row.pk for row in rows]
        transaction.on_commit(lambda ids=ids: _dispatch_many(ids))
        queued += len(ids)
    return queued


def _chunks(items: Iterable[str], size: int) -> Iterator[list[str]]:
    chunk: list[str] = []
    for item in items:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _dispatch_many(email_ids: list[int]) -> None:
    for email_id in email_ids:
        if not _dispatch(email_id):
            break  # the broker is down: the rest stay pending too, and the periodic retry sends them


def _dispatch(email_id: int) -> bool:
    from .tasks import send_outgoing_email  # the worker's module, loaded when the first e-mail goes

    try:
        send_outgoing_email.delay(email_id)
    except Exception:  # broker down: the row stays pending and the periodic retry sends it
        logger.exception("Could not queue e-mail %s; it will be retried", email_id)
        return False
    return True


def registration_email(registration, kind: str) -> OutgoingEmail | None:
    return email_queue(
        topic=EmailTopic.REGISTRATION,
        obj=registration,
        kind=kind,
        recipient=registration.email,
        registration=registration,
    )


def email_resend(*, email: OutgoingEmail) -> OutgoingEmail:
    """Staff: send a message again (whatever its state)."""
    OutgoingEmail.objects.filter(pk=email.pk).update(status=EmailStatus.PENDING, next_attempt_at=None)
    transaction.on_commit(lambda: _dispatch(email.pk))
    return email

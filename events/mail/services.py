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


def email_queue(*, topic: str, obj, kind: str, recipient: str, registration=None) -> OutgoingEmail | None:
    """Record the e-mail now (rolled back with the caller if it fails) and send it after commit."""
    if _suppressed.get():
        return None
    email = OutgoingEmail.objects.create(
        topic=topic, object_id=obj.pk, kind=kind, recipient=recipient, registration=registration
    )
    transaction.on_commit(lambda: _dispatch(email.pk))
    return email


def _dispatch(email_id: int) -> None:
    from .tasks import send_outgoing_email  # the worker's module, loaded when the first e-mail goes

    try:
        send_outgoing_email.delay(email_id)
    except Exception as exc:  # broker down: the row stays pending and the periodic retry sends it
        # One line per e-mail: a traceback of the broker's client for each registration buried the log.
        logger.warning(
            "Could not queue e-mail %s; it will be retried (%s: %s)", email_id, type(exc).__name__, exc
        )


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

import logging

from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation

from . import extensions
from .extensions import registration_email_prepared
from .models import Registration
from .signing import registration_manage_path
from .validators import plain_text, single_line

logger = logging.getLogger(__name__)

KINDS = {"pending", "confirmed", "waitlisted", "promoted", "cancelled", "rejected"}


def build_registration_email(registration: Registration, kind: str) -> EmailMultiAlternatives:
    with translation.override(registration.language or "vi"):
        context = {
            "registration": registration,
            "event": registration.event,
            "kind": kind,
            "manage_url": settings.SITE_URL + registration_manage_path(registration),
            "site_url": settings.SITE_URL,
            "extra_html_templates": extensions.registration_email_html_templates,
            "extra_text_templates": extensions.registration_email_text_templates,
        }
        # Whatever the names and titles hold, the subject is one line (a line break in a header is refused)
        # and the bodies carry no control characters.
        subject = single_line(render_to_string("events/email/registration_subject.txt", context))
        text = plain_text(render_to_string("events/email/registration.txt", context))
        html = plain_text(render_to_string("events/email/registration.html", context))
    message = EmailMultiAlternatives(subject, text, settings.DEFAULT_FROM_EMAIL, [registration.email])
    message.attach_alternative(html, "text/html")
    if kind in ("confirmed", "promoted") and registration.status == "confirmed":
        from .calendar import registration_ics_attachment

        with translation.override(registration.language or "vi"):
            message.attach(registration_ics_attachment(registration))
    with translation.override(registration.language or "vi"):
        registration_email_prepared.send(
            sender=Registration, registration=registration, kind=kind, message=message
        )
    return message


def build_email(email) -> EmailMultiAlternatives | None:
    """Rebuild the message of an outbox row from current data (None when its subject is gone)."""
    from .models import Exhibitor, Meeting
    from .models_mail import EmailTopic

    if email.topic == EmailTopic.REGISTRATION:
        registration = (
            Registration.objects.select_related("event", "event__venue").filter(pk=email.object_id).first()
        )
        return build_registration_email(registration, email.kind) if registration else None
    if email.topic == EmailTopic.EXHIBITOR:
        exhibitor = Exhibitor.objects.select_related("event", "project").filter(pk=email.object_id).first()
        return build_exhibitor_email(exhibitor, email.kind) if exhibitor else None
    if email.topic == EmailTopic.MEETING:
        meeting = (
            Meeting.objects.select_related("event", "exhibitor__project").filter(pk=email.object_id).first()
        )
        return build_meeting_email(meeting, email.kind) if meeting else None
    return None


@shared_task(bind=True, max_retries=8)
def send_outgoing_email(self, email_id: int) -> str:
    """Send one outbox message. On failure the row records the error and the next attempt time; the
    worker retries with backoff and the periodic `retry_failed_emails` catches anything left over."""
    from django.utils import timezone

    from .models_mail import EmailStatus, OutgoingEmail
    from .outbox import MAX_ATTEMPTS, backoff

    email = OutgoingEmail.objects.filter(pk=email_id).first()
    if email is None or email.status == EmailStatus.SENT:
        return "skipped"
    message = build_email(email)
    if message is None:
        OutgoingEmail.objects.filter(pk=email.pk).update(
            status=EmailStatus.GAVE_UP, last_error="subject deleted"
        )
        return "gave_up"
    attempts = email.attempts + 1
    try:
        message.send()
    except Exception as exc:  # SMTP errors, timeouts, refused connections: all retried
        status = EmailStatus.GAVE_UP if attempts >= MAX_ATTEMPTS else EmailStatus.FAILED
        OutgoingEmail.objects.filter(pk=email.pk).update(
            status=status,
            attempts=attempts,
            last_error=f"{type(exc).__name__}: {exc}"[:500],
            next_attempt_at=timezone.now() + backoff(attempts),
        )
        logger.warning("E-mail %s failed (attempt %s): %s", email.pk, attempts, exc)
        if not self.request.is_eager and status == EmailStatus.FAILED:
            raise self.retry(exc=exc, countdown=backoff(attempts).total_seconds()) from exc
        return "failed"
    OutgoingEmail.objects.filter(pk=email.pk).update(
        status=EmailStatus.SENT, attempts=attempts, sent_at=timezone.now(), last_error=""
    )
    return "sent"


@shared_task
def retry_failed_emails() -> int:
    """Periodic: send messages whose sending failed (when their next attempt is due) or never started."""
    from .outbox import due_emails

    ids = list(due_emails().values_list("pk", flat=True)[:500])
    for email_id in ids:
        send_outgoing_email.apply(args=[email_id])
    return len(ids)


def _plain_email(*, to: str, language: str, template: str, context: dict) -> EmailMultiAlternatives:
    with translation.override(language or "vi"):
        context = {**context, "site_url": settings.SITE_URL}
        subject = single_line(render_to_string(f"events/email/{template}_subject.txt", context))
        text = plain_text(render_to_string(f"events/email/{template}.txt", context))
    return EmailMultiAlternatives(subject, text, settings.DEFAULT_FROM_EMAIL, [to])


def build_exhibitor_email(exhibitor, kind: str) -> EmailMultiAlternatives:
    """Tell an applying team what happened: submitted, approved, waitlisted, rejected, booth."""
    from .signing import exhibitor_team_path

    return _plain_email(
        to=exhibitor.contact_email,
        language=exhibitor.language,
        template="exhibitor",
        context={
            "exhibitor": exhibitor,
            "event": exhibitor.event,
            "kind": kind,
            "team_url": settings.SITE_URL + exhibitor_team_path(exhibitor),
        },
    )


def build_meeting_email(meeting, kind: str) -> EmailMultiAlternatives:
    """Requested: tell the team (with their page's link). Accepted / declined: tell the visitor."""
    from .signing import exhibitor_team_path, meeting_path

    exhibitor = meeting.exhibitor
    context = {
        "meeting": meeting,
        "event": meeting.event,
        "project": exhibitor.project,
        "kind": kind,
        "team_url": settings.SITE_URL + exhibitor_team_path(exhibitor),
        "meeting_url": settings.SITE_URL + meeting_path(meeting),
    }
    if kind == "requested":
        return _plain_email(
            to=exhibitor.contact_email, language=exhibitor.language, template="meeting", context=context
        )
    return _plain_email(
        to=meeting.requester_email, language=meeting.language, template="meeting", context=context
    )

"""Messages staff write to a group of an event's people: in Vietnamese and English, with placeholders,
previewed, then queued for everyone in the group at once and sent by the worker at the mail server's
pace. Never to people who cancelled, were rejected or were anonymised."""

import re

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import Count, QuerySet
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from events import extensions
from events.collation import Vietnamese
from events.enums import RegistrationStatus
from events.exceptions import DomainError
from events.models import Event, Registration
from events.privacy import ANONYMOUS_DOMAIN
from events.signing import registration_manage_path

from .messages import message_builder
from .models import EmailStatus, EmailTopic, OutgoingEmail, StaffMessage
from .services import registration_emails_queue

PLACEHOLDER = re.compile(r"\{(name|event|link)\}")


def audience_choices() -> list[tuple[str, str]]:
    return [(key, label) for key, (label, _select) in extensions.message_audiences.items()]


def audience_people(event: Event, audience: str) -> QuerySet[Registration]:
    """The people of `audience` at `event` who may be written to, in name order."""
    _label, select = extensions.message_audiences[audience]
    return (
        select(event)
        .filter(event=event)
        .exclude(status__in=(RegistrationStatus.CANCELLED, RegistrationStatus.REJECTED))
        .exclude(email__iendswith="@" + ANONYMOUS_DOMAIN)
        .order_by(Vietnamese("full_name"), "pk")
    )


def fill(text: str, *, registration: Registration, event: Event) -> str:
    """`text` with {name}, {event} and {link} replaced for one person (other braces stay as typed)."""
    values = {
        "name": registration.full_name,
        "event": event.title,
        "link": settings.SITE_URL + registration_manage_path(registration),
    }
    return PLACEHOLDER.sub(lambda match: values[match.group(1)], text)


def staff_message_render(message: StaffMessage, registration: Registration) -> tuple[str, str]:
    """The subject and text one person gets, in their language (English falls back to Vietnamese)."""
    english = (registration.language or "vi").startswith("en")
    subject = (message.subject_en if english else "") or message.subject_vi
    body = (message.body_en if english else "") or message.body_vi
    with translation.override("en" if english else "vi"):
        return (
            " ".join(fill(subject, registration=registration, event=message.event).split()),
            fill(body, registration=registration, event=message.event),
        )


def empty_audience() -> DomainError:
    return DomainError(_("Nobody in this group can be written to."), code="empty_audience")


def staff_message_send(*, message: StaffMessage, by) -> StaffMessage:
    """Save the message and queue it to everyone of its audience, in one transaction. A group with nobody
    in it when the message is sent (the last person cancelled after the preview) is refused
    (`empty_audience`) and nothing is saved: a message to no one is not a message sent."""
    with transaction.atomic():
        message.created_by = by if getattr(by, "is_authenticated", False) else None
        message.save()
        people = audience_people(message.event, message.audience).only("pk", "email", "event")
        message.recipients = registration_emails_queue(
            registrations=people,
            kind="staff_message",
            topic=EmailTopic.STAFF_MESSAGE,
            object_id=message.pk,
            per_minute=settings.MAIL_SEND_PER_MINUTE,
        )
        if not message.recipients:
            raise empty_audience()
        message.save(update_fields=["recipients"])
    return message


def staff_messages_with_counts(event: Event) -> list[StaffMessage]:
    """The event's messages, newest first, each with `counts` by outbox state (two queries in all)."""
    messages = list(event.staff_messages.select_related("created_by"))
    rows = (
        OutgoingEmail.objects.filter(topic=EmailTopic.STAFF_MESSAGE, object_id__in=[m.pk for m in messages])
        .values("object_id", "status")
        .annotate(n=Count("pk"))
    )
    counts: dict[int, dict[str, int]] = {}
    for row in rows:
        counts.setdefault(row["object_id"], {})[row["status"]] = row["n"]
    labels = dict(audience_choices())
    for message in messages:
        message.audience_label = labels.get(message.audience, message.audience)
        by_status = counts.get(message.pk, {})
        message.counts = {
            "queued": by_status.get(EmailStatus.PENDING, 0),
            "sent": by_status.get(EmailStatus.SENT, 0),
            "failed": by_status.get(EmailStatus.FAILED, 0) + by_status.get(EmailStatus.GAVE_UP, 0),
        }
    return messages


@message_builder(EmailTopic.STAFF_MESSAGE)
def _staff_message(email: OutgoingEmail) -> EmailMultiAlternatives | None:
    message = StaffMessage.objects.select_related("event").filter(pk=email.object_id).first()
    registration = Registration.objects.filter(pk=email.registration_id).first()
    if message is None or registration is None:
        return None
    subject, body = staff_message_render(message, registration)
    mail = EmailMultiAlternatives(subject, body, settings.DEFAULT_FROM_EMAIL, [registration.email])
    with translation.override(registration.language or "vi"):
        html = render_to_string(
            "mail/staff_message.html", {"subject": subject, "body": body, "event": message.event}
        )
    mail.attach_alternative(html, "text/html")
    return mail

"""Every message the product sends, built from current data when it is sent (so a resend shows today's
state). Each outbox topic has one builder; the registration messages are built here, other concerns
register theirs (`exhibitions.emails`) with `message_builder`."""

from collections.abc import Callable

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation

from events import extensions
from events.extensions import registration_email_prepared
from events.models import Registration
from events.signing import registration_manage_path
from events.validators import plain_text, single_line

from .models import EmailTopic, OutgoingEmail

Builder = Callable[[OutgoingEmail], EmailMultiAlternatives | None]
_builders: dict[str, Builder] = {}

KINDS = {"pending", "confirmed", "waitlisted", "promoted", "cancelled", "rejected"}


def message_builder(topic: str) -> Callable[[Builder], Builder]:
    """Register the function that builds the messages of outbox rows of `topic`."""

    def register(builder: Builder) -> Builder:
        _builders[topic] = builder
        return builder

    return register


def build_email(email: OutgoingEmail) -> EmailMultiAlternatives | None:
    """Rebuild the message of an outbox row from current data (None when its subject is gone)."""
    builder = _builders.get(email.topic)
    return builder(email) if builder else None


def plain_email(*, to: str, language: str, template: str, context: dict) -> EmailMultiAlternatives:
    """A text-only message from `<template>_subject.txt` and `<template>.txt`, in `language`."""
    with translation.override(language or "vi"):
        context = {**context, "site_url": settings.SITE_URL}
        subject = single_line(render_to_string(f"{template}_subject.txt", context))
        text = plain_text(render_to_string(f"{template}.txt", context))
    return EmailMultiAlternatives(subject, text, settings.DEFAULT_FROM_EMAIL, [to])


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
        subject = single_line(render_to_string("mail/registration_subject.txt", context))
        text = plain_text(render_to_string("mail/registration.txt", context))
        html = plain_text(render_to_string("mail/registration.html", context))
    message = EmailMultiAlternatives(subject, text, settings.DEFAULT_FROM_EMAIL, [registration.email])
    message.attach_alternative(html, "text/html")
    # Receivers attach files: the calendar its .ics (first, as it is wired first), checkin the ticket.
    with translation.override(registration.language or "vi"):
        registration_email_prepared.send(
            sender=Registration, registration=registration, kind=kind, message=message
        )
    return message


@message_builder(EmailTopic.REGISTRATION)
def _registration_message(email: OutgoingEmail) -> EmailMultiAlternatives | None:
    registration = (
        Registration.objects.select_related("event", "event__venue").filter(pk=email.object_id).first()
    )
    return build_registration_email(registration, email.kind) if registration else None

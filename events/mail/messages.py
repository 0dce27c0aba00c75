"""Every message the product sends, built from current data when it is sent (so a resend shows today's
state). Each outbox topic has one builder; the registration messages are built here, other concerns
register theirs (`exhibitions.emails`) with `message_builder`."""

from collections.abc import Callable

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from events import extensions
from events.extensions import registration_email_prepared
from events.models import Registration, Session
from events.signing import registration_manage_path
from events.validators import plain_text, single_line

from .models import ChangeNotice, EmailTopic, OutgoingEmail, UnsubscribeTopic
from .unsubscribe import unsubscribe_headers, unsubscribe_url

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
    """A message from `<template>_subject.txt` and `<template>.txt`, in `language`: the text, and the same
    text as HTML (paragraphs, links made clickable, everything escaped)."""
    with translation.override(language or "vi"):
        context = {**context, "site_url": settings.SITE_URL}
        subject = single_line(render_to_string(f"{template}_subject.txt", context))
        text = plain_text(render_to_string(f"{template}.txt", context))
        html = render_to_string("mail/plain.html", {"subject": subject, "body": text})
    message = EmailMultiAlternatives(subject, text, settings.DEFAULT_FROM_EMAIL, [to])
    message.attach_alternative(html, "text/html")
    return message


def build_registration_email(
    registration: Registration, kind: str, payload: dict | None = None
) -> EmailMultiAlternatives:
    """The message of `kind` to one registered person, in their language: a change of their
    registration's status, a schedule change or cancellation notice, or a reminder (what it is about is
    in `payload`, kept when it was queued)."""
    with translation.override(registration.language or "vi"):
        context = {
            "registration": registration,
            "event": registration.event,
            "kind": kind,
            "manage_url": settings.SITE_URL + registration_manage_path(registration),
            "site_url": settings.SITE_URL,
            "extra_html_templates": extensions.registration_email_html_templates,
            "extra_text_templates": extensions.registration_email_text_templates,
            **payload_context(registration, payload or {}),
        }
        if kind == "reminder":  # the one registration message a person may turn off
            context["unsubscribe_url"] = unsubscribe_url(registration.email, UnsubscribeTopic.REMINDERS)
        # Whatever the names and titles hold, the subject is one line (a line break in a header is refused)
        # and the bodies carry no control characters.
        subject = single_line(render_to_string("mail/registration_subject.txt", context))
        text = plain_text(render_to_string("mail/registration.txt", context))
        html = plain_text(render_to_string("mail/registration.html", context))
    headers = (
        unsubscribe_headers(registration.email, UnsubscribeTopic.REMINDERS) if kind == "reminder" else None
    )
    message = EmailMultiAlternatives(
        subject, text, settings.DEFAULT_FROM_EMAIL, [registration.email], headers=headers
    )
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
    return build_registration_email(registration, email.kind, email.payload) if registration else None


def _moment(value) -> str:
    moment = parse_datetime(value) if isinstance(value, str) else None
    return timezone.localtime(moment).strftime("%d/%m/%Y %H:%M") if moment else (value or "—")


def change_lines(notice: ChangeNotice) -> list[dict]:
    """What changed, for people: what (a session by its start, or the event), which property, old, new."""
    sessions = Session.objects.in_bulk([entry["session"] for entry in notice.changes if entry["session"]])
    labels = {
        "starts_at": _("Starts"),
        "ends_at": _("Ends"),
        "room": _("Room"),
        "is_cancelled": _("Status"),
        "venue_id": _("Venue"),
        "venue_name": _("Venue"),
        "venue_address": _("Address"),
        "status": _("Status"),
    }
    lines = []
    for entry in notice.changes:
        field, old, new = entry["field"], entry["old"], entry["new"]
        session = sessions.get(entry["session"])
        if session is None:
            what = _("The event")
        else:
            starts = next(
                (
                    e["old"]
                    for e in notice.changes
                    if e["session"] == session.pk and e["field"] == "starts_at"
                ),
                session.starts_at.isoformat(),
            )
            what = _("Session of %(when)s") % {"when": _moment(starts)}
            if session.title:
                what += f" ({session.title})"
        if field in ("starts_at", "ends_at"):
            old, new = _moment(old), _moment(new)
        elif field == "is_cancelled":
            old, new = (_("cancelled") if value else _("scheduled") for value in (old, new))
        elif field == "status":
            old, new = _("scheduled"), _("cancelled")
        lines.append({"what": what, "field": labels.get(field, field), "old": old or "—", "new": new or "—"})
    return lines


def payload_context(registration: Registration, payload: dict) -> dict:
    """The template context of a notice or reminder, from what was kept when it was queued."""
    context = {}
    if "notice" in payload:
        notice = ChangeNotice.objects.filter(pk=payload["notice"]).first()
        if notice is not None:
            context["notice"] = notice
            context["changes"] = change_lines(notice)
    if "session" in payload:
        context["session"] = (
            Session.objects.select_related("event__venue").filter(pk=payload["session"]).first()
        )
    if "position" in payload:  # the place in the queue when the person asked for it
        context["position"] = payload["position"]
        context["position_at"] = parse_datetime(payload.get("at") or "")
    return context

"""Reminders before each session: per event, `Event.reminder_hours` (default 24 and 2 hours before), to
every confirmed person, with the ticket and the place. A reminder is sent once per person, session and
offset (a unique row says so), never to a cancelled registration, and never one that is stale: when
the job runs late only the nearest due reminder goes, and nobody is reminded of what they signed up for
after that reminder's time (their confirmation has just told them), nor anyone who unsubscribed from
reminders (the link in every reminder)."""

import datetime

from django.db import transaction
from django.db.models.functions import Lower
from django.utils import timezone

from events.enums import EventStatus, RegistrationStatus
from events.models import Session
from events.validators import MAX_REMINDER_HOURS

from .models import ReminderSent, UnsubscribeTopic
from .services import registration_emails_queue
from .unsubscribe import unsubscribed_emails


def _due_offset(session: Session, now: datetime.datetime) -> int | None:
    """The reminder to send now for `session`: the smallest offset whose time has come."""
    due = [
        hours
        for hours in session.event.reminder_offsets
        if session.starts_at - datetime.timedelta(hours=hours) <= now
    ]
    return min(due) if due else None


def reminders_send_due(*, now: datetime.datetime | None = None) -> int:
    """Queue the reminders due now; returns how many. Each session is handled under its row lock, so two
    runs at once queue each reminder once."""
    now = now or timezone.now()
    candidates = (
        Session.objects.filter(
            is_cancelled=False,
            event__status=EventStatus.PUBLISHED,
            starts_at__gt=now,
            starts_at__lte=now + datetime.timedelta(hours=MAX_REMINDER_HOURS),
        )
        .exclude(event__reminder_hours="")
        .select_related("event")
    )
    queued = 0
    for session in candidates:
        hours = _due_offset(session, now)
        if hours is None:
            continue
        remind_from = session.starts_at - datetime.timedelta(hours=hours)
        with transaction.atomic():
            Session.objects.select_for_update().filter(pk=session.pk).first()
            already = ReminderSent.objects.filter(session=session, hours=hours).values("registration_id")
            people = list(
                session.event.registrations.filter(
                    status=RegistrationStatus.CONFIRMED, confirmed_at__lte=remind_from
                )
                .exclude(pk__in=already)
                .annotate(address=Lower("email"))
                .exclude(address__in=unsubscribed_emails(UnsubscribeTopic.REMINDERS))
                .only("pk", "email", "event")
            )
            if not people:
                continue
            ReminderSent.objects.bulk_create(
                [ReminderSent(registration=person, session=session, hours=hours) for person in people],
                ignore_conflicts=True,
            )
            queued += registration_emails_queue(
                registrations=people, kind="reminder", payload={"session": session.pk, "hours": hours}
            )
    return queued

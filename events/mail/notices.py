"""Change notices: when a session's time, place or status changes, or an event is cancelled, the people
registered (confirmed or on the waiting list) get one message saying what changed, old -> new, with the
updated calendar. Edits made within `NOTICE_FOLD_MINUTES` of the first are folded into one notice; a
change staff marked as not to be announced is recorded and never sent."""

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from events.enums import EventStatus, RegistrationStatus
from events.extensions import schedule_notices_wanted
from events.models import Event, Registration, Session, Venue

from .models import ChangeNotice, NoticeKind
from .services import registration_emails_queue

TOLD = (RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED)


def _value(field: str, value) -> str | bool | None:
    """A change's value as JSON: datetimes in ISO 8601, a venue by its name and address."""
    if isinstance(value, datetime.datetime):
        return value.isoformat()
    if field == "venue_id":
        venue = Venue.objects.filter(pk=value).first() if value else None
        return f"{venue.name}, {venue.address}" if venue else ""
    if isinstance(value, bool) or value is None:
        return value
    return str(value)


def _is_past(session: Session | None, changes: dict) -> bool:
    """A correction of a session that is over, before and after the change, concerns nobody's plans."""
    if session is None:
        return False
    now = timezone.now()
    old_end = changes.get("ends_at", (session.ends_at, None))[0]
    return session.ends_at <= now and old_end <= now


def notice_record_change(
    *, event_id: int, session: Session | None, changes: dict[str, tuple]
) -> ChangeNotice | None:
    """Fold a change into the event's pending notice (or a new one), in the caller's transaction."""
    event = Event.objects.select_for_update().filter(pk=event_id).first()
    if event is None or event.status != EventStatus.PUBLISHED or _is_past(session, changes):
        return None
    entries = [
        {
            "session": session.pk if session is not None else None,
            "field": field,
            "old": _value(field, old),
            "new": _value(field, new),
        }
        for field, (old, new) in changes.items()
    ]
    wanted = schedule_notices_wanted()
    now = timezone.now()
    if not wanted.wanted:
        return ChangeNotice.objects.create(
            event=event,
            changes=entries,
            announced=False,
            reason=wanted.reason[:500],
            created_by=wanted.by if getattr(wanted.by, "is_authenticated", False) else None,
            sent_at=now,
        )
    notice = ChangeNotice.objects.filter(
        event=event, kind=NoticeKind.CHANGED, announced=True, sent_at__isnull=True
    ).first()
    if notice is None:
        notice = ChangeNotice(
            event=event, send_after=now + datetime.timedelta(minutes=settings.NOTICE_FOLD_MINUTES)
        )
    notice.changes = _fold(notice.changes, entries)
    notice.save()
    return notice


def _fold(earlier: list[dict], later: list[dict]) -> list[dict]:
    """Per session and field: the first old value and the latest new one; a change undone disappears."""
    folded = {(entry["session"], entry["field"]): dict(entry) for entry in earlier}
    for entry in later:
        key = (entry["session"], entry["field"])
        if key in folded:
            folded[key]["new"] = entry["new"]
        else:
            folded[key] = dict(entry)
    return [entry for entry in folded.values() if entry["old"] != entry["new"]]


def notice_record_cancellation(
    *, event: Event, registrations: list[int], by, reason: str, notify: bool
) -> ChangeNotice:
    """The event is cancelled: tell the people whose registrations it cancelled, now (no folding). Any
    pending change notice of the event is dropped: the cancellation says all there is to say."""
    now = timezone.now()
    ChangeNotice.objects.filter(event=event, sent_at__isnull=True).update(sent_at=now, recipients=0)
    notice = ChangeNotice.objects.create(
        event=event,
        kind=NoticeKind.CANCELLED,
        changes=[
            {"session": None, "field": "status", "old": EventStatus.PUBLISHED, "new": EventStatus.CANCELLED}
        ],
        announced=notify,
        reason=reason[:500],
        created_by=by,
        sent_at=now,
    )
    if notify:
        people = Registration.objects.filter(pk__in=registrations).only("pk", "email", "event")
        notice.recipients = registration_emails_queue(
            registrations=people, kind="event_cancelled", payload={"notice": notice.pk}
        )
        notice.save(update_fields=["recipients"])
    return notice


def notices_send_due(*, now: datetime.datetime | None = None) -> int:
    """Send the notices whose folding window has closed: one message per person registered (confirmed
    or waitlisted) now. Each notice is claimed under a row lock, so two runs at once send it once."""
    now = now or timezone.now()
    sent = 0
    due = ChangeNotice.objects.filter(sent_at__isnull=True, send_after__lte=now).values_list("pk", flat=True)
    for notice_id in list(due):
        with transaction.atomic():
            notice = (
                ChangeNotice.objects.select_for_update(skip_locked=True)
                .filter(pk=notice_id, sent_at__isnull=True)
                .select_related("event")
                .first()
            )
            if notice is None:
                continue
            recipients = 0
            if notice.changes and notice.event.status == EventStatus.PUBLISHED:
                people = notice.event.registrations.filter(status__in=TOLD).only("pk", "email", "event")
                recipients = registration_emails_queue(
                    registrations=people, kind="changed", payload={"notice": notice.pk}
                )
            notice.sent_at = now
            notice.recipients = recipients
            notice.save(update_fields=["sent_at", "recipients"])
            sent += 1
    return sent

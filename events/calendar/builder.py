"""Building iCalendar documents: one VCALENDAR of sessions and meetings, the same for every feed, the
download and the ticket e-mail's attachment (what calendar apps rely on: see the package's docstring)."""

import datetime
import hashlib
from collections.abc import Iterable
from email.mime.text import MIMEText
from email.utils import parseaddr
from functools import lru_cache
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from icalendar import Calendar, Timezone, vCalAddress, vDuration, vText
from icalendar import Event as VEvent

from events.enums import EventKind, EventStatus
from events.exhibitions.models import Meeting, MeetingStatus
from events.models import Event, Registration, Session
from events.validators import plain_text, single_line

TZID = "Asia/Ho_Chi_Minh"
TZ = ZoneInfo(TZID)
PRODID = "-//HCMC Innovation Programme//Events and training calendar 1.0//EN"
REFRESH_INTERVAL = datetime.timedelta(hours=1)
# Raise when the documents' shape changes, so that cached feeds are rebuilt at once.
BUILD_VERSION = 2
# Cached documents and VEVENTs are found by version keys, so this only bounds what an unused key costs.
CACHE_SECONDS = 6 * 3600
CONTENT_TYPE = "text/calendar; charset=utf-8"


def absolute_url(path: str) -> str:
    return settings.SITE_URL + path


def build_calendar(
    sessions: Iterable[Session],
    *,
    meetings: Iterable[Meeting] = (),
    name: str,
    description: str = "",
    page_url: str = "",
    subscription: bool = True,
    method: str = "",
) -> bytes:
    """One VCALENDAR with one VEVENT per session and one per meeting, in the active language.

    Sessions need `event`, `event.venue` and `event.organizer` loaded; a `registration_reference`
    attribute, when present, is named in the description. Meetings need the same, and
    `exhibitor.project`."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    if method:
        calendar.add("method", method)
    # Stored text may hold anything (line breaks, control characters): one-line properties get it on one
    # line, descriptions without what no reader shows. icalendar escapes the rest.
    # NAME and the X-WR- properties are not known to icalendar as text: say so, so they are escaped too.
    name = vText(single_line(name))
    calendar.add("name", name)
    calendar.add("x-wr-calname", name)
    if description:
        description = vText(plain_text(description))
        calendar.add("description", description)
        calendar.add("x-wr-caldesc", description)
    calendar.add("x-wr-timezone", TZID)
    if page_url:
        calendar.add("url", page_url)
    if subscription:
        calendar.add("refresh-interval", REFRESH_INTERVAL, parameters={"VALUE": "DURATION"})
        calendar.add("x-published-ttl", vDuration(REFRESH_INTERVAL))
    calendar.add_component(_vtimezone())
    context = _BuildContext()
    # An event's VEVENTs are serialised by icalendar once and kept until one of them changes, so a
    # change to one session re-renders the VEVENTs of one event, not of thousands of sessions. Events
    # come in the order of their first session.
    groups: dict[tuple[int, str], list[Session]] = {}
    for session in sessions:
        groups.setdefault((session.event_id, getattr(session, "registration_reference", "")), []).append(
            session
        )
    keys = {group: context.fragment_key(members) for group, members in groups.items()}
    cached = cache.get_many(list(keys.values()))
    fresh = {}
    fragments = []
    for group, members in groups.items():
        fragment = cached.get(keys[group])
        if fragment is None:
            fragment = fresh[keys[group]] = b"".join(_vevent(member, context).to_ical() for member in members)
        fragments.append(fragment)
    if fresh:
        cache.set_many(fresh, CACHE_SECONDS)
    # A person has a few meetings: they are serialised with the document, which is cached as a whole.
    fragments += [_meeting_vevent(meeting, context).to_ical() for meeting in meetings]
    document = calendar.to_ical()
    if not document.endswith(_END):
        raise ValueError("unexpected end of the calendar document")
    return document[: -len(_END)] + b"".join(fragments) + _END


_END = b"END:VCALENDAR\r\n"


class _BuildContext:
    """What many sessions share, worked out once per document."""

    def __init__(self):
        self.domain = uid_domain()
        self.kind_labels = {value: str(label) for value, label in EventKind.choices}
        self.urls: dict[int, str] = {}
        self.organizers: dict[int | None, vCalAddress] = {}
        default_name, default_address = parseaddr(settings.DEFAULT_FROM_EMAIL)
        self.organizer_email = getattr(settings, "CALENDAR_ORGANIZER_EMAIL", "") or default_address
        self.organizer_name = default_name or _("HCMC Innovation")
        shared = "|".join((settings.SITE_URL, self.domain, self.organizer_email, self.organizer_name))
        self.fragment_prefix = (
            f"ical:vevent:{BUILD_VERSION}:{translation.get_language()}:"
            f"{hashlib.sha256(shared.encode()).hexdigest()[:12]}"
        )

    def fragment_key(self, sessions: list[Session]) -> str:
        """Names what the VEVENTs of these sessions (all of one event) show: any change to one of them
        or to their event (venue and organiser changes touch the event) gives another key."""
        event = sessions[0].event
        rows = ",".join(f"{session.pk}:{session.updated_at.timestamp()}" for session in sessions)
        digest = hashlib.sha256(rows.encode()).hexdigest()[:24]
        reference = getattr(sessions[0], "registration_reference", "")
        return f"{self.fragment_prefix}:{event.pk}:{event.updated_at.timestamp()}:{digest}:{reference}"

    def url(self, event: Event) -> str:
        if event.pk not in self.urls:
            self.urls[event.pk] = absolute_url(event.get_absolute_url())
        return self.urls[event.pk]

    def organizer(self, event: Event) -> vCalAddress:
        if event.organizer_id not in self.organizers:
            address = vCalAddress(f"mailto:{self.organizer_email}")
            address.params["CN"] = single_line(
                event.organizer.name if event.organizer else self.organizer_name
            )
            self.organizers[event.organizer_id] = address
        return self.organizers[event.organizer_id]


def _vevent(session: Session, context: _BuildContext) -> VEvent:
    event = session.event
    event_cancelled = event.status == EventStatus.CANCELLED
    cancelled = session.is_cancelled or event_cancelled
    modified = max(session.updated_at, event.updated_at).astimezone(datetime.UTC)
    url = context.url(event)

    title = f"{event.title}: {session.title}" if session.title else event.title
    summary = _("Cancelled: %(title)s") % {"title": title} if cancelled else title
    paragraphs = []
    if event_cancelled:
        paragraphs.append(_("This event has been cancelled."))
    elif session.is_cancelled:
        paragraphs.append(_("This session has been cancelled."))
    if event.description:
        paragraphs.append(event.description)
    reference = getattr(session, "registration_reference", "")
    if reference:
        paragraphs.append(_("Your registration reference: %(reference)s") % {"reference": reference})
    paragraphs.append(_("Details: %(url)s") % {"url": url})

    return _assemble_vevent(
        context,
        event=event,
        uid=session_uid(session, context.domain),
        modified=modified,
        starts_at=session.starts_at,
        ends_at=session.ends_at,
        sequence=session.sequence + event.sequence,
        cancelled=cancelled,
        summary=summary,
        description="\n\n".join(paragraphs),
        location=session_location(session),
        url=url,
        privacy="PUBLIC",
    )


def _assemble_vevent(
    context: "_BuildContext",
    *,
    event: Event,
    uid: str,
    modified,
    starts_at,
    ends_at,
    sequence: int,
    cancelled: bool,
    summary: str,
    description: str,
    location: str,
    url: str,
    privacy: str,
) -> VEvent:
    """The properties every VEVENT of ours carries, for sessions and meetings alike."""
    venue = event.venue
    vevent = VEvent()
    vevent.add("uid", uid)
    vevent.add("dtstamp", modified)
    vevent.add("last-modified", modified)
    vevent.add("dtstart", timezone.localtime(starts_at, TZ))
    vevent.add("dtend", timezone.localtime(ends_at, TZ))
    vevent.add("sequence", sequence)
    vevent.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    vevent.add("summary", single_line(summary))
    vevent.add("description", plain_text(description))
    if location:
        vevent.add("location", single_line(location))
    if venue is not None and venue.latitude is not None and venue.longitude is not None:
        vevent.add("geo", (float(venue.latitude), float(venue.longitude)))
    vevent.add("url", url)
    vevent.add("categories", [context.kind_labels[event.kind]])
    vevent.add("organizer", context.organizer(event))
    vevent.add("class", privacy)
    vevent.add("transp", "TRANSPARENT" if cancelled else "OPAQUE")
    return vevent


def _meeting_vevent(meeting: Meeting, context: _BuildContext) -> VEvent:
    event = meeting.event
    event_cancelled = event.status == EventStatus.CANCELLED
    cancelled = meeting.status != MeetingStatus.ACCEPTED or event_cancelled
    modified = max(meeting.updated_at, event.updated_at).astimezone(datetime.UTC)
    url = context.url(event)

    title = meeting_title(meeting)
    summary = _("Cancelled: %(title)s") % {"title": title} if cancelled else title
    paragraphs = []
    if event_cancelled:
        paragraphs.append(_("This event has been cancelled."))
    elif cancelled:
        paragraphs.append(_("This meeting has been cancelled."))
    paragraphs.append(event.title)
    if meeting.message:
        paragraphs.append(meeting.message)
    paragraphs.append(_("Details: %(url)s") % {"url": url})

    return _assemble_vevent(
        context,
        event=event,
        uid=meeting_uid(meeting, context.domain),
        modified=modified,
        starts_at=meeting.starts_at,
        ends_at=meeting.ends_at,
        sequence=meeting.sequence + event.sequence,
        cancelled=cancelled,
        summary=summary,
        description="\n\n".join(paragraphs),
        location=meeting_location(meeting),
        url=url,
        privacy="PRIVATE",  # between two people, not part of the public programme
    )


@lru_cache(maxsize=1)
def _vtimezone_ical() -> bytes:
    # Ho Chi Minh City has kept UTC+7 since 1975: one STANDARD block covers every session we hold.
    vtimezone = Timezone.from_tzid(
        TZID, first_date=datetime.date(1976, 1, 1), last_date=datetime.date(2100, 1, 1)
    )
    vtimezone.pop("COMMENT", None)
    return vtimezone.to_ical()


def _vtimezone() -> Timezone:
    return Timezone.from_ical(_vtimezone_ical())


def uid_domain() -> str:
    """The right-hand side of every UID: set CALENDAR_UID_DOMAIN to keep UIDs when the site moves."""
    return getattr(settings, "CALENDAR_UID_DOMAIN", "") or urlsplit(settings.SITE_URL).hostname or "localhost"


def session_uid(session: Session, domain: str | None = None) -> str:
    return f"session-{session.pk}@{domain or uid_domain()}"


def session_location(session: Session) -> str:
    venue = session.event.venue
    parts = [session.room]
    if venue is not None:
        parts += [venue.name, venue.address]
    return ", ".join(part for part in parts if part)


def meeting_uid(meeting: Meeting, domain: str | None = None) -> str:
    return f"meeting-{meeting.pk}@{domain or uid_domain()}"


def meeting_title(meeting: Meeting) -> str:
    """What calendars call a meeting, in the active language: the same for the visitor and the team."""
    return _("Meeting: %(project)s — %(visitor)s") % {
        "project": meeting.exhibitor.project.name,
        "visitor": meeting.requester_name,
    }


def meeting_location(meeting: Meeting) -> str:
    venue = meeting.event.venue
    parts = [f"{_('Table')} {meeting.table}" if meeting.table else ""]
    if venue is not None:
        parts += [venue.name, venue.address]
    return ", ".join(part for part in parts if part)


# --- Single documents -------------------------------------------------------------------------------------


def calendar_for_registration(registration: Registration, *, method: str = "PUBLISH") -> bytes:
    """The sessions of a person's event, for the ticket e-mail, in the language they registered in.
    `method` CANCEL tells calendar apps to remove the event (its VEVENTs are then all cancelled)."""
    sessions = list(
        Session.objects.filter(event_id=registration.event_id)
        .select_related("event", "event__venue", "event__organizer")
        .order_by("starts_at", "pk")
    )
    for session in sessions:
        session.registration_reference = registration.reference
    with translation.override(registration.language or settings.LANGUAGE_CODE):
        event = sessions[0].event if sessions else registration.event
        return build_calendar(
            sessions,
            name=event.title,
            page_url=absolute_url(event.get_absolute_url()),
            subscription=False,
            method=method,
        )


def registration_ics_attachment(registration: Registration, *, method: str = "PUBLISH") -> MIMEText:
    """`calendar_for_registration` as an e-mail part: pass it to `EmailMessage.attach()`."""
    part = MIMEText(calendar_for_registration(registration, method=method).decode(), "calendar", "utf-8")
    part.set_param("method", method)
    part.add_header("Content-Disposition", "attachment", filename=f"{registration.event.slug}.ics")
    return part

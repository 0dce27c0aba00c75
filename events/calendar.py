"""iCalendar documents: the public feeds, one event's download, a person's own feed and the ticket
e-mail's attachment. One builder makes them all, so they agree on every property.

What calendar apps rely on, and how it is kept here:

- `UID` is `session-<pk>@<domain>` and never changes, so a moved session is updated in place.
- `SEQUENCE` is the session's revision plus its event's (`Session.save`, `Event.save`, `Venue.save`
  raise them), so it grows exactly when the time, the place or the status changes.
- A person's own feed also holds their market-connection meetings, as the visitor or as the project's
  team (contact or member), from the moment the team accepts: `meeting-<pk>@<domain>`, with the
  meeting's revision (`Meeting.save`) plus its event's. A meeting declined or cancelled after that stays,
  marked cancelled; one never accepted is never shown.
- `DTSTAMP` and `LAST-MODIFIED` are the last change of the session or its event, never "now": with no
  change in between, two requests get the same bytes and so the same strong `ETag`.
- A feed's version is one aggregate query over what it shows (newest change, number of rows); the
  document is cached under that version, so a calendar polling an unchanged feed costs one query and a
  cache read, whatever the feed's size. Building it costs one more query (two for a person with
  meetings), again whatever its size, and re-serialises only the events whose sessions changed (their
  VEVENTs are cached too).

Change sessions, events and venues through `save()` (forms, the admin and services do): a queryset
`update()` skips the revision bookkeeping, so calendars would not be told about the change.
"""

import dataclasses
import datetime
import hashlib
import time
from collections.abc import Iterable
from email.mime.text import MIMEText
from email.utils import parseaddr
from functools import lru_cache
from urllib.parse import urlencode, urlsplit
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import (
    Count,
    DateTimeField,
    Exists,
    F,
    Func,
    IntegerField,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from icalendar import Calendar, Timezone, vCalAddress, vDuration, vText
from icalendar import Event as VEvent

from .enums import EventKind, EventStatus, RegistrationStatus
from .models import Event, PersonalFeed, Registration, Session, personal_feed_secret
from .models_exhibition import ExhibitorMember, Meeting, MeetingStatus
from .validators import plain_text, single_line

TZID = "Asia/Ho_Chi_Minh"
TZ = ZoneInfo(TZID)
PRODID = "-//HCMC Innovation Programme//Events and training calendar 1.0//EN"
REFRESH_INTERVAL = datetime.timedelta(hours=1)
# Raise when the documents' shape changes, so that cached feeds are rebuilt at once.
BUILD_VERSION = 2
# Cached documents and VEVENTs are found by version keys, so this only bounds what an unused key costs.
CACHE_SECONDS = 6 * 3600
BUILD_LOCK_SECONDS = 60
CONTENT_TYPE = "text/calendar; charset=utf-8"
_SHOWN_EVENT_STATUSES = (EventStatus.PUBLISHED, EventStatus.CANCELLED)


# --- What a feed shows ---------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Feed:
    """One feed: which sessions it shows and what the calendar is called. Drafts are never shown."""

    key: str
    sessions: Q = dataclasses.field(default_factory=Q)
    kind: str = ""
    event: Event | None = None
    email: str = ""
    person: int | None = None  # the PersonalFeed's pk, for a personal feed
    subscription: bool = True  # False for a one-off download: no refresh properties

    @property
    def is_personal(self) -> bool:
        return bool(self.email)


def feed_all() -> Feed:
    return Feed(key="all")


def feed_for_kind(kind: str) -> Feed:
    if kind not in EventKind.values:
        raise ValueError(f"unknown event kind {kind!r}")
    return Feed(key=f"kind:{kind}", sessions=Q(event__kind=kind), kind=kind)


def feed_for_event(event: Event, *, download: bool = False) -> Feed:
    return Feed(
        key=f"event:{event.pk}:{'download' if download else 'feed'}",
        sessions=Q(event_id=event.pk),
        event=event,
        subscription=not download,
    )


def feed_for_person(personal_feed: PersonalFeed) -> Feed:
    return Feed(key=f"person:{personal_feed.pk}", email=personal_feed.email, person=personal_feed.pk)


def _person_filter(feed: Feed) -> dict:
    # One filter() call for both conditions, so they apply to the same registration row.
    if not feed.is_personal:
        return {}
    return {
        "event__registrations__email__iexact": feed.email,
        "event__registrations__status": RegistrationStatus.CONFIRMED,
    }


def feed_sessions(feed: Feed) -> QuerySet[Session]:
    """The sessions a feed shows, with everything the builder reads, in one query."""
    qs = (
        Session.objects.filter(feed.sessions, event__status__in=_SHOWN_EVENT_STATUSES, **_person_filter(feed))
        .select_related("event", "event__venue", "event__organizer")
        .order_by("starts_at", "pk")
    )
    if feed.is_personal:
        qs = qs.annotate(registration_reference=F("event__registrations__reference"))
    return qs


def _meeting_participant(email: str) -> Q:
    """The meetings `email` takes part in: as the visitor, or as the project's contact or team member."""
    member = ExhibitorMember.objects.filter(exhibitor_id=OuterRef("exhibitor_id"), email__iexact=email)
    return Q(requester_email__iexact=email) | Q(exhibitor__contact_email__iexact=email) | Q(Exists(member))


# Calendars show a meeting once the team has accepted it (it then has a time and a table); declined or
# cancelled later, it stays so that calendars remove it. Accepting is the only way to get a time.
_SHOWN_MEETINGS = Q(
    status__in=(MeetingStatus.ACCEPTED, MeetingStatus.DECLINED, MeetingStatus.CANCELLED),
    starts_at__isnull=False,
    ends_at__isnull=False,
    event__status__in=_SHOWN_EVENT_STATUSES,
)


def feed_meetings(feed: Feed) -> QuerySet[Meeting]:
    """The market-connection meetings a personal feed shows, with everything the builder reads, in one
    query (none for a feed that is not personal)."""
    if not feed.is_personal:
        return Meeting.objects.none()
    return (
        Meeting.objects.filter(_meeting_participant(feed.email), _SHOWN_MEETINGS)
        .select_related("event", "event__venue", "event__organizer", "exhibitor__project")
        .order_by("starts_at", "pk")
    )


# --- Version and cache -----------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class FeedVersion:
    key: str
    last_modified: datetime.datetime | None
    shows_meetings: bool = False  # False: building the feed needs no query for meetings


def feed_version(feed: Feed) -> FeedVersion:
    """A key that changes whenever anything the feed shows changes, from one aggregate query.

    Rows that are not shown (drafts, other people's registrations) count too: publishing or withdrawing
    an event, or cancelling a registration, changes the newest `updated_at` of the scope. A removed
    session touches its event (`Session.delete`)."""
    if feed.is_personal:
        row = _personal_version_row(feed)
    else:
        scope = Session.objects.filter(feed.sessions)
        row = scope.aggregate(
            n=Count("pk"),
            shown=Count("pk", filter=Q(event__status__in=_SHOWN_EVENT_STATUSES)),
            sessions=Max("updated_at"),
            events=Max("event__updated_at"),
        )
    if feed.event is not None:  # its own title and status matter even before it has sessions
        row["event"] = feed.event.updated_at
    stamps = [value for value in row.values() if isinstance(value, datetime.datetime)]
    raw = repr((BUILD_VERSION, settings.SITE_URL, uid_domain(), sorted((k, str(v)) for k, v in row.items())))
    return FeedVersion(
        key=hashlib.sha256(raw.encode()).hexdigest()[:32],
        last_modified=max(stamps, default=None),
        shows_meetings=bool(row.get("meetings_shown")),
    )


def _personal_version_row(feed: Feed) -> dict:
    """`feed_version`'s figures for one person, still in one query: the sessions of the events they
    registered for and the meetings they take part in are unrelated rows, so each figure is a scalar
    subquery of the person's own feed row (one value even when the person has no such rows).

    A meeting counts from its request on: its acceptance then changes the newest `updated_at`, and a
    meeting that leaves the person's scope (another contact e-mail, a member removed) changes the count."""
    if feed.person is None:  # without the row to hang the figures on, the version would never change
        raise ValueError("a personal feed is made by feed_for_person()")
    email = feed.email
    registered = Session.objects.filter(feed.sessions, event__registrations__email__iexact=email)
    # One filter() call, so the e-mail and the status apply to the same registration row.
    shown_sessions = Session.objects.filter(
        feed.sessions,
        event__status__in=_SHOWN_EVENT_STATUSES,
        event__registrations__email__iexact=email,
        event__registrations__status=RegistrationStatus.CONFIRMED,
    )
    meetings = Meeting.objects.filter(_meeting_participant(email))
    figures = {
        "n": _scalar(registered, "COUNT", "pk"),
        "shown": _scalar(shown_sessions, "COUNT", "pk"),
        "sessions": _scalar(registered, "MAX", "updated_at"),
        "events": _scalar(registered, "MAX", "event__updated_at"),
        "registrations": _scalar(registered, "MAX", "event__registrations__updated_at"),
        "meetings_n": _scalar(meetings, "COUNT", "pk"),
        "meetings_shown": _scalar(meetings.filter(_SHOWN_MEETINGS), "COUNT", "pk"),
        "meetings": _scalar(meetings, "MAX", "updated_at"),
        "meeting_events": _scalar(meetings, "MAX", "event__updated_at"),
    }
    return PersonalFeed.objects.filter(pk=feed.person).values(**figures).first() or dict.fromkeys(figures)


def _scalar(queryset: QuerySet, function: str, field: str) -> Subquery:
    """`function` (COUNT or MAX) of `field` over `queryset`, as a subquery that gives one value."""
    output = IntegerField() if function == "COUNT" else DateTimeField()
    value = Func(F(field), function=function, output_field=output)
    return Subquery(queryset.order_by().annotate(value=value).values("value"), output_field=output)


@dataclasses.dataclass(frozen=True)
class FeedDocument:
    body: bytes
    etag: str  # strong: a hash of the exact bytes
    last_modified: datetime.datetime | None


def feed_etag(feed: Feed, language: str) -> tuple[str | None, FeedVersion]:
    """The ETag of the feed's current document when it is cached (None otherwise), read from a small key
    of its own: answering a poll with 304 then costs the version query and a few bytes from the cache,
    not the whole document."""
    version = feed_version(feed)
    return cache.get(f"ical:{feed.key}:{language}:{version.key}:etag"), version


def feed_document(feed: Feed, language: str, *, version: FeedVersion | None = None) -> FeedDocument:
    """The feed's document in `language`, from the cache while nothing in it has changed."""
    version = version or feed_version(feed)
    cache_key = f"ical:{feed.key}:{language}:{version.key}"
    cached = cache.get(cache_key)
    if cached is None:
        # When many calendars poll a feed that just changed, one request builds it and the others wait
        # for its result instead of all building the same document at once.
        lock_key = f"{cache_key}:building"
        if not cache.add(lock_key, 1, BUILD_LOCK_SECONDS):
            cached = _wait_for(cache_key)
    if cached is None:
        try:
            body = build_feed(feed, language, version=version)
            cached = (body, f'"{hashlib.sha256(body).hexdigest()[:40]}"')
            cache.set_many({cache_key: cached, f"{cache_key}:etag": cached[1]}, CACHE_SECONDS)
        finally:
            cache.delete(lock_key)
    body, etag = cached
    return FeedDocument(body=body, etag=etag, last_modified=version.last_modified)


def _wait_for(cache_key: str):
    deadline = time.monotonic() + BUILD_LOCK_SECONDS / 2
    while time.monotonic() < deadline:
        time.sleep(0.2)
        cached = cache.get(cache_key)
        if cached is not None:
            return cached
    return None


# --- Building documents ----------------------------------------------------------------------------------


def build_feed(feed: Feed, language: str, *, version: FeedVersion | None = None) -> bytes:
    """The feed's document in `language`. With the `version` just read, a personal feed of a person
    without meetings skips the query for them."""
    with translation.override(language):
        programme = _("HCMC Innovation")
        if feed.event is not None:
            name = feed.event.title
            description = _("Schedule of %(event)s.") % {"event": feed.event.title}
            page_url = _absolute(feed.event.get_absolute_url())
        elif feed.kind:
            name = f"{programme}: {EventKind(feed.kind).label}"
            description = _("%(kind)s of the Ho Chi Minh City innovation and startup programme.") % {
                "kind": EventKind(feed.kind).label
            }
            page_url = _absolute(reverse("events:catalogue")) + "?" + urlencode({"kind": feed.kind})
        elif feed.is_personal:
            name = _("My events: %(programme)s") % {"programme": programme}
            description = _(
                "The sessions of the events and courses you are registered for, and your "
                "market-connection meetings."
            )
            page_url = _absolute(reverse("events:catalogue"))
        else:
            name = _("%(programme)s: events and training courses") % {"programme": programme}
            description = _(
                "Training courses, exhibitions and market-connection events of the Ho Chi Minh City "
                "innovation and startup programme."
            )
            page_url = _absolute(reverse("events:catalogue"))
        with_meetings = feed.is_personal and (version is None or version.shows_meetings)
        return build_calendar(
            feed_sessions(feed),
            meetings=feed_meetings(feed) if with_meetings else (),
            name=name,
            description=description,
            page_url=page_url,
            subscription=feed.subscription,
        )


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
            self.urls[event.pk] = _absolute(event.get_absolute_url())
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


# --- Helpers shared with pages -----------------------------------------------------------------------------


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


def _absolute(path: str) -> str:
    return settings.SITE_URL + path


def google_calendar_template_url(session: Session) -> str:
    """A link that opens Google Calendar's "new event" form filled in with one session."""
    event = session.event
    return _google_calendar_template(
        title=f"{event.title}: {session.title}" if session.title else event.title,
        details=(event.description, _absolute(event.get_absolute_url())),
        starts_at=session.starts_at,
        ends_at=session.ends_at,
        location=session_location(session),
    )


def google_calendar_meeting_url(meeting: Meeting) -> str:
    """The same for an accepted meeting (`event`, `event.venue` and `exhibitor.project` are read)."""
    event = meeting.event
    return _google_calendar_template(
        title=meeting_title(meeting),
        details=(event.title, meeting.message, _absolute(event.get_absolute_url())),
        starts_at=meeting.starts_at,
        ends_at=meeting.ends_at,
        location=meeting_location(meeting),
    )


def _google_calendar_template(
    *,
    title: str,
    details: Iterable[str],
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    location: str,
) -> str:
    start, end = (
        moment.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ") for moment in (starts_at, ends_at)
    )
    params = {
        "action": "TEMPLATE",
        "text": title,
        "dates": f"{start}/{end}",
        "details": "\n\n".join(part for part in details if part)[:1500],
        "ctz": TZID,
    }
    if location:
        params["location"] = location
    return "https://calendar.google.com/calendar/render?" + urlencode(params)


def subscription_links(feed_url: str) -> dict[str, str]:
    """The ways to subscribe to the feed at the absolute `feed_url` (http or https)."""
    webcal = "webcal://" + feed_url.split("://", 1)[1]
    return {
        "url": feed_url,
        "webcal": webcal,
        "google": "https://calendar.google.com/calendar/r?" + urlencode({"cid": webcal}),
    }


# --- Single documents -------------------------------------------------------------------------------------


def event_ics(event: Event, language: str) -> bytes:
    """One event (every session) as a file to import once."""
    return feed_document(feed_for_event(event, download=True), language).body


def calendar_for_registration(registration: Registration) -> bytes:
    """The sessions of a person's event, for the ticket e-mail, in the language they registered in."""
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
            page_url=_absolute(event.get_absolute_url()),
            subscription=False,
            method="PUBLISH",
        )


def registration_ics_attachment(registration: Registration) -> MIMEText:
    """`calendar_for_registration` as an e-mail part: pass it to `EmailMessage.attach()`."""
    part = MIMEText(calendar_for_registration(registration).decode(), "calendar", "utf-8")
    part.set_param("method", "PUBLISH")
    part.add_header("Content-Disposition", "attachment", filename=f"{registration.event.slug}.ics")
    return part


# --- Personal feed secrets (state changes) ----------------------------------------------------------------


def personal_feed_get_or_create(*, email: str) -> PersonalFeed:
    """The person's feed, created on first use. One per e-mail address (case-insensitive), also when
    two requests create it at once."""
    email = email.strip().lower()
    feed = PersonalFeed.objects.filter(email__iexact=email).first()
    if feed is not None:
        return feed
    try:
        with transaction.atomic():
            return PersonalFeed.objects.create(email=email)
    except IntegrityError:
        return PersonalFeed.objects.get(email__iexact=email)


def personal_feed_rotate(*, email: str) -> PersonalFeed:
    """Give the person a new secret feed address; the old one answers 404 from now on."""
    personal_feed_get_or_create(email=email)
    with transaction.atomic():
        feed = PersonalFeed.objects.select_for_update().get(email__iexact=email.strip())
        feed.secret = personal_feed_secret()
        feed.rotated_at = timezone.now()
        feed.save(update_fields=["secret", "rotated_at"])
        return feed

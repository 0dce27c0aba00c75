"""What each feed shows, its version, and its cached document: a calendar polling an unchanged feed costs
one query and a cache read, whatever the feed's size."""

import dataclasses
import datetime
import hashlib
import time
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
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
from django.utils import translation
from django.utils.translation import gettext as _

from events.enums import EventKind, EventStatus, RegistrationStatus
from events.exhibitions.models import ExhibitorMember, Meeting, MeetingStatus
from events.models import Event, Host, Session

from .builder import BUILD_VERSION, CACHE_SECONDS, absolute_url, build_calendar, uid_domain
from .models import PersonalFeed

BUILD_LOCK_SECONDS = 60
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
    host: Host | None = None
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


def feed_for_host(host: Host) -> Feed:
    """A host's published events (its public page links to it)."""
    return Feed(key=f"host:{host.pk}", sessions=Q(event__host_id=host.pk), host=host)


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


# --- Documents --------------------------------------------------------------------------------------------


def build_feed(feed: Feed, language: str, *, version: FeedVersion | None = None) -> bytes:
    """The feed's document in `language`. With the `version` just read, a personal feed of a person
    without meetings skips the query for them."""
    with translation.override(language):
        programme = _("HCMC Innovation")
        if feed.event is not None:
            name = feed.event.title
            description = _("Schedule of %(event)s.") % {"event": feed.event.title}
            page_url = absolute_url(feed.event.get_absolute_url())
        elif feed.host is not None:
            name = f"{programme}: {feed.host}"
            description = _("Events and training courses hosted by %(host)s.") % {"host": feed.host}
            page_url = absolute_url(feed.host.get_absolute_url())
        elif feed.kind:
            name = f"{programme}: {EventKind(feed.kind).label}"
            description = _("%(kind)s of the Ho Chi Minh City innovation and startup programme.") % {
                "kind": EventKind(feed.kind).label
            }
            page_url = absolute_url(reverse("events:catalogue")) + "?" + urlencode({"kind": feed.kind})
        elif feed.is_personal:
            name = _("My events: %(programme)s") % {"programme": programme}
            description = _(
                "The sessions of the events and training courses you are registered for, and "
                "your market-connection meetings."
            )
            page_url = absolute_url(reverse("events:catalogue"))
        else:
            name = _("%(programme)s: events and training courses") % {"programme": programme}
            description = _(
                "Training courses, exhibitions and market-connection events of the Ho Chi Minh City "
                "innovation and startup programme."
            )
            page_url = absolute_url(reverse("events:catalogue"))
        with_meetings = feed.is_personal and (version is None or version.shows_meetings)
        return build_calendar(
            feed_sessions(feed),
            meetings=feed_meetings(feed) if with_meetings else (),
            name=name,
            description=description,
            page_url=page_url,
            subscription=feed.subscription,
        )


def event_ics(event: Event, language: str) -> bytes:
    """One event (every session) as a file to import once."""
    return feed_document(feed_for_event(event, download=True), language).body

"""The reads of the staff workspace: an event's key numbers and links (the hub) and what needs staff
attention now (the staff home). Each answers in a constant number of queries, whatever the number of
sessions and registrations; the events come from `events.selectors.organiser_events` only."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Exists, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from events import extensions
from events.enums import EventKind, RegistrationStatus
from events.exhibitions.models import Exhibitor, ExhibitorStatus, Meeting, MeetingStatus
from events.mail.models import EmailStatus, OutgoingEmail
from events.models import Event, Registration, Session

# The hub's sections of links, in the order shown.
SECTIONS = ("people", "programme", "door", "communication", "exports")
EXHIBITING_KINDS = (EventKind.EXHIBITION, EventKind.MARKET_CONNECTION, EventKind.DEMO_DAY)


def _count(queryset: QuerySet, **filters) -> Subquery:
    """A correlated COUNT of `queryset` rows for the outer event (no join fan-out)."""
    counted = (
        queryset.filter(event=OuterRef("pk"), **filters)
        .order_by()
        .values("event")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def with_figures(events: QuerySet[Event]) -> QuerySet[Event]:
    """Annotate the hub's and the home's numbers: seats taken by visitors (exhibiting team members do not
    take seats), waitlisted, pending approval, exhibiting team members, approved and waiting exhibitors,
    accepted meetings and meetings held."""
    registrations = Registration.objects.all()
    return events.annotate(
        n_confirmed=_count(registrations, status=RegistrationStatus.CONFIRMED, is_exhibitor=False),
        n_waitlisted=_count(registrations, status=RegistrationStatus.WAITLISTED),
        n_pending=_count(registrations, status=RegistrationStatus.PENDING),
        n_exhibitor_people=_count(registrations, status=RegistrationStatus.CONFIRMED, is_exhibitor=True),
        n_exhibitors=_count(Exhibitor.objects.all(), status=ExhibitorStatus.APPROVED),
        n_exhibitors_waiting=_count(Exhibitor.objects.all(), status=ExhibitorStatus.SUBMITTED),
        n_meetings=_count(Meeting.objects.all(), status=MeetingStatus.ACCEPTED),
        n_meetings_held=_count(Meeting.objects.all(), held=True),
    )


def event_figures(event: Event) -> dict:
    """The key numbers of an annotated event (`with_figures`), by name, for the page and its JSON."""
    free = None if event.capacity is None else max(event.capacity - event.n_confirmed, 0)
    return {
        "capacity": event.capacity,
        "confirmed": event.n_confirmed,
        "free": free,
        "waitlisted": event.n_waitlisted,
        "pending": event.n_pending,
        "exhibitor_people": event.n_exhibitor_people,
        "exhibitors": event.n_exhibitors,
        "exhibitors_waiting": event.n_exhibitors_waiting,
        "meetings": event.n_meetings,
        "meetings_held": event.n_meetings_held,
    }


def hub_event(events: QuerySet[Event], slug: str) -> Event | None:
    """The event `slug` among `events` (the user's), annotated with its schedule and numbers."""
    return with_figures(events.filter(slug=slug).with_schedule()).select_related("venue").first()


def hub_sessions(event: Event) -> list[dict]:
    """The event's sessions in time order, each with the figures the other apps add (people checked in)."""
    sessions = list(event.sessions.order_by("starts_at", "pk"))
    figures = {session.pk: {} for session in sessions}
    for source in extensions.hub_session_figures:
        for session_id, values in source(event, list(figures)).items():
            figures.setdefault(session_id, {}).update(values)
    return [{"session": session, "figures": figures[session.pk]} for session in sessions]


@dataclass(frozen=True)
class Link:
    label: str
    url: str
    hint: str = ""


def _admin(name: str, *args, **query) -> str:
    url = reverse(f"admin:{name}", args=args)
    return f"{url}?{urlencode(query)}" if query else url


def hub_links(event: Event, sessions: list[Session]) -> list[tuple[str, str, list[Link]]]:
    """(key, title, links) of every page of the event that staff work with, by section."""
    titles = {
        "people": _("People"),
        "programme": _("Programme and exhibitors"),
        "door": _("At the door"),
        "communication": _("Messages"),
        "exports": _("Exports and feeds"),
    }
    registrations = "events_registration_changelist"
    sections: dict[str, list[Link]] = {key: [] for key in SECTIONS}
    sections["people"] += [
        Link(
            _("All registrations"),
            _admin(registrations, event__id__exact=event.pk),
            _("Search, approve or reject with a reason, cancel, resend tickets"),
        ),
        Link(
            _("Pending approval"), _admin(registrations, event__id__exact=event.pk, status__exact="pending")
        ),
        Link(
            _("Waiting list"),
            _admin(registrations, event__id__exact=event.pk, status__exact="waitlisted"),
            _("Move people from the waiting list"),
        ),
        Link(_("Confirmed"), _admin(registrations, event__id__exact=event.pk, status__exact="confirmed")),
        Link(
            _("Add a person"),
            reverse("events:intake_add", kwargs={"slug": event.slug}),
            _("A phone call or a walk-in, with the same rules as the public form"),
        ),
        Link(
            _("Import a list"),
            reverse("events:intake_import", kwargs={"slug": event.slug}),
            _("From an Excel or CSV file, checked before anything is saved"),
        ),
    ]
    sections["programme"] += [
        Link(_("Event settings and sessions"), _admin("events_event_change", event.pk)),
        Link(_("Public page"), reverse("events:detail", kwargs={"slug": event.slug})),
    ]
    if event.kind in EXHIBITING_KINDS or event.n_exhibitors or event.n_exhibitors_waiting:
        sections["programme"] += [
            Link(
                _("Exhibitors"),
                _admin("events_exhibitor_changelist", event__id__exact=event.pk),
                _("Applications, decisions and booths"),
            ),
            Link(_("Floor list"), reverse("events:floor_list", kwargs={"slug": event.slug})),
            Link(_("Meeting grid"), reverse("events:meeting_grid", kwargs={"slug": event.slug})),
            Link(_("Meetings"), _admin("events_meeting_changelist", event__id__exact=event.pk)),
        ]
    sections["communication"] += [
        Link(_("Messages to participants"), reverse("events:event_messages", kwargs={"slug": event.slug})),
        Link(
            _("Failed e-mails"), _admin("events_outgoingemail_changelist", status__exact=EmailStatus.FAILED)
        ),
    ]
    sections["exports"] += [
        Link(
            _("Registrations to CSV"),
            _admin(registrations, event__id__exact=event.pk),
            _("Select people, then the action “Export selected registrations to CSV”"),
        ),
        Link(_("Calendar feed (iCal)"), reverse("events:event_calendar_feed", kwargs={"slug": event.slug})),
        Link(_("Add to calendar (.ics)"), reverse("events:event_ics", kwargs={"slug": event.slug})),
    ]
    for source in extensions.hub_links:
        for section, label, url in source(event, sessions):
            sections.setdefault(section, []).append(Link(str(label), url))
    return [(key, titles.get(key, key), links) for key, links in sections.items() if links]


# --- The staff home -------------------------------------------------------------------------------------


def upcoming_events(events: QuerySet[Event], now: datetime.datetime, days: int = 7) -> list[Event]:
    """Events with a session running now or starting in the next `days` days, by start."""
    soon = Session.objects.filter(
        event=OuterRef("pk"), ends_at__gte=now, starts_at__lt=now + datetime.timedelta(days=days)
    )
    upcoming = events.filter(Exists(soon)).with_schedule()
    return list(with_figures(upcoming).order_by("first_start", "pk")[:50])


def attention_events(events: QuerySet[Event]) -> dict[str, list[Event]]:
    """Events whose people wait on staff: pending approvals, and waiting lists while seats are free."""
    waiting = Registration.objects.filter(
        event=OuterRef("pk"), status__in=[RegistrationStatus.PENDING, RegistrationStatus.WAITLISTED]
    )
    annotated = list(
        with_figures(events.filter(Exists(waiting))).with_schedule().order_by("first_start", "pk")[:200]
    )
    pending = [event for event in annotated if event.n_pending]
    free = [
        event
        for event in annotated
        if event.n_waitlisted and (event.capacity is None or event.capacity > event.n_confirmed)
    ]
    return {"pending": pending, "free_seats": free}


def failed_emails(events: QuerySet[Event], *, everything: bool) -> list[tuple[str, str, int]]:
    """(status, label, count) of the e-mails that failed (retried later, or given up) to the people of
    `events`, only the statuses that have some; with `everything`, all of them (messages not about a
    registration too). One query."""
    failed = OutgoingEmail.objects.filter(status__in=[EmailStatus.FAILED, EmailStatus.GAVE_UP])
    if not everything:
        failed = failed.filter(registration__event__in=events)
    counts = failed.aggregate(
        failed=Count("pk", filter=Q(status=EmailStatus.FAILED)),
        gave_up=Count("pk", filter=Q(status=EmailStatus.GAVE_UP)),
    )
    rows = [
        (EmailStatus.FAILED.value, str(EmailStatus.FAILED.label), counts["failed"]),
        (EmailStatus.GAVE_UP.value, str(EmailStatus.GAVE_UP.label), counts["gave_up"]),
    ]
    return [row for row in rows if row[2]]

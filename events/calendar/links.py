"""Subscribe and "add to calendar" links: webcal:// and Google Calendar, for pages and e-mails."""

import datetime
from collections.abc import Iterable
from urllib.parse import urlencode

from events.exhibitions.models import Meeting
from events.models import Session

from .builder import TZID, absolute_url, meeting_location, meeting_title, session_location


def google_calendar_template_url(session: Session) -> str:
    """A link that opens Google Calendar's "new event" form filled in with one session."""
    event = session.event
    return _google_calendar_template(
        title=f"{event.title}: {session.title}" if session.title else event.title,
        details=(event.description, absolute_url(event.get_absolute_url())),
        starts_at=session.starts_at,
        ends_at=session.ends_at,
        location=session_location(session),
    )


def google_calendar_meeting_url(meeting: Meeting) -> str:
    """The same for an accepted meeting (`event`, `event.venue` and `exhibitor.project` are read)."""
    event = meeting.event
    return _google_calendar_template(
        title=meeting_title(meeting),
        details=(event.title, meeting.message, absolute_url(event.get_absolute_url())),
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

"""Subscribe and "Add to calendar" links for pages (the library `calendar_tags`, registered in the
template settings); the documents come from `events.calendar.feeds`."""

from django import template
from django.conf import settings
from django.urls import reverse

from events.calendar import links
from events.calendar.services import personal_feed_get_or_create
from events.enums import EventKind, RegistrationStatus

register = template.Library()


def _absolute(context, path: str) -> str:
    request = context.get("request")
    return request.build_absolute_uri(path) if request else settings.SITE_URL + path


@register.inclusion_tag("calendar/_subscribe.html", takes_context=True)
def calendar_subscribe(context, feed_path: str, heading: str = "", element_id: str = "calendar-feed"):
    """webcal:// and Google Calendar links and a copy button for the feed at `feed_path`."""
    return {
        "links": links.subscription_links(_absolute(context, feed_path)),
        "heading": heading,
        "element_id": element_id,
    }


@register.simple_tag(takes_context=True)
def calendar_kind_feeds(context) -> list[tuple[str, str, dict[str, str]]]:
    """(kind, label, subscription links) for every event kind, for "only this kind" links."""
    return [
        (
            value,
            label,
            links.subscription_links(
                _absolute(context, reverse("events:calendar_kind_feed", kwargs={"kind": value}))
            ),
        )
        for value, label in EventKind.choices
    ]


@register.simple_tag
def google_calendar_url(session) -> str:
    return links.google_calendar_template_url(session)


@register.simple_tag
def personal_feed_path(registration) -> str:
    """The path of the registrant's personal feed, created on first view; "" while the registration is
    not confirmed (the feed shows confirmed registrations only)."""
    if registration.status != RegistrationStatus.CONFIRMED:
        return ""
    return personal_feed_get_or_create(email=registration.email).get_absolute_url()


@register.simple_tag(takes_context=True)
def meeting_google_calendar_url(context, meeting) -> str:
    """A Google Calendar link for an accepted meeting. The page's own `event` stands in for the
    meeting's, so a list of meetings costs no query each."""
    event = context.get("event")
    if event is not None and event.pk == meeting.event_id:
        meeting.event = event
    return links.google_calendar_meeting_url(meeting)


@register.simple_tag
def personal_feed_path_for(email: str) -> str:
    """The path of the personal feed of `email`, created on first view (it holds their meetings)."""
    return personal_feed_get_or_create(email=email).get_absolute_url()

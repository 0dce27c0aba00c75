"""What check-in adds to the staff workspace of `events.workspace` (through `events.extensions`): people
checked in per session on the event hub, the scanner of each session and the door board among the hub's
links, the sessions open for check-in now on the staff home, and the scanner as door staff's landing page."""

import datetime

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from events import extensions
from events.models import Session

from . import selectors
from .services import user_can_scan


def hub_session_figures(event, session_ids: list[int]) -> dict[int, dict]:
    counts = selectors.checked_in_by_session(session_ids)
    return {session_id: {"checked_in": counts.get(session_id, 0)} for session_id in session_ids}


def hub_links(event, sessions) -> list[tuple[str, str, str]]:
    scanner = reverse("checkin:scanner")
    links = [("door", _("Door board (live)"), reverse("checkin:board", kwargs={"slug": event.slug}))]
    for session in sessions:
        if session.is_cancelled:
            continue
        when = timezone.localtime(session.starts_at).strftime("%d/%m %H:%M")
        links.append(
            (
                "door",
                _("Scanner: %(when)s") % {"when": when},
                f"{scanner}?{urlencode({'session': session.pk})}",
            )
        )
    records = reverse("admin:checkin_checkin_changelist")
    links.append(
        ("door", _("Check-in records"), f"{records}?{urlencode({'session__event__id__exact': event.pk})}")
    )
    return links


def open_sessions_panel(request, events, now: datetime.datetime) -> list[extensions.StaffPanel]:
    """Sessions of the user's events whose check-in window is open now, each with its scanner."""
    opens = datetime.timedelta(minutes=settings.CHECKIN_OPENS_MINUTES_BEFORE)
    closes = datetime.timedelta(minutes=settings.CHECKIN_CLOSES_MINUTES_AFTER)
    sessions = (
        Session.objects.filter(
            event__in=events,
            is_cancelled=False,
            starts_at__lte=now + opens,
            ends_at__gte=now - closes,
        )
        .select_related("event")
        .order_by("starts_at", "pk")[:50]
    )
    scanner = reverse("checkin:scanner")
    items = []
    for session in sessions:
        starts, ends = timezone.localtime(session.starts_at), timezone.localtime(session.ends_at)
        detail = f"{starts:%H:%M}–{ends:%H:%M}" + (f" · {session.room}" if session.room else "")
        items.append((session.event.title, detail, f"{scanner}?{urlencode({'session': session.pk})}"))
    return [
        extensions.StaffPanel(
            key="open-sessions",
            title=_("Open for check-in now"),
            items=items,
            empty=_("No session is open for check-in now."),
        )
    ]


def scanner_landing(user) -> str | None:
    # Door staff (who record check-ins) land on the scanner even before they are assigned to an event:
    # the scanner page tells them so.
    door = user_can_scan(user) or user.has_perm("checkin.add_checkin")
    return reverse("checkin:scanner") if door else None


extensions.hub_session_figures.append(hub_session_figures)
extensions.hub_links.append(hub_links)
extensions.staff_home_panels.append(open_sessions_panel)
extensions.staff_landing_pages.append(scanner_landing)

"""The staff workspace: the staff home (what needs attention now) and each event's hub (its key numbers,
live, and links to every page of it). Events come only from `events.selectors.organiser_events`."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from events import extensions
from events.selectors import manages_events, organiser_events

from . import selectors

# How often the hub's numbers are fetched again (milliseconds), in the page for its script.
REFRESH_MS = 15_000


@never_cache
@login_required
@require_GET
def staff_home(request):
    """Where staff land after signing in. Organisers see what needs them; door staff and report viewers,
    who manage no event, are sent to their own page (the scanner, the reports)."""
    events = organiser_events(request.user)
    if not manages_events(request.user):
        for landing in extensions.staff_landing_pages:
            url = landing(request.user)
            if url:
                return redirect(url)
        if request.user.is_staff:
            return redirect("admin:index")
        raise PermissionDenied
    now = timezone.now()
    attention = selectors.attention_events(events)
    panels = [panel for source in extensions.staff_home_panels for panel in source(request, events, now)]
    return render(
        request,
        "workspace/home.html",
        {
            "upcoming": selectors.upcoming_events(events, now),
            "pending": attention["pending"],
            "free_seats": attention["free_seats"],
            "panels": panels,
            "failed_emails": selectors.failed_emails(events, everything=request.user.is_superuser),
            "may_see_outbox": request.user.has_perm("events.view_outgoingemail"),
            "now": now,
        },
    )


def _hub_event(request, slug):
    event = selectors.hub_event(organiser_events(request.user), slug)
    if event is None:  # not there, or not the user's: the same answer
        raise Http404
    return event


@never_cache
@login_required
@require_GET
def hub(request, slug):
    event = _hub_event(request, slug)
    sessions = selectors.hub_sessions(event)
    return render(
        request,
        "workspace/hub.html",
        {
            "event": event,
            "figures": selectors.event_figures(event),
            "sessions": sessions,
            "sections": selectors.hub_links(event, [row["session"] for row in sessions]),
            "refresh_ms": REFRESH_MS,
            "now": timezone.now(),
        },
    )


@never_cache
@login_required
@require_GET
def hub_numbers(request, slug):
    """The hub's numbers as JSON, fetched again every few seconds by `workspace/hub.js`."""
    event = _hub_event(request, slug)
    return JsonResponse(
        {
            "figures": selectors.event_figures(event),
            "sessions": {str(row["session"].pk): row["figures"] for row in selectors.hub_sessions(event)},
            "at": timezone.localtime().strftime("%H:%M:%S"),
        }
    )

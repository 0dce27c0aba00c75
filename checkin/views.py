import hashlib

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_http_methods

from events.exceptions import DomainError
from events.intake.forms import PersonForm
from events.models import Event, Registration, Session
from events.selectors import organiser_events, staff_events

from . import selectors, services
from .api import MESSAGES
from .enums import CheckInSource
from .links import ticket_from_token
from .models import CheckIn, DoorStaffAssignment
from .rendering import qr_png, ticket_pdf
from .services import checkin_window, user_can_scan


def _ticket_or_404(token):
    ticket = ticket_from_token(token)
    if ticket is None:
        raise Http404
    return ticket


def _private(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "private, max-age=3600"
    response["X-Robots-Tag"] = "noindex"
    return response


def ticket_png(request, token):
    ticket = _ticket_or_404(token)
    return _private(HttpResponse(qr_png(ticket.code), content_type="image/png"))


def ticket_pdf_view(request, token):
    ticket = _ticket_or_404(token)
    response = HttpResponse(ticket_pdf(ticket), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="ticket-{ticket.registration.reference}.pdf"'
    return _private(response)


def scannable_events(user):
    """Events this user may scan at, with sessions from yesterday on (the door is about today)."""
    since = timezone.now() - timezone.timedelta(days=1)
    events = Event.objects.published().filter(sessions__ends_at__gte=since).distinct()
    if not (user.is_superuser or user.has_perm("checkin.scan_all_events")):
        events = events.filter(pk__in=DoorStaffAssignment.objects.filter(user=user).values("event_id"))
    return events.with_schedule().order_by("first_start")


def _js_messages() -> dict:
    return {
        "ready": _("Ready to scan"),
        "online": _("Online"),
        "offline": _("Offline — scans are kept and sent later"),
        "queued": _("%(n)s scan(s) waiting to be sent"),
        "saved_offline": _("Saved offline"),
        "saved_offline_detail": _("Will be confirmed when the network returns."),
        "unknown_offline": _("Not in the offline list"),
        "camera_error": _("The camera could not be opened. Use a handheld scanner or search by name."),
        "camera_start": _("Scan with camera"),
        "camera_stop": _("Stop camera"),
        "check_in": _("Check in"),
        "checked_in": _("Checked in"),
        "first_at": _("First check-in: %(time)s at %(gate)s"),
        "no_results": _("Nobody found."),
        "error": _("Something went wrong. Try again."),
        "synced": _("Offline scans sent: %(n)s; refused: %(bad)s (see the check-in records)."),
        "results": {result: str(message) for result, message in MESSAGES.items()},
        "package_age": _("Offline list of %(time)s (%(minutes)s min ago)"),
        "package_missing": _("No offline list yet: connect once to download it"),
        "no_signature_check": _(
            "This browser cannot check ticket signatures: offline, only tickets in the offline list "
            "are accepted."
        ),
        "not_checkable": _("Cannot be checked in: %(reason)s"),
    }


@never_cache
@login_required
def scanner(request):
    return _scanner_page(request, request.GET.get("session"))


def _scanner_page(request, session_id, walk_in_form=None, status=200):
    events = list(scannable_events(request.user))
    sessions = (
        Session.objects.filter(event__in=events, ends_at__gte=timezone.now() - timezone.timedelta(days=1))
        .select_related("event")
        .order_by("starts_at")
    )
    now = timezone.now()
    choices = []
    for session in sessions:
        opens, closes = checkin_window(session)
        choices.append({"session": session, "open": opens <= now <= closes})
    selected = None
    if session_id and session_id.isascii() and session_id.isdigit() and len(session_id) <= 18:
        selected = next((c["session"] for c in choices if c["session"].pk == int(session_id)), None)
        if selected is None:
            raise Http404
        if not user_can_scan(request.user, selected.event):
            raise Http404
    elif choices:
        selected = next((c["session"] for c in choices if c["open"]), None)
    gate = ""
    if selected is not None:
        assignment = DoorStaffAssignment.objects.filter(event=selected.event, user=request.user).first()
        gate = assignment.gate if assignment else ""
    return render(
        request,
        "checkin/scanner.html",
        {
            "choices": choices,
            "selected": selected,
            "gate": gate,
            "has_events": bool(events),
            "messages_js": _js_messages(),
            "walk_in_form": walk_in_form or WalkInForm(initial={"send_ticket": True}),
            "decoder_url": optional_static(QR_DECODER),
        },
        status=status,
    )


class WalkInForm(PersonForm):
    position = None  # not asked at the door: the queue waits
    send_ticket = forms.BooleanField(label=gettext_lazy("E-mail the person their ticket"), required=False)


@never_cache
@login_required
@require_http_methods(["POST"])
def walk_in(request, pk):
    """Register and check in a walk-in at the door (the scanner page's walk-in form)."""
    session = get_object_or_404(Session.objects.select_related("event"), pk=pk)
    if not user_can_scan(request.user, session.event):
        raise Http404
    form = WalkInForm(request.POST)
    if form.is_valid():
        assignment = DoorStaffAssignment.objects.filter(event=session.event, user=request.user).first()
        try:
            outcome = services.checkin_walk_in(
                session=session,
                user=request.user,
                **form.person(),
                gate=assignment.gate if assignment else "",
                send_ticket=form.cleaned_data["send_ticket"],
                language=(get_language() or "vi")[:2],
            )
        except DomainError as refused:
            form.add_error(None, refused.message)
        else:
            messages.success(
                request,
                _("%(name)s was registered and checked in (%(reference)s).")
                % {"name": outcome.registration.full_name, "reference": outcome.registration.reference},
            )
            return redirect(f"{reverse('checkin:scanner')}?session={session.pk}#walk-in")
    return _scanner_page(request, str(session.pk), walk_in_form=form, status=400)


SCANNER_FILES = (
    "events/site.css",
    "checkin/scanner.css",
    "checkin/scanner.js",
    "checkin/ticket.js",
    "checkin/icon.svg",
)
# The camera's QR decoder where the browser has no BarcodeDetector: the npm package jsqr (package.json),
# absent until `npm ci` ran; the scanner then decodes with BarcodeDetector or, online, on the server.
QR_DECODER = "vendor/jsqr/jsQR.js"


def optional_static(name: str) -> str | None:
    """The served URL of a static file that may be absent (an npm library before `npm ci`), or None:
    `static()` alone would give an address that answers 404, or raise under the manifest storage."""
    if not (finders.find(name) or staticfiles_storage.exists(name)):
        return None
    try:
        return static(name)
    except ValueError:  # collected without it: the manifest does not name it
        return None


def _scanner_files() -> list[str]:
    return [*SCANNER_FILES, QR_DECODER] if optional_static(QR_DECODER) else list(SCANNER_FILES)


def _static_version() -> str:
    """Changes when a cached file changes (hashed names in production; the files' contents otherwise)."""
    digest = hashlib.sha256()
    for name in _scanner_files():
        digest.update(static(name).encode())
        path = finders.find(name)
        if path:
            with open(path, "rb") as file:
                digest.update(file.read())
    return digest.hexdigest()[:12]


@cache_control(no_cache=True)
def service_worker(request):
    """The scanner's service worker, served under /checkin/ so that its scope covers the scanner page (a
    script under /static/ could only control /static/). It lists the scanner's static files by their
    served (hashed) names, so a new deployment is a new worker and a new cache."""
    response = render(
        request,
        "checkin/sw.js",
        {"version": _static_version(), "decoder_url": optional_static(QR_DECODER)},
        content_type="application/javascript; charset=utf-8",
    )
    response["Service-Worker-Allowed"] = reverse("checkin:scanner")
    return response


@cache_control(max_age=3600)
def web_manifest(request):
    """The scanner as an installable web app (opens full screen on a phone, works offline)."""
    return JsonResponse(
        {
            "name": _("Door check-in"),
            "short_name": _("Check-in"),
            "start_url": reverse("checkin:scanner"),
            "scope": reverse("checkin:scanner"),
            "display": "standalone",
            "background_color": "#ffffff",
            "theme_color": "#0b5394",
            "lang": request.LANGUAGE_CODE,
            "icons": [
                {"src": static("checkin/icon.svg"), "sizes": "any", "type": "image/svg+xml"},
            ],
        },
        content_type="application/manifest+json",
        json_dumps_params={"ensure_ascii": False},
    )


class CorrectionForm(forms.Form):
    registration = forms.CharField(max_length=16)
    action = forms.ChoiceField(choices=[("present", "present"), ("undo", "undo")])
    reason = forms.CharField(label=gettext_lazy("Reason"), max_length=255)


def _correction_errors(form: CorrectionForm) -> list[str]:
    """What is wrong with a correction, in the user's language: the reason's own error (too long, a
    character that is not allowed), or that it is missing."""
    if form.has_error("reason", "required"):
        return [str(_("Give a reason for the correction."))]
    return [
        f"{form.fields[name].label or name}: {error}"
        for name, errors in form.errors.items()
        for error in errors
    ]


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def session_attendance(request, pk):
    """Staff: who is present at a session, and corrections (mark present, undo) with a reason."""
    if not request.user.has_perm("checkin.change_checkin"):
        raise PermissionDenied
    sessions = Session.objects.select_related("event").filter(event__in=staff_events(request.user))
    session = get_object_or_404(sessions, pk=pk)
    form = CorrectionForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            registration = get_object_or_404(
                Registration, event_id=session.event_id, reference=form.cleaned_data["registration"]
            )
            reason = form.cleaned_data["reason"]
            try:
                if form.cleaned_data["action"] == "present":
                    services.checkin_mark_present(
                        registration=registration, session=session, by=request.user, reason=reason
                    )
                    messages.success(
                        request, _("%(name)s is marked present.") % {"name": registration.full_name}
                    )
                else:
                    services.checkin_undo_attendance(
                        registration=registration, session=session, by=request.user, reason=reason
                    )
                    messages.success(
                        request, _("The check-in of %(name)s is undone.") % {"name": registration.full_name}
                    )
            except DomainError as exc:
                messages.error(request, exc.message)
            return redirect(request.path)
        for error in _correction_errors(form):
            messages.error(request, error)
    people = selectors.attendance_for_session(session)
    corrections = (
        CheckIn.objects.filter(session=session)
        .filter(Q(source=CheckInSource.CORRECTION) | Q(undone_at__isnull=False))
        .select_related("registration", "user", "undone_by")
        .order_by("-scanned_at")
    )
    return render(
        request,
        "checkin/session_attendance.html",
        {
            "session": session,
            "event": session.event,
            "people": people,
            "corrections": corrections,
            "counts": selectors.session_counts(session),
        },
    )


# --- The door board: check-ins of an event, live, for a big screen -----------------------------------------

BOARD_REFRESH_MS = 5_000


def _board_event(request, slug) -> Event:
    event = organiser_events(request.user).filter(slug=slug).first()
    if event is None:  # not there, or not the user's: the same answer
        raise Http404
    return event


def _board_data(event: Event) -> dict:
    """The board's figures as plain data: for the page's first drawing and for each refresh."""
    figures = selectors.board_figures(event, now=timezone.now())
    return {
        "total": figures["total"],
        "expected": figures["expected"],
        "sessions": [
            {
                "id": session.pk,
                "when": f"{timezone.localtime(session.starts_at):%d/%m %H:%M}–"
                f"{timezone.localtime(session.ends_at):%H:%M}",
                "title": session.title,
                "cancelled": session.is_cancelled,
                "checked_in": session.checked_in,
            }
            for session in figures["sessions"]
        ],
        "gates": [{"gate": gate or _("No gate given"), "n": n} for gate, n in figures["gates"]],
        "day": figures["day"].strftime("%d/%m/%Y") if figures["day"] else "",
        "arrivals": [{"t": start.strftime("%H:%M"), "n": n} for start, n in figures["arrivals"]],
        "at": timezone.localtime().strftime("%H:%M:%S"),
    }


@never_cache
@login_required
@require_http_methods(["GET"])
def board(request, slug):
    event = _board_event(request, slug)
    return render(
        request,
        "checkin/board.html",
        {
            "event": event,
            "data": _board_data(event),
            "refresh_ms": BOARD_REFRESH_MS,
            "board_text": {
                "arrivals": _("Arrivals per 15 minutes"),
                "no_arrivals": _("No arrival yet."),
                "stale": _("Not updated since %(time)s: check the network."),
            },
        },
    )


@never_cache
@login_required
@require_http_methods(["GET"])
def board_data(request, slug):
    return JsonResponse(_board_data(_board_event(request, slug)))

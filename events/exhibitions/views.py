"""Pages for exhibitors and market-connection meetings (public, team and staff)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from events.exceptions import DomainError
from events.models import Event
from events.selectors import staff_events

from . import services
from .forms import ExhibitorApplicationForm, MeetingRequestForm, MemberFormSet
from .models import Exhibitor, ExhibitorStatus, Meeting, MeetingStatus
from .signing import exhibitor_from_token, exhibitor_team_path, meeting_from_token, meeting_path


def _event(slug) -> Event:
    return get_object_or_404(Event.objects.published(), slug=slug)


@require_http_methods(["GET", "POST"])
def exhibitor_apply(request, slug):
    event = _event(slug)
    if event.kind not in services.EXHIBIT_KINDS:
        raise Http404
    form = ExhibitorApplicationForm(request.POST or None, request.FILES or None)
    members = MemberFormSet(request.POST or None, prefix="m")
    error = None
    if request.method == "POST" and form.is_valid() and members.is_valid():
        data = form.cleaned_data
        member_rows = [m.cleaned_data for m in members if m.cleaned_data.get("email")]
        try:
            exhibitor = services.exhibitor_apply(
                event=event,
                project_data={
                    "name": data["project_name"],
                    "sector": data["sector"],
                    "stage": data["stage"],
                    "description_vi": data["description_vi"],
                    "description_en": data["description_en"],
                    "website": data["website"],
                },
                kind=data["kind"],
                showcase_vi=data["showcase_vi"],
                showcase_en=data["showcase_en"],
                booth_needs=data["booth_needs"],
                contact_name=data["contact_name"],
                contact_email=data["contact_email"],
                contact_phone=data["contact_phone"],
                members=member_rows,
                logo=data.get("logo"),
                language=get_language() or "vi",
            )
        except DomainError as exc:
            error = exc.message
        else:
            messages.success(request, _("Your application has been received. We have sent you an e-mail."))
            return redirect(exhibitor_team_path(exhibitor))
    return render(
        request,
        "exhibitions/exhibitor_apply.html",
        {"event": event, "form": form, "members": members, "error": error},
        status=409 if error else 200,
    )


def _posted_meeting(request, **scope) -> Meeting:
    """The meeting named by the form's `meeting` field within `scope`; 404 for anything else (a
    malformed id from a tampered form included, which would otherwise be a server error)."""
    pk = request.POST.get("meeting", "")
    if not (pk.isascii() and pk.isdigit() and len(pk) <= 18):
        raise Http404
    return get_object_or_404(Meeting, pk=int(pk), **scope)


@require_http_methods(["GET", "POST"])
def exhibitor_team(request, token):
    exhibitor = exhibitor_from_token(token)
    if exhibitor is None:
        raise Http404
    if request.method == "POST":
        meeting = _posted_meeting(request, exhibitor=exhibitor)
        try:
            if request.POST.get("action") == "accept":
                meeting = services.meeting_accept(meeting=meeting)
                messages.success(
                    request,
                    _("Meeting accepted: %(when)s, table %(table)s.")
                    % {
                        "when": timezone.localtime(meeting.starts_at).strftime("%d/%m %H:%M"),
                        "table": meeting.table,
                    },
                )
            elif request.POST.get("action") == "decline":
                services.meeting_decline(meeting=meeting)
                messages.info(request, _("Meeting declined."))
        except DomainError as exc:
            messages.error(request, exc.message)
        return redirect(request.path)
    meetings = exhibitor.meetings.order_by("status", "starts_at", "created_at")
    return render(
        request,
        "exhibitions/exhibitor_team.html",
        {"exhibitor": exhibitor, "event": exhibitor.event, "meetings": meetings},
    )


@require_http_methods(["GET", "POST"])
def meeting_request(request, slug, code):
    event = _event(slug)
    exhibitor = get_object_or_404(Exhibitor.objects.select_related("project"), event=event, code=code)
    form = MeetingRequestForm(request.POST or None)
    error = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            meeting = services.meeting_request(
                exhibitor=exhibitor,
                requester_name=data["requester_name"],
                requester_email=data["requester_email"],
                requester_phone=data["requester_phone"],
                requester_organization=data["requester_organization"],
                requester_kind=data["requester_kind"],
                message=data["message"],
                language=get_language() or "vi",
            )
        except DomainError as exc:
            error = exc.message
        else:
            messages.success(
                request, _("Your request was sent to the team. You will get an e-mail when they answer.")
            )
            return redirect(meeting_path(meeting))
    return render(
        request,
        "exhibitions/meeting_request.html",
        {"event": event, "exhibitor": exhibitor, "form": form, "error": error},
        status=409 if error else 200,
    )


def meeting_detail(request, token):
    meeting = meeting_from_token(token)
    if meeting is None:
        raise Http404
    return render(request, "exhibitions/meeting.html", {"meeting": meeting, "event": meeting.event})


def _staff_event(request, slug) -> Event:
    if not request.user.has_perm("events.view_registration"):
        raise PermissionDenied
    return get_object_or_404(staff_events(request.user), slug=slug)


@login_required
def floor_list(request, slug):
    event = _staff_event(request, slug)
    exhibitors = (
        event.exhibitors.filter(status=ExhibitorStatus.APPROVED)
        .select_related("project")
        .prefetch_related("members")
        .order_by("booth", "project__name")
    )
    return render(request, "exhibitions/floor_list.html", {"event": event, "exhibitors": exhibitors})


@login_required
@require_http_methods(["GET", "POST"])
def meeting_grid(request, slug):
    event = _staff_event(request, slug)
    if request.method == "POST":
        if not request.user.has_perm("events.change_registration"):
            raise PermissionDenied
        meeting = _posted_meeting(request, event=event)
        try:
            if request.POST.get("action") == "undo":
                services.meeting_undo_held(
                    meeting=meeting, reason=request.POST.get("reason", ""), by=request.user
                )
                messages.success(request, _("The mark was undone; the meeting can be marked again."))
            else:
                services.meeting_record_held(
                    meeting=meeting, held=request.POST.get("held") == "yes", by=request.user
                )
        except DomainError as exc:
            messages.error(request, exc.message)
        return redirect(request.path)
    meetings = list(event.meetings.filter(status=MeetingStatus.ACCEPTED).select_related("exhibitor__project"))
    slots = services.meeting_slots(event)
    tables = [str(n) for n in range(1, event.meeting_tables + 1)]
    by_cell = {(m.starts_at, m.table): m for m in meetings}
    grid = [(start, end, [by_cell.get((start, t)) for t in tables]) for start, end in slots]
    grid = [row for row in grid if any(row[2])] if request.GET.get("all") != "1" else grid
    return render(
        request,
        "exhibitions/meeting_grid.html",
        {
            "event": event,
            "tables": tables,
            "grid": grid,
            "pending": event.meetings.filter(status="requested").count(),
        },
    )

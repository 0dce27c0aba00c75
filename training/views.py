import io

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from checkin.links import ticket_urls
from checkin.models import Ticket
from events.calendar.services import personal_feed_get_or_create
from events.collation import Vietnamese
from events.enums import RegistrationStatus
from events.models import Registration
from events.selectors import staff_events
from events.signing import registration_manage_path
from events.spreadsheets import append_row

from . import nominations, selectors, services
from .enums import Mark, NominationSource
from .forms import CertificateLookupForm, ConsentForm, NomineeFormSet, UploadForm
from .models import Certificate, Completion, Course, NominationInvite
from .rendering import certificate_pdf
from .signing import email_from_token

# --- Certificates (public)  ---


def _certificate(code: str) -> Certificate:
    return get_object_or_404(
        Certificate.objects.select_related("course__event__organizer", "registration"), code=code.upper()
    )


def _certificate_not_found(request, form):
    return render(request, "training/certificate_lookup.html", {"form": form, "not_found": True}, status=404)


def certificate_lookup(request):
    """Type a code or a number: found, the certificate's page; not found, this form again with a message
    (status 404)."""
    form = CertificateLookupForm(request.GET or None)
    if form.is_bound and form.is_valid():
        certificate = selectors.certificate_find(form.cleaned_data["q"])
        if certificate is None:
            return _certificate_not_found(request, form)
        return redirect(certificate.get_absolute_url())
    status = 400 if form.errors else 200
    return render(
        request, "training/certificate_lookup.html", {"form": form, "not_found": False}, status=status
    )


def certificate_verify(request, code):
    certificate = selectors.certificate_find(code)
    if certificate is None:
        return _certificate_not_found(request, CertificateLookupForm(initial={"q": code[:40]}))
    sessions = selectors.course_sessions(certificate.course)
    counted = [s for s in sessions if not s.is_cancelled]
    return render(
        request,
        "training/certificate_verify.html",
        {
            "certificate": certificate,
            "event": certificate.course.event,
            "first": counted[0].starts_at if counted else None,
            "last": counted[-1].ends_at if counted else None,
            "form": CertificateLookupForm(),
        },
        status=200,
    )


def certificate_download(request, code):
    certificate = _certificate(code)
    if not certificate.is_valid:
        raise Http404
    language = request.GET.get("lang") or get_language() or "vi"
    response = HttpResponse(
        certificate_pdf(certificate, language=language if language in ("vi", "en") else "vi"),
        content_type="application/pdf",
    )
    response["Content-Disposition"] = (
        f'inline; filename="certificate-{certificate.year}-{certificate.number:06d}.pdf"'
    )
    return response


# --- The trainee's own page  ---


def person_page(request, token):
    email = email_from_token(token)
    if not email:
        raise Http404
    registrations = list(
        Registration.objects.filter(email__iexact=email)
        .select_related("event", "event__venue", "event__course")
        .order_by("-created_at")
    )
    if not registrations:
        raise Http404
    ids = [r.pk for r in registrations]
    tickets = {
        t.registration_id: ticket_urls(t, absolute=False)
        for t in Ticket.objects.filter(registration_id__in=ids, revoked_at__isnull=True)
    }
    certificates: dict[int, list[Certificate]] = {}
    for certificate in Certificate.objects.filter(registration_id__in=ids).order_by("-issued_at"):
        certificates.setdefault(certificate.registration_id, []).append(certificate)
    completions = {c.registration_id: c for c in Completion.objects.filter(registration_id__in=ids)}
    items = []
    for registration in registrations:
        course = getattr(registration.event, "course", None)
        attendance = None
        if course is not None and registration.status == RegistrationStatus.CONFIRMED:
            matrix = selectors.attendance_matrix(course, registrations=[registration])
            attendance = {
                "matrix": matrix,
                "row": matrix.rows[0],
                "sessions": list(zip(matrix.sessions, matrix.rows[0].marks, strict=True)),
            }
        if registration.status == RegistrationStatus.CONFIRMED and registration.pk not in tickets:
            from checkin.services import ticket_get_or_issue

            ticket = ticket_get_or_issue(registration=registration)
            if ticket:
                tickets[registration.pk] = ticket_urls(ticket, absolute=False)
        items.append(
            {
                "registration": registration,
                "event": registration.event,
                "course": course,
                "ticket": tickets.get(registration.pk),
                "certificates": certificates.get(registration.pk, []),
                "completion": completions.get(registration.pk),
                "attendance": attendance,
                "manage_path": registration_manage_path(registration),
            }
        )
    feed_url = None
    if any(r.status == RegistrationStatus.CONFIRMED for r in registrations):
        # The personal feed lists confirmed registrations only (events.calendar).
        feed = personal_feed_get_or_create(email=email)
        feed_url = request.build_absolute_uri(feed.get_absolute_url())
    return render(
        request,
        "training/person.html",
        {
            "items": items,
            "name": registrations[0].full_name,
            "email": email,
            "feed_url": feed_url,
            "Mark": Mark,
        },
    )


# --- Nominations (partner organisations)  ---


def _invite(token) -> NominationInvite:
    return get_object_or_404(
        NominationInvite.objects.select_related("course__event", "organization"),
        token=token,
        revoked_at__isnull=True,
    )


@require_http_methods(["GET", "POST"])
def nominate(request, token):
    invite = _invite(token)
    course = invite.course
    # Bind each form only to its own submission: an upload must not leave the small form without rows.
    formset = NomineeFormSet(request.POST if "people" in request.POST else None, prefix="p")
    upload_form = (
        UploadForm(request.POST or None, request.FILES or None) if "upload" in request.POST else UploadForm()
    )
    consent_form = ConsentForm(request.POST or None) if "people" in request.POST else ConsentForm()
    result = None
    file_error = None
    if request.method == "POST":
        rows = None
        source, file_name = NominationSource.FORM, ""
        if "upload" in request.POST:
            if upload_form.is_valid():
                try:
                    rows = nominations.nominees_read(upload_form.cleaned_data["file"])
                except nominations.FileError as exc:
                    file_error = exc.message
                source, file_name = NominationSource.EXCEL, upload_form.cleaned_data["file"].name
        elif formset.is_valid() and consent_form.is_valid():
            rows = [
                (
                    index + 1,
                    {k: (v or "").strip() if isinstance(v, str) else v for k, v in form.cleaned_data.items()},
                )
                for index, form in enumerate(formset.forms)
                if form.has_changed()
            ]
            rows = [
                (n, {**r, "phone": r.get("phone", ""), "position": r.get("position", "")}) for n, r in rows
            ]
        if rows is not None:
            result = nominations.nominations_import(
                course=course,
                organization=invite.organization,
                rows=rows,
                source=source,
                invite=invite,
                file_name=file_name,
                language=get_language() or "vi",
            )
            if result.ok:
                formset = NomineeFormSet(prefix="p")
    nominated = (
        Registration.objects.filter(nomination_batches__invite=invite)
        .distinct()
        .order_by(Vietnamese("full_name"), "pk")
    )
    return render(
        request,
        "training/nominate.html",
        {
            "invite": invite,
            "course": course,
            "event": course.event,
            "formset": formset,
            "upload_form": upload_form,
            "consent_form": consent_form,
            "result": result,
            "file_error": file_error,
            "nominated": nominated,
        },
        status=400 if (result is not None and not result.ok) or file_error else 200,
    )


def nomination_template(request, token):
    _invite(token)
    response = HttpResponse(
        nominations.template_xlsx(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = 'attachment; filename="danh-sach-cu-di-hoc.xlsx"'
    return response


# --- Staff: attendance matrix  ---


def _staff_course(request, slug) -> Course:
    if not request.user.has_perm("events.view_registration"):
        raise PermissionDenied
    courses = Course.objects.select_related("event").filter(event__in=staff_events(request.user))
    return get_object_or_404(courses, event__slug=slug)


@login_required
def attendance(request, slug):
    course = _staff_course(request, slug)
    if request.method == "POST" and request.user.has_perm("events.change_registration"):
        services.course_evaluate_completion(course=course)
    matrix = selectors.attendance_matrix(course)
    if request.GET.get("format") == "xlsx":
        return _attendance_xlsx(matrix)
    return render(
        request,
        "training/attendance.html",
        {
            "course": course,
            "event": course.event,
            "matrix": matrix,
            "rows": [(row, list(zip(matrix.sessions, row.marks, strict=True))) for row in matrix.rows],
            "Mark": Mark,
            "now": timezone.now(),
        },
    )


MARK_SYMBOLS = {
    Mark.PRESENT: "✓",
    Mark.LATE: "L",
    Mark.ABSENT: "✗",
    Mark.CORRECTED: "✓*",
    Mark.UPCOMING: "",
    Mark.CANCELLED: "–",
}


def _attendance_xlsx(matrix) -> HttpResponse:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Attendance")[:31]  # Excel's limit for a sheet name
    header = [_("Full name"), _("Organisation"), _("E-mail")]
    header += [timezone.localtime(s.starts_at).strftime("%d/%m %H:%M") for s in matrix.sessions]
    header += [_("Sessions attended"), _("Share (%)"), _("Completed"), _("At risk")]
    append_row(sheet, header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in matrix.rows:
        registration = row.registration
        append_row(
            sheet,
            [registration.full_name, registration.organization_name, registration.email]
            + [MARK_SYMBOLS[m] for m in row.marks]
            + [
                row.attended,
                row.percent,
                _("Yes") if row.completed else _("No"),
                _("Yes") if row.at_risk else "",
            ],
        )
    legend = workbook.create_sheet(_("Legend"))
    for mark, symbol in MARK_SYMBOLS.items():
        append_row(legend, [symbol, str(Mark(mark).label)])
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(
        buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="attendance-{matrix.course.event.slug}.xlsx"'
    return response

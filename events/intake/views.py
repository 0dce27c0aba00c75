"""Staff pages: add one person to an event or course, import a participant list (upload, mapping and
preview, import with a progress bar). Every event is looked up through `events.selectors.organiser_events`."""

import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from events.exceptions import RegistrationError
from events.models import Event
from events.selectors import organiser_events
from events.spreadsheets import append_row

from . import jobs, reading, services
from .forms import AddPersonForm, ConfirmForm, MappingForm, UploadForm
from .models import ImportState, ParticipantImport


def _event(request, slug) -> Event:
    return get_object_or_404(organiser_events(request.user), slug=slug)


def _job(request, event: Event, token: str) -> ParticipantImport:
    return get_object_or_404(ParticipantImport.objects.select_related("event"), token=token, event=event)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def intake_add(request, slug):
    event = _event(request, slug)
    form = AddPersonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            outcome = services.registration_add(
                event=event,
                **form.person(),
                send_ticket=form.cleaned_data["send_ticket"],
                language=(get_language() or "vi")[:2],
            )
        except RegistrationError as refused:
            form.add_error(None, refused.message)
        else:
            registration = outcome.registration
            messages.success(
                request,
                _("%(name)s was added (%(reference)s): %(status)s.")
                % {
                    "name": registration.full_name,
                    "reference": registration.reference,
                    "status": registration.get_status_display(),
                },
            )
            return redirect("events:intake_add", slug=event.slug)
    return render(
        request,
        "intake/add.html",
        {"event": event, "form": form},
        status=400 if request.method == "POST" else 200,
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def intake_import(request, slug):
    event = _event(request, slug)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            job = services.import_upload(
                event=event,
                by=request.user,
                file_name=upload.name,
                data=upload.read(reading.MAX_FILE_BYTES + 1),
            )
        except reading.FileError as unreadable:
            form.add_error("file", unreadable.message)
        else:
            return redirect("events:intake_preview", slug=event.slug, token=job.token)
    recent = ParticipantImport.objects.filter(event=event).only(
        "token", "file_name", "state", "total", "created_count", "created_at"
    )[:10]
    return render(
        request,
        "intake/import.html",
        {"event": event, "form": form, "recent": recent},
        status=400 if request.method == "POST" else 200,
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def intake_preview(request, slug, token):
    event = _event(request, slug)
    job = _job(request, event, token)
    if job.state != ImportState.UPLOADED:
        return _progress_page(request, event, job)
    try:
        table = reading.Table.from_json(job.table)
    except reading.FileError as unreadable:
        messages.error(request, unreadable.message)
        return redirect("events:intake_import", slug=event.slug)
    mapping_form = MappingForm(
        request.POST if request.POST.get("action") == "map" else None,
        header=table.header,
        mapping=job.mapping,
    )
    confirm_form = ConfirmForm(request.POST if request.POST.get("action") == "import" else None)
    if request.method == "POST":
        if request.POST.get("action") == "map" and mapping_form.is_valid():
            job.mapping = mapping_form.mapping()
            job.save(update_fields=["mapping"])
            return redirect("events:intake_preview", slug=event.slug, token=job.token)
        if request.POST.get("action") == "import" and confirm_form.is_valid():
            preview = services.import_preview(job=job, table=table)
            if preview.ok:
                services.import_start(job=job, send_tickets=confirm_form.cleaned_data["send_tickets"])
                return redirect("events:intake_preview", slug=event.slug, token=job.token)
    preview = services.import_preview(job=job, table=table)
    return render(
        request,
        "intake/preview.html",
        {
            "event": event,
            "job": job,
            "preview": preview,
            "mapping_form": mapping_form,
            "confirm_form": confirm_form,
            "sample": preview.rows[:10],
            "fields": [(name, label) for name, (label, _titles) in reading.FIELDS.items()],
            "problems": preview.problems[:300],
            "more_problems": max(len(preview.problems) - 300, 0),
        },
        status=400 if request.method == "POST" else 200,
    )


def _progress_page(request, event, job):
    problems = [jobs.RowProblem(**p) for p in job.problems]
    return render(
        request,
        "intake/progress.html",
        {
            "event": event,
            "job": job,
            "progress": jobs.import_progress(job),
            "problems": problems,
            "upload_form": UploadForm(),
        },
    )


@never_cache
@login_required
@require_GET
def intake_progress(request, slug, token):
    event = _event(request, slug)
    job = get_object_or_404(ParticipantImport.objects.defer("table"), token=token, event=event)
    return JsonResponse(jobs.import_progress(job))


@login_required
@require_GET
def intake_template(request, slug):
    event = _event(request, slug)
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Danh sách"
    append_row(sheet, ["Họ và tên", "Email", "Số điện thoại", "Tổ chức", "Loại tổ chức", "Chức vụ"])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for column, width in zip("ABCDEF", (30, 32, 16, 36, 28, 24), strict=True):
        sheet.column_dimensions[column].width = width
        sheet.column_dimensions[column].number_format = "@"
    help_sheet = workbook.create_sheet("Hướng dẫn - Help")
    for line in (
        "Mỗi dòng một người; giữ nguyên dòng tiêu đề. Bắt buộc: họ và tên, email, số điện thoại.",
        "Loại tổ chức: một trong các loại dưới đây (tiếng Việt hoặc tiếng Anh).",
        "Nếu có lỗi, không dòng nào được lưu.",
        "One person per row; keep the title row. Required: full name, e-mail, phone.",
        "Kind of organisation: one of the kinds below (Vietnamese or English).",
        "With any error, no row is saved.",
        "",
    ):
        append_row(help_sheet, [line])
    from django.utils import translation

    from events.enums import OrganizationKind

    for _value, label in OrganizationKind.choices:
        with translation.override("vi"):
            vi = str(label)
        with translation.override("en"):
            en = str(label)
        append_row(help_sheet, [vi, en])
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(
        buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="danh-sach-{event.slug}.xlsx"'
    return response

"""Nominee lists: parse and validate a form or an .xlsx file row by row; all rows are saved or none."""

import io
import logging
import zipfile
from dataclasses import dataclass, field

from django import forms
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from events.enums import RegistrationSource, RegistrationStatus
from events.exceptions import RegistrationError
from events.models import Organization, Registration
from events.services import registration_create
from events.spreadsheets import append_row
from events.validators import validate_single_line, validate_vietnamese_phone

from .models import Course, NominationBatch, NominationInvite

logger = logging.getLogger(__name__)

MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_ROWS = 2000

# Column keys and the headers accepted for them (Vietnamese first, as in the template).
COLUMNS = [
    ("full_name", ["Họ và tên", "Full name"]),
    ("email", ["Email", "E-mail", "Thư điện tử"]),
    ("phone", ["Số điện thoại", "Phone"]),
    ("position", ["Chức vụ", "Position"]),
]


class NomineeForm(forms.Form):
    full_name = forms.CharField(
        label=gettext_lazy("Full name"), max_length=200, validators=[validate_single_line]
    )
    email = forms.EmailField(label=gettext_lazy("E-mail"), max_length=254)
    phone = forms.CharField(
        label=gettext_lazy("Phone"),
        max_length=20,
        validators=[validate_single_line, validate_vietnamese_phone],
    )
    position = forms.CharField(
        label=gettext_lazy("Position"), max_length=200, required=False, validators=[validate_single_line]
    )


@dataclass
class RowError:
    row: int  # 1-based as the user sees it (file rows include the header row)
    field: str  # the column's key ("email"), or "" for the row as a whole
    message: str

    @property
    def label(self) -> str:
        """The column's name in the user's language, as the page shows it."""
        form_field = NomineeForm.base_fields.get(self.field)
        return str(form_field.label) if form_field else self.field


@dataclass
class NominationResult:
    ok: bool
    errors: list[RowError] = field(default_factory=list)
    batch: NominationBatch | None = None
    registrations: list[Registration] = field(default_factory=list)


class FileError(Exception):
    def __init__(self, message: str):
        self.message = message
        super().__init__(message)


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    # A line break inside a cell is how Excel wraps a long text (Alt+Enter): it is read as a space.
    text = " ".join(str(value).split())
    # Excel drops a phone number's leading zero when the column is numeric.
    return text


def read_xlsx(upload) -> list[tuple[int, dict]]:
    """Rows of an uploaded .xlsx as (row number, {column: text}). Raises FileError for a file that is
    not a readable workbook, has wrong columns, or is too large."""
    from openpyxl import load_workbook

    size = getattr(upload, "size", None)
    if size is not None and size > MAX_FILE_BYTES:
        raise FileError(_("The file is larger than 2 MB."))
    data = upload.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        raise FileError(_("The file is larger than 2 MB."))
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise FileError(_("This is not an Excel (.xlsx) file. Download the template and fill it in."))
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for damaged files
        raise FileError(
            _("This is not an Excel (.xlsx) file. Download the template and fill it in.")
        ) from exc
    try:
        return _read_rows(workbook)
    except FileError:
        raise
    except Exception as exc:  # read-only sheets are parsed while the rows are read: damage shows up here
        logger.info("Nomination workbook refused as unreadable", exc_info=True)
        raise FileError(
            _("This is not an Excel (.xlsx) file. Download the template and fill it in.")
        ) from exc
    finally:
        workbook.close()


def _read_rows(workbook) -> list[tuple[int, dict]]:
    sheet = workbook.worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    header = [(_cell(v)).lower() for v in next(rows, ())]
    positions = {}
    for key, names in COLUMNS:
        for index, title in enumerate(header):
            if title in (n.lower() for n in names):
                positions[key] = index
                break
    missing = [names[0] for key, names in COLUMNS if key not in positions and key != "position"]
    if missing:
        raise FileError(
            _("The first row must hold the column titles of the template. Missing: %(columns)s.")
            % {"columns": ", ".join(missing)}
        )
    result = []
    for number, values in enumerate(rows, start=2):
        if number - 1 > MAX_ROWS:
            raise FileError(_("A file can hold at most %(n)d people.") % {"n": MAX_ROWS})
        record = {key: _cell(values[i]) if i < len(values) else "" for key, i in positions.items()}
        if not any(record.values()):
            continue  # blank line
        if record.get("phone", "").isdigit() and len(record["phone"]) == 9:
            record["phone"] = "0" + record["phone"]
        result.append((number, record))
    return result


def template_xlsx() -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Danh sách cử đi học"
    append_row(sheet, [names[0] for _key, names in COLUMNS])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for column, width in zip("ABCD", (32, 32, 18, 28), strict=True):
        sheet.column_dimensions[column].width = width
        sheet.column_dimensions[column].number_format = "@"
    help_sheet = workbook.create_sheet("Hướng dẫn")
    for line in (
        "Mỗi dòng một người. Giữ nguyên dòng tiêu đề.",
        "Số điện thoại Việt Nam, ví dụ 0912 345 678 hoặc +84 912 345 678.",
        "Mỗi email chỉ xuất hiện một lần. Tệp có lỗi sẽ không được lưu dòng nào.",
        "One person per row. Keep the title row. A file with any error saves nothing.",
    ):
        append_row(help_sheet, [line])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def validate_rows(
    *,
    course: Course,
    organization: Organization,
    rows: list[tuple[int, dict]],
    invite: NominationInvite | None = None,
) -> list[RowError]:
    errors: list[RowError] = []
    if not rows:
        errors.append(RowError(0, "", _("The list is empty.")))
        return errors
    if not course.accepts(organization.kind):
        errors.append(
            RowError(
                0,
                "organization",
                _("This course is only for staff of: %(kinds)s.")
                % {"kinds": ", ".join(course.eligible_kind_labels())},
            )
        )
    seen: dict[str, int] = {}
    valid_emails = []
    for number, record in rows:
        form = NomineeForm(data=record)
        if not form.is_valid():
            for name, messages in form.errors.items():
                errors.extend(RowError(number, name, str(message)) for message in messages)
            continue
        email = form.cleaned_data["email"].lower()
        if email in seen:
            errors.append(RowError(number, "email", _("Same e-mail as row %(row)d.") % {"row": seen[email]}))
            continue
        seen[email] = number
        valid_emails.append((number, email))
    already = {
        e.lower()
        for e in Registration.objects.filter(event=course.event)
        .exclude(status=RegistrationStatus.CANCELLED)
        .values_list("email", flat=True)
    }
    for number, email in valid_emails:
        if email in already:
            errors.append(RowError(number, "email", _("This person is already registered for the course.")))
    event = course.event
    if event.capacity is not None:
        taken = event.registrations.filter(status=RegistrationStatus.CONFIRMED).count()
        free = max(event.capacity - taken, 0)
        if len(rows) > free:
            errors.append(
                RowError(
                    0,
                    "",
                    _("The course has %(free)d seats left; the list has %(n)d people.")
                    % {"free": free, "n": len(rows)},
                )
            )
    if invite and invite.max_nominees is not None:
        sent = (
            Registration.objects.filter(nomination_batches__invite=invite)
            .exclude(status=RegistrationStatus.CANCELLED)
            .distinct()
            .count()
        )
        if sent + len(rows) > invite.max_nominees:
            errors.append(
                RowError(
                    0,
                    "",
                    _("Your organisation may nominate at most %(n)d people for this course.")
                    % {"n": invite.max_nominees},
                )
            )
    return sorted(errors, key=lambda e: (e.row, e.field))


def nominations_import(
    *,
    course: Course,
    organization: Organization,
    rows: list[tuple[int, dict]],
    source: str,
    invite: NominationInvite | None = None,
    by=None,
    file_name: str = "",
    language: str = "vi",
    progress=None,
) -> NominationResult:
    """Validate every row, then register everyone in one transaction: all saved, or nothing."""
    errors = validate_rows(course=course, organization=organization, rows=rows, invite=invite)
    if errors:
        return NominationResult(ok=False, errors=errors)
    created = []
    try:
        with transaction.atomic():
            batch = NominationBatch.objects.create(
                course=course,
                organization=organization,
                invite=invite,
                source=source,
                file_name=file_name[:255],
                created_by=by if by and getattr(by, "is_authenticated", False) else None,
            )
            for number, record in rows:
                outcome = registration_create(
                    event=course.event,
                    full_name=record["full_name"],
                    email=record["email"],
                    phone=record["phone"],
                    position=record.get("position", ""),
                    organization_name=organization.name,
                    organization=organization,
                    consent=True,
                    source=RegistrationSource.NOMINATION,
                    language=language,
                    extra={"organization_kind": organization.kind},
                )
                if not outcome.created or outcome.registration.status == RegistrationStatus.WAITLISTED:
                    raise _RowRefused(number, _("No seat is left for this person."))
                created.append(outcome.registration)
                if progress:
                    progress(1)
            batch.registrations.set(created)
    except _RowRefused as refused:
        return NominationResult(ok=False, errors=[RowError(refused.row, "", refused.message)])
    except RegistrationError as exc:
        return NominationResult(ok=False, errors=[RowError(0, "", str(exc.message))])
    return NominationResult(ok=True, batch=batch, registrations=created)


class _RowRefused(Exception):
    def __init__(self, row: int, message: str):
        self.row = row
        self.message = message
        super().__init__(message)

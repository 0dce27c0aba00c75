"""Nominee lists: a partner organisation's staff, typed into a form or uploaded as a file, checked row by
row; all rows are saved or none.

The file is read by the core's list reader (`events.intake.reading`: an .xlsx workbook or a CSV file in
UTF-8, Windows-1258 or UTF-16, columns found by their Vietnamese or English titles), and the people are
registered by the core's `registrations_create_many`, the same rules as a staff import. What nominations
add: a smaller file (`MAX_FILE_BYTES`, `MAX_ROWS`: the upload page is public, behind a signed link), the
organisation's kind checked against the course, the invite's `max_nominees`, and a confirmed seat for
every nominee (a nomination never waitlists anyone)."""

import io
import logging
from dataclasses import dataclass, field

from django import forms
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from events.enums import RegistrationSource, RegistrationStatus
from events.exceptions import RegistrationError
from events.intake import reading
from events.intake.reading import FileError
from events.mail.services import registration_emails_queue
from events.models import Event, Organization, Registration
from events.selectors import seats_left
from events.services import RegistrationsRefused, registrations_create_many
from events.spreadsheets import append_row
from events.validators import validate_single_line, validate_vietnamese_phone

from .models import Course, NominationBatch, NominationInvite

logger = logging.getLogger(__name__)

# Stricter than a staff import's (events.intake.reading): anyone holding the link can upload.
MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_ROWS = 2000

# The template's column titles (Vietnamese, as partners expect); `reading.guess_mapping` knows each of them,
# and their English names too.
TEMPLATE_HEADER = ["Họ và tên", "Email", "Số điện thoại", "Chức vụ"]
NOMINEE_FIELDS = ("full_name", "email", "phone", "position")


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


def nominees_read(upload) -> list[tuple[int, dict]]:
    """The nominees of an uploaded file (an .xlsx workbook or a CSV file, see `events.intake.reading`) as
    (row number, {field: text}), the header being row 1. Raises FileError for a file too large, not a
    list, empty, with too many rows or without the required columns."""
    too_large = FileError(_("The file is larger than %(mb)d MB.") % {"mb": MAX_FILE_BYTES // (1024 * 1024)})
    if (getattr(upload, "size", None) or 0) > MAX_FILE_BYTES:
        raise too_large
    data = upload.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        raise too_large
    table = reading.read_table(data, getattr(upload, "name", "") or "", max_rows=MAX_ROWS)
    mapping = reading.guess_mapping(table.header)
    missing = [str(reading.FIELDS[name][0]) for name in reading.REQUIRED if name not in mapping]
    if missing:
        raise FileError(
            _("The first row must hold the column titles of the template. Missing: %(columns)s.")
            % {"columns": ", ".join(missing)}
        )
    kinds = reading.organization_kinds()
    rows = []
    for number, cells in table.rows:
        person = reading.person_from(cells, mapping, kinds)
        # A line break inside a cell is how Excel wraps a long text (Alt+Enter): it is read as a space.
        rows.append((number, {name: " ".join(person[name].split()) for name in NOMINEE_FIELDS}))
    return rows


def template_xlsx() -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Danh sách cử đi học"
    append_row(sheet, TEMPLATE_HEADER)
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
    """Every problem of a nominee list, nothing saved: each row's shape (`NomineeForm`, no formula-looking
    text), then the registration rules for the rows that pass, as `nominations_import` will apply them
    (`registrations_create_many` as a dry run: the event open, duplicates in the list, people already
    registered, seats), and the nomination's own rules (the organisation's kind, a seat for everyone,
    the invite's limit)."""
    errors: list[RowError] = []
    if not rows:
        errors.append(RowError(0, "", _("The list is empty.")))
        return errors
    eligible = course.accepts(organization.kind)
    if not eligible:
        errors.append(
            RowError(
                0,
                "organization",
                _("This course is only for staff of: %(kinds)s.")
                % {"kinds": ", ".join(course.eligible_kind_labels())},
            )
        )
    checkable = _checkable(rows, errors)
    event = Event.objects.get(pk=course.event_id)  # as it is now (the import holds its lock)
    free = seats_left(event)
    short_of_seats = free is not None and len(rows) > free
    try:
        planned = registrations_create_many(
            event=event,
            people=[_person(record, organization) for _number, record in checkable],
            source=RegistrationSource.NOMINATION,
            organization=organization,
            by_staff=False,
            dry_run=True,
        )
    except RegistrationsRefused as refused:
        first_row: dict[str, int] = {}
        for number, record in checkable:
            first_row.setdefault(record["email"].lower(), number)
        for refusal in refused.refusals:
            number, record = checkable[refusal.index]
            if refusal.code == "duplicate_in_list":
                message = _("Same e-mail as row %(row)d.") % {"row": first_row[record["email"].lower()]}
            elif refusal.code == "already_registered":
                message = _("This person is already registered for the course.")
            elif refusal.code == "event_full":
                short_of_seats = True
                continue
            elif refusal.code in ("not_eligible", "organization_kind_required") and not eligible:
                continue  # said once for the whole list
            else:
                message = refusal.message
            errors.append(RowError(number, refusal.field, message))
    except RegistrationError as refused:  # the course is not open for registration
        errors.append(RowError(0, "", str(refused.message)))
    else:
        short_of_seats = short_of_seats or any(r.status == RegistrationStatus.WAITLISTED for r in planned)
    if short_of_seats:
        errors.append(
            RowError(
                0,
                "",
                _("The course has %(free)d seats left; the list has %(n)d people.")
                % {"free": free or 0, "n": len(rows)},
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


def _checkable(rows: list[tuple[int, dict]], errors: list[RowError]) -> list[tuple[int, dict]]:
    """The rows whose cells are well formed, cleaned; the others' problems go to `errors`."""
    checkable = []
    for number, record in rows:
        form = NomineeForm(data=record)
        if not form.is_valid():
            for name, messages in form.errors.items():
                errors.extend(RowError(number, name, str(message)) for message in messages)
            continue
        # a name that a spreadsheet would run as a formula (names go back into staff's spreadsheets)
        problems = reading.row_problems(form.cleaned_data)
        errors.extend(RowError(number, name, str(message)) for name, message in problems)
        if not problems:
            checkable.append((number, form.cleaned_data))
    return checkable


def _person(record: dict, organization: Organization) -> dict:
    return {
        "full_name": record["full_name"],
        "email": record["email"],
        "phone": record["phone"],
        "position": record.get("position") or "",
        "organization_name": organization.name,
        "organization_kind": organization.kind,
    }


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
    """Check every row (`validate_rows`), then register everyone in one transaction: all saved, or nothing.
    The course's event stays locked from the check to the save, so what was checked is what is saved
    (seats, people already registered, the invite's limit); everyone is e-mailed their ticket (queued in
    bulk in this transaction). `progress(n)`: n more rows saved."""
    with transaction.atomic():
        Event.objects.select_for_update().get(pk=course.event_id)
        errors = validate_rows(course=course, organization=organization, rows=rows, invite=invite)
        if errors:
            return NominationResult(ok=False, errors=errors)
        saved = 0

        def advance(done: int) -> None:
            nonlocal saved
            if progress and done > saved:
                progress(done - saved)
            saved = max(saved, done)

        try:
            with transaction.atomic():
                registrations = registrations_create_many(
                    event=course.event,
                    people=[_person(record, organization) for _number, record in _checkable(rows, [])],
                    source=RegistrationSource.NOMINATION,
                    organization=organization,
                    language=language,
                    by_staff=False,
                    progress=advance,
                )
                if any(r.status == RegistrationStatus.WAITLISTED for r in registrations):
                    raise RegistrationError(_("No seat is left for this person."))  # checked above: never
                batch = NominationBatch.objects.create(
                    course=course,
                    organization=organization,
                    invite=invite,
                    source=source,
                    file_name=file_name[:255],
                    created_by=by if by and getattr(by, "is_authenticated", False) else None,
                )
                batch.registrations.set(registrations)
                for status in (RegistrationStatus.CONFIRMED, RegistrationStatus.PENDING):
                    registration_emails_queue(
                        registrations=[r for r in registrations if r.status == status], kind=status
                    )
        except RegistrationError as exc:  # the event changed under the lock: not reachable in our paths
            logger.warning("Nomination refused after its check: %s", exc.message)
            return NominationResult(ok=False, errors=[RowError(0, "", str(exc.message))])
    return NominationResult(ok=True, batch=batch, registrations=registrations)

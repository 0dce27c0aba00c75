"""Partner organisations nominate staff: a form for a few people, a file for many (the template .xlsx, or a
CSV saved by Excel, with Vietnamese or English column titles). Every bad row is reported with its row
number, field and reason, and a rejected list saves nothing."""

import datetime
import io
import re
import zipfile
from io import StringIO

import pytest
from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.utils import timezone
from openpyxl import Workbook, load_workbook
from PIL import Image

from events.enums import OrganizationKind, RegistrationSource, RegistrationStatus
from events.intake import reading
from events.mail.models import OutgoingEmail
from events.models import Registration
from events.validators import validate_vietnamese_phone
from tests.factories import OrganizationFactory, RegistrationFactory
from tests.intake.helpers import cp1258
from tests.training.helpers import make_course, table_rows, texts, vi
from training.enums import NominationSource
from training.models import Course, NominationBatch, NominationInvite

pytestmark = pytest.mark.django_db

HEADER = ["Họ và tên", "Email", "Số điện thoại", "Chức vụ"]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
NOT_A_LIST = "This file could not be read. Upload an Excel (.xlsx) or CSV file, or use the template."
MISSING_COLUMNS = "The first row must hold the column titles of the template. Missing: %(columns)s."
NOTHING_SAVED = "The list has errors; nothing was saved. Correct them and send it again."


def person(n: int) -> list[str]:
    return [f"Nguyễn Văn Cán Bộ {n}", f"canbo{n}@sokhcn.example.vn", f"09{n:08d}", "Chuyên viên"]


def xlsx(rows: list[list], header: list[str] = HEADER) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def phone_error() -> str:
    try:
        validate_vietnamese_phone("12345")
    except forms.ValidationError as exc:
        return str(exc.messages[0])
    raise AssertionError("12345 should not be a valid phone")


def email_error() -> str:
    try:
        forms.EmailField().clean("khong-phai-email")
    except forms.ValidationError as exc:
        return str(exc.messages[0])
    raise AssertionError


@pytest.fixture
def course() -> Course:
    return make_course(
        starts=[timezone.now() + datetime.timedelta(days=10 + n) for n in range(3)],
        slug="tap-huan-uom-tao-2026",
        capacity=500,
    )


@pytest.fixture
def invite(course, organization) -> NominationInvite:
    return NominationInvite.objects.create(
        course=course,
        organization=organization,
        contact_name="Trần Minh Khoa",
        contact_email="khoa@example.vn",
    )


def upload(client, invite, content: bytes, name: str = "danh-sach.xlsx", content_type: str = XLSX):
    return client.post(
        f"/nominate/{invite.token}/",
        {
            "upload": "1",
            "consent": "on",
            "file": SimpleUploadedFile(name, content, content_type=content_type),
        },
    )


def shown_errors(response) -> list[list[str]]:
    """The row-error table of the nomination page: [row, field, problem] per error."""
    return table_rows(response.content, "row-errors")


def assert_rejected(response, errors: list[list[str]], before: int) -> None:
    assert response.status_code == 400
    assert texts(response.content, r'<div class="notice notice--danger" role="alert"><p>(.*?)</p>') == [
        vi(NOTHING_SAVED)
    ]
    assert shown_errors(response) == errors
    assert Registration.objects.count() == before
    assert NominationBatch.objects.count() == 0


def file_error(response) -> list[str]:
    return texts(response.content, r'<div class="notice notice--danger" role="alert">(.*?)</div>')


def test_nomination_file_of_500_rows_imports(client, course, invite, organization):
    response = upload(client, invite, xlsx([person(n) for n in range(1, 501)]))

    assert response.status_code == 200
    assert [(e.row, e.field) for e in (response.context["result"].errors)] == []
    registrations = Registration.objects.filter(event=course.event)
    assert registrations.count() == 500
    assert set(
        registrations.values_list(
            "source", "status", "organization", "organization_name", "organization_kind"
        )
    ) == {
        (
            RegistrationSource.NOMINATION,
            RegistrationStatus.CONFIRMED,
            organization.pk,
            organization.name,
            organization.kind,
        )
    }
    assert registrations.get(email="canbo500@sokhcn.example.vn").phone == "0900000500"
    batch = NominationBatch.objects.get()
    assert (batch.source, batch.file_name, batch.invite, batch.registrations.count()) == (
        NominationSource.EXCEL,
        "danh-sach.xlsx",
        invite,
        500,
    )


def test_nomination_file_with_wrong_columns_is_rejected(client, invite):
    response = upload(client, invite, xlsx([person(1)], header=["Người", "Hộp thư", "Liên lạc", "Chức vụ"]))

    assert response.status_code == 400
    missing = vi(MISSING_COLUMNS) % {"columns": "Họ và tên, Email, Số điện thoại"}
    assert file_error(response) == [f"{missing} {vi('Nothing was saved.')}"]
    assert (Registration.objects.count(), NominationBatch.objects.count()) == (0, 0)


def test_nomination_file_with_bad_emails_is_rejected(client, invite):
    rows = [
        person(1),
        [*person(2)[:1], "khong-phai-email", *person(2)[2:]],
        person(3),
        ["Lê Thị Hoa", "hoa@", "0912345678", ""],
    ]

    response = upload(client, invite, xlsx(rows))

    assert_rejected(
        response, [["3", vi("E-mail"), email_error()], ["5", vi("E-mail"), email_error()]], before=0
    )


def test_nomination_file_row_numbers_count_blank_lines(client, invite):
    rows = [person(1), [None, None, None, None], ["Lê Thị Hoa", "hoa@", "0912345678", ""]]

    response = upload(client, invite, xlsx(rows))

    assert_rejected(response, [["4", vi("E-mail"), email_error()]], before=0)


def test_nomination_file_with_bad_phones_is_rejected(client, invite):
    rows = [
        person(1),
        person(2),
        ["Lê Thị Hoa", "hoa@example.vn", "12345", ""],
        ["Đỗ Văn Nam", "nam@example.vn", "0112345678", ""],
    ]

    response = upload(client, invite, xlsx(rows))

    assert_rejected(
        response, [["4", vi("Phone"), phone_error()], ["5", vi("Phone"), phone_error()]], before=0
    )


def test_nomination_file_with_missing_name_is_rejected(client, invite):
    response = upload(client, invite, xlsx([person(1), ["", "hoa@example.vn", "0912345678", ""]]))

    assert_rejected(response, [["3", vi("Full name"), vi("This field is required.")]], before=0)


def test_nomination_file_with_duplicate_emails_is_rejected(client, invite):
    rows = [person(1), person(2), ["Trần Văn Trùng", "CANBO1@sokhcn.example.vn", "0987654321", ""]]

    response = upload(client, invite, xlsx(rows))

    assert_rejected(response, [["4", vi("E-mail"), vi("Same e-mail as row %(row)d.") % {"row": 2}]], before=0)


def test_nomination_file_with_already_registered_email_is_rejected(client, course, invite):
    RegistrationFactory(event=course.event, email="canbo2@sokhcn.example.vn")

    response = upload(
        client, invite, xlsx([person(1), [*person(2)[:1], "CanBo2@SoKHCN.example.vn", *person(2)[2:]]])
    )

    assert_rejected(
        response, [["3", vi("E-mail"), vi("This person is already registered for the course.")]], before=1
    )


def test_nomination_file_from_ineligible_organisation_is_rejected(client, course, invite):
    course.eligible_kinds = [OrganizationKind.STATE_AGENCY, OrganizationKind.UNIVERSITY]
    course.save()

    response = upload(client, invite, xlsx([person(1), person(2)]))

    message = vi("This course is only for staff of: %(kinds)s.") % {
        "kinds": f"{vi('State agency')}, {vi('University or school')}"
    }
    assert_rejected(response, [["–", "organization", message]], before=0)


def test_nomination_file_with_more_people_than_seats_is_rejected(client, course, invite):
    course.event.capacity = 3
    course.event.save()
    RegistrationFactory(event=course.event)

    response = upload(client, invite, xlsx([person(1), person(2), person(3)]))

    message = vi("The course has %(free)d seats left; the list has %(n)d people.") % {"free": 2, "n": 3}
    assert_rejected(response, [["–", "", message]], before=1)


def test_nomination_file_over_invite_limit_is_rejected(client, invite):
    invite.max_nominees = 2
    invite.save()

    response = upload(client, invite, xlsx([person(1), person(2), person(3)]))

    message = vi("Your organisation may nominate at most %(n)d people for this course.") % {"n": 2}
    assert_rejected(response, [["–", "", message]], before=0)


def test_nomination_file_lists_every_bad_row(client, course, invite):
    RegistrationFactory(event=course.event, email="da.dang.ky@example.vn")
    rows = [
        person(1),
        ["Lê Thị Hoa", "hoa@", "12345", "Trưởng phòng"],
        person(3),
        ["Trần Văn Trùng", "canbo3@sokhcn.example.vn", "0987654321", ""],
        ["Phạm Đã Đăng Ký", "da.dang.ky@example.vn", "+84 912 345 678", ""],
    ]

    response = upload(client, invite, xlsx(rows))

    assert_rejected(
        response,
        [
            ["3", vi("E-mail"), email_error()],
            ["3", vi("Phone"), phone_error()],
            ["5", vi("E-mail"), vi("Same e-mail as row %(row)d.") % {"row": 4}],
            ["6", vi("E-mail"), vi("This person is already registered for the course.")],
        ],
        before=1,
    )


def _damaged(rows: list[list], damage) -> bytes:
    """A real workbook whose first sheet's XML is then changed by `damage` (text -> text)."""
    source = zipfile.ZipFile(io.BytesIO(xlsx(rows)))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                content = damage(content.decode()).encode()
            target.writestr(item, content)
    return buffer.getvalue()


@pytest.mark.parametrize(
    "damage",
    [
        lambda xml: xml[: xml.index("</row>") + len("</row>")],  # cut off after the header row
        lambda xml: xml.replace("<v>912345678</v>", "<v>abc</v>", 1),  # a number cell holding text
        lambda xml: xml.replace('r="A2"', 'r="ZZZZZZ99999999"', 1),  # a cell beyond any sheet
        lambda xml: xml.replace('<row r="2"', '<row r="abc"', 1),
    ],
    ids=["truncated", "number_cell_with_text", "cell_out_of_range", "row_number_not_a_number"],
)
def test_nomination_damaged_sheet_is_rejected_as_not_excel(client, invite, damage):
    content = _damaged([["Nguyễn Văn A", "a@example.vn", 912345678, "Chuyên viên"]], damage)

    response = upload(client, invite, content)

    assert response.status_code == 400
    assert file_error(response) == [f"{vi(NOT_A_LIST)} {vi('Nothing was saved.')}"]
    assert (Registration.objects.count(), NominationBatch.objects.count()) == (0, 0)


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("anh.xlsx", None),  # a PNG renamed .xlsx
        ("nen.xlsx", b"zip"),  # a zip archive that is not a workbook
        ("danh-sach.pdf", b"%PDF-1.7\n\x00\x01\x02 binary"),
    ],
)
def test_nomination_file_that_is_not_a_list_is_rejected(client, invite, name, content):
    if content is None:
        buffer = io.BytesIO()
        Image.new("RGB", (8, 8), "red").save(buffer, "PNG")
        content = buffer.getvalue()
    elif content == b"zip":
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr("readme.txt", "không phải Excel")
        content = buffer.getvalue()

    response = upload(client, invite, content, name=name)

    assert response.status_code == 400
    assert file_error(response) == [f"{vi(NOT_A_LIST)} {vi('Nothing was saved.')}"]
    assert (Registration.objects.count(), NominationBatch.objects.count()) == (0, 0)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b" \r\n\r\n", ("The file is empty.", {})),
        (
            "Họ và tên,Email\nNguyễn Văn A,a@example.vn\n".encode(),
            (MISSING_COLUMNS, {"columns": "Số điện thoại"}),
        ),
    ],
    ids=["blank_lines", "no_phone_column"],
)
def test_nomination_csv_file_without_people_or_columns_is_rejected(client, invite, content, message):
    response = upload(client, invite, content, name="danh-sach.csv", content_type="text/csv")

    assert response.status_code == 400
    assert file_error(response) == [f"{vi(message[0]) % message[1]} {vi('Nothing was saved.')}"]
    assert (Registration.objects.count(), NominationBatch.objects.count()) == (0, 0)


def test_nomination_file_with_only_the_title_row_is_rejected(client, invite):
    response = upload(client, invite, xlsx([]))

    assert_rejected(response, [["–", "", vi("The list is empty.")]], before=0)


def test_nomination_oversized_file_is_rejected(client, invite):
    content = xlsx([person(1)])
    content += b"\0" * (2 * 1024 * 1024 + 1 - len(content))

    response = upload(client, invite, content)

    assert response.status_code == 400
    too_large = vi("The file is larger than %(mb)d MB.") % {"mb": 2}
    assert file_error(response) == [f"{too_large} {vi('Nothing was saved.')}"]
    assert (Registration.objects.count(), NominationBatch.objects.count()) == (0, 0)


def test_nomination_upload_without_consent_saves_nothing(client, invite):
    response = client.post(
        f"/nominate/{invite.token}/",
        {"upload": "1", "file": SimpleUploadedFile("ds.xlsx", xlsx([person(1)]), content_type=XLSX)},
    )

    assert response.context["upload_form"].errors == {"consent": [vi("This field is required.")]}
    assert Registration.objects.count() == 0


def test_nomination_template_download_has_vietnamese_header(client, invite):
    response = client.get(f"/nominate/{invite.token}/template.xlsx")

    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    workbook = load_workbook(io.BytesIO(response.content))
    sheet = workbook.worksheets[0]
    assert (sheet.title, [c.value for c in sheet[1]]) == ("Danh sách cử đi học", HEADER)
    assert sheet.max_row == 1
    # the shared list reader knows every title of the template
    assert reading.guess_mapping(HEADER) == {"full_name": 0, "email": 1, "phone": 2, "position": 3}


def test_nomination_filled_template_imports(client, invite):
    workbook = load_workbook(io.BytesIO(client.get(f"/nominate/{invite.token}/template.xlsx").content))
    sheet = workbook.worksheets[0]
    sheet.append(["Hồ Thị Ngọc Ánh", "ngocanh@example.vn", "0283 822 4567", "Phó giám đốc"])
    sheet.append(["Đặng Quốc Bảo", "quocbao@example.vn", 912345678, ""])  # Excel dropped the leading zero
    buffer = io.BytesIO()
    workbook.save(buffer)

    response = upload(client, invite, buffer.getvalue())

    assert response.status_code == 200
    assert sorted(Registration.objects.values_list("full_name", "phone", "position")) == [
        ("Hồ Thị Ngọc Ánh", "02838224567", "Phó giám đốc"),
        ("Đặng Quốc Bảo", "0912345678", ""),
    ]


def formset_data(nominees: list[dict], **extra) -> dict:
    data = {"p-TOTAL_FORMS": "5", "p-INITIAL_FORMS": "0", "p-MIN_NUM_FORMS": "0", "p-MAX_NUM_FORMS": "20"}
    for index, fields in enumerate(nominees):
        data.update({f"p-{index}-{name}": value for name, value in fields.items()})
    return {**data, **extra}


TWO_PEOPLE = [
    {
        "full_name": "Bùi Thị Xuân",
        "email": "xuan@example.vn",
        "phone": "0912 000 111",
        "position": "Chuyên viên",
    },
    {"full_name": "Ngô Quang Huy", "email": "huy@example.vn", "phone": "+84 903 222 333", "position": ""},
]


def test_nomination_form_registers_two_people(client, course, invite, organization):
    response = client.post(f"/nominate/{invite.token}/", formset_data(TWO_PEOPLE, people="1", consent="on"))

    assert response.status_code == 200
    assert sorted(
        Registration.objects.filter(event=course.event).values_list(
            "full_name", "email", "phone", "position", "source", "organization"
        )
    ) == [
        (
            "Bùi Thị Xuân",
            "xuan@example.vn",
            "0912000111",
            "Chuyên viên",
            RegistrationSource.NOMINATION,
            organization.pk,
        ),
        ("Ngô Quang Huy", "huy@example.vn", "0903222333", "", RegistrationSource.NOMINATION, organization.pk),
    ]
    assert list(NominationBatch.objects.values_list("source", flat=True)) == [NominationSource.FORM]
    assert texts(response.content, r"<h2>[^<]*</h2>\s*<ul>(.*?)</ul>") == [
        f"Bùi Thị Xuân · xuan@example.vn · {vi('Confirmed')} "
        f"Ngô Quang Huy · huy@example.vn · {vi('Confirmed')}"
    ]


def test_nomination_form_with_bad_row_saves_nothing(client, invite):
    people = [TWO_PEOPLE[0], {**TWO_PEOPLE[1], "email": "huy@"}]

    response = client.post(f"/nominate/{invite.token}/", formset_data(people, people="1", consent="on"))

    assert response.status_code == 200
    assert response.context["formset"].errors[1] == {"email": [email_error()]}
    assert Registration.objects.count() == 0


def test_nomination_form_without_consent_saves_nothing(client, invite):
    response = client.post(f"/nominate/{invite.token}/", formset_data(TWO_PEOPLE, people="1"))

    assert response.context["consent_form"].errors == {"consent": [vi("This field is required.")]}
    assert Registration.objects.count() == 0


@pytest.mark.parametrize("path", ["/nominate/{token}/", "/nominate/{token}/template.xlsx"])
def test_nomination_revoked_or_unknown_invite_is_404(client, invite, path):
    token = invite.token
    invite.revoked_at = timezone.now()
    invite.save()

    assert client.get(path.format(token=token)).status_code == 404
    assert client.get(path.format(token="khong-co-loi-moi-nay")).status_code == 404
    assert (
        client.post(path.format(token=token), formset_data(TWO_PEOPLE, people="1", consent="on")).status_code
        == 404
    )
    assert Registration.objects.count() == 0


def test_import_nominations_command_imports_a_valid_file(tmp_path, course, organization):
    path = tmp_path / "danh-sach.xlsx"
    path.write_bytes(xlsx([person(n) for n in range(1, 4)]))
    out, err = StringIO(), StringIO()

    call_command(
        "import_nominations",
        str(path),
        course=course.event.slug,
        organization=organization.name,
        stdout=out,
        stderr=err,
    )

    assert out.getvalue() == f"3 people registered for {course}.\n"
    assert sorted(Registration.objects.values_list("email", "source", "organization")) == [
        (f"canbo{n}@sokhcn.example.vn", RegistrationSource.NOMINATION, organization.pk) for n in range(1, 4)
    ]
    batch = NominationBatch.objects.get()
    assert (batch.source, batch.file_name, batch.invite) == (NominationSource.COMMAND, "danh-sach.xlsx", None)


def test_import_nominations_command_rejects_a_bad_file(tmp_path, course, organization):
    path = tmp_path / "danh-sach.xlsx"
    path.write_bytes(xlsx([person(1), ["Lê Thị Hoa", "hoa@", "12345", ""], person(1)]))
    err = StringIO()

    with pytest.raises(CommandError) as raised:
        call_command(
            "import_nominations",
            str(path),
            course=course.event.slug,
            organization=str(organization.pk),
            stdout=StringIO(),
            stderr=err,
        )

    assert str(raised.value) == "3 error(s); nothing was saved."
    assert [line for line in err.getvalue().splitlines() if line.startswith("row ")] == [
        f"row 3 email: {email_error()}",
        f"row 3 phone: {phone_error()}",
        f"row 4 email: {vi('Same e-mail as row %(row)d.') % {'row': 2}}",
    ]
    assert (Registration.objects.count(), NominationBatch.objects.count()) == (0, 0)


def test_import_nominations_command_rejects_a_file_that_is_not_a_list(tmp_path, course, organization):
    path = tmp_path / "danh-sach.xlsx"
    path.write_bytes(b"%PDF-1.7\n\x00\x01\x02 binary")

    with pytest.raises(CommandError) as raised:
        call_command(
            "import_nominations", str(path), course=course.event.slug, organization=organization.name
        )

    assert str(raised.value) == vi(NOT_A_LIST)
    assert Registration.objects.count() == 0


def test_import_nominations_command_refuses_an_ineligible_organisation(tmp_path, course):
    course.eligible_kinds = [OrganizationKind.STATE_AGENCY]
    course.save()
    company = OrganizationFactory(name="Công ty Cổ phần Khởi Nghiệp", kind=OrganizationKind.ENTERPRISE)
    path = tmp_path / "danh-sach.xlsx"
    path.write_bytes(xlsx([person(1)]))
    err = StringIO()

    with pytest.raises(CommandError):
        call_command(
            "import_nominations", str(path), course=course.event.slug, organization=company.name, stderr=err
        )

    message = vi("This course is only for staff of: %(kinds)s.") % {"kinds": vi("State agency")}
    assert [line for line in err.getvalue().splitlines() if line.startswith("row ")] == [
        f"row - organization: {message}"
    ]
    assert Registration.objects.count() == 0


def test_nomination_rejected_upload_keeps_the_small_form_usable(client, invite):
    response = upload(client, invite, b"khong phai Excel", name="danh-sach.txt")

    assert response.status_code == 400
    assert re.findall(r'name="p-(\d+)-full_name"', response.content.decode()) == ["0", "1", "2", "3", "4"]
    assert response.context["formset"].is_bound is False


def test_nomination_form_refuses_line_breaks_in_a_row(client, invite):
    people = [TWO_PEOPLE[0], {**TWO_PEOPLE[1], "full_name": "Ngô Quang\nHuy", "position": "Chuyên\r\nviên"}]

    response = client.post(f"/nominate/{invite.token}/", formset_data(people, people="1", consent="on"))

    line_break = [vi("Enter this on one line, without line breaks.")]
    assert response.status_code == 200
    assert response.context["formset"].errors[1] == {"full_name": line_break, "position": line_break}
    assert Registration.objects.count() == 0


def test_nomination_file_reads_a_wrapped_cell_as_one_line(client, course, invite):
    # Excel wraps a long text inside a cell with Alt+Enter: a line break in the cell.
    rows = [["Nguyễn Văn\nCán Bộ", "canbo1@sokhcn.example.vn", "0900000001", "Phó trưởng phòng\r\nKế hoạch"]]

    response = upload(client, invite, xlsx(rows))

    assert response.status_code == 200
    assert list(Registration.objects.filter(event=course.event).values_list("full_name", "position")) == [
        ("Nguyễn Văn Cán Bộ", "Phó trưởng phòng Kế hoạch")
    ]


# --- What the shared list reader and the bulk registration bring ------------------------------------


def csv_file(
    rows: list[list[str]], *, header: list[str] = HEADER, encoding: str, delimiter: str = ","
) -> bytes:
    text = "".join(delimiter.join(cells) + "\r\n" for cells in [header, *rows])
    return cp1258(text) if encoding == "cp1258" else text.encode(encoding)


@pytest.mark.parametrize(
    ("encoding", "delimiter"),
    [
        ("cp1258", ","),  # Excel's "CSV" on a Vietnamese Windows
        ("utf-8-sig", ","),  # Excel's "CSV UTF-8"
        ("utf-16", "\t"),  # Excel's "Unicode text": UTF-16 with a byte-order mark, tab-separated
    ],
)
def test_nomination_csv_file_with_vietnamese_titles_imports(
    client, course, invite, organization, encoding, delimiter
):
    rows = [person(1), ["Hồ Thị Ngọc Ánh", "ngocanh@example.vn", "912345678", "Phó giám đốc"]]

    response = upload(
        client,
        invite,
        csv_file(rows, encoding=encoding, delimiter=delimiter),
        name="danh-sach.csv",
        content_type="text/csv",
    )

    assert response.status_code == 200
    assert sorted(
        Registration.objects.filter(event=course.event).values_list(
            "full_name", "email", "phone", "position", "status", "source", "organization"
        )
    ) == [
        (
            name,
            email,
            phone,
            position,
            RegistrationStatus.CONFIRMED,
            RegistrationSource.NOMINATION,
            organization.pk,
        )
        for name, email, phone, position in [
            ("Hồ Thị Ngọc Ánh", "ngocanh@example.vn", "0912345678", "Phó giám đốc"),
            ("Nguyễn Văn Cán Bộ 1", "canbo1@sokhcn.example.vn", "0900000001", "Chuyên viên"),
        ]
    ]
    batch = NominationBatch.objects.get()
    assert (batch.source, batch.file_name, batch.registrations.count()) == (
        NominationSource.EXCEL,
        "danh-sach.csv",
        2,
    )


def test_nomination_file_with_english_titles_in_any_order_imports(client, course, invite):
    header = ["Phone", "Full name", "Position", "E-mail"]
    rows = [[phone, name, position, email] for name, email, phone, position in (person(1), person(2))]

    response = upload(client, invite, xlsx(rows, header=header))

    assert response.status_code == 200
    assert sorted(Registration.objects.filter(event=course.event).values_list("full_name", "phone")) == [
        ("Nguyễn Văn Cán Bộ 1", "0900000001"),
        ("Nguyễn Văn Cán Bộ 2", "0900000002"),
    ]


@pytest.mark.parametrize("make", [xlsx, lambda rows: csv_file(rows, encoding="utf-8")], ids=["xlsx", "csv"])
def test_nomination_file_refuses_a_formula_looking_name_with_its_row(client, invite, make):
    rows = [
        person(1),
        person(2),
        ['=HYPERLINK("http://example.com";"Bấm vào đây")', "x@example.vn", "0912345678", ""],
    ]
    if make is xlsx:
        rows[2][0] = rows[2][0].replace(";", ",")

    response = upload(client, invite, make(rows))

    formula = vi("This looks like a spreadsheet formula; type the text itself.")
    assert_rejected(response, [["4", vi("Full name"), formula]], before=0)


def test_nomination_form_refuses_a_formula_looking_position(client, invite):
    people = [TWO_PEOPLE[0], {**TWO_PEOPLE[1], "position": "+cmd|' /C calc'!A0"}]

    response = client.post(f"/nominate/{invite.token}/", formset_data(people, people="1", consent="on"))

    formula = vi("This looks like a spreadsheet formula; type the text itself.")
    assert shown_errors(response) == [["2", vi("Position"), formula]]
    assert Registration.objects.count() == 0


@pytest.mark.parametrize("waitlist", [True, False], ids=["with_waitlist", "without_waitlist"])
def test_nomination_file_that_would_overfill_the_course_saves_nothing(client, course, invite, waitlist):
    course.event.capacity = 3
    course.event.waitlist_enabled = waitlist
    course.event.save()
    RegistrationFactory(event=course.event)

    response = upload(client, invite, xlsx([person(1), person(2), person(3)]))

    message = vi("The course has %(free)d seats left; the list has %(n)d people.") % {"free": 2, "n": 3}
    assert_rejected(response, [["–", "", message]], before=1)
    assert not Registration.objects.filter(status=RegistrationStatus.WAITLISTED).exists()
    assert OutgoingEmail.objects.count() == 0


def test_nomination_file_reports_row_and_list_problems_together(client, course, invite):
    course.event.capacity = 2
    course.event.save()
    RegistrationFactory(event=course.event, email="canbo2@sokhcn.example.vn")

    response = upload(
        client, invite, xlsx([person(1), person(2), ["=1+1", "a@example.vn", "0912345678", ""]])
    )

    assert_rejected(
        response,
        [
            [
                "–",
                "",
                vi("The course has %(free)d seats left; the list has %(n)d people.") % {"free": 1, "n": 3},
            ],
            ["3", vi("E-mail"), vi("This person is already registered for the course.")],
            ["4", vi("Full name"), vi("This looks like a spreadsheet formula; type the text itself.")],
        ],
        before=1,
    )


def test_nomination_takes_up_a_cancelled_registration_again(client, course, invite, organization):
    cancelled = RegistrationFactory(
        event=course.event, email="canbo1@sokhcn.example.vn", status=RegistrationStatus.CANCELLED
    )

    response = upload(client, invite, xlsx([person(1)]))

    assert response.status_code == 200
    cancelled.refresh_from_db()
    assert (cancelled.status, cancelled.source, cancelled.organization) == (
        RegistrationStatus.CONFIRMED,
        RegistrationSource.NOMINATION,
        organization,
    )
    assert list(NominationBatch.objects.get().registrations.all()) == [cancelled]


def test_nominees_are_each_emailed_their_ticket(client, course, invite):
    response = upload(client, invite, xlsx([person(1), person(2)]))

    assert response.status_code == 200
    assert sorted(OutgoingEmail.objects.values_list("recipient", "kind", "registration__event")) == [
        (f"canbo{n}@sokhcn.example.vn", RegistrationStatus.CONFIRMED, course.event.pk) for n in (1, 2)
    ]


def test_nomination_for_a_course_closed_to_registration_saves_nothing(client, course, invite):
    course.event.registration_closes_at = timezone.now() - datetime.timedelta(hours=1)
    course.event.save()

    response = upload(client, invite, xlsx([person(1)]))

    assert_rejected(response, [["–", "", vi("Registration for this event has closed.")]], before=0)


def test_nomination_file_over_the_row_limit_is_rejected(client, invite):
    content = csv_file([person(n) for n in range(1, 2002)], encoding="utf-8")

    response = upload(client, invite, content, name="danh-sach.csv", content_type="text/csv")

    assert response.status_code == 400
    too_many = vi("A list can hold at most %(n)d people.") % {"n": 2000}
    assert file_error(response) == [f"{too_many} {vi('Nothing was saved.')}"]
    assert Registration.objects.count() == 0


def test_import_nominations_command_imports_a_csv_file_with_progress(tmp_path, course, organization):
    path = tmp_path / "danh-sach.csv"
    path.write_bytes(csv_file([person(n) for n in range(1, 4)], encoding="utf-16", delimiter="\t"))
    err = StringIO()

    call_command(
        "import_nominations", str(path), course=course.event.slug, organization=organization.name, stderr=err
    )

    assert Registration.objects.filter(event=course.event, organization=organization).count() == 3
    assert "3/3" in err.getvalue()  # the progress bar reached the end

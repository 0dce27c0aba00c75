"""Reading participant lists: encodings Excel writes in Vietnam, delimiters, column titles in Vietnamese
and English, workbooks, and files that are not lists at all."""

import io
import zipfile

import pytest

from events.intake import reading
from tests.intake.helpers import HEADER_EN, HEADER_VI, cp1258, csv_bytes, people, vi, xlsx_bytes

ROW = ["Nguyễn Thị Đào", "dao@example.vn", "0912345678", "Sở Khoa học và Công nghệ", "", "Chuyên viên"]


@pytest.mark.parametrize(
    ("encoding", "delimiter"),
    [
        ("utf-8", ","),
        ("utf-8-sig", ","),
        ("utf-8-sig", ";"),
        ("cp1258", ","),
        ("utf-16", "\t"),  # Excel's "Unicode text": UTF-16 with a BOM, tab-separated
        ("utf-16-le", "\t"),
    ],
)
def test_read_table_decodes_excel_encodings(encoding, delimiter):
    table = reading.read_table(csv_bytes([ROW], encoding=encoding, delimiter=delimiter))

    assert table.header == HEADER_VI
    assert table.rows == [(2, ROW)]


def test_read_table_composes_windows_1258_tone_marks():
    # Windows-1258 writes "ễ" as "ê" plus a combining tilde: read back, it equals the composed letter
    data = cp1258("Họ và tên,Email,Số điện thoại\r\nNguyễn Văn Lễ,le@example.vn,0912345678\r\n")
    assert "Lễ".encode() not in data and len(data) > 0

    table = reading.read_table(data)

    assert table.rows[0][1][0] == "Nguyễn Văn Lễ"
    assert len(table.rows[0][1][0]) == len("Nguyễn Văn Lễ")


def test_read_table_reads_xlsx_and_keeps_phone_text():
    table = reading.read_table(xlsx_bytes([[*ROW[:2], 912345678, *ROW[3:]]]))
    mapping = reading.guess_mapping(table.header)

    person = reading.person_from(table.rows[0][1], mapping, reading.organization_kinds())

    assert person == {
        "full_name": "Nguyễn Thị Đào",
        "email": "dao@example.vn",
        "phone": "0912345678",
        "organization_name": "Sở Khoa học và Công nghệ",
        "position": "Chuyên viên",
    }


def test_read_table_skips_blank_lines_and_numbers_rows_as_the_file():
    data = csv_bytes([ROW, ["", "", "", "", "", ""], ROW])

    assert [number for number, _cells in reading.read_table(data).rows] == [2, 4]


def test_guess_mapping_reads_vietnamese_and_english_titles_without_accents():
    assert reading.guess_mapping(HEADER_VI) == reading.guess_mapping(HEADER_EN)
    assert reading.guess_mapping(["STT", "HO VA TEN", "Dien thoai", "E-MAIL", "Don vi"]) == {
        "full_name": 1,
        "phone": 2,
        "email": 3,
        "organization_name": 4,
    }


def test_person_from_reads_kind_of_organisation_in_either_language():
    kinds = reading.organization_kinds()
    mapping = {"full_name": 0, "organization_kind": 1}

    assert (
        reading.person_from(["A", "Trường đại học, cao đẳng hoặc phổ thông"], mapping, kinds)[
            "organization_kind"
        ]
        == "university"
    )
    assert (
        reading.person_from(["A", "TRUONG DAI HOC, CAO DANG HOAC PHO THONG"], mapping, kinds)[
            "organization_kind"
        ]
        == "university"
    )
    assert (
        reading.person_from(["A", "University or school"], mapping, kinds)["organization_kind"]
        == "university"
    )
    assert reading.person_from(["A", "university"], mapping, kinds)["organization_kind"] == "university"
    assert reading.person_from(["A", "Cơ quan lạ"], mapping, kinds)["organization_kind"] == "Cơ quan lạ"


def test_row_problems_refuse_formulas_and_empty_required_cells():
    person = {
        "full_name": '=HYPERLINK("http://x")',
        "email": "",
        "phone": "0912345678",
        "position": "@SUM(1)",
    }

    assert reading.row_problems(person) == [
        ("email", vi("This cell is empty.")),
        ("full_name", vi("This looks like a spreadsheet formula; type the text itself.")),
        ("position", vi("This looks like a spreadsheet formula; type the text itself.")),
    ]


def test_read_table_sees_formula_cells_of_a_workbook_as_formulas():
    table = reading.read_table(xlsx_bytes([["=1+1", "a@example.vn", "0912345678"]]))

    assert table.rows[0][1][0] == "=1+1"


def test_line_break_in_a_cell_is_kept_for_the_rules_to_refuse():
    table = reading.read_table(csv_bytes([["Nguyễn\nThị Đào", "dao@example.vn", "0912345678"]]))

    assert table.rows[0][1][0] == "Nguyễn\nThị Đào"


@pytest.mark.parametrize(
    "data",
    [
        b"\x00\x01\x02\x03" * 100,
        b"PK\x03\x04" + b"\x00" * 200,
        b"",
        b"   \r\n",
    ],
)
def test_read_table_refuses_what_is_not_a_list(data):
    with pytest.raises(reading.FileError):
        reading.read_table(data)


def test_read_table_refuses_a_zip_that_is_not_a_workbook():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "xin chào")

    with pytest.raises(reading.FileError):
        reading.read_table(buffer.getvalue())


def test_read_table_refuses_too_many_rows(settings, monkeypatch):
    monkeypatch.setattr(reading, "MAX_ROWS", 5)

    with pytest.raises(reading.FileError) as refused:
        reading.read_table(csv_bytes(people(6)))

    assert refused.value.message == vi("A list can hold at most %(n)d people.", n=5)


@pytest.mark.parametrize("make", [csv_bytes, xlsx_bytes], ids=["csv", "xlsx"])
def test_read_table_holds_a_caller_s_list_to_fewer_rows(make):
    assert len(reading.read_table(make(people(3)), max_rows=3).rows) == 3
    with pytest.raises(reading.FileError) as refused:
        reading.read_table(make(people(4)), max_rows=3)

    assert refused.value.message == vi("A list can hold at most %(n)d people.", n=3)


def test_read_table_refuses_too_large_file(monkeypatch):
    monkeypatch.setattr(reading, "MAX_FILE_BYTES", 100)

    with pytest.raises(reading.FileError):
        reading.read_table(csv_bytes(people(10)))


def test_read_table_cuts_huge_cells_and_columns():
    data = csv_bytes([["x" * 5000] + ["y"] * 80], header=["Họ và tên"] + [f"c{n}" for n in range(80)])

    table = reading.read_table(data)

    assert len(table.header) == reading.MAX_COLUMNS
    assert len(table.rows[0][1][0]) == reading.MAX_CELL

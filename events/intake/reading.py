"""Reading a participant list: an Excel workbook (.xlsx) or a CSV file as Excel and other programs save
it (UTF-8 with or without a byte-order mark, Excel's Vietnamese "Windows-1258" code page, or Excel's
"Unicode text", which is UTF-16 with tabs), and guessing which column holds what from its title in
Vietnamese or English. Nothing here touches the database."""

import csv
import io
import logging
import re
import unicodedata
import zipfile
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from events.enums import OrganizationKind
from events.folding import fold
from events.spreadsheets import FORMULA_TRIGGERS

logger = logging.getLogger(__name__)

MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_ROWS = 10_000
MAX_COLUMNS = 50
MAX_CELL = 1000

# The fields a list can fill, with the column titles that name them (compared accent- and case-blind).
FIELDS = {
    "full_name": (
        gettext_lazy("Full name"),
        ("họ và tên", "họ tên", "tên", "tên đầy đủ", "full name", "name", "fullname", "participant"),
    ),
    "email": (
        gettext_lazy("E-mail"),
        ("email", "e-mail", "thư điện tử", "địa chỉ email", "mail", "email address"),
    ),
    "phone": (
        gettext_lazy("Phone"),
        ("số điện thoại", "điện thoại", "sđt", "sdt", "di động", "phone", "phone number", "mobile", "tel"),
    ),
    "organization_name": (
        gettext_lazy("Organisation"),
        (
            "tổ chức",
            "đơn vị",
            "cơ quan",
            "đơn vị công tác",
            "công ty",
            "organisation",
            "organization",
            "company",
            "affiliation",
        ),
    ),
    "organization_kind": (
        gettext_lazy("Kind of organisation"),
        (
            "loại tổ chức",
            "loại hình tổ chức",
            "loại hình",
            "loại đơn vị",
            "kind of organisation",
            "organisation kind",
            "organization kind",
            "organization type",
            "organisation type",
        ),
    ),
    "position": (
        gettext_lazy("Position"),
        ("chức vụ", "chức danh", "vị trí", "position", "job title", "title", "role"),
    ),
}
REQUIRED = ("full_name", "email", "phone")
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Fields shown on one line everywhere: text that starts like a formula is refused there (see `row_problems`).
TEXT_FIELDS = ("full_name", "organization_name", "position")


class FileError(Exception):
    def __init__(self, message: str):
        self.message = message
        super().__init__(message)


@dataclass
class Table:
    header: list[str]
    rows: list[tuple[int, list[str]]]  # (row number as the user sees it, the header being row 1; cells)

    def as_json(self) -> dict:
        """What an import keeps of its file, read once at upload (`ParticipantImport.table`)."""
        return {"header": self.header, "rows": [[number, cells] for number, cells in self.rows]}

    @classmethod
    def from_json(cls, kept: dict) -> "Table":
        """The table `as_json` kept. Raises FileError when nothing is kept (an import already done)."""
        if not kept or not kept.get("header"):
            raise FileError(_("The list is no longer kept; upload the file again."))
        return cls(
            header=[str(title) for title in kept["header"]],
            rows=[(int(number), [str(cell) for cell in cells]) for number, cells in kept.get("rows", [])],
        )


def _not_a_list() -> FileError:
    return FileError(
        _("This file could not be read. Upload an Excel (.xlsx) or CSV file, or use the template.")
    )


def read_table(data: bytes, file_name: str = "", *, max_rows: int | None = None) -> Table:
    """The header and rows of an uploaded list. Raises FileError for a file too large, unreadable, empty
    or with more than `max_rows` people (`MAX_ROWS` unless a caller holds its lists to fewer)."""
    max_rows = MAX_ROWS if max_rows is None else max_rows
    if len(data) > MAX_FILE_BYTES:
        raise FileError(_("The file is larger than %(mb)d MB.") % {"mb": MAX_FILE_BYTES // (1024 * 1024)})
    if not data.strip():
        raise FileError(_("The file is empty."))
    if zipfile.is_zipfile(io.BytesIO(data)):
        rows = _xlsx_rows(data, max_rows=max_rows)
    else:
        rows = _csv_rows(decode_text(data))
    table = None
    for number, cells in rows:
        if table is None:
            if not any(cells):
                continue
            table = Table(header=[c.strip() for c in cells[:MAX_COLUMNS]], rows=[])
            continue
        if not any(c.strip() for c in cells):
            continue  # blank line
        if len(table.rows) >= max_rows:
            raise FileError(_("A list can hold at most %(n)d people.") % {"n": max_rows})
        table.rows.append((number, cells[:MAX_COLUMNS]))
    if table is None or not any(table.header):
        raise FileError(_("The file is empty."))
    return table


def decode_text(data: bytes) -> str:
    """The text of a CSV file in the encodings Excel writes in Vietnam: UTF-8 (with or without BOM),
    UTF-16 ("Unicode text", BOM or none) and Windows-1258, composed (NFC: Windows-1258 stores tone
    marks as separate characters, and "Nguyễn" typed one way must equal "Nguyễn" typed the other)."""
    if data.startswith(b"\xef\xbb\xbf"):
        text = data[3:].decode("utf-8", errors="strict")
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = _decode(data, "utf-16")
    elif len(data) >= 2 and data[1:2] == b"\x00" and data[0:1] != b"\x00":
        text = _decode(data, "utf-16-le")
    elif len(data) >= 2 and data[0:1] == b"\x00" and data[1:2] != b"\x00":
        text = _decode(data, "utf-16-be")
    else:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = _decode(data, "cp1258")
    if _CONTROL.search(text):  # a binary file read as text: no spreadsheet program writes these
        raise _not_a_list()
    return unicodedata.normalize("NFC", text)


def _decode(data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, UnicodeError) as exc:
        raise _not_a_list() from exc


def _csv_rows(text: str):
    sample = text[:8192]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = "\t" if "\t" in sample.partition("\n")[0] else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, quotechar='"', strict=False)
    try:
        # a cell is one field of the file (a quoted line break stays in the cell, and is refused later)
        for number, cells in enumerate(reader, start=1):
            yield number, [_text(c) for c in cells]
    except csv.Error as exc:
        raise _not_a_list() from exc


def _xlsx_rows(data: bytes, *, max_rows: int):
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception as exc:  # openpyxl raises many kinds for damaged files
        raise _not_a_list() from exc
    try:
        sheet = workbook.worksheets[0]
        rows = []
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            rows.append((number, [_text(v) for v in values[:MAX_COLUMNS]]))
            if len(rows) > max_rows + 50:
                raise FileError(_("A list can hold at most %(n)d people.") % {"n": max_rows})
        return rows
    except FileError:
        raise
    except Exception as exc:  # read-only sheets are parsed while the rows are read: damage shows up here
        logger.info("Participant workbook refused as unreadable", exc_info=True)
        raise _not_a_list() from exc
    finally:
        workbook.close()


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = unicodedata.normalize("NFC", str(value))[:MAX_CELL]
    return text.strip(" \u00a0")


def _key(title: str) -> str:
    return " ".join(fold(title).replace("_", " ").split())


_TITLES = {_key(title): field for field, (_label, titles) in FIELDS.items() for title in titles}


def guess_mapping(header: list[str]) -> dict[str, int]:
    """{field: column index} from the column titles; the first column with a known title wins."""
    mapping: dict[str, int] = {}
    for index, title in enumerate(header):
        field = _TITLES.get(_key(title))
        if field and field not in mapping:
            mapping[field] = index
    return mapping


def _kinds() -> dict[str, str]:
    from django.utils import translation

    known = {_key(value): value for value in OrganizationKind.values}
    for language in ("vi", "en"):
        with translation.override(language):
            known.update({_key(str(label)): value for value, label in OrganizationKind.choices})
    return known


def person_from(cells: list[str], mapping: dict[str, int], kinds: dict[str, str]) -> dict:
    """The person a row describes under `mapping` (kind of organisation given by its code or its name in
    Vietnamese or English; an unknown kind is kept as typed and refused by the rules)."""
    person = {field: (cells[index] if index < len(cells) else "") for field, index in mapping.items()}
    for field in FIELDS:
        person.setdefault(field, "")
    phone = person["phone"]
    if phone.isdigit() and len(phone) == 9:
        person["phone"] = "0" + phone  # Excel drops a phone number's leading zero in a numeric column
    kind = person.pop("organization_kind")
    if kind:
        person["organization_kind"] = kinds.get(_key(kind), kind)
    return person


def row_problems(person: dict) -> list[tuple[str, str]]:
    """What the file itself gets wrong in a row, before the registration rules look at it: required
    cells left empty, text that a spreadsheet would run as a formula (refused rather than stored: lists
    come from outside, and the people's names go back into staff's spreadsheets)."""
    problems = []
    for field in REQUIRED:
        if not person.get(field, "").strip():
            problems.append((field, _("This cell is empty.")))
    for field in TEXT_FIELDS:
        value = person.get(field, "")
        if value.startswith(FORMULA_TRIGGERS):
            problems.append((field, _("This looks like a spreadsheet formula; type the text itself.")))
    return problems


def organization_kinds() -> dict[str, str]:
    return _kinds()

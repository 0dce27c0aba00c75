"""Participant lists for the intake tests, as files in every shape staff send them."""

import io
import unicodedata

from django.utils import translation
from openpyxl import Workbook


def vi(message: str, **params) -> str:
    """`message` as a Vietnamese page or answer shows it."""
    with translation.override("vi"):
        text = str(translation.gettext(message))
    return text % params if params else text


HEADER_VI = ["Họ và tên", "Email", "Số điện thoại", "Tổ chức", "Loại tổ chức", "Chức vụ"]
HEADER_EN = ["Full name", "E-mail", "Phone", "Organisation", "Kind of organisation", "Position"]


def people(count: int, start: int = 0) -> list[list[str]]:
    return [
        [
            f"Nguyễn Thị Đào {n}",
            f"dao{n}@example.vn",
            f"09123{n:05d}",
            "Trung tâm Đổi mới sáng tạo",
            "Trung tâm đổi mới sáng tạo",
            "Chuyên viên",
        ]
        for n in range(start, start + count)
    ]


def csv_bytes(rows: list[list[str]], *, header=HEADER_VI, encoding="utf-8", delimiter=",") -> bytes:
    lines = [delimiter.join(header)] + [delimiter.join(_quoted(c, delimiter) for c in row) for row in rows]
    text = "\r\n".join(lines) + "\r\n"
    return cp1258(text) if encoding == "cp1258" else text.encode(encoding)


TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"


def cp1258(text: str) -> bytes:
    """`text` as Excel saves it in Windows-1258: letters with a tone mark written as the letter (with its
    vowel mark) followed by the tone as a combining character, which Python's codec does not do."""
    out = []
    for char in text:
        try:
            out.append(char.encode("cp1258"))
        except UnicodeEncodeError:
            decomposed = unicodedata.normalize("NFD", char)
            tones = "".join(c for c in decomposed if c in TONE_MARKS)
            base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in TONE_MARKS))
            out.append((base + tones).encode("cp1258"))
    return b"".join(out)


def _quoted(cell: str, delimiter: str) -> str:
    if delimiter in cell or '"' in cell or "\n" in cell or "\r" in cell:
        return '"' + cell.replace('"', '""') + '"'
    return cell


def xlsx_bytes(rows: list[list], *, header=HEADER_VI) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()

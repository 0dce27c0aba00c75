"""The one place every Excel and CSV export writes its values through: text that starts like a formula
stays text, numbers stay numbers, and any stored text makes a file Excel opens."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from openpyxl import Workbook, load_workbook

from events.spreadsheets import MAX_CELL_TEXT, append_row, csv_writer

FORMULA_STARTS = ["=1+1", "+1", "-1", "@SUM(A1)", "\t=1+1", "\r=1+1", "\n=1+1"]


def written(values: list) -> list:
    """The cells of one row appended with `append_row`, as read back from the saved file."""
    workbook = Workbook()
    append_row(workbook.active, values)
    buffer = io.BytesIO()
    workbook.save(buffer)
    [row] = load_workbook(buffer).active.iter_rows()
    return row


@pytest.mark.parametrize("value", FORMULA_STARTS)
def test_append_row_keeps_text_that_starts_like_a_formula_as_text(value):
    [cell] = written([value])

    # XML keeps a lone carriage return as a line feed, as Excel itself writes a line break.
    assert (cell.value, cell.data_type, cell.quotePrefix) == (value.replace("\r", "\n"), "s", True)


def test_append_row_keeps_numbers_and_dates_as_they_are():
    cells = written([-5, -2.5, Decimal("-1.25"), 0, datetime.date(2026, 3, 1), True, "Nguyễn Văn An"])

    assert [(cell.value, cell.data_type) for cell in cells] == [
        (-5, "n"),
        (-2.5, "n"),
        (-1.25, "n"),
        (0, "n"),
        (datetime.datetime(2026, 3, 1), "d"),
        (True, "b"),
        ("Nguyễn Văn An", "s"),
    ]
    assert [cell.quotePrefix for cell in cells] == [False] * 7


def test_append_row_writes_any_text_excel_can_open():
    hostile = "Dòng\x01 một\r\nDòng\x1b hai\rba\u200f🚀"

    cells = written([hostile, "x" * (MAX_CELL_TEXT + 10)])

    assert [cell.value for cell in cells] == ["Dòng một\nDòng hai\nba\u200f🚀", "x" * MAX_CELL_TEXT]


def test_csv_writer_puts_an_apostrophe_before_a_formula_start():
    out = io.StringIO()

    csv_writer(out).writerow([*FORMULA_STARTS, -5, "Nguyễn Văn An", "a-b"])

    assert next(csv.reader(io.StringIO(out.getvalue()))) == [
        "'=1+1",
        "'+1",
        "'-1",
        "'@SUM(A1)",
        "'\t=1+1",
        "'\n=1+1",
        "'\n=1+1",
        "-5",
        "Nguyễn Văn An",
        "a-b",
    ]

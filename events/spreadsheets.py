"""What goes into our spreadsheets: every Excel (.xlsx) and CSV file the product writes puts its values
through here, so that text typed in a public form can never become a live formula in staff's
spreadsheets, nor make a file unreadable.

- `append_row(sheet, values)` writes one row of an openpyxl worksheet;
- `csv_row(values)` is one row for `csv.writer`.

A text that starts like a formula (`=`, `+`, `-`, `@`, a tab or a line break: spreadsheet programs
evaluate such text when they read a CSV file or when the cell is edited) is written as text: in an .xlsx
file as a text cell marked "quote prefix", so Excel shows the characters as they were typed and keeps
them text when the cell is edited; in a CSV file behind an apostrophe, the way spreadsheet programs are
told that what follows is text. Numbers, dates and booleans are written as they are.
"""

import csv
from collections.abc import Iterable

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

# What a spreadsheet program may take for the start of a formula (OWASP's list, and a line break,
# which some programs skip before looking at the first character).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n")
# Excel's limit for one cell's text: a longer text makes Excel "repair" (empty) the file.
MAX_CELL_TEXT = 32767


def looks_like_formula(value) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_TRIGGERS)


def cell_value(value):
    """`value` as a spreadsheet cell can hold it: text loses the control characters the file format
    cannot store (openpyxl refuses them, and one name typed with such a character would otherwise break
    the whole export), its line breaks are written as Excel writes them (\\n) and it is cut at Excel's
    limit; anything else is kept."""
    if not isinstance(value, str):
        return value
    text = ILLEGAL_CHARACTERS_RE.sub("", value).replace("\r\n", "\n").replace("\r", "\n")
    return text[:MAX_CELL_TEXT]


def append_row(sheet, values: Iterable) -> None:
    """Append `values` as the next row of the openpyxl worksheet `sheet`, every text as text."""
    sheet.append([cell_value(value) for value in values])
    for cell in sheet[sheet.max_row]:
        # openpyxl makes a formula of any text that starts with "=": keep it text.
        if looks_like_formula(cell.value):
            cell.data_type = "s"
            cell.quotePrefix = True


def csv_value(value):
    """`value` for `csv.writer`: the same text as in an .xlsx cell, behind an apostrophe when it starts
    like a formula."""
    value = cell_value(value)
    return "'" + value if looks_like_formula(value) else value


def csv_row(values: Iterable) -> list:
    return [csv_value(value) for value in values]


class _Writer:
    def __init__(self, out, **options):
        self._writer = csv.writer(out, **options)

    def writerow(self, values: Iterable):
        return self._writer.writerow(csv_row(values))

    def writerows(self, rows: Iterable[Iterable]) -> None:
        for values in rows:
            self.writerow(values)


def csv_writer(out, **options) -> _Writer:
    """`csv.writer(out, **options)` whose rows go through `csv_row`: use it for every CSV file."""
    return _Writer(out, **options)

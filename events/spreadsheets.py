"""What goes into our Excel files."""

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE


def cell_value(value):
    """`value` as a spreadsheet cell can hold it: text loses the control characters the file format
    cannot store (openpyxl refuses them, and one name typed with such a character would otherwise break
    the whole export); anything else is kept."""
    return ILLEGAL_CHARACTERS_RE.sub("", value) if isinstance(value, str) else value

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

_SEPARATORS = re.compile(r"[\s.\-()]")
# Mobile: 03x, 05x, 07x, 08x, 09x + 8 digits; landline: 02xx + 8 digits (11 digits with the 0).
_VN_PHONE = re.compile(r"^0(?:[35789][0-9]{8}|2[0-9]{9})$")


def normalize_vietnamese_phone(value: str) -> str:
    """Return the phone number in national form (0xxxxxxxxx), accepting +84 / 84 prefixes and separators."""
    digits = _SEPARATORS.sub("", value or "")
    if digits.startswith("+84"):
        digits = "0" + digits[3:]
    elif digits.startswith("84") and len(digits) in (11, 12):
        digits = "0" + digits[2:]
    return digits


def validate_vietnamese_phone(value: str) -> None:
    if not _VN_PHONE.match(normalize_vietnamese_phone(value)):
        raise ValidationError(
            _("Enter a Vietnamese phone number, for example 0912 345 678 or +84 912 345 678."),
            code="invalid_phone",
        )


_CONTROL_CHARACTERS = re.compile(r"[\x01-\x08\x0b\x0c\x0e-\x1f\x7f]")


def validate_no_control_characters(value: str) -> None:
    """Names and titles are shown on badges, tickets, certificates and spreadsheets: invisible control
    characters (pasted from another program) would print as boxes or make a file unreadable. (NUL has
    its own message, from the framework.)"""
    if _CONTROL_CHARACTERS.search(value):
        raise ValidationError(
            _("Remove the invisible control characters from this text."), code="control_character"
        )


# Every character that ends a line somewhere: what str.splitlines() splits on. Calendar files, e-mail
# headers and many parsers break a line at these, not only at \n.
LINE_BREAKS = re.compile("\r\n|[\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
# Control characters that are neither a tab nor a line break (C0, DEL and C1): no reader shows them.
_HIDDEN_CONTROLS = re.compile("[\x00-\x08\x0e-\x1b\x1f\x7f-\x84\x86-\x9f]")


def validate_single_line(value: str) -> None:
    """Names, titles, places, organisations and positions are shown on one line everywhere: a calendar
    entry's title, an e-mail's subject, a ticket, a certificate, a spreadsheet cell. Refuse line breaks
    in them, and control characters (`validate_no_control_characters`)."""
    if LINE_BREAKS.search(value):
        raise ValidationError(_("Enter this on one line, without line breaks."), code="line_break")
    validate_no_control_characters(value)


def plain_text(value: str) -> str:
    """`value` for an output of several lines (an e-mail's body, a calendar entry's description): every
    kind of line break becomes \\n and the other control characters are dropped. For text stored before
    it was checked, or written by a script: outputs must not depend on what the database holds."""
    return LINE_BREAKS.sub("\n", _HIDDEN_CONTROLS.sub("", value))


def single_line(value: str) -> str:
    """`value` for a one-line output (a calendar entry's title or place, an e-mail's subject, a name on a
    ticket): line breaks and tabs fold into one space, control characters are dropped, runs of white
    space shrink to one space, as `validate_single_line` would have had them typed."""
    return " ".join(plain_text(value).split())


MAX_REMINDER_HOURS = 24 * 14


def validate_reminder_hours(value: str) -> None:
    """Comma-separated whole hours, each from 1 to two weeks, at most five of them."""
    parts = [part for part in value.replace(" ", "").split(",") if part]
    if len(parts) > 5 or not all(part.isascii() and part.isdigit() for part in parts):
        raise ValidationError(
            _("Write up to five whole numbers of hours separated by commas, e.g. 24,2."), code="invalid"
        )
    if not all(1 <= int(part) <= MAX_REMINDER_HOURS for part in parts):
        raise ValidationError(
            _("Each reminder must be between 1 and %(max)d hours before the session.")
            % {"max": MAX_REMINDER_HOURS},
            code="out_of_range",
        )

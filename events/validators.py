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

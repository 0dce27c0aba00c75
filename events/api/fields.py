"""Request fields that take exactly what the OpenAPI schema says they take.

DRF's fields are lenient with JSON types (a number is read as text, `1` and `"yes"` as true, `"5"` as a
number): the schema would then forbid what the server accepts. These take only their own JSON type, and
the text fields state their rules (no control characters, not blank, a Vietnamese phone number) as
patterns, written from the same character sets as the server's checks."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from events.validators import validate_single_line

# Python's whitespace (what `str.split()` and DRF's trimming remove), and the control characters that
# `events.validators.validate_no_control_characters` refuses (with NUL, which DRF refuses itself).
_SPACE = r"\u0009-\u000d\u001c-\u0020\u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
_CONTROL = r"\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f"
# DRF refuses NUL in every text field, and text that is only whitespace where it may not be blank.
ANY_TEXT_PATTERN = r"^[^\u0000]*$"
NON_BLANK_PATTERN = rf"^[^\u0000]*[^\u0000{_SPACE}][^\u0000]*$"
# DRF trims whitespace before the checks, and some control characters are whitespace (\x1c to \x1f): text
# that begins and ends with a visible character and has no control character in between, with whitespace
# of any kind around it.
_TRIMMED = rf"[^{_CONTROL}{_SPACE}](?:[^{_CONTROL}]*[^{_CONTROL}{_SPACE}])?"
TEXT_PATTERN = rf"^[{_SPACE}]*(?:{_TRIMMED})?[{_SPACE}]*$"
NAME_PATTERN = rf"^[{_SPACE}]*{_TRIMMED}[{_SPACE}]*$"
# `events.validators.validate_single_line`: names, organisations and positions are one line, so inside
# the trimmed text no line break of any kind (what str.splitlines() splits on) either.
_LINE_BREAK = r"\u000a\u000d\u0085\u2028\u2029"
_TRIMMED_LINE = rf"[^{_CONTROL}{_SPACE}](?:[^{_CONTROL}{_LINE_BREAK}]*[^{_CONTROL}{_SPACE}])?"
LINE_PATTERN = rf"^[{_SPACE}]*(?:{_TRIMMED_LINE})?[{_SPACE}]*$"
LINE_NAME_PATTERN = rf"^[{_SPACE}]*{_TRIMMED_LINE}[{_SPACE}]*$"

# `events.validators.validate_vietnamese_phone`: once the separators (whitespace . - ( )) are removed, 0
# (or +84, or 84 for a number of 11 or 12 digits) and a mobile (3, 5, 7, 8, 9 and 8 digits) or landline
# number (2 and 9 digits).
# Separators inside the number are on one line (the number is a one-line field too); whitespace of any
# kind around it is trimmed by DRF first.
_INLINE_SPACE = r"\u0009\u0020\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000"
_SEPARATORS = rf"[{_INLINE_SPACE}.()\-]*"
PHONE_PATTERN = (
    rf"^[{_SPACE}]*{_SEPARATORS}(?:0|\+{_SEPARATORS}8{_SEPARATORS}4|8{_SEPARATORS}4){_SEPARATORS}"
    rf"(?:[35789](?:{_SEPARATORS}[0-9]){{8}}|2(?:{_SEPARATORS}[0-9]){{9}}){_SEPARATORS}[{_SPACE}]*$"
)


def _refuse_type(field: serializers.Field, value, types) -> None:
    """Fail with the field's `invalid` message unless `value` is one of `types` (a JSON boolean is
    not a number, though Python's bool is an int)."""
    if not isinstance(value, types) or (isinstance(value, bool) and bool not in types):
        field.fail("invalid")


class TextField(serializers.CharField):
    """Text, and only text (a JSON number is not a name). Its length is counted as sent, before the
    whitespace around it is trimmed, as the schema's `maxLength` says (a phone number padded with 40
    spaces is refused, not trimmed into shape)."""

    def to_internal_value(self, data):
        _refuse_type(self, data, (str,))
        if self.max_length is not None and len(data) > self.max_length:
            self.fail("max_length", max_length=self.max_length)
        return super().to_internal_value(data)


class NonBlankTextField(TextField):
    """Text with at least one character that is not whitespace."""


class PlainTextField(TextField):
    """Text without control characters (may be empty when the field allows it)."""


class NameField(TextField):
    """Text with at least one visible character and no control characters."""


class PhoneField(TextField):
    """A Vietnamese phone number as people write it, on one line."""

    def __init__(self, **kwargs):
        kwargs["validators"] = [validate_single_line, *kwargs.get("validators", ())]
        super().__init__(**kwargs)


class LineTextField(PlainTextField):
    """Text on one line, without control characters (an organisation, a position)."""

    def __init__(self, **kwargs):
        kwargs["validators"] = [validate_single_line, *kwargs.get("validators", ())]
        super().__init__(**kwargs)


class LineNameField(NameField):
    """A name: one line, at least one visible character, no control characters."""

    def __init__(self, **kwargs):
        kwargs["validators"] = [validate_single_line, *kwargs.get("validators", ())]
        super().__init__(**kwargs)


class FlagField(serializers.BooleanField):
    """`true` or `false` (DRF would also read 1, "yes", "on", ...)."""

    def to_internal_value(self, data):
        _refuse_type(self, data, (bool,))
        return super().to_internal_value(data)


class AgreementField(FlagField):
    """An agreement the request needs: only `true` passes (the serializer says why `false` does not)."""


class WholeNumberField(serializers.IntegerField):
    """A JSON integer (DRF would also read "5")."""

    def to_internal_value(self, data):
        _refuse_type(self, data, (int, float))
        return super().to_internal_value(data)


extend_schema_field({"type": "string", "pattern": ANY_TEXT_PATTERN})(TextField)
extend_schema_field({"type": "string", "pattern": NON_BLANK_PATTERN, "minLength": 1})(NonBlankTextField)
extend_schema_field({"type": "string", "pattern": TEXT_PATTERN})(PlainTextField)
extend_schema_field({"type": "string", "pattern": NAME_PATTERN, "minLength": 1})(NameField)
extend_schema_field({"type": "string", "pattern": PHONE_PATTERN})(PhoneField)
extend_schema_field({"type": "string", "pattern": LINE_PATTERN})(LineTextField)
extend_schema_field({"type": "string", "pattern": LINE_NAME_PATTERN, "minLength": 1})(LineNameField)
extend_schema_field({"type": "boolean", "enum": [True]})(AgreementField)

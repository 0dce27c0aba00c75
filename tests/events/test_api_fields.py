"""The patterns the schema states for text fields take exactly what the server's checks take."""

import re

from django.core.exceptions import ValidationError
from hypothesis import example, given, settings
from hypothesis import strategies as st
from rest_framework import serializers

from events.api.fields import (
    NAME_PATTERN,
    NON_BLANK_PATTERN,
    PHONE_PATTERN,
    TEXT_PATTERN,
    NameField,
    NonBlankTextField,
    PhoneField,
    PlainTextField,
)
from events.validators import validate_no_control_characters, validate_vietnamese_phone

PHONE_CHARACTERS = "0123456789+84 .-()\t\u00a0\u3000\x1c٩"
NAME_CHARACTERS = "Khánh Đặng\t\n\r\x00\x01\x1b\x1c\x7f\x85\u00a0\u2028\u3000\ufeff"


def accepted(field: serializers.Field, value: str) -> bool:
    try:
        field.run_validation(value)
    except serializers.ValidationError:
        return False
    return True


@settings(max_examples=150, deadline=None)
@given(
    st.from_regex(PHONE_PATTERN).filter(lambda text: len(text) <= 20)
    | st.text(alphabet=PHONE_CHARACTERS, max_size=20)
)
@example("+84 (28) 3822-1234")
@example("84912345678")
@example("8491234567")
@example("09١٢٣٤٥٦٧٨")
def test_phone_pattern_is_the_phone_validator(text):
    try:
        validate_vietnamese_phone(text)
        valid = True
    except ValidationError:
        valid = False

    assert bool(re.search(PHONE_PATTERN, text)) == valid
    assert accepted(PhoneField(max_length=20, validators=[validate_vietnamese_phone]), text) == valid


@settings(max_examples=150, deadline=None)
@given(
    st.from_regex(NAME_PATTERN).filter(lambda text: len(text) <= 100) | st.text(NAME_CHARACTERS, max_size=8)
)
@example(" \x85 ")
@example("\ufeff")
@example("K\x1c")
@example("\x1fK \x1b K")
def test_text_patterns_are_what_the_text_fields_take(text):
    name = NameField(max_length=200, validators=[validate_no_control_characters])
    plain = PlainTextField(max_length=200, allow_blank=True, validators=[validate_no_control_characters])

    assert accepted(name, text) == bool(re.search(NAME_PATTERN, text))
    assert accepted(plain, text) == bool(re.search(TEXT_PATTERN, text))
    assert accepted(NonBlankTextField(max_length=200), text) == bool(re.search(NON_BLANK_PATTERN, text))


def test_text_fields_take_text_only():
    assert [accepted(NameField(), value) for value in ("Khánh", 7, 7.5, True, None)] == [
        True,
        False,
        False,
        False,
        False,
    ]


def test_text_fields_count_their_length_as_sent_before_trimming():
    # The schema's maxLength counts what the client sends: a phone number padded with whitespace that
    # DRF would trim (here NEL, U+0085) is refused, as the schema says, not trimmed into shape.
    field = PhoneField(max_length=20, validators=[validate_vietnamese_phone])

    assert field.run_validation(" 0912 345 678 ") == "0912 345 678"
    try:
        field.run_validation("0300000000" + "\u0085" * 11)
    except serializers.ValidationError as refused:
        assert refused.detail[0].code == "max_length"
    else:
        raise AssertionError("a 21-character phone number was accepted")

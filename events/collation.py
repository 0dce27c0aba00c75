"""Names in Vietnamese alphabetical order: a ă â b c d đ e ê ... o ô ơ ... u ư ..., with the tones
(none, huyền, hỏi, ngã, sắc, nặng) and then case deciding only between names whose letters are equal.

PostgreSQL sorts with ICU's Vietnamese collation (`vi-x-icu`). SQLite has no ICU, so each SQLite
connection gets a collation of the same name rules (`events.sqlite.install` registers `compare` as
`vietnamese`), and `Vietnamese(expression)` names the right one for the database it is compiled for: one
expression for every `order_by` of people's names, on both databases."""

import unicodedata
from functools import lru_cache

from django.db.models.functions import Collate

POSTGRESQL = "vi-x-icu"
SQLITE = "vietnamese"

_ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_RANK = {letter: index for index, letter in enumerate(_ALPHABET)}
# Marks that make another letter (ă â ê ô ơ ư): part of the letter, so compared first.
_LETTER_MARKS = {"\u0306", "\u0302", "\u031b"}
# Tone marks in ICU's Vietnamese order; compared only when the letters are equal.
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}


@lru_cache(maxsize=4096)
def sort_key(value: str) -> tuple:
    """(letters, tones, case) of `value`: comparing these tuples orders names as ICU's `vi` does."""
    primary, secondary, tertiary = [], [], []
    for char in unicodedata.normalize("NFD", value):
        if unicodedata.combining(char) and primary:
            if char in _LETTER_MARKS:
                letter = (
                    unicodedata.normalize("NFC", _ALPHABET[primary[-1][1]] + char)
                    if (primary[-1][0] == 2)
                    else None
                )
                if letter in _RANK:
                    primary[-1] = (2, _RANK[letter])
                    continue
            secondary[-1] = _TONES.get(char, 6)
            continue
        lower = char.lower()
        if lower == "đ" or lower in _RANK:
            primary.append((2, _RANK[lower]))
        elif char.isdigit():
            primary.append((1, unicodedata.digit(char, 0)))
        else:  # spaces and punctuation before digits and letters, as ICU's non-ignorable default
            primary.append((0 if not char.isalpha() else 3, ord(lower)))
        secondary.append(0)
        tertiary.append(0 if char == lower else 1)
    return tuple(primary), tuple(secondary), tuple(tertiary)


def compare(left: str, right: str) -> int:
    """SQLite collation callback: negative, zero or positive as `left` sorts before, with or after `right`."""
    a, b = sort_key(left), sort_key(right)
    return (a > b) - (a < b)


class Vietnamese(Collate):
    """`expression COLLATE <Vietnamese>` for ordering: ICU's on PostgreSQL, ours on SQLite."""

    def __init__(self, expression):
        super().__init__(expression, collation=POSTGRESQL)

    def as_sqlite(self, compiler, connection, **extra_context):
        extra_context["collation"] = connection.ops.quote_name(SQLITE)
        return self.as_sql(compiler, connection, **extra_context)

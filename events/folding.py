"""Search that ignores accents and case, the same on PostgreSQL and SQLite.

Door staff type "nguyen van a" for "Nguyễn Văn A" and "dinh" for "Đinh". `fold()` is the one definition:
lower case, accents and tone marks removed, "đ" read as "d". The database gets the same function under
the name `hcmc_fold`: on SQLite each connection registers `fold()` itself (`events/sqlite.py`); on
PostgreSQL a migration creates an IMMUTABLE SQL function from `translate_map()`, a character table built
from `fold()` (no extension needed, so it runs without CREATE EXTENSION rights, and, being immutable,
it can be indexed). Filter with `Fold("column")` against `fold(query)`."""

import unicodedata

from django.db.models import CharField, Func

FUNCTION = "hcmc_fold"

# Latin letters with diacritics (Latin-1, Latin Extended-A/B, Latin Extended Additional: all of
# Vietnamese), and the combining marks left by text stored decomposed.
_RANGES = ((0x00C0, 0x024F), (0x1E00, 0x1EFF))
_COMBINING = (0x0300, 0x036F)


def fold(text: str) -> str:
    """`text` in lower case without accents or tone marks, "đ" as "d": what search compares."""
    if not text:
        return ""
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()


def translate_map() -> tuple[str, str]:
    """(from, to) for SQL's `translate()`: every letter of the ranges whose fold is one other letter, then
    the combining marks, which `translate()` drops (they have no counterpart in `to`). ASCII capitals are
    left to `lower()`, which folds them under any collation."""
    sources, targets = [], []
    for first, last in _RANGES:
        for point in range(first, last + 1):
            char = chr(point)
            folded = fold(char)
            if len(folded) == 1 and folded != char and folded.isascii():
                sources.append(char)
                targets.append(folded)
    marks = [chr(point) for point in range(_COMBINING[0], _COMBINING[1] + 1)]
    return "".join(sources + marks), "".join(targets)


# translate() with a map this long costs about 100-200 µs per value; the planner's default for a function
# is one operator (0.0025). Told the truth, it prefers the trigram indexes of migration 0022 to folding
# every row of a big event.
COST = 5000


def postgresql_function_sql() -> str:
    sources, targets = translate_map()
    # The SET clause keeps the planner from inlining the body: inlined, the function's COST would be lost
    # (lower() and translate() count as one operator each); it also pins the names the body resolves.
    return (
        f"CREATE OR REPLACE FUNCTION {FUNCTION}(value text) RETURNS text "
        f"LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE COST {COST} SET search_path = pg_catalog AS "
        f"$$ SELECT lower(translate(value, '{sources}', '{targets}')) $$"
    )


class Fold(Func):
    """`hcmc_fold(expression)` in SQL: the column as `fold()` would give it."""

    function = FUNCTION
    output_field = CharField()

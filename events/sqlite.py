"""The embedded default's search in Vietnamese.

SQLite's LIKE ignores case for ASCII letters only, so on SQLite a search for "đinh" missed "Đinh" and
"ĐỖ THU" missed "Đỗ Thu" (Django's `icontains` is a LIKE there); PostgreSQL compares Unicode upper case.
Each SQLite connection gets a `like()` that ignores case as Python does, for every letter. SQLite lets an
application replace `like()` for this purpose; `lower()` and `upper()` stay SQLite's own, because indexes
(the case-insensitive unique constraints) are built with them. Each connection also gets `hcmc_fold()`,
the accent-insensitive search's function (`events.folding`), and the `vietnamese` collation
(`events.collation`)."""

import re
from functools import lru_cache

from . import collation, folding


@lru_cache(maxsize=512)
def _pattern(pattern: str, escape: str | None) -> re.Pattern:
    parts, index = [], 0
    while index < len(pattern):
        char = pattern[index]
        if escape and char == escape and index + 1 < len(pattern):
            parts.append(re.escape(pattern[index + 1]))
            index += 2
            continue
        parts.append(".*" if char == "%" else "." if char == "_" else re.escape(char))
        index += 1
    return re.compile("".join(parts), re.IGNORECASE | re.DOTALL)


def like(pattern, value, escape=None):
    """SQLite's `like(pattern, value[, escape])`: `value LIKE pattern [ESCAPE escape]`, NULL for a NULL."""
    if pattern is None or value is None:
        return None
    return _pattern(str(pattern), escape).fullmatch(str(value)) is not None


def install(sender, connection, **kwargs):
    """`connection_created` receiver: give a new SQLite connection the Unicode-aware LIKE."""
    if connection.vendor != "sqlite":
        return
    raw = connection.connection
    raw.create_function("like", 2, like, deterministic=True)
    raw.create_function("like", 3, like, deterministic=True)
    # Accent-insensitive search (`events.folding`): the same Python function PostgreSQL's is built from.
    raw.create_function(folding.FUNCTION, 1, _fold, deterministic=True)
    # Names in Vietnamese alphabetical order (`events.collation`), as PostgreSQL's ICU `vi` collation.
    raw.create_collation(collation.SQLITE, collation.compare)


def _fold(value):
    return None if value is None else folding.fold(str(value))

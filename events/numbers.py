"""Numbers, percentages and quarters as the active language writes them (issue 19): Vietnamese
1.000 · 93,7% · Quý I/2026; English 1,000 · 93.7% · Q1 2026. The one helper behind the template filters
`num`, `pct` and `quarter` (`templatetags/site_tags.py`) and the exports' headings."""

import re
from decimal import Decimal

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

_QUARTER = re.compile(r"^(\d{4})-Q([1-4])$")


def format_number(value, decimals: int | None = None) -> str:
    """Thousands grouped, decimal separator of the language; `decimals` None keeps up to one decimal
    and drops a trailing ,0. None and "" show as a dash."""
    if value is None or value == "":
        return "–"
    if decimals is None:
        if isinstance(value, int) and not isinstance(value, bool):
            decimals = 0
        else:
            rounded = round(Decimal(str(value)), 1)
            decimals = 0 if rounded == rounded.to_integral_value() else 1
            value = rounded
    return formats.number_format(value, decimal_pos=decimals, use_l10n=True, force_grouping=True)


def format_percent(value, decimals: int | None = None) -> str:
    """93,7% in Vietnamese, 93.7% in English (no space before the sign in either)."""
    if value is None or value == "":
        return "–"
    return _("%(number)s%%") % {"number": format_number(value, decimals)}


def format_quarter(value, quarter: int | None = None) -> str:
    """A quarter from ("2026-Q1") or (2026, 1): Quý I/2026 in Vietnamese, Q1 2026 in English."""
    if quarter is None:
        match = _QUARTER.match(str(value))
        if not match:
            return str(value)
        year, quarter = int(match[1]), int(match[2])
    else:
        year = int(value)
    return _("Q%(quarter)s %(year)s") % {"quarter": _quarter_numeral(quarter), "year": year}


def _quarter_numeral(quarter: int) -> str:
    """Vietnamese writes quarters in Roman numerals (Quý I), English in digits (Q1)."""
    numerals = {
        1: pgettext("quarter numeral", "1"),
        2: pgettext("quarter numeral", "2"),
        3: pgettext("quarter numeral", "3"),
        4: pgettext("quarter numeral", "4"),
    }
    return numerals[quarter]

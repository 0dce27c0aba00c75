# English as it is written in Viet Nam and in Britain: day first (never the American month first, which
# would read 01/05/2026 as 5 January), 24-hour clock, weeks start on Monday. Lists spell the month out
# (1 May 2026) so that nobody misreads them; inputs show dd/mm/yyyy, with that hint as their placeholder.
DATE_FORMAT = "j M Y"  # 1 May 2026
TIME_FORMAT = "H:i"  # 14:30
DATETIME_FORMAT = "j M Y, H:i"  # 1 May 2026, 14:30
YEAR_MONTH_FORMAT = "F Y"  # May 2026
MONTH_DAY_FORMAT = "j F"  # 1 May
SHORT_DATE_FORMAT = "d/m/Y"  # 01/05/2026
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
FIRST_DAY_OF_WEEK = 1

# The first of each list is how an input shows its value (and what the admin's calendar writes).
DATE_INPUT_FORMATS = [
    "%d/%m/%Y",  # 01/05/2026
    "%d/%m/%y",  # 01/05/26
    "%Y-%m-%d",  # 2026-05-01 (ISO)
    "%d %b %Y",  # 1 Oct 2026
    "%d %B %Y",  # 1 October 2026
]
TIME_INPUT_FORMATS = [
    "%H:%M",  # 14:30
    "%H:%M:%S",  # 14:30:59
    "%H:%M:%S.%f",
]
DATETIME_INPUT_FORMATS = [
    "%d/%m/%Y %H:%M",  # 01/05/2026 14:30
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y %H:%M:%S.%f",
    "%d/%m/%y %H:%M",
    "%Y-%m-%d %H:%M",  # ISO
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M:%S.%f",
]
DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3

# Vietnamese: day first, 24-hour clock, weeks start on Monday.
DATE_FORMAT = "d/m/Y"  # 01/05/2026
TIME_FORMAT = "H:i"  # 14:30
DATETIME_FORMAT = "d/m/Y H:i"  # 01/05/2026 14:30
YEAR_MONTH_FORMAT = "m/Y"  # 05/2026
MONTH_DAY_FORMAT = "d/m"  # 01/05
SHORT_DATE_FORMAT = "d/m/Y"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
FIRST_DAY_OF_WEEK = 1

# The first of each list is how an input shows its value (and what the admin's calendar writes).
DATE_INPUT_FORMATS = [
    "%d/%m/%Y",  # 01/05/2026, 1/5/2026
    "%d/%m/%y",  # 01/05/26
    "%d-%m-%Y",  # 01-05-2026
    "%d.%m.%Y",  # 01.05.2026
    "%Y-%m-%d",  # 2026-05-01 (ISO: the browser's date fields, links between pages)
]
TIME_INPUT_FORMATS = [
    "%H:%M",  # 14:30
    "%H:%M:%S",  # 14:30:59
    "%H:%M:%S.%f",
    "%Hh%M",  # 14h30, as Vietnamese often write it
]
DATETIME_INPUT_FORMATS = [
    "%d/%m/%Y %H:%M",  # 01/05/2026 14:30
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y %H:%M:%S.%f",
    "%d/%m/%y %H:%M",
    "%d-%m-%Y %H:%M",
    "%d.%m.%Y %H:%M",
    "%Y-%m-%d %H:%M",  # ISO
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M:%S.%f",
]
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "."
NUMBER_GROUPING = 3

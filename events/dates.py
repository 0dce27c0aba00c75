"""Date inputs that say how to type a date: the page language's format (config/formats/) as placeholder.

Every form of the product that takes a date uses these widgets, the admin's included (events.admin_base),
so that a person sees "dd/mm/yyyy" before typing and the value is read the way it was meant.
"""

import re

from django import forms
from django.contrib.admin import widgets as admin_widgets
from django.utils.formats import get_format

_PLACEHOLDERS = {"%d": "dd", "%m": "mm", "%Y": "yyyy", "%y": "yy", "%H": "hh", "%M": "mm", "%S": "ss"}


def format_hint(python_format: str) -> str:
    """`%d/%m/%Y` as a person reads it: `dd/mm/yyyy`."""
    return re.sub(r"%[a-zA-Z]", lambda m: _PLACEHOLDERS.get(m.group(), ""), python_format)


class _Hinted:
    """Shows the format the input writes its value in (the language's first input format) as placeholder,
    decided when the page is drawn, in the page's language."""

    format_key = ""

    def _hint(self) -> str:
        return format_hint(getattr(self, "format", None) or get_format(self.format_key)[0])

    def get_context(self, name, value, attrs):
        if "placeholder" not in self.attrs:
            attrs = {"placeholder": self._hint(), **(attrs or {})}
        return super().get_context(name, value, attrs)


class DateInput(_Hinted, forms.DateInput):
    """A text input for a date in the page language's format (not `type=date`, whose display follows the
    browser's language, not the page's: an English browser shows mm/dd/yyyy to a Vietnamese user)."""

    format_key = "DATE_INPUT_FORMATS"


class AdminDateWidget(_Hinted, admin_widgets.AdminDateWidget):
    format_key = "DATE_INPUT_FORMATS"


class AdminTimeWidget(_Hinted, admin_widgets.AdminTimeWidget):
    format_key = "TIME_INPUT_FORMATS"


class AdminSplitDateTime(admin_widgets.AdminSplitDateTime):
    def __init__(self, attrs=None):
        forms.MultiWidget.__init__(self, [AdminDateWidget, AdminTimeWidget], attrs)


class MonthField(forms.DateField):
    """A month typed as mm/yyyy (05/2026) or sent as yyyy-mm (a browser's month field, older links)."""

    input_formats = ["%m/%Y", "%m-%Y", "%Y-%m"]

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", DateInput(format="%m/%Y"))
        super().__init__(input_formats=self.input_formats, **kwargs)

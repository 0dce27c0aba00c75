import datetime

from django import forms
from django.utils.translation import gettext_lazy as _
from django_filters import IsoDateTimeFilter
from django_filters.fields import IsoDateTimeField


class BoundedIsoDateTimeField(IsoDateTimeField):
    """An ISO 8601 date-time between the years 1900 and 2200, in UTC (so a far-fetched offset never
    reaches the database as an unrepresentable value)."""

    def clean(self, value):
        value = super().clean(value)
        if value is None:
            return value
        try:
            value = value.astimezone(datetime.UTC)
        except (OverflowError, ValueError) as exc:
            raise forms.ValidationError(
                _("Enter a date and time between 1900 and 2200."), code="range"
            ) from exc
        if not 1900 <= value.year <= 2200:
            raise forms.ValidationError(_("Enter a date and time between 1900 and 2200."), code="range")
        return value


class BoundedIsoDateTimeFilter(IsoDateTimeFilter):
    field_class = BoundedIsoDateTimeField

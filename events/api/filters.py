import datetime

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_filters import BooleanFilter, IsoDateTimeFilter, NumberFilter
from django_filters import rest_framework as drf_filters
from django_filters.fields import IsoDateTimeField
from drf_spectacular.utils import extend_schema_field

# The years a date-time filter takes, as the schema states them: written 1900 to 2200 (before any offset).
DATE_TIME_PATTERN = r"^(19\d\d|2[01]\d\d|2200)-"


class BoundedIsoDateTimeField(IsoDateTimeField):
    """An ISO 8601 date-time written with a year from 1900 to 2200, in UTC (so a far-fetched offset never
    reaches the database as an unrepresentable value)."""

    def clean(self, value):
        value = super().clean(value)
        if value is None:
            return value
        # the year as written, so that the schema's pattern and this rule refuse the same values
        if not 1900 <= value.year <= 2200:
            raise forms.ValidationError(_("Enter a date and time between 1900 and 2200."), code="range")
        return value.astimezone(datetime.UTC)


@extend_schema_field({"type": "string", "format": "date-time", "pattern": DATE_TIME_PATTERN})
class BoundedIsoDateTimeFilter(IsoDateTimeFilter):
    field_class = BoundedIsoDateTimeField


class StrictNullBooleanField(forms.NullBooleanField):
    """`true`, `false`, `1` or `0` (any case); empty is no filter; anything else is refused, where Django's
    field reads it as no filter and a typo would silently answer the whole list."""

    widget = forms.TextInput  # the text as sent (Django's select maps it to its own choices)

    def to_python(self, value):
        if value in (None, ""):
            return None
        text = str(value).lower()
        if text in ("true", "1"):
            return True
        if text in ("false", "0"):
            return False
        raise forms.ValidationError(_("Enter true or false."), code="invalid")


@extend_schema_field({"type": "boolean"})
class StrictBooleanFilter(BooleanFilter):
    field_class = StrictNullBooleanField


@extend_schema_field({"type": "integer"})
class IdFilter(NumberFilter):
    """A related row by its id: an id that names no row matches nothing (where a model choice is a 400)."""

    field_class = forms.IntegerField


class FilterSet(drf_filters.FilterSet):
    """The API's filters: booleans are strict, and a related row is named by its id."""

    FILTER_DEFAULTS = {
        **drf_filters.FilterSet.FILTER_DEFAULTS,
        models.BooleanField: {"filter_class": StrictBooleanFilter},
        models.ForeignKey: {"filter_class": IdFilter},
    }


class FilterBackend(drf_filters.DjangoFilterBackend):
    filterset_base = FilterSet

"""Filters shared by the v1 resources."""

import datetime as dt

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

MAX_ID = 2**63 - 1


class IdFilter(django_filters.NumberFilter):
    """A record's id: a whole number the database can hold, or a 400 (never a 500)."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(*args, **kwargs)


class SafeIsoDateTimeField(django_filters.fields.IsoDateTimeField):
    """An ISO 8601 date and time, taken to UTC; from 1900 on, or a 400 (never a 500)."""

    def to_python(self, value):
        result = super().to_python(value)
        if result is None:
            return None
        if result.year < 1900 or result.year > 9000:
            raise forms.ValidationError(_("Enter a date and time from 1900 onwards"))
        if result.tzinfo is not None:
            result = result.astimezone(dt.UTC)
        return result


class DateTimeFilter(django_filters.IsoDateTimeFilter):
    field_class = SafeIsoDateTimeField

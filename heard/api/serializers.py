"""Serializer bases shared by the v1 resources."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers


class ReadSerializer(serializers.ModelSerializer):
    """A resource's output. Read-only fields keep ``allow_blank``, so the schema says a blank
    choice (e.g. an issue with no outcome yet) is a possible value, as it is."""

    def include_extra_kwargs(self, kwargs, extra_kwargs):
        allow_blank = kwargs.get("allow_blank")
        kwargs = super().include_extra_kwargs(kwargs, extra_kwargs)
        if allow_blank:
            kwargs["allow_blank"] = True
        return kwargs


class DateTimeInput(serializers.DateTimeField):
    """A date and time sent to Heard: from 1900 on (older ones are typing mistakes, and
    the local time zone had no whole-minute offset before 1847)."""

    def to_internal_value(self, value):
        result = super().to_internal_value(value)
        if result.year < 1900:
            raise serializers.ValidationError(_("Enter a date and time from 1900 onwards"))
        return result

"""Date filters, a template builtin: ``{{ value|short_date }}``, ``long_date``,
``weekday_date``, ``short_datetime``, ``long_datetime`` — the formats of ``heard.core.dates``."""

from django import template

from heard.core import dates

register = template.Library()

for _name in ("short_date", "long_date", "weekday_date", "short_datetime", "long_datetime"):
    register.filter(_name, getattr(dates, _name))

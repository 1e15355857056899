"""Form fields with GOV.UK-style validation messages."""

import calendar
import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.forms.utils import pretty_name
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .widgets import DATE_PARTS, GovukDateInput

_MONTH_NAMES = {
    name.lower(): number
    for number in range(1, 13)
    for name in (calendar.month_name[number], calendar.month_abbr[number])
}
_MONTH_NAMES["sept"] = 9
# Longest text a date part may hold ("september"): anything longer is not a date part, and
# bounding it keeps Python's integer-string limit (4,300 digits) from ever being reached.
PART_MAX_LENGTH = max(len(name) for name in _MONTH_NAMES)

_MISSING = {
    ("day",): _("day"),
    ("month",): _("month"),
    ("year",): _("year"),
    ("day", "month"): _("day and month"),
    ("day", "year"): _("day and year"),
    ("month", "year"): _("month and year"),
}


def _lower_first(text: str) -> str:
    """'Date of birth' -> 'date of birth', but leave 'NHS number' alone."""
    if len(text) > 1 and text[1].isupper():
        return text
    return text[:1].lower() + text[1:]


class GovukDateField(forms.Field):
    """A date entered as day, month and year, validated the GOV.UK way.

    Messages name the date using ``error_label`` if given, else the field's label, else the
    field's name ("date_of_birth" -> "Date of birth"). Pass ``error_label`` when the label is a
    question ("What is your date of birth?") so messages read "Date of birth must be a real date".

    ``must_be_past=True`` rejects today and later dates ("... must be in the past").

    Each ``ValidationError`` carries ``params["parts"]``: the parts of the date to highlight.
    """

    widget = GovukDateInput
    default_error_messages = {
        "required": _("Enter %(label_lower)s"),
        "incomplete": _("%(label)s must include a %(missing)s"),
        "year_length": _("Year must include 4 numbers"),
        "invalid": _("%(label)s must be a real date"),
        "past": _("%(label)s must be in the past"),
    }

    def __init__(self, *, must_be_past=False, error_label=None, **kwargs):
        self.must_be_past = must_be_past
        self.error_label = error_label
        self._name_label = None
        super().__init__(**kwargs)

    def get_bound_field(self, form, field_name):
        # The field doesn't otherwise know its name, which the messages may need.
        self._name_label = pretty_name(field_name)
        return super().get_bound_field(form, field_name)

    @property
    def message_label(self) -> str:
        return str(self.error_label or self.label or self._name_label or _("Date"))

    def _error(self, code, parts=DATE_PARTS, **params):
        label = self.message_label
        return ValidationError(
            self.error_messages[code],
            code=code,
            params={"label": label, "label_lower": _lower_first(label), "parts": parts, **params},
        )

    def to_python(self, value):
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        if value in self.empty_values:
            return None
        if isinstance(value, str):
            if len(value) > 32:
                raise self._error("invalid")
            try:
                return datetime.date.fromisoformat(value.strip())
            except ValueError:
                raise self._error("invalid") from None
        day, month, year = (str(part or "").strip() for part in value)
        entered = {"day": day, "month": month, "year": year}
        missing = tuple(part for part in DATE_PARTS if not entered[part])
        if len(missing) == len(DATE_PARTS):
            return None
        if missing:
            raise self._error("incomplete", parts=missing, missing=_MISSING[missing])

        numbers = {}
        wrong = []
        for part, text in entered.items():
            if len(text) > PART_MAX_LENGTH:
                wrong.append(part)
            elif text.isascii() and text.isdigit():
                numbers[part] = int(text)
            elif part == "month" and text.lower().rstrip(".") in _MONTH_NAMES:
                numbers[part] = _MONTH_NAMES[text.lower().rstrip(".")]
            else:
                wrong.append(part)
        if not wrong:
            if not 1 <= numbers["day"] <= 31:
                wrong.append("day")
            if not 1 <= numbers["month"] <= 12:
                wrong.append("month")
        if wrong:
            raise self._error("invalid", parts=tuple(wrong))
        if len(year) != 4:
            raise self._error("year_length", parts=("year",))
        try:
            return datetime.date(numbers["year"], numbers["month"], numbers["day"])
        except ValueError:
            raise self._error("invalid") from None

    def validate(self, value):
        if value in self.empty_values and self.required:
            raise self._error("required")

    def run_validators(self, value):
        super().run_validators(value)
        if value is not None and self.must_be_past and value >= timezone.localdate():
            raise self._error("past")

    def has_changed(self, initial, data):
        if self.disabled:
            return False
        try:
            data = self.to_python(data)
            initial = self.to_python(initial)
        except ValidationError:
            return True
        return initial != data

"""What each kind of import holds: its fields, and how one row is checked.

A row's problems are in plain words: which column, what is wrong, and how to put it right.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from heard.casework.models import ActivityKind
from heard.core.validators import normalise_uk_postcode, validate_uk_postcode

from .models import Kind

DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%d %B %Y", "%d %b %Y"]
TIME_FORMATS = ["%H:%M", "%H:%M:%S", "%I:%M %p", "%I:%M%p", "%I.%M%p"]
YES = {"yes", "y", "true", "1", "ja", "ie"}
NO = {"no", "n", "false", "0", "na", "nage", ""}


@dataclass(frozen=True)
class Field:
    name: str
    label: str
    required: bool = False
    type: str = "text"  # text, date, time, int, bool, choice, email, postcode
    max_length: int = 200
    choices: tuple = field(default_factory=tuple)
    example: str = ""


FIELDS = {
    Kind.PEOPLE: [
        Field("first_name", gettext_lazy("First name"), True, max_length=100, example="Mary"),
        Field("last_name", gettext_lazy("Last name"), True, max_length=100, example="Jones"),
        Field("date_of_birth", gettext_lazy("Date of birth"), type="date", example="11/02/1948"),
        Field("postcode", gettext_lazy("Postcode"), type="postcode", example="LS6 2AB"),
        Field("phone", gettext_lazy("Phone"), max_length=30, example="0113 496 0000"),
        Field("email", gettext_lazy("Email"), type="email", example="mary@example.org"),
    ],
    Kind.ACTIVITIES: [
        Field(
            "case_reference",
            gettext_lazy("Case reference in Heard"),
            True,
            max_length=20,
            example="C000001",
        ),
        Field(
            "kind",
            gettext_lazy("Kind of activity"),
            True,
            type="choice",
            choices=tuple(ActivityKind.choices),
            example="Visit",
        ),
        Field("occurred_on", gettext_lazy("Date"), True, type="date", example="07/03/2026"),
        Field("occurred_time", gettext_lazy("Time"), type="time", example="14:30"),
        Field("minutes", gettext_lazy("Minutes spent"), type="int", example="45"),
        Field("travel_minutes", gettext_lazy("Travel minutes"), type="int", example="20"),
        Field("with_person", gettext_lazy("Contact with the person"), type="bool", example="Yes"),
        Field("note", gettext_lazy("Note"), max_length=20000, example="Visited at home."),
    ],
}

MAX_MINUTES = 24 * 60


def fields_for(kind: str) -> list[Field]:
    return FIELDS[Kind(kind)]


def as_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


DAY_FIRST = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")
ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
CLOCK = re.compile(r"^(\d{1,2}):(\d{2})(?::(\d{2}))?$")


def parse_date(value) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = as_text(value)
    # The common shapes without strptime (a 100,000-row file has 100,000 of them).
    for pattern, order in ((DAY_FIRST, (2, 1, 0)), (ISO_DATE, (0, 1, 2))):
        match = pattern.match(text)
        if match:
            parts = [int(part) for part in match.groups()]
            try:
                return dt.date(parts[order[0]], parts[order[1]], parts[order[2]])
            except ValueError:
                return None
    for pattern in DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None


def parse_time(value) -> dt.time | None:
    if isinstance(value, dt.datetime):
        return value.time()
    if isinstance(value, dt.time):
        return value
    text = as_text(value).upper()
    match = CLOCK.match(text)
    if match:
        hour, minute, second = (int(part or 0) for part in match.groups())
        try:
            return dt.time(hour, minute, second)
        except ValueError:
            return None
    for pattern in TIME_FORMATS:
        try:
            return dt.datetime.strptime(text, pattern).time()
        except ValueError:
            continue
    return None


def choice_value(spec: Field, raw: str, value_mapping: dict) -> str | None:
    mapped = value_mapping.get(raw)
    if mapped:
        return mapped
    wanted = raw.casefold()
    for code, label in spec.choices:
        if wanted in (code.casefold(), str(label).casefold()):
            return code
    return None


def check_row(kind: str, raw: dict, *, mapping: dict, value_mapping: dict, context: dict):
    """``(values, problems)`` for one row. ``values`` are JSON-safe, ready to store."""
    values, problems = {}, []

    def problem(spec, message):
        problems.append(
            {"column": mapping.get(spec.name, ""), "field": str(spec.label), "message": message}
        )

    for spec in fields_for(kind):
        column = mapping.get(spec.name)
        cell = raw.get(column) if column else None
        text = as_text(cell)
        if not text:
            if spec.required:
                problem(spec, _("This is empty. Enter the %(field)s.") % {"field": spec.label})
            continue
        if spec.type == "date":
            day = parse_date(cell)
            if day is None:
                problem(
                    spec,
                    _("“%(value)s” is not a date Heard can read. Write it as 31/12/2025.")
                    % {"value": text},
                )
            elif day.year < 1900 or day > timezone.localdate():
                problem(
                    spec,
                    _("%(value)s is not a past date. Check the year.") % {"value": text},
                )
            else:
                values[spec.name] = day.isoformat()
        elif spec.type == "time":
            moment = parse_time(cell)
            if moment is None:
                problem(
                    spec,
                    _("“%(value)s” is not a time Heard can read. Write it as 14:30.")
                    % {"value": text},
                )
            else:
                values[spec.name] = moment.strftime("%H:%M")
        elif spec.type == "int":
            try:
                number = int(float(text))
            except ValueError:
                number = None
            if number is None or not 0 <= number <= MAX_MINUTES:
                problem(
                    spec,
                    _("“%(value)s” is not a number of minutes from 0 to 1440.") % {"value": text},
                )
            else:
                values[spec.name] = number
        elif spec.type == "bool":
            if text.casefold() in YES:
                values[spec.name] = True
            elif text.casefold() in NO:
                values[spec.name] = False
            else:
                problem(spec, _("“%(value)s” is not yes or no.") % {"value": text})
        elif spec.type == "choice":
            code = choice_value(spec, text, value_mapping.get(spec.name, {}))
            if code is None:
                problem(
                    spec,
                    _(
                        "“%(value)s” is not one Heard knows. Choose what it means on the "
                        "“match values” page, or use one of: %(choices)s."
                    )
                    % {"value": text, "choices": ", ".join(str(c[1]) for c in spec.choices)},
                )
            else:
                values[spec.name] = code
        elif spec.type == "email":
            try:
                validate_email(text)
            except ValidationError:
                problem(spec, _("“%(value)s” is not an email address.") % {"value": text})
            else:
                values[spec.name] = text
        elif spec.type == "postcode":
            postcode = normalise_uk_postcode(text)
            try:
                validate_uk_postcode(postcode)
            except ValidationError:
                postcode = ""
            if not postcode:
                problem(spec, _("“%(value)s” is not a UK postcode.") % {"value": text})
            else:
                values[spec.name] = postcode
        elif len(text) > spec.max_length:
            problem(
                spec,
                _("This is longer than %(max)s characters. Shorten it.") % {"max": spec.max_length},
            )
        else:
            values[spec.name] = text

    if kind == Kind.ACTIVITIES:
        _check_activity(values, problems, context, mapping)
    return values, problems


def _check_activity(values, problems, context, mapping):
    reference = values.get("case_reference")
    if reference is not None:
        case_id = context["case_ids"].get(reference.upper())
        if case_id is None:
            problems.append(
                {
                    "column": mapping.get("case_reference", ""),
                    "field": str(_("Case reference in Heard")),
                    "message": _(
                        "There is no case %(reference)s in Heard. Check the reference, or "
                        "import or add the case first."
                    )
                    % {"reference": reference},
                }
            )
        else:
            values["case_id"] = case_id
    if values.get("with_person") and values.get("kind") not in {
        ActivityKind.VISIT,
        ActivityKind.PHONE_CALL,
        ActivityKind.VIDEO_CALL,
        ActivityKind.MEETING,
    }:
        values["with_person"] = False

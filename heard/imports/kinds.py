"""What each kind of import holds: its fields, and how one row is checked.

A row's problems are in plain words: which column, what is wrong, and how to put it right.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, replace

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from heard.casework.models import (
    ActivityKind,
    ClosureReason,
    IssueCategory,
    IssueOutcome,
    SaidBy,
)
from heard.casework.models import Status as CaseStatus
from heard.core.advocacy_types import AdvocacyType
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


# Columns more than one kind holds, defined once; a kind that needs one required says so.
FIRST_NAME = Field("first_name", gettext_lazy("First name"), max_length=100, example="Mary")
LAST_NAME = Field("last_name", gettext_lazy("Last name"), max_length=100, example="Jones")
DATE_OF_BIRTH = Field(
    "date_of_birth", gettext_lazy("Date of birth"), type="date", example="11/02/1948"
)
CASE_REFERENCE_LABEL = gettext_lazy("Case: reference in Heard or ID in the source")


def source_reference(label, example: str) -> Field:
    """The row's own ID in the system it came from (matched on a second import)."""
    return Field("source_reference", label, max_length=100, example=example)


def case_reference(name: str, example: str) -> Field:
    """The case a row belongs to: its reference in Heard or its ID in the source."""
    return Field(name, CASE_REFERENCE_LABEL, True, max_length=100, example=example)


FIELDS = {
    Kind.PEOPLE: [
        replace(FIRST_NAME, required=True),
        replace(LAST_NAME, required=True),
        DATE_OF_BIRTH,
        Field("postcode", gettext_lazy("Postcode"), type="postcode", example="LS6 2AB"),
        Field("phone", gettext_lazy("Phone"), max_length=30, example="0113 496 0000"),
        Field("email", gettext_lazy("Email"), type="email", example="mary@example.org"),
        source_reference(gettext_lazy("ID in the source"), "CLI-5501"),
    ],
    Kind.CASES: [
        source_reference(gettext_lazy("Case ID in the source"), "CL-10231"),
        Field(
            "person",
            gettext_lazy("Person: reference in Heard or ID in the source"),
            max_length=100,
            example="CLI-5501",
        ),
        FIRST_NAME,
        LAST_NAME,
        DATE_OF_BIRTH,
        Field(
            "advocacy_type",
            gettext_lazy("Advocacy type"),
            True,
            type="choice",
            choices=tuple(AdvocacyType.choices),
            example="Care Act advocacy",
        ),
        Field("service", gettext_lazy("Service"), max_length=200, example=""),
        Field(
            "received_on", gettext_lazy("Referral date"), True, type="date", example="03/01/2024"
        ),
        Field(
            "advocate",
            gettext_lazy("Advocate (name or email)"),
            max_length=200,
            example="Jo Patel",
        ),
        Field(
            "status",
            gettext_lazy("Status"),
            type="choice",
            choices=tuple(CaseStatus.choices),
            example="Closed",
        ),
        Field("closed_on", gettext_lazy("Closure date"), type="date", example="18/04/2024"),
        Field(
            "closure_reason",
            gettext_lazy("Closure reason"),
            type="choice",
            choices=tuple(ClosureReason.choices),
            example="Issues resolved",
        ),
    ],
    Kind.ISSUES: [
        source_reference(gettext_lazy("Issue ID in the source"), "IS-501"),
        case_reference("case", "CL-10231"),
        Field(
            "in_their_words",
            gettext_lazy("The issue, in the person's words"),
            True,
            max_length=20000,
            example="I want to stay in my own home.",
        ),
        Field(
            "category",
            gettext_lazy("Category"),
            True,
            type="choice",
            choices=tuple(IssueCategory.choices),
            example="Where to live",
        ),
        Field(
            "said_by",
            gettext_lazy("Said by"),
            type="choice",
            choices=tuple(SaidBy.choices),
            example="The person, in their own words",
        ),
        Field(
            "outcome",
            gettext_lazy("Outcome"),
            type="choice",
            choices=tuple(IssueOutcome.choices),
            example="Achieved",
        ),
        Field("outcome_note", gettext_lazy("Outcome note"), max_length=20000, example=""),
        Field("outcome_on", gettext_lazy("Outcome date"), type="date", example="18/04/2024"),
    ],
    Kind.ACTIVITIES: [
        case_reference("case_reference", "C000001"),
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
        source_reference(gettext_lazy("Activity ID in the source"), "A-90001"),
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
        _add(problems, mapping, spec.name, spec.label, message)

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

    checks = {
        Kind.ACTIVITIES: _check_activity,
        Kind.CASES: _check_case,
        Kind.ISSUES: _check_issue,
    }
    if kind in checks:
        checks[kind](values, problems, context, mapping)
    return values, problems


def fold(text: str) -> str:
    """How references and names are compared: case and surrounding spaces ignored."""
    return " ".join(str(text).split()).casefold()


def _add(problems, mapping, name, label, message):
    problems.append(
        {"column": mapping.get(name, ""), "field": str(label), "message": message, "name": name}
    )


def _check_activity(values, problems, context, mapping):
    reference = values.get("case_reference")
    if reference is not None:
        case_id = context["case_ids"].get(fold(reference))
        if case_id is None:
            _add(
                problems,
                mapping,
                "case_reference",
                CASE_REFERENCE_LABEL,
                _(
                    "There is no case %(reference)s in Heard. Check the reference, or "
                    "import or add the case first."
                )
                % {"reference": reference},
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


def _check_case(values, problems, context, mapping):
    """The person and advocate already in Heard, the service, and a history that adds up."""
    person = values.pop("person", None)
    first, last = values.pop("first_name", ""), values.pop("last_name", "")
    born = values.pop("date_of_birth", None)
    label = _("Person: reference in Heard or ID in the source")
    if person:
        person_id = context["person_ids"].get(fold(person))
        if person_id is None:
            _add(
                problems,
                mapping,
                "person",
                label,
                _(
                    "There is no person %(reference)s in Heard. Check the reference, or "
                    "import the people first."
                )
                % {"reference": person},
            )
    elif first and last:
        found = context["people_by_name"].get((fold(first), fold(last), born), [])
        person_id = found[0] if len(found) == 1 else None
        if not found:
            _add(
                problems,
                mapping,
                "last_name",
                _("Last name"),
                _(
                    "There is no %(name)s%(born)s in Heard. Import the people first, or "
                    "give the person's reference."
                )
                % {"name": f"{first} {last}", "born": f" ({born})" if born else ""},
            )
        elif len(found) > 1:
            _add(
                problems,
                mapping,
                "last_name",
                _("Last name"),
                _(
                    "More than one person in Heard is called %(name)s. Add their date of "
                    "birth, or give the person's reference."
                )
                % {"name": f"{first} {last}"},
            )
    else:
        person_id = None
        _add(
            problems,
            mapping,
            "person",
            label,
            _("Say whose case this is: the person's reference, or their first and last name."),
        )
    if person_id is not None:
        values["person_id"] = person_id

    advocacy_type = values.get("advocacy_type")
    service = values.pop("service", None)
    if service:
        service_id, types = context["services_by_name"].get(fold(service), (None, ()))
        if service_id is None:
            _add(
                problems,
                mapping,
                "service",
                _("Service"),
                _("There is no service called “%(name)s” in Heard. Check its name.")
                % {"name": service},
            )
        elif advocacy_type and advocacy_type not in types:
            _add(
                problems,
                mapping,
                "service",
                _("Service"),
                _("%(service)s does not deliver %(type)s. Choose the service that does.")
                % {"service": service, "type": AdvocacyType(advocacy_type).label},
            )
        else:
            values["service_id"] = service_id
    elif advocacy_type:
        delivering = context["services_by_type"].get(advocacy_type, [])
        if len(delivering) == 1:
            values["service_id"] = delivering[0]
        else:
            _add(
                problems,
                mapping,
                "advocacy_type",
                _("Advocacy type"),
                (
                    _(
                        "None of your services delivers %(type)s. Add it to a service first, "
                        "or add a Service column."
                    )
                    if not delivering
                    else _(
                        "More than one of your services delivers %(type)s. Add a Service "
                        "column to say which."
                    )
                )
                % {"type": AdvocacyType(advocacy_type).label},
            )

    advocate = values.pop("advocate", None)
    if advocate:
        found = context["staff"].get(fold(advocate), [])
        if len(found) == 1:
            values["advocate_id"] = found[0]
        else:
            _add(
                problems,
                mapping,
                "advocate",
                _("Advocate (name or email)"),
                _(
                    "No member of staff in Heard is called %(name)s. Check the name, or "
                    "invite them first."
                )
                % {"name": advocate}
                if not found
                else _("More than one member of staff is called %(name)s. Use their email.")
                % {"name": advocate},
            )

    closed_on, received_on = values.get("closed_on"), values.get("received_on")
    status = values.get("status") or (
        CaseStatus.CLOSED if closed_on else CaseStatus.ACTIVE if advocate else CaseStatus.WAITING
    )
    values["status"] = status
    if status == CaseStatus.CLOSED:
        if not closed_on and "closed_on" not in _mentioned(problems):
            _add(
                problems,
                mapping,
                "closed_on",
                _("Closure date"),
                _("A closed case needs its closure date. Enter it."),
            )
        if not values.get("closure_reason") and "closure_reason" not in _mentioned(problems):
            _add(
                problems,
                mapping,
                "closure_reason",
                _("Closure reason"),
                _("A closed case needs its closure reason. Enter it."),
            )
    elif closed_on:
        _add(
            problems,
            mapping,
            "closed_on",
            _("Closure date"),
            _("The case has a closure date but its status is not Closed. Check the status."),
        )
    if closed_on and received_on and closed_on < received_on:
        _add(
            problems,
            mapping,
            "closed_on",
            _("Closure date"),
            _("The case closed before its referral date. Check both dates."),
        )
    if status in (CaseStatus.ALLOCATED, CaseStatus.ACTIVE, CaseStatus.ON_HOLD) and not advocate:
        _add(
            problems,
            mapping,
            "advocate",
            _("Advocate (name or email)"),
            _("A case that is %(status)s needs its advocate. Enter their name or email.")
            % {"status": CaseStatus(status).label.lower()},
        )


def _mentioned(problems) -> set[str]:
    return {problem.get("name", "") for problem in problems}


def _check_issue(values, problems, context, mapping):
    reference = values.pop("case", None)
    if reference is not None:
        case_id = context["case_ids"].get(fold(reference))
        if case_id is None:
            _add(
                problems,
                mapping,
                "case",
                CASE_REFERENCE_LABEL,
                _(
                    "There is no case %(reference)s in Heard. Check the reference, or "
                    "import the cases first."
                )
                % {"reference": reference},
            )
        else:
            values["case_id"] = case_id
    if values.get("outcome_on") and not values.get("outcome"):
        _add(
            problems,
            mapping,
            "outcome",
            _("Outcome"),
            _("There is an outcome date but no outcome. Enter the outcome."),
        )

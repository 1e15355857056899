"""Checking and reading the answers: the only module that knows the input format.

The input is whatever a referrer, a script or the public API sent us, so it is
checked against a declarative schema before any rule sees it. Every problem is
collected (not just the first) so a form can show them all at once. A value
that passes is stored under its dotted name (``"dols.stage"``) so the rules,
and the ``missing`` list they produce, talk about fields in exactly the words
the caller used. Absent and ``null`` are the same thing: "not known".
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from types import MappingProxyType

__all__ = [
    "EXCLUSIONS",
    "FIELDS",
    "SCHEMA",
    "Answers",
    "Choice",
    "Flag",
    "Group",
    "InvalidAnswers",
    "ValidationError",
    "Whole",
    "parse",
    "validate",
]

NATIONS = ("england", "wales")
CARE_AND_SUPPORT_PROCESSES = (
    "needs_assessment",
    "carers_assessment",
    "care_and_support_planning",
    "care_review",
    "transition_assessment",
)
SAFEGUARDING_PROCESSES = ("safeguarding_enquiry", "safeguarding_adults_review")
PROCESSES = (
    "needs_assessment",
    "carers_assessment",
    "care_and_support_planning",
    "care_review",
    "safeguarding_enquiry",
    "safeguarding_adults_review",
    "transition_assessment",
)
MCA_DECISIONS = ("serious_medical_treatment", "accommodation_change", "care_review", "safeguarding")
SETTINGS = ("hospital", "care_home")
DOLS_STAGES = ("none", "requested", "urgent", "authorised")
RPR_KINDS = ("none", "unpaid", "paid")
MHA_STATUSES = (
    "none",
    "s2",
    "s3",
    "s4",
    "s5_2",
    "s5_4",
    "s35",
    "s36",
    "s37",
    "s37_41",
    "s38",
    "s45a",
    "s47",
    "s47_49",
    "s48",
    "s48_49",
    "s135",
    "s136",
    "guardianship",
    "cto",
    "conditional_discharge",
    "informal_inpatient",
)
CHILD_STATUSES = ("looked_after", "care_leaver", "child_in_need", "none")


# --- the schema -------------------------------------------------------------


@dataclass(frozen=True)
class Choice:
    """One of a fixed list of strings (an enum in the contract)."""

    values: tuple[str, ...]

    def problem(self, name: str, value: object) -> str | None:
        if isinstance(value, str) and value in self.values:
            return None
        quoted = [f'"{v}"' for v in self.values]
        options = ", ".join(quoted[:-1]) + " or " + quoted[-1]
        return f"{name} must be one of {options}."


@dataclass(frozen=True)
class Flag:
    """A yes/no answer. Only JSON true and false: 0, 1 and "yes" are refused."""

    def problem(self, name: str, value: object) -> str | None:
        if isinstance(value, bool):
            return None
        return f"{name} must be true or false."


@dataclass(frozen=True)
class Whole:
    """A whole number within bounds.

    JSON booleans arrive as Python ``bool`` (a subclass of ``int``) and ``45.0``
    arrives as ``float``; both are refused so that a typing mistake upstream is
    reported rather than silently read as a number.
    """

    minimum: int
    maximum: int | None = None
    example: str = "such as 45"

    def problem(self, name: str, value: object) -> str | None:
        if type(value) is not int:
            return (
                f"{name} must be a whole number {self.example}, not a decimal, text or true/false."
            )
        if value < self.minimum and self.maximum is None:
            return f"{name} cannot be negative."
        if value < self.minimum or (self.maximum is not None and value > self.maximum):
            return f"{name} must be between {self.minimum} and {self.maximum}."
        return None


@dataclass(frozen=True)
class Group:
    """A nested object whose fields are each optional on their own."""

    fields: Mapping[str, Choice | Flag | Whole]

    def problem(self, name: str, value: object) -> str | None:
        if isinstance(value, dict):
            return None
        return f"{name} must be an object (or null if not known)."


SCHEMA: Mapping[str, Choice | Flag | Whole | Group] = MappingProxyType(
    {
        "nation": Choice(NATIONS),
        "age": Whole(0, 130),
        "process": Choice(PROCESSES),
        "substantial_difficulty": Group(
            {
                "understanding": Flag(),
                "retaining": Flag(),
                "using_or_weighing": Flag(),
                "communicating": Flag(),
            }
        ),
        "appropriate_individual_available": Flag(),
        "nhs_placement_likely": Flag(),
        "disagreement_with_appropriate_individual": Flag(),
        "lacks_capacity": Flag(),
        "mca_decision": Choice(MCA_DECISIONS),
        "accommodation": Group(
            {
                "setting": Choice(SETTINGS),
                "expected_stay_days": Whole(0, example="of days such as 30"),
            }
        ),
        "anyone_appropriate_to_consult": Flag(),
        "treatment_urgent": Flag(),
        "treatment_regulated_by_mha_part4": Flag(),
        "accommodation_required_by_mha": Flag(),
        "attorney_or_deputy": Flag(),
        "dols": Group(
            {
                "stage": Choice(DOLS_STAGES),
                "rpr": Choice(RPR_KINDS),
                "unpaid_rpr_available": Flag(),
                "imca_requested": Flag(),
            }
        ),
        "mha": Group(
            {
                "status": Choice(MHA_STATUSES),
                "s57_treatment_considered": Flag(),
                "ect_considered": Flag(),
            }
        ),
        "complaint_about_nhs": Flag(),
        "child_status": Choice(CHILD_STATUSES),
        "making_representation_or_complaint": Flag(),
    }
)


def _leaves() -> tuple[str, ...]:
    names: list[str] = []
    for name, spec in SCHEMA.items():
        if isinstance(spec, Group):
            names.extend(f"{name}.{inner}" for inner in spec.fields)
        else:
            names.append(name)
    return tuple(names)


#: Every answer field, dotted, in contract order. ``missing`` is sorted by this.
FIELDS: tuple[str, ...] = _leaves()

#: Rare facts that remove a duty: absent means false, and results say so.
EXCLUSIONS = (
    "treatment_urgent",
    "treatment_regulated_by_mha_part4",
    "accommodation_required_by_mha",
    "attorney_or_deputy",
)

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


# --- errors -----------------------------------------------------------------


class InvalidAnswers(ValueError):
    """The answers broke the contract; ``errors`` lists every problem found."""

    def __init__(self, errors: list[dict[str, str]]):
        self.errors = errors
        summary = "; ".join(f"{e['field'] or '(answers)'}: {e['message']}" for e in errors)
        super().__init__(summary)


#: The name other parts of Heard may prefer; the same class.
ValidationError = InvalidAnswers


# --- validation and parsing --------------------------------------------------


@dataclass(frozen=True)
class Answers:
    """Checked answers: each known value under its dotted name, plus the date.

    ``get`` returns ``None`` for anything not known, which is what the
    three-valued rules expect.
    """

    as_of: date
    values: Mapping[str, bool | int | str]

    def get(self, field: str) -> bool | int | str | None:
        return self.values.get(field)


def _check(answers: object) -> tuple[list[dict[str, str]], dict[str, bool | int | str], object]:
    """Walk the schema once, returning (errors, known values, raw as_of)."""
    if not isinstance(answers, dict):
        return [{"field": "", "message": "The answers must be a JSON object."}], {}, None
    errors: list[dict[str, str]] = []
    values: dict[str, bool | int | str] = {}
    for name, spec in SCHEMA.items():
        value = answers.get(name)
        if value is None:
            continue
        problem = spec.problem(name, value)
        if problem:
            errors.append({"field": name, "message": problem})
            continue
        if isinstance(spec, Group):
            for inner, inner_spec in spec.fields.items():
                dotted = f"{name}.{inner}"
                inner_value = value.get(inner)
                if inner_value is None:
                    continue
                inner_problem = inner_spec.problem(dotted, inner_value)
                if inner_problem:
                    errors.append({"field": dotted, "message": inner_problem})
                else:
                    values[dotted] = inner_value
        else:
            values[name] = value
    as_of = answers.get("as_of")
    if as_of is not None and _as_of(as_of) is None:
        errors.append(
            {"field": "as_of", "message": "as_of must be a real date written YYYY-MM-DD."}
        )
    return errors, values, as_of


def _as_of(value: object) -> date | None:
    """Read an ``as_of`` value, or return None if it is not a valid date."""
    if type(value) is date:  # Python callers may pass a date (not a datetime)
        return value
    if not isinstance(value, str) or not _ISO_DATE.fullmatch(value):
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def validate(answers: object) -> list[dict[str, str]]:
    """Every way the answers break the contract; an empty list means valid."""
    return _check(answers)[0]


def parse(answers: object) -> Answers:
    """Check the answers and return them ready for the rules.

    Raises ``InvalidAnswers`` listing every problem. ``as_of`` defaults to
    today, read when called (not at import) so a long-running server stays
    correct across midnight.
    """
    errors, values, as_of = _check(answers)
    if errors:
        raise InvalidAnswers(errors)
    when = _as_of(as_of) if as_of is not None else date.today()
    assert when is not None  # checked above
    return Answers(as_of=when, values=MappingProxyType(values))

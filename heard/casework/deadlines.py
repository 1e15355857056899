"""Statutory and service deadlines, as pure rules from a case's facts.

Each rule reads a ``CaseFacts`` (plain values, no database) and returns the
tasks the case should have: ``Deadline(rule_key, kind, title, due_on)``. The
service ``heard.casework.services.todos.regenerate_tasks`` gathers the facts and
upserts the tasks by ``rule_key``. The legal basis of each rule, and the
choices where the law gives none, are in ``docs/casework-records.md``.

Conventions for dates: an authorisation's expiry date is the **last day it is
in force**. A standard authorisation given on 1 March 2025 for 12 months ends
on 28 February 2026; an urgent one given on 1 March for 7 days ends on 7 March.
Defaults use that (earliest, so safest) reading; validation accepts up to the
anniversary, because forms are often written "valid until" the anniversary.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

from heard.casework.models import DolsAuthorisation, Status, TaskKind
from heard.core.advocacy_types import AdvocacyType
from heard.core.working_days import add_working_days

ONE_DAY = dt.timedelta(days=1)

STANDARD_MAX_MONTHS = 12  # MCA 2005 Sch A1 para 42(2): at most 1 year
URGENT_DAYS = 7  # Sch A1 para 78: at most 7 days
URGENT_EXTENSION_DAYS = 7  # Sch A1 paras 84-85: extended once, by at most 7 days
DOLS_REVIEW_DAYS_BEFORE = 28  # Sch A1 para 24: a further request falls due within 28 days
URGENT_REVIEW_DAYS_BEFORE = 2
IMCA_REPORT_WORKING_DAYS_BEFORE = 2
CARE_ACT_PREP_WORKING_DAYS_BEFORE = 5

IMCA_TYPES = frozenset(
    {
        AdvocacyType.IMCA,
        AdvocacyType.IMCA_DOLS_39A,
        AdvocacyType.IMCA_DOLS_39C,
        AdvocacyType.IMCA_DOLS_39D,
    }
)

# Rule keys: stable, stored on generated tasks (``Task.rule_key``).
FIRST_CONTACT = "first_contact"
DOLS_EXPIRY = "dols_expiry"
DOLS_REVIEW = "dols_review"
RPR_CONTACT = "rpr_contact"
IMCA_REPORT = "imca_report"
CARE_ACT_REVIEW = "care_act_review"
CARE_ACT_REVIEW_PREP = "care_act_review_prep"


@dataclass(frozen=True)
class CaseFacts:
    """What the rules need to know about a case, gathered once from the database."""

    advocacy_type: str
    status: str
    received_on: dt.date
    first_contact_target_days: int
    rpr_contact_frequency_days: int
    dols_authorisation: str = ""
    dols_authorised_on: dt.date | None = None
    dols_expires_on: dt.date | None = None
    decision_date: dt.date | None = None
    care_act_review_on: dt.date | None = None
    allocated_on: dt.date | None = None  # the first allocation
    first_contact_on: dt.date | None = None
    last_contact_on: dt.date | None = None

    @property
    def contacted(self) -> bool:
        """First contact has happened (an active or on-hold case has had it by definition)."""
        return self.first_contact_on is not None or self.status in {Status.ACTIVE, Status.ON_HOLD}


@dataclass(frozen=True)
class Deadline:
    rule_key: str
    kind: str
    title: str
    due_on: dt.date
    # True when the rule is met (first contact made): the task is completed, not removed.
    satisfied: bool = False


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later; the month's last day when it is shorter (31 Jan + 1 = 28 Feb)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _date(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


# DoLS dates -----------------------------------------------------------------------------------


def default_dols_expiry(authorisation: str, authorised_on: dt.date) -> dt.date:
    """The last day in force when the expiry is not known: the longest the law allows."""
    if authorisation == DolsAuthorisation.URGENT:
        return authorised_on + dt.timedelta(days=URGENT_DAYS) - ONE_DAY
    return add_months(authorised_on, STANDARD_MAX_MONTHS) - ONE_DAY


def latest_dols_expiry(authorisation: str, authorised_on: dt.date) -> dt.date:
    """The latest expiry date accepted: 12 months for standard, 7 + 7 days for urgent."""
    if authorisation == DolsAuthorisation.URGENT:
        return authorised_on + dt.timedelta(days=URGENT_DAYS + URGENT_EXTENSION_DAYS)
    return add_months(authorised_on, STANDARD_MAX_MONTHS)


def validate_dols_dates(
    *, authorisation: str, authorised_on: dt.date | None, expires_on: dt.date | None
) -> dict[str, str]:
    """Messages for the case details form, keyed by field (empty when the dates make sense).

    Field names are the ``Case`` fields: ``dols_authorisation``, ``dols_authorised_on``,
    ``dols_expires_on``. Use in a form's ``clean()``::

        for field, message in validate_dols_dates(...).items():
            self.add_error(field, message)
    """
    errors: dict[str, str] = {}
    if not authorisation:
        if authorised_on or expires_on:
            errors["dols_authorisation"] = (
                "Select whether the authorisation is urgent or standard, or remove its dates"
            )
        return errors
    if authorisation not in DolsAuthorisation.values:
        return {"dols_authorisation": "Select whether the authorisation is urgent or standard"}
    if authorised_on is None:
        errors["dols_authorised_on"] = "Enter the date the authorisation was given"
        return errors
    if expires_on is None:
        return errors
    if expires_on < authorised_on:
        errors["dols_expires_on"] = (
            "The date the authorisation ends must be the same as or after the date it was given"
        )
    elif expires_on > latest_dols_expiry(authorisation, authorised_on):
        latest = _date(latest_dols_expiry(authorisation, authorised_on))
        if authorisation == DolsAuthorisation.URGENT:
            errors["dols_expires_on"] = (
                "An urgent authorisation lasts up to 7 days and can be extended once by up to "
                f"7 days, so it must end by {latest}"
            )
        else:
            errors["dols_expires_on"] = (
                f"A standard authorisation lasts up to 12 months, so it must end by {latest}"
            )
    return errors


# The rules ------------------------------------------------------------------------------------


def first_contact_rule(facts: CaseFacts) -> list[Deadline]:
    """Every case: first contact within the service's target, in working days from referral."""
    due = add_working_days(facts.received_on, facts.first_contact_target_days)
    return [
        Deadline(
            FIRST_CONTACT,
            TaskKind.FIRST_CONTACT,
            "Make first contact with the person",
            due,
            satisfied=facts.contacted,
        )
    ]


def dols_rule(facts: CaseFacts) -> list[Deadline]:
    """An authorisation in the facts: a task on the day it ends and a review before then."""
    if not facts.dols_authorisation or facts.dols_authorised_on is None:
        return []
    expires = facts.dols_expires_on or default_dols_expiry(
        facts.dols_authorisation, facts.dols_authorised_on
    )
    if facts.dols_authorisation == DolsAuthorisation.URGENT:
        label, review_days = "urgent authorisation", URGENT_REVIEW_DAYS_BEFORE
    else:
        label, review_days = "standard authorisation", DOLS_REVIEW_DAYS_BEFORE
    review_on = max(expires - dt.timedelta(days=review_days), facts.dols_authorised_on)
    return [
        Deadline(
            DOLS_REVIEW,
            TaskKind.DOLS_REVIEW,
            f"Check a further authorisation or review is requested: DoLS {label} ends "
            f"{_date(expires)}",
            review_on,
        ),
        Deadline(DOLS_EXPIRY, TaskKind.DOLS_EXPIRY, f"DoLS {label} ends", expires),
    ]


def rpr_contact_rule(facts: CaseFacts) -> list[Deadline]:
    """Paid RPR: the next visit is due the service's frequency after the last contact."""
    if facts.advocacy_type != AdvocacyType.PAID_RPR:
        return []
    since = facts.last_contact_on or facts.allocated_on
    if since is None:
        return []
    due = since + dt.timedelta(days=facts.rpr_contact_frequency_days)
    title = (
        f"Visit the person (last contact {_date(facts.last_contact_on)})"
        if facts.last_contact_on
        else "Visit the person (no contact yet since allocation)"
    )
    return [Deadline(RPR_CONTACT, TaskKind.RPR_CONTACT, title, due)]


def imca_report_rule(facts: CaseFacts) -> list[Deadline]:
    """IMCA: the report is due 2 working days before the decision is made."""
    if facts.advocacy_type not in IMCA_TYPES or facts.decision_date is None:
        return []
    due = add_working_days(facts.decision_date, -IMCA_REPORT_WORKING_DAYS_BEFORE)
    return [
        Deadline(
            IMCA_REPORT,
            TaskKind.IMCA_REPORT,
            f"Send the IMCA report to the decision maker (decision due {_date(facts.decision_date)})",
            due,
        )
    ]


def care_act_review_rule(facts: CaseFacts) -> list[Deadline]:
    """Care Act: the review itself, and preparing with the person 5 working days before."""
    if facts.advocacy_type != AdvocacyType.CARE_ACT or facts.care_act_review_on is None:
        return []
    review_on = facts.care_act_review_on
    return [
        Deadline(
            CARE_ACT_REVIEW_PREP,
            TaskKind.CARE_ACT_REVIEW,
            f"Prepare with the person for their Care Act review on {_date(review_on)}",
            add_working_days(review_on, -CARE_ACT_PREP_WORKING_DAYS_BEFORE),
        ),
        Deadline(CARE_ACT_REVIEW, TaskKind.CARE_ACT_REVIEW, "Care Act review", review_on),
    ]


RULES = (first_contact_rule, dols_rule, rpr_contact_rule, imca_report_rule, care_act_review_rule)
RULE_KEYS = frozenset(
    {
        FIRST_CONTACT,
        DOLS_EXPIRY,
        DOLS_REVIEW,
        RPR_CONTACT,
        IMCA_REPORT,
        CARE_ACT_REVIEW,
        CARE_ACT_REVIEW_PREP,
    }
)


def deadlines_for(facts: CaseFacts) -> list[Deadline]:
    """Every deadline the case should have now. A closed case has none."""
    if facts.status == Status.CLOSED:
        return []
    return [deadline for rule in RULES for deadline in rule(facts)]

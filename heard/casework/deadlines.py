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
from collections.abc import Callable
from dataclasses import dataclass
from typing import NamedTuple

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from heard.casework.models import DolsAuthorisation, MhaHearingKind, MhaStatus, Status, TaskKind
from heard.core import nations
from heard.core.advocacy_types import AdvocacyType, Nation
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
    # Mental Health Act facts (IMHA cases). ``mha_began_at`` is an aware date-time.
    nation: str = Nation.ENGLAND
    mha_status: str = ""
    mha_began_at: dt.datetime | None = None
    mha_detention_extended: bool = False
    mha_hearing_kind: str = ""
    mha_hearing_on: dt.date | None = None
    person_under_18: bool = False
    # The day the rules are read on: periods that renew pick the one this day falls in.
    today: dt.date | None = None

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
    # The law the deadline rests on, shown with the task.
    citation: str = ""
    # Hour-based deadlines only: the moment it falls (``due_on`` is that moment's local day).
    due_at: dt.datetime | None = None


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


# Care and support advocacy: Care Act advocacy in England, Independent Professional Advocacy
# (SSWBA Part 10 Code) in Wales, where the review is of the care and support plan (Part 4).
CARE_AND_SUPPORT_TYPES = {AdvocacyType.CARE_ACT, AdvocacyType.WALES_IPA}


def care_act_review_rule(facts: CaseFacts) -> list[Deadline]:
    """The care and support review itself, and preparing with the person 5 working days before.

    Named for the case's nation: a Care Act review in England, a care and support plan review
    under the Social Services and Well-being (Wales) Act 2014 in Wales.
    """
    if facts.advocacy_type not in CARE_AND_SUPPORT_TYPES or facts.care_act_review_on is None:
        return []
    review_on = facts.care_act_review_on
    review = nations.term("care.review", facts.nation)
    return [
        Deadline(
            CARE_ACT_REVIEW_PREP,
            TaskKind.CARE_ACT_REVIEW,
            _("Prepare with the person for their %(review)s on %(date)s")
            % {"review": review, "date": _date(review_on)},
            add_working_days(review_on, -CARE_ACT_PREP_WORKING_DAYS_BEFORE),
        ),
        Deadline(CARE_ACT_REVIEW, TaskKind.CARE_ACT_REVIEW, str(review), review_on),
    ]


# Mental Health Act 1983 ----------------------------------------------------------------------
#
# Dated rules: each says which statuses it reads and the day it takes effect, so a later
# change in the law (the Mental Health Act 2025, as it is commenced) is a new rule with its
# commencement date, not an edit of this one. The rule that applies is the one in force on
# the day the person's status began. The days count the way the Act does: "a period of 28
# days beginning with the day of admission" counts that day as day 1.

MHA_ENDS = "mha_ends"
MHA_TRIBUNAL = "mha_tribunal"
MHA_REFERRAL = "mha_referral"
MHA_HEARING = "mha_hearing"

MHA_1983_COMMENCED = dt.date(1983, 9, 30)
# Mental Health Act 2007: community treatment orders, the First-tier Tribunal, new s68.
MHA_2007_COMMENCED = dt.date(2008, 11, 3)
# Policing and Crime Act 2017: sections 135 and 136 shortened from 72 hours to 24.
PLACE_OF_SAFETY_24_HOURS_FROM = dt.date(2017, 12, 11)

HEARING_PREP_WORKING_DAYS_BEFORE = 5
TRIBUNAL_SILENCE_YEARS = 3  # s68(6), s71(2): three years without the tribunal considering the case
TRIBUNAL_SILENCE_YEARS_UNDER_18 = 1  # s68(6)(b)

MHA_TYPES = frozenset({AdvocacyType.IMHA})


def _act(sections: str) -> str:
    return f"Mental Health Act 1983 {sections}"


def tribunal_name(nation: str, on: dt.date) -> str:
    """The tribunal a person applies to, named for the nation and the day."""
    if nation == Nation.WALES:
        return _("Mental Health Review Tribunal for Wales")
    if on < MHA_2007_COMMENCED:
        return _("Mental Health Review Tribunal")
    return _("First-tier Tribunal (Mental Health)")


def tribunal_rules_citation(nation: str) -> str:
    if nation == Nation.WALES:
        return "Mental Health Review Tribunal for Wales Rules 2008"
    return (
        "Tribunal Procedure (First-tier Tribunal) (Health, Education and Social Care Chamber) "
        "Rules 2008"
    )


def last_day_of_months(start: dt.date, months: int) -> dt.date:
    """The last day of a period of ``months`` beginning with ``start`` (start is day 1).

    Six months beginning with 1 March ends on 31 August. Where the later month has no
    day of the same number (six months beginning with 31 August), the earlier reading is
    taken, as for DoLS: the period ends the day before the month's last day.
    """
    return add_months(start, months) - ONE_DAY


def last_day_of_days(start: dt.date, days: int) -> dt.date:
    """The last day of a period of ``days`` beginning with ``start``: 28 days from 1 Feb ends 28 Feb."""
    return start + dt.timedelta(days=days - 1)


def hours_after(start: dt.datetime, hours: int) -> dt.datetime:
    """Elapsed hours, so a change of the clocks in between does not move the moment."""
    return (start.astimezone(dt.UTC) + dt.timedelta(hours=hours)).astimezone(start.tzinfo)


class RenewalPeriod(NamedTuple):
    number: int  # 1: the first six months; 2: the second; 3 onwards: a year each
    begins: dt.date
    ends: dt.date


def _months_to_end_of_period(number: int) -> int:
    # Six months, six months, then a year at a time (s20(2), s20A(3)).
    return 6 * number if number <= 2 else 12 * (number - 1)


def renewal_period(start: dt.date, on: dt.date) -> RenewalPeriod:
    """The period of detention, guardianship or a CTO that ``on`` falls in.

    Each period is counted from the original start, so renewals never drift at a month end.
    A day before the start is in the first period.
    """
    number = 1
    while last_day_of_months(start, _months_to_end_of_period(number)) < on:
        number += 1
    begins = start if number == 1 else add_months(start, _months_to_end_of_period(number - 1))
    return RenewalPeriod(
        number, begins, last_day_of_months(start, _months_to_end_of_period(number))
    )


def _facts_day(facts: CaseFacts, began: dt.date) -> dt.date:
    return max(facts.today or began, began)


def _deadline_at(key, kind, title, due_at: dt.datetime, citation) -> Deadline:
    return Deadline(key, kind, title, due_at.date(), citation=citation, due_at=due_at)


# Hour-based holding powers and places of safety: date-times, not dates.

_HOLDING_POWERS = {
    # status: (hours, title, citation)
    MhaStatus.S4: (72, "section 4", "s4(4)"),
    MhaStatus.S5_2: (72, "section 5(2)", "s5(2)"),
    MhaStatus.S5_4: (6, "section 5(4)", "s5(4)"),
}


def holding_power_rule(facts: CaseFacts, began_at: dt.datetime) -> list[Deadline]:
    """s4 and s5(2): 72 hours; s5(4): 6 hours; from the moment it began."""
    hours, section, citation = _HOLDING_POWERS[facts.mha_status]
    return [
        _deadline_at(
            MHA_ENDS,
            TaskKind.MHA_ENDS,
            _("The %(section)s holding power ends %(hours)s hours after it began")
            % {"section": section, "hours": hours},
            hours_after(began_at, hours),
            _act(citation),
        )
    ]


def place_of_safety_72_hours_rule(facts: CaseFacts, began_at: dt.datetime) -> list[Deadline]:
    """Sections 135 and 136 before 11 December 2017: up to 72 hours."""
    section = "135(3)" if facts.mha_status == MhaStatus.S135 else "136(2)"
    return [
        _deadline_at(
            MHA_ENDS,
            TaskKind.MHA_ENDS,
            _("Detention in the place of safety ends 72 hours after it began"),
            hours_after(began_at, 72),
            _act(f"s{section} (as in force before 11 December 2017)"),
        )
    ]


def place_of_safety_24_hours_rule(facts: CaseFacts, began_at: dt.datetime) -> list[Deadline]:
    """Sections 135 and 136: 24 hours from arrival, extendable once by up to 12 (s136B)."""
    section = "s135(3ZA)" if facts.mha_status == MhaStatus.S135 else "s136(2A)"
    if facts.mha_detention_extended:
        hours, title = 36, _("Detention in the place of safety ends (24 hours, extended by 12)")
        citation = _act(f"{section}, s136B")
    else:
        hours, title = 24, _("Detention in the place of safety ends 24 hours after arrival")
        citation = _act(section)
    return [
        _deadline_at(MHA_ENDS, TaskKind.MHA_ENDS, title, hours_after(began_at, hours), citation)
    ]


# Day-based sections.


def section_2_rule(facts: CaseFacts, began_at: dt.datetime) -> list[Deadline]:
    """s2: 28 days beginning with the day of admission; apply to the tribunal within 14."""
    admitted = began_at.date()
    tribunal = tribunal_name(facts.nation, admitted)
    return [
        Deadline(
            MHA_TRIBUNAL,
            TaskKind.MHA_TRIBUNAL,
            _("Last day for the person to apply to the %(tribunal)s against section 2")
            % {"tribunal": tribunal},
            last_day_of_days(admitted, 14),
            citation=_act("s66(1)(a), (2)(a)"),
        ),
        Deadline(
            MHA_ENDS,
            TaskKind.MHA_ENDS,
            _("Section 2 ends (28 days beginning with the day of admission)"),
            last_day_of_days(admitted, 28),
            citation=_act("s2(4)"),
        ),
    ]


def _remand_rule(section: str, citation: str):
    def rule(facts: CaseFacts, began_at: dt.datetime) -> list[Deadline]:
        return [
            Deadline(
                MHA_ENDS,
                TaskKind.MHA_ENDS,
                _(
                    "The section %(section)s remand ends unless the court renews it "
                    "(28 days at a time, 12 weeks in all)"
                )
                % {"section": section},
                last_day_of_days(began_at.date(), 28),
                citation=_act(citation),
            )
        ]

    rule.__doc__ = f"s{section}: remanded for at most 28 days at a time ({citation})."
    return rule


def interim_order_rule(facts: CaseFacts, began_at: dt.datetime) -> list[Deadline]:
    """s38: an interim hospital order lasts at most 12 weeks before the court renews it."""
    return [
        Deadline(
            MHA_ENDS,
            TaskKind.MHA_ENDS,
            _("The interim hospital order ends at the latest unless the court renews it"),
            last_day_of_days(began_at.date(), 12 * 7),
            citation=_act("s38(5)"),
        )
    ]


# Renewable sections: s3, guardianship, CTOs, and hospital orders and transfers without
# restrictions (which s40(4), Schedule 1 Part 1 and s47(3) treat like s3).

_RENEWABLE = {
    # status: (label, renewal citation, first-period tribunal citation or None, later citation)
    MhaStatus.S3: ("Section 3", "s20(1), (2)", "s66(1)(b), (2)(b)", "s66(1)(f), (2)(f)"),
    MhaStatus.GUARDIANSHIP: (
        "Guardianship",
        "s20(1), (2)",
        "s66(1)(c), (2)(c)",
        "s66(1)(f), (2)(f)",
    ),
    MhaStatus.CTO: ("The community treatment order", "s20A(1), (3)", "s66(1)(ca)", "s66(1)(fza)"),
    MhaStatus.S37: (
        "The hospital order",
        "s20(1), (2), applied by s40(4) and Schedule 1 Part 1",
        None,  # no application in the first six months (s40(4), Schedule 1 Part 1)
        "s66(1)(f), (2)(f)",
    ),
    MhaStatus.S47: (
        "The transfer direction",
        "s20(1), (2), applied by s47(3) and s40(4)",
        "s69(2)(b)",
        "s66(1)(f), (2)(f)",
    ),
}

# Statuses the hospital managers must refer to the tribunal after three years without a hearing.
_MANAGERS_REFER = frozenset({MhaStatus.S3, MhaStatus.CTO, MhaStatus.S37, MhaStatus.S47})


def _last_considered(facts: CaseFacts, began: dt.date) -> dt.date:
    """When the tribunal last considered the case, as far as the case record knows."""
    if (
        facts.mha_hearing_kind == MhaHearingKind.TRIBUNAL
        and facts.mha_hearing_on is not None
        and began <= facts.mha_hearing_on <= _facts_day(facts, began)
    ):
        return facts.mha_hearing_on
    return began


def renewable_rule(facts: CaseFacts, began_at: dt.datetime) -> list[Deadline]:
    """The period in force now ends; the person's tribunal window in it; managers' referrals."""
    began = began_at.date()
    label, renewal_citation, first_citation, later_citation = _RENEWABLE[facts.mha_status]
    on = _facts_day(facts, began)
    period = renewal_period(began, on)
    tribunal = tribunal_name(facts.nation, period.begins)
    deadlines = [
        Deadline(
            MHA_ENDS,
            TaskKind.MHA_ENDS,
            _("%(label)s ends unless it is renewed (period %(number)s)")
            % {"label": label, "number": period.number},
            period.ends,
            citation=_act(renewal_citation),
        )
    ]
    if period.number == 1 and first_citation is None:
        opens = add_months(began, 6)
        deadlines.append(
            Deadline(
                MHA_TRIBUNAL,
                TaskKind.MHA_TRIBUNAL,
                _(
                    "The person can apply to the %(tribunal)s from today (not in the first six months)"
                )
                % {"tribunal": tribunal_name(facts.nation, opens)},
                opens,
                citation=_act("s40(4), Schedule 1 Part 1; s66(1)(f), (2)(f)"),
            )
        )
    else:
        deadlines.append(
            Deadline(
                MHA_TRIBUNAL,
                TaskKind.MHA_TRIBUNAL,
                _("Last day for the person to apply to the %(tribunal)s in this period")
                % {"tribunal": tribunal},
                period.ends,
                citation=_act(first_citation if period.number == 1 else later_citation),
            )
        )
    referral = _managers_referral(facts, began, period)
    if referral is not None:
        deadlines.append(referral)
    return deadlines


def _managers_referral(facts: CaseFacts, began: dt.date, period: RenewalPeriod) -> Deadline | None:
    """s68: the hospital managers refer when the person has not applied.

    Section 3: when the first six months end (s68(2), counted from the section 3 admission;
    a section 2 before it makes the day earlier, which the record does not hold). Then, at a
    renewal, when three years (one, under 18) have passed since the tribunal last considered
    the case (s68(6)).
    """
    if facts.mha_status not in _MANAGERS_REFER or began < MHA_2007_COMMENCED:
        return None
    tribunal = tribunal_name(facts.nation, period.begins)
    if facts.mha_status == MhaStatus.S3 and period.number == 1:
        return Deadline(
            MHA_REFERRAL,
            TaskKind.MHA_REFERRAL,
            _(
                "Check the hospital managers refer the case to the %(tribunal)s if the person "
                "has not applied (six months from admission)"
            )
            % {"tribunal": tribunal},
            add_months(began, 6),
            citation=_act("s68(1), (2), (5)"),
        )
    years = TRIBUNAL_SILENCE_YEARS_UNDER_18 if facts.person_under_18 else TRIBUNAL_SILENCE_YEARS
    silent_until = add_months(_last_considered(facts, began), 12 * years)
    # The referral falls at the first renewal on or after that day.
    renewal = renewal_period(began, silent_until)
    renews_on = renewal.begins if renewal.begins >= silent_until else renewal.ends + ONE_DAY
    return Deadline(
        MHA_REFERRAL,
        TaskKind.MHA_REFERRAL,
        ngettext(
            "Check the hospital managers refer the case to the %(tribunal)s: %(years)s year "
            "without a tribunal hearing at renewal",
            "Check the hospital managers refer the case to the %(tribunal)s: %(years)s years "
            "without a tribunal hearing at renewal",
            years,
        )
        % {"tribunal": tribunal, "years": years},
        renews_on,
        citation=_act("s68(6)"),
    )


def restricted_rule(facts: CaseFacts, began_at: dt.datetime) -> list[Deadline]:
    """s37/41: never renewed (s41(3)(a)); the person may apply after six months, then yearly."""
    began = began_at.date()
    on = _facts_day(facts, began)
    opens = add_months(began, 6)
    if on < opens:
        tribunal_deadline = Deadline(
            MHA_TRIBUNAL,
            TaskKind.MHA_TRIBUNAL,
            _("The person can first apply to the %(tribunal)s from today")
            % {"tribunal": tribunal_name(facts.nation, opens)},
            opens,
            citation=_act("s70(a)"),
        )
    else:
        # Windows: 6 to 12 months, then each year after the first.
        years = 1
        while last_day_of_months(began, 12 * years) < on:
            years += 1
        window_ends = last_day_of_months(began, 12 * years)
        tribunal_deadline = Deadline(
            MHA_TRIBUNAL,
            TaskKind.MHA_TRIBUNAL,
            _("Last day for the person to apply to the %(tribunal)s in this 12 months")
            % {"tribunal": tribunal_name(facts.nation, on)},
            window_ends,
            citation=_act("s70(a)" if years == 1 else "s70(b)"),
        )
    silent_until = add_months(_last_considered(facts, began), 12 * TRIBUNAL_SILENCE_YEARS)
    return [
        tribunal_deadline,
        Deadline(
            MHA_REFERRAL,
            TaskKind.MHA_REFERRAL,
            _(
                "Check the Secretary of State for Justice refers the case to the %(tribunal)s "
                "(three years without a tribunal hearing)"
            )
            % {"tribunal": tribunal_name(facts.nation, silent_until)},
            silent_until,
            citation=_act("s71(2)"),
        ),
    ]


@dataclass(frozen=True)
class MhaRule:
    """A Mental Health Act rule, for some statuses, in force from one day (and maybe until one)."""

    statuses: frozenset[str]
    in_force_from: dt.date
    generate: Callable[[CaseFacts, dt.datetime], list[Deadline]]
    in_force_until: dt.date | None = None  # the last day it applies

    def applies(self, status: str, began: dt.date) -> bool:
        return (
            status in self.statuses
            and self.in_force_from <= began
            and (self.in_force_until is None or began <= self.in_force_until)
        )


MHA_RULES = (
    MhaRule(frozenset(_HOLDING_POWERS), MHA_1983_COMMENCED, holding_power_rule),
    MhaRule(
        frozenset({MhaStatus.S135, MhaStatus.S136}),
        MHA_1983_COMMENCED,
        place_of_safety_72_hours_rule,
        in_force_until=PLACE_OF_SAFETY_24_HOURS_FROM - ONE_DAY,
    ),
    MhaRule(
        frozenset({MhaStatus.S135, MhaStatus.S136}),
        PLACE_OF_SAFETY_24_HOURS_FROM,
        place_of_safety_24_hours_rule,
    ),
    MhaRule(frozenset({MhaStatus.S2}), MHA_1983_COMMENCED, section_2_rule),
    MhaRule(frozenset({MhaStatus.S35}), MHA_1983_COMMENCED, _remand_rule("35", "s35(7)")),
    MhaRule(frozenset({MhaStatus.S36}), MHA_1983_COMMENCED, _remand_rule("36", "s36(6)")),
    MhaRule(frozenset({MhaStatus.S38}), MHA_1983_COMMENCED, interim_order_rule),
    MhaRule(
        frozenset({MhaStatus.S3, MhaStatus.GUARDIANSHIP, MhaStatus.S37, MhaStatus.S47}),
        MHA_1983_COMMENCED,
        renewable_rule,
    ),
    MhaRule(frozenset({MhaStatus.CTO}), MHA_2007_COMMENCED, renewable_rule),
    MhaRule(frozenset({MhaStatus.S37_41}), MHA_1983_COMMENCED, restricted_rule),
)


def mha_rules_for(status: str, began: dt.date) -> list[MhaRule]:
    """The rules in force on the day the status began."""
    return [rule for rule in MHA_RULES if rule.applies(status, began)]


def mha_hearing_rule(facts: CaseFacts) -> list[Deadline]:
    """A tribunal or hospital managers' hearing date: prepare with the person beforehand."""
    if facts.advocacy_type not in MHA_TYPES or facts.mha_hearing_on is None:
        return []
    hearing_on = facts.mha_hearing_on
    if facts.mha_hearing_kind == MhaHearingKind.MANAGERS:
        title = _("Prepare with the person for the hospital managers' hearing on %(date)s") % {
            "date": _date(hearing_on)
        }
        citation = _act("s23")
    else:
        title = _("Prepare with the person for the %(tribunal)s hearing on %(date)s") % {
            "tribunal": tribunal_name(facts.nation, hearing_on),
            "date": _date(hearing_on),
        }
        citation = tribunal_rules_citation(facts.nation)
    return [
        Deadline(
            MHA_HEARING,
            TaskKind.MHA_HEARING,
            title,
            add_working_days(hearing_on, -HEARING_PREP_WORKING_DAYS_BEFORE),
            citation=citation,
        )
    ]


def mha_status_rule(facts: CaseFacts) -> list[Deadline]:
    """IMHA: the deadlines of the person's section, from when it began."""
    if facts.advocacy_type not in MHA_TYPES or not facts.mha_status or facts.mha_began_at is None:
        return []
    began_at = facts.mha_began_at
    return [
        deadline
        for rule in mha_rules_for(facts.mha_status, began_at.date())
        for deadline in rule.generate(facts, began_at)
    ]


RULES = (
    first_contact_rule,
    dols_rule,
    rpr_contact_rule,
    imca_report_rule,
    care_act_review_rule,
    mha_status_rule,
    mha_hearing_rule,
)
RULE_KEYS = frozenset(
    {
        MHA_ENDS,
        MHA_TRIBUNAL,
        MHA_REFERRAL,
        MHA_HEARING,
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

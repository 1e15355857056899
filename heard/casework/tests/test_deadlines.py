"""The deadline rules: pure functions from a case's facts to the tasks it should have."""

import datetime as dt

import pytest

from heard.casework import deadlines
from heard.casework.deadlines import (
    CaseFacts,
    add_months,
    deadlines_for,
    default_dols_expiry,
    validate_dols_dates,
)
from heard.core.working_days import is_working_day

D = dt.date


def facts(**overrides) -> CaseFacts:
    values = {
        "advocacy_type": "care_act",
        "status": "allocated",
        "received_on": D(2025, 3, 3),  # a Monday
        "first_contact_target_days": 5,
        "rpr_contact_frequency_days": 28,
    }
    values.update(overrides)
    return CaseFacts(**values)


def by_key(case_facts: CaseFacts) -> dict:
    return {d.rule_key: d for d in deadlines_for(case_facts)}


def test_add_months_keeps_the_day_or_uses_the_months_last_day():
    """31 January plus a month is 28 February (29 in a leap year)."""
    assert add_months(D(2025, 1, 31), 1) == D(2025, 2, 28)
    assert add_months(D(2024, 1, 31), 1) == D(2024, 2, 29)
    assert add_months(D(2025, 3, 1), 12) == D(2026, 3, 1)
    assert add_months(D(2025, 11, 15), 3) == D(2026, 2, 15)


def test_first_contact_target_counts_working_days_from_received():
    """Received Monday 3 March with a 5-working-day target: due Monday 10 March."""
    deadline = by_key(facts())["first_contact"]
    assert deadline.due_on == D(2025, 3, 10)
    assert not deadline.satisfied


def test_first_contact_target_skips_bank_holidays():
    """Received Thursday 17 April 2025: Good Friday and Easter Monday do not count."""
    deadline = by_key(facts(received_on=D(2025, 4, 17), first_contact_target_days=2))
    assert deadline["first_contact"].due_on == D(2025, 4, 23)


@pytest.mark.parametrize(
    "extra",
    [{"first_contact_on": D(2025, 3, 5)}, {"status": "active"}, {"status": "on_hold"}],
)
def test_first_contact_is_satisfied_by_contact_or_an_active_status(extra):
    """Contact recorded, or a case already active/on hold, meets the target."""
    assert by_key(facts(**extra))["first_contact"].satisfied


def test_a_closed_case_has_no_deadlines():
    """Closing a case ends its deadlines."""
    assert deadlines_for(facts(status="closed", dols_authorisation="standard")) == []


def test_standard_dols_with_a_known_expiry():
    """Expiry task on the expiry date, review 28 days before."""
    found = by_key(
        facts(
            advocacy_type="paid_rpr",
            dols_authorisation="standard",
            dols_authorised_on=D(2025, 3, 1),
            dols_expires_on=D(2025, 9, 30),
        )
    )
    assert found["dols_expiry"].due_on == D(2025, 9, 30)
    assert found["dols_expiry"].kind == "dols_expiry"
    assert found["dols_review"].due_on == D(2025, 9, 2)
    assert "30 September 2025" in found["dols_review"].title


def test_standard_dols_expiry_defaults_to_twelve_months_less_a_day():
    """Unknown expiry: the last day of the longest authorisation the law allows."""
    found = by_key(
        facts(
            advocacy_type="imca_dols_39a",
            dols_authorisation="standard",
            dols_authorised_on=D(2025, 3, 1),
        )
    )
    assert found["dols_expiry"].due_on == D(2026, 2, 28)
    assert found["dols_review"].due_on == D(2026, 1, 31)


def test_urgent_dols_expiry_and_review_two_days_before():
    """An urgent authorisation: expiry on its date, review 2 days before."""
    found = by_key(
        facts(
            advocacy_type="imca_dols_39a",
            dols_authorisation="urgent",
            dols_authorised_on=D(2025, 3, 1),
            dols_expires_on=D(2025, 3, 14),
        )
    )
    assert found["dols_expiry"].due_on == D(2025, 3, 14)
    assert found["dols_review"].due_on == D(2025, 3, 12)
    assert "urgent" in found["dols_expiry"].title


def test_urgent_dols_default_is_seven_days_including_the_first():
    """Given 1 March for 7 days: last day in force 7 March."""
    assert default_dols_expiry("urgent", D(2025, 3, 1)) == D(2025, 3, 7)


def test_review_never_falls_before_the_authorisation():
    """A very short urgent authorisation: the review is the day it was given."""
    found = by_key(
        facts(
            dols_authorisation="urgent",
            dols_authorised_on=D(2025, 3, 1),
            dols_expires_on=D(2025, 3, 2),
        )
    )
    assert found["dols_review"].due_on == D(2025, 3, 1)


def test_no_dols_tasks_without_an_authorisation_date():
    """The type alone is not a fact: no date, no task."""
    assert "dols_expiry" not in by_key(facts(dols_authorisation="standard"))


def test_rpr_visit_due_from_the_last_contact():
    """Paid RPR: the next visit is due the service's frequency after the last contact."""
    found = by_key(
        facts(
            advocacy_type="paid_rpr",
            status="active",
            allocated_on=D(2025, 3, 4),
            first_contact_on=D(2025, 3, 5),
            last_contact_on=D(2025, 4, 2),
            rpr_contact_frequency_days=30,
        )
    )
    assert found["rpr_contact"].due_on == D(2025, 5, 2)
    assert "2 April 2025" in found["rpr_contact"].title


def test_rpr_visit_due_from_allocation_before_any_contact():
    """No contact yet: the frequency counts from the first allocation."""
    found = by_key(facts(advocacy_type="paid_rpr", allocated_on=D(2025, 3, 4)))
    assert found["rpr_contact"].due_on == D(2025, 4, 1)


def test_no_rpr_visit_for_a_waiting_case_or_another_type():
    """Not yet allocated, or not RPR work: no visit task."""
    assert "rpr_contact" not in by_key(facts(advocacy_type="paid_rpr", status="waiting"))
    assert "rpr_contact" not in by_key(facts(allocated_on=D(2025, 3, 4)))


@pytest.mark.parametrize(
    "advocacy_type", ["imca", "imca_dols_39a", "imca_dols_39c", "imca_dols_39d"]
)
def test_imca_report_due_two_working_days_before_the_decision(advocacy_type):
    """Decision on Tuesday 6 May 2025 (after the May bank holiday): report due Thursday 1 May."""
    found = by_key(facts(advocacy_type=advocacy_type, decision_date=D(2025, 5, 6)))
    assert found["imca_report"].due_on == D(2025, 5, 1)
    assert is_working_day(found["imca_report"].due_on)


def test_no_imca_report_for_other_types_or_without_a_decision_date():
    """Only IMCA types with a decision date get a report task."""
    assert "imca_report" not in by_key(facts(decision_date=D(2025, 5, 6)))
    assert "imca_report" not in by_key(facts(advocacy_type="imca"))


def test_care_act_review_and_preparation_five_working_days_before():
    """Review Friday 16 May 2025: prepare by Friday 9 May."""
    found = by_key(facts(care_act_review_on=D(2025, 5, 16)))
    assert found["care_act_review"].due_on == D(2025, 5, 16)
    assert found["care_act_review_prep"].due_on == D(2025, 5, 9)
    assert found["care_act_review_prep"].kind == "care_act_review"


def test_care_act_review_only_for_care_act_cases():
    """A review date on another type of case generates nothing."""
    assert "care_act_review" not in by_key(
        facts(advocacy_type="imha", care_act_review_on=D(2025, 5, 16))
    )


def test_a_welsh_case_prepares_for_its_care_and_support_plan_review():
    """In Wales the review is of the care and support plan (SSWBA 2014), for IPA cases."""
    found = by_key(
        facts(advocacy_type="wales_ipa", nation="wales", care_act_review_on=D(2025, 5, 16))
    )
    assert found["care_act_review_prep"].due_on == D(2025, 5, 9)
    assert "Care and support plan review" in found["care_act_review"].title
    assert all("Care Act" not in deadline.title for deadline in found.values())


def test_every_rule_key_fits_the_task_field():
    """Rule keys are stored in ``Task.rule_key`` (40 characters)."""
    assert all(len(key) <= 40 for key in deadlines.RULE_KEYS)


# validate_dols_dates, for the case details form ----------------------------------------------


def test_valid_dols_dates_have_no_errors():
    """12 months to the day is accepted; so is no expiry at all."""
    assert (
        validate_dols_dates(
            authorisation="standard",
            authorised_on=D(2025, 3, 1),
            expires_on=D(2026, 3, 1),
        )
        == {}
    )
    assert (
        validate_dols_dates(authorisation="standard", authorised_on=D(2025, 3, 1), expires_on=None)
        == {}
    )
    assert validate_dols_dates(authorisation="", authorised_on=None, expires_on=None) == {}


def test_standard_authorisation_over_twelve_months_is_refused():
    """More than 12 months: a clear message with the latest allowed date."""
    errors = validate_dols_dates(
        authorisation="standard", authorised_on=D(2025, 3, 1), expires_on=D(2026, 3, 2)
    )
    assert errors == {
        "dols_expires_on": "A standard authorisation lasts up to 12 months, so it must end by "
        "1 March 2026"
    }


def test_urgent_authorisation_over_fourteen_days_is_refused():
    """7 days, extended once by 7: no later than 14 days after it was given."""
    assert (
        validate_dols_dates(
            authorisation="urgent", authorised_on=D(2025, 3, 1), expires_on=D(2025, 3, 15)
        )
        == {}
    )
    errors = validate_dols_dates(
        authorisation="urgent", authorised_on=D(2025, 3, 1), expires_on=D(2025, 3, 16)
    )
    assert "extended once" in errors["dols_expires_on"]
    assert "15 March 2025" in errors["dols_expires_on"]


def test_expiry_before_the_authorisation_is_refused():
    """An authorisation cannot end before it was given."""
    errors = validate_dols_dates(
        authorisation="standard", authorised_on=D(2025, 3, 1), expires_on=D(2025, 2, 1)
    )
    assert "same as or after" in errors["dols_expires_on"]


def test_dates_without_a_kind_or_a_kind_without_a_date_are_refused():
    """Each half of the facts needs the other."""
    assert "dols_authorisation" in validate_dols_dates(
        authorisation="", authorised_on=D(2025, 3, 1), expires_on=None
    )
    assert validate_dols_dates(authorisation="urgent", authorised_on=None, expires_on=None) == {
        "dols_authorised_on": "Enter the date the authorisation was given"
    }

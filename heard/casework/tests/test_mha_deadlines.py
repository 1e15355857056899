"""Mental Health Act deadline rules: every rule, with dates either side of month ends and leap days."""

import dataclasses
import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from heard.casework.deadlines import (
    MHA_RULES,
    CaseFacts,
    deadlines_for,
    hours_after,
    last_day_of_days,
    last_day_of_months,
    mha_rules_for,
    renewal_period,
    tribunal_name,
)

D = dt.date
LONDON = ZoneInfo("Europe/London")
ENGLAND_TRIBUNAL = "First-tier Tribunal (Mental Health)"
WALES_TRIBUNAL = "Mental Health Review Tribunal for Wales"


def at(year, month, day, hour=9, minute=0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=LONDON)


def facts(status, began_at, **overrides) -> CaseFacts:
    values = {
        "advocacy_type": "imha",
        "status": "allocated",
        "received_on": began_at.date() if began_at else D(2025, 3, 3),
        "first_contact_target_days": 5,
        "rpr_contact_frequency_days": 28,
        "mha_status": status,
        "mha_began_at": began_at,
    }
    values.update(overrides)
    return CaseFacts(**values)


def by_key(case_facts: CaseFacts) -> dict:
    return {d.rule_key: d for d in deadlines_for(case_facts)}


# Counting ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "start, days, last",
    [
        (D(2025, 2, 1), 28, D(2025, 2, 28)),
        (D(2025, 2, 2), 28, D(2025, 3, 1)),  # across the end of a short February
        (D(2024, 2, 2), 28, D(2024, 2, 29)),  # a leap year keeps it in February
        (D(2025, 12, 20), 14, D(2026, 1, 2)),  # across the year end
    ],
)
def test_a_period_of_days_counts_its_first_day_as_day_one(start, days, last):
    assert last_day_of_days(start, days) == last


@pytest.mark.parametrize(
    "start, months, last",
    [
        (D(2025, 3, 1), 6, D(2025, 8, 31)),  # six months beginning with 1 March
        (D(2025, 1, 15), 6, D(2025, 7, 14)),
        (D(2025, 8, 31), 6, D(2026, 2, 27)),  # no 31 February: the earlier reading
        (D(2023, 8, 31), 6, D(2024, 2, 28)),  # leap year: 29 February is the month's end
        (D(2024, 2, 29), 12, D(2025, 2, 27)),  # from a leap day, a year later
        (D(2024, 2, 29), 48, D(2028, 2, 28)),  # four years later, a leap year again
    ],
)
def test_a_period_of_months_ends_the_day_before_the_same_day(start, months, last):
    assert last_day_of_months(start, months) == last


def test_renewal_periods_run_six_months_six_months_then_yearly_from_the_start():
    start = D(2025, 1, 10)
    assert renewal_period(start, D(2025, 1, 10)) == (1, D(2025, 1, 10), D(2025, 7, 9))
    assert renewal_period(start, D(2025, 7, 9)).number == 1
    assert renewal_period(start, D(2025, 7, 10)) == (2, D(2025, 7, 10), D(2026, 1, 9))
    assert renewal_period(start, D(2026, 1, 10)) == (3, D(2026, 1, 10), D(2027, 1, 9))
    assert renewal_period(start, D(2027, 1, 10)) == (4, D(2027, 1, 10), D(2028, 1, 9))


def test_renewals_from_a_month_end_do_not_drift():
    start = D(2025, 8, 31)
    first = renewal_period(start, start)
    second = renewal_period(start, first.ends + dt.timedelta(days=1))
    third = renewal_period(start, second.ends + dt.timedelta(days=1))
    assert first.ends == D(2026, 2, 27)
    assert second.begins == D(2026, 2, 28) and second.ends == D(2026, 8, 30)
    assert third.begins == D(2026, 8, 31) and third.ends == D(2027, 8, 30)


def test_hours_are_elapsed_hours_across_a_change_of_the_clocks():
    # The clocks go forward at 01:00 on 30 March 2025: 72 hours later is 10:00 BST, not 09:00.
    begun = at(2025, 3, 28, 9)
    assert hours_after(begun, 72) == at(2025, 3, 31, 10)
    # And back at 02:00 on 26 October 2025.
    assert hours_after(at(2025, 10, 25, 9), 24) == at(2025, 10, 26, 8)


# Tribunals by nation -------------------------------------------------------------------------


def test_the_tribunal_is_named_for_the_nation():
    assert tribunal_name("england", D(2025, 1, 1)) == ENGLAND_TRIBUNAL
    assert tribunal_name("wales", D(2025, 1, 1)) == WALES_TRIBUNAL
    # Before 3 November 2008 England had its own Mental Health Review Tribunal.
    assert tribunal_name("england", D(2008, 11, 2)) == "Mental Health Review Tribunal"
    assert tribunal_name("england", D(2008, 11, 3)) == ENGLAND_TRIBUNAL


@pytest.mark.parametrize("nation, name", [("england", ENGLAND_TRIBUNAL), ("wales", WALES_TRIBUNAL)])
def test_every_tribunal_task_names_the_nations_tribunal(nation, name):
    for status, began in [
        ("s2", at(2025, 3, 1)),
        ("s3", at(2025, 3, 1)),
        ("cto", at(2025, 3, 1)),
        ("s37_41", at(2025, 3, 1)),
    ]:
        tasks = by_key(facts(status, began, nation=nation))
        assert name in tasks["mha_tribunal"].title
    hearing = by_key(
        facts(
            "s3",
            at(2025, 3, 1),
            nation=nation,
            mha_hearing_kind="tribunal",
            mha_hearing_on=D(2025, 4, 14),
        )
    )["mha_hearing"]
    assert name in hearing.title
    expected_rules = "Wales Rules 2008" if nation == "wales" else "Chamber) Rules 2008"
    assert expected_rules in hearing.citation


# Section 2 -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "admitted, apply_by, ends",
    [
        (D(2025, 3, 1), D(2025, 3, 14), D(2025, 3, 28)),
        (D(2025, 1, 31), D(2025, 2, 13), D(2025, 2, 27)),
        (D(2025, 2, 1), D(2025, 2, 14), D(2025, 2, 28)),  # ends on February's last day
        (D(2025, 2, 2), D(2025, 2, 15), D(2025, 3, 1)),  # the day after: into March
        (D(2024, 2, 2), D(2024, 2, 15), D(2024, 2, 29)),  # a leap year: 29 February
        (D(2024, 2, 16), D(2024, 2, 29), D(2024, 3, 14)),  # the window ends on a leap day
        (D(2025, 12, 20), D(2026, 1, 2), D(2026, 1, 16)),  # across the year end
    ],
)
def test_section_2_counts_admission_as_day_one(admitted, apply_by, ends):
    tasks = by_key(facts("s2", at(admitted.year, admitted.month, admitted.day)))
    assert tasks["mha_tribunal"].due_on == apply_by
    assert tasks["mha_tribunal"].citation == "Mental Health Act 1983 s66(1)(a), (2)(a)"
    assert tasks["mha_ends"].due_on == ends
    assert tasks["mha_ends"].citation == "Mental Health Act 1983 s2(4)"
    assert tasks["mha_ends"].due_at is None
    assert "mha_referral" not in tasks


def test_section_2_uses_the_local_day_of_a_late_night_admission():
    tasks = by_key(facts("s2", at(2025, 6, 30, 23, 30)))
    assert tasks["mha_tribunal"].due_on == D(2025, 7, 13)


# Section 3, guardianship, CTO, s37, s47 ---------------------------------------------------------


def test_section_3_first_period_window_and_managers_referral():
    tasks = by_key(facts("s3", at(2025, 3, 1)))
    assert tasks["mha_ends"].due_on == D(2025, 8, 31)
    assert "period 1" in tasks["mha_ends"].title
    assert tasks["mha_ends"].citation == "Mental Health Act 1983 s20(1), (2)"
    assert tasks["mha_tribunal"].due_on == D(2025, 8, 31)
    assert tasks["mha_tribunal"].citation == "Mental Health Act 1983 s66(1)(b), (2)(b)"
    # The managers refer when the six months end without an application.
    assert tasks["mha_referral"].due_on == D(2025, 9, 1)
    assert tasks["mha_referral"].citation == "Mental Health Act 1983 s68(1), (2), (5)"


@pytest.mark.parametrize(
    "today, number, ends",
    [
        (D(2025, 8, 31), 1, D(2025, 8, 31)),
        (D(2025, 9, 1), 2, D(2026, 2, 28)),
        (D(2026, 2, 28), 2, D(2026, 2, 28)),
        (D(2026, 3, 1), 3, D(2027, 2, 28)),
        (D(2027, 3, 1), 4, D(2028, 2, 29)),  # a yearly period ending on a leap day
    ],
)
def test_section_3_renews_for_six_months_then_a_year(today, number, ends):
    tasks = by_key(facts("s3", at(2025, 3, 1), today=today))
    assert tasks["mha_ends"].due_on == ends
    assert f"period {number}" in tasks["mha_ends"].title
    assert tasks["mha_tribunal"].due_on == ends
    if number > 1:
        assert tasks["mha_tribunal"].citation == "Mental Health Act 1983 s66(1)(f), (2)(f)"


def test_section_3_managers_refer_at_the_renewal_after_three_years_without_a_hearing():
    # Admitted 1 March 2025: renewals 1 Sep 2025, 1 Mar 2026, then each 1 March.
    tasks = by_key(facts("s3", at(2025, 3, 1), today=D(2025, 9, 1)))
    assert tasks["mha_referral"].due_on == D(2028, 3, 1)
    assert tasks["mha_referral"].citation == "Mental Health Act 1983 s68(6)"
    # A tribunal hearing on 10 June 2026 restarts the three years; next renewal after 10 June 2029.
    heard = by_key(
        facts(
            "s3",
            at(2025, 3, 1),
            today=D(2026, 7, 1),
            mha_hearing_kind="tribunal",
            mha_hearing_on=D(2026, 6, 10),
        )
    )
    assert heard["mha_referral"].due_on == D(2030, 3, 1)


def test_under_18_the_managers_refer_after_one_year():
    tasks = by_key(facts("s3", at(2025, 3, 1), today=D(2025, 9, 1), person_under_18=True))
    assert tasks["mha_referral"].due_on == D(2026, 3, 1)
    assert "1 year " in tasks["mha_referral"].title


def test_a_managers_hearing_does_not_restart_the_tribunal_three_years():
    tasks = by_key(
        facts(
            "s3",
            at(2025, 3, 1),
            today=D(2026, 7, 1),
            mha_hearing_kind="managers",
            mha_hearing_on=D(2026, 6, 10),
        )
    )
    assert tasks["mha_referral"].due_on == D(2028, 3, 1)


def test_a_community_treatment_order_renews_like_section_3():
    tasks = by_key(facts("cto", at(2024, 8, 31)))
    assert tasks["mha_ends"].due_on == D(2025, 2, 27)  # no 31 February: earlier reading
    assert tasks["mha_ends"].citation == "Mental Health Act 1983 s20A(1), (3)"
    assert tasks["mha_tribunal"].citation == "Mental Health Act 1983 s66(1)(ca)"
    later = by_key(facts("cto", at(2024, 8, 31), today=D(2025, 3, 1)))
    assert later["mha_ends"].due_on == D(2025, 8, 30)
    assert later["mha_tribunal"].citation == "Mental Health Act 1983 s66(1)(fza)"
    assert later["mha_referral"].citation == "Mental Health Act 1983 s68(6)"


def test_community_treatment_orders_have_no_rule_before_november_2008():
    assert mha_rules_for("cto", D(2008, 11, 2)) == []
    assert len(mha_rules_for("cto", D(2008, 11, 3))) == 1


def test_guardianship_renews_with_no_managers_referral():
    tasks = by_key(facts("guardianship", at(2025, 2, 28), today=D(2025, 9, 1)))
    assert tasks["mha_ends"].due_on == D(2026, 2, 27)
    assert "mha_referral" not in tasks
    first = by_key(facts("guardianship", at(2025, 2, 28)))
    assert first["mha_tribunal"].citation == "Mental Health Act 1983 s66(1)(c), (2)(c)"


def test_section_37_cannot_apply_in_the_first_six_months():
    tasks = by_key(facts("s37", at(2025, 1, 31)))
    assert tasks["mha_ends"].due_on == D(2025, 7, 30)
    assert tasks["mha_tribunal"].due_on == D(2025, 7, 31)  # the window opens
    assert "from today" in tasks["mha_tribunal"].title
    later = by_key(facts("s37", at(2025, 1, 31), today=D(2025, 7, 31)))
    assert later["mha_tribunal"].due_on == D(2026, 1, 30)
    assert "Last day" in later["mha_tribunal"].title


def test_section_47_can_apply_in_the_first_six_months():
    tasks = by_key(facts("s47", at(2025, 5, 1)))
    assert tasks["mha_tribunal"].due_on == D(2025, 10, 31)
    assert tasks["mha_tribunal"].citation == "Mental Health Act 1983 s69(2)(b)"


# Restricted patients -------------------------------------------------------------------------


def test_section_37_41_is_never_renewed_and_applications_open_after_six_months():
    tasks = by_key(facts("s37_41", at(2024, 2, 29)))
    assert "mha_ends" not in tasks
    assert tasks["mha_tribunal"].due_on == D(2024, 8, 29)
    assert tasks["mha_tribunal"].citation == "Mental Health Act 1983 s70(a)"
    assert tasks["mha_referral"].due_on == D(2027, 2, 28)
    assert tasks["mha_referral"].citation == "Mental Health Act 1983 s71(2)"


@pytest.mark.parametrize(
    "today, window_ends, citation",
    [
        (D(2024, 8, 29), D(2025, 2, 27), "s70(a)"),  # 6 to 12 months from the leap-day order
        (D(2025, 2, 27), D(2025, 2, 27), "s70(a)"),
        (D(2025, 2, 28), D(2026, 2, 27), "s70(b)"),  # then each year
    ],
)
def test_section_37_41_windows(today, window_ends, citation):
    tasks = by_key(facts("s37_41", at(2024, 2, 29), today=today))
    assert tasks["mha_tribunal"].due_on == window_ends
    assert tasks["mha_tribunal"].citation == f"Mental Health Act 1983 {citation}"


# Court sections -----------------------------------------------------------------------------


@pytest.mark.parametrize("status, citation", [("s35", "s35(7)"), ("s36", "s36(6)")])
def test_remands_end_after_28_days_unless_renewed(status, citation):
    tasks = by_key(facts(status, at(2024, 2, 1)))
    assert tasks["mha_ends"].due_on == D(2024, 2, 28)
    assert tasks["mha_ends"].citation == f"Mental Health Act 1983 {citation}"
    assert by_key(facts(status, at(2024, 2, 2)))["mha_ends"].due_on == D(2024, 2, 29)


def test_an_interim_hospital_order_lasts_at_most_12_weeks():
    tasks = by_key(facts("s38", at(2025, 1, 1)))
    assert tasks["mha_ends"].due_on == D(2025, 3, 25)
    assert tasks["mha_ends"].citation == "Mental Health Act 1983 s38(5)"


# Hour-based sections ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "status, began, ends, citation",
    [
        ("s4", at(2025, 2, 27, 14, 30), at(2025, 3, 2, 14, 30), "s4(4)"),
        ("s4", at(2024, 2, 27, 14, 30), at(2024, 3, 1, 14, 30), "s4(4)"),  # leap year
        ("s5_2", at(2025, 12, 30, 22, 0), at(2026, 1, 2, 22, 0), "s5(2)"),
        ("s5_4", at(2025, 3, 31, 21, 15), at(2025, 4, 1, 3, 15), "s5(4)"),  # past midnight
        ("s5_4", at(2025, 6, 1, 9, 0), at(2025, 6, 1, 15, 0), "s5(4)"),
    ],
)
def test_holding_powers_are_date_times(status, began, ends, citation):
    deadline = by_key(facts(status, began))["mha_ends"]
    assert deadline.due_at == ends
    assert deadline.due_on == ends.date()
    assert deadline.citation == f"Mental Health Act 1983 {citation}"


@pytest.mark.parametrize("status, section", [("s135", "s135(3ZA)"), ("s136", "s136(2A)")])
def test_places_of_safety_hold_for_24_hours_extendable_by_12(status, section):
    began = at(2025, 2, 28, 20, 0)
    deadline = by_key(facts(status, began))["mha_ends"]
    assert deadline.due_at == at(2025, 3, 1, 20, 0)
    assert deadline.citation == f"Mental Health Act 1983 {section}"
    extended = by_key(facts(status, began, mha_detention_extended=True))["mha_ends"]
    assert extended.due_at == at(2025, 3, 2, 8, 0)
    assert extended.citation == f"Mental Health Act 1983 {section}, s136B"


def test_places_of_safety_before_11_december_2017_held_for_72_hours():
    before = by_key(facts("s136", at(2017, 12, 10, 23, 0)))["mha_ends"]
    assert before.due_at == at(2017, 12, 13, 23, 0)
    assert "before 11 December 2017" in before.citation
    after = by_key(facts("s136", at(2017, 12, 11, 0, 30)))["mha_ends"]
    assert after.due_at == at(2017, 12, 12, 0, 30)


# Hearings and the rest ------------------------------------------------------------------------


def test_a_hearing_date_produces_a_preparation_task_five_working_days_before():
    tasks = by_key(
        facts("s2", at(2025, 3, 3), mha_hearing_kind="tribunal", mha_hearing_on=D(2025, 3, 17))
    )
    assert tasks["mha_hearing"].due_on == D(2025, 3, 10)
    assert "17 March 2025" in tasks["mha_hearing"].title
    managers = by_key(
        facts("s3", at(2025, 3, 3), mha_hearing_kind="managers", mha_hearing_on=D(2025, 6, 2))
    )["mha_hearing"]
    assert "hospital managers" in managers.title
    assert managers.citation == "Mental Health Act 1983 s23"
    assert managers.due_on == D(2025, 5, 23)  # Monday 26 May 2025 is a bank holiday


@pytest.mark.parametrize(
    "status", ["s45a", "s47_49", "s48", "s48_49", "conditional_discharge", "informal_inpatient"]
)
def test_statuses_without_a_dated_rule_generate_no_deadline(status):
    tasks = by_key(facts(status, at(2025, 3, 3)))
    assert not any(key.startswith("mha_") for key in tasks)


def test_only_imha_cases_and_known_start_times_generate_deadlines():
    assert "mha_ends" not in by_key(facts("s2", at(2025, 3, 3), advocacy_type="care_act"))
    assert "mha_ends" not in by_key(facts("s2", None))
    closed = facts("s2", at(2025, 3, 3))
    assert deadlines_for(dataclasses.replace(closed, status="closed")) == []


def test_every_status_code_is_either_covered_or_known_to_have_no_rule():
    from heard.casework.models import MhaStatus

    covered = set().union(*(rule.statuses for rule in MHA_RULES))
    uncovered = {"s45a", "s47_49", "s48", "s48_49", "conditional_discharge", "informal_inpatient"}
    assert covered | uncovered == set(MhaStatus.values)
    assert not covered & uncovered

"""Each measure against hand-worked figures from ``world.py``."""

from decimal import Decimal

import pytest

from heard.reporting import measures
from heard.reporting.report import build_report, scope_for
from heard.reporting.tests import expected
from heard.reporting.tests.world import PERIOD, build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_world()


REPORTS = {
    # name: (organisation, services, all services?, hand-worked tables, completeness)
    "care-act": ("organisation", ["care_act"], False, "CARE_ACT"),
    "care-act-as-shared": ("organisation", ["care_act"], False, "CARE_ACT_SHARED"),
    "all-services": ("organisation", ["care_act", "imha"], True, "ALL_SERVICES"),
    "all-services-as-shared": ("organisation", ["care_act", "imha"], True, "ALL_SERVICES_SHARED"),
    "welsh-organisation": ("wales", ["welsh_service"], False, "WALES"),
}


def build(world, name):
    """The named report of the known data, with its hand-worked tables and completeness."""
    organisation, services, all_services, tables = REPORTS[name]
    report = build_report(
        getattr(world, organisation),
        [getattr(world, service) for service in services],
        PERIOD,
        all_services=all_services,
        suppressed=tables.endswith("_SHARED"),
    )
    return report, getattr(expected, tables), getattr(expected, f"{tables}_COMPLETENESS")


@pytest.mark.parametrize("name", list(REPORTS))
def test_every_figure_of_every_table_is_exactly_the_hand_worked_one(world, name):
    """Every measure, row, column and completeness of the report equals the table worked out
    by hand in ``expected.py``: nothing extra, nothing missing, no cell unchecked."""
    report, tables, completeness = build(world, name)
    problems = expected.compare(report, tables, completeness)
    assert not problems, "\n".join([f"{name}: the report differs from expected.py:", *problems])


def test_the_comparison_names_a_measure_or_row_nobody_worked_out(world):
    """A measure or row added later without hand-worked figures fails with a clear message."""
    report, tables, completeness = build(world, "care-act")
    fewer = {key: value for key, value in tables.items() if key != "feedback"}
    assert expected.compare(report, fewer, completeness) == [
        "feedback: in the report but not worked out by hand in expected.py"
    ]
    columns, rows = tables["case_counts"]
    fewer_rows = dict(tables, case_counts=(columns, {"total": rows["total"]}))
    assert expected.compare(report, fewer_rows, completeness) == [
        "case_counts: row 'care_act' not worked out by hand"
    ]
    wrong = dict(tables, case_counts=(columns, dict(rows, total=(3, 1, 2))))
    assert expected.compare(report, wrong, completeness) == [
        "case_counts['total']['live']: 1, worked 2"
    ]


def test_entered_in_error_records_are_left_out(world):
    """The 600-minute activity and the money issue marked in error count nowhere."""
    scope = scope_for(world.organisation, [world.care_act], PERIOD, all_services=False)
    assert measures.hours_by_type(scope).value("total", "direct") == Decimal("1.25")
    # The accommodation issue and the care and support one (on C2); not the money issue.
    assert measures.issues_by_category(scope).value("total", "issues") == 2
    # The contact marked in error (7 April) is not the first contact: 10 April is.
    assert measures.time_to_first_contact(scope).value("standard", "median") == 4.0


def test_all_services_adds_the_imha_service_and_nothing_from_wales(world):
    scope = scope_for(world.organisation, [world.care_act, world.imha], PERIOD, all_services=True)
    # R1–R4, and the five Care Act referrals R7–R11 that have no case yet.
    assert measures.referrals_by_type(scope).value("total", "referrals") == 9
    assert measures.case_counts(scope).value("total", "opened") == 4
    assert measures.hours_by_type(scope).value("total", "total_hours") == Decimal("4.00")
    # IMHA: received Saturday 2 May, contact Tuesday 5 May after the bank holiday: 1 day.
    assert measures.time_to_first_contact(scope).value("total", "done") == 2
    table = measures.time_to_first_contact(
        scope_for(world.organisation, [world.imha], PERIOD, all_services=False)
    )
    assert table.value("standard", "median") == 1.0
    assert measures.equality_table(scope, "ethnic_group").value("total", "people") == 2
    assert measures.equality_table(scope, "ethnic_group").value("not_answered", "people") == 1
    # Shares are of those who answered: 1 of 1.
    assert measures.equality_table(scope, "ethnic_group").value("asian", "share") == Decimal(
        "100.0"
    )


def test_the_welsh_organisation_reports_only_its_own(world):
    scope = scope_for(world.wales, [world.welsh_service], PERIOD, all_services=True)
    # W1 and W2 (still waiting); its two referrals; none of Riverside's figures.
    assert measures.case_counts(scope).value("total", "opened") == 2
    assert measures.hours_by_type(scope).value("wales_ipa", "direct") == Decimal("1.00")
    assert measures.time_to_allocation(scope).value("standard", "median") == 1.0
    assert measures.referrals_by_type(scope).value("total", "referrals") == 2


def test_a_period_with_nothing_in_it_is_all_zero(world):
    empty = scope_for(world.organisation, [world.care_act], PERIOD, all_services=False)
    empty = empty.with_period(PERIOD.start.replace(year=2020), PERIOD.end.replace(year=2020))
    tables = measures.compute(empty)
    assert tables["case_counts"].value("total", "opened") == 0
    assert tables["time_to_first_contact"].value("total", "median") is None
    assert tables["hours_by_type"].value("total", "total_hours") == Decimal("0.00")


def test_median_and_percentile_by_hand():
    assert measures.median([1, 5, 2, 8]) == 3.5
    assert measures.median([7]) == 7.0
    assert measures.percentile(list(range(1, 11)), 0.9) == 9
    assert measures.percentile([4, 1, 3], 0.9) == 4
    assert measures.median([]) is None


def test_median_and_percentile_of_counted_values_match_one_value_per_case():
    # The timeliness measures count working days by value; the figures must be those of the
    # sorted list of one value per case (the definitions in docs/reporting.md).
    import random
    from collections import Counter

    rng = random.Random(11)
    for size in [*range(1, 12), 100, 101, 1000]:
        values = [rng.choice([0, 0, 1, 2, 3, 5, 8, 13, 40]) for _ in range(size)]
        ordered = sorted(values)
        middle = len(ordered) // 2
        expected_median = (
            float(ordered[middle])
            if len(ordered) % 2
            else (ordered[middle - 1] + ordered[middle]) / 2
        )
        assert measures.counted_median(Counter(values)) == expected_median
        for share in (0.1, 0.5, 0.9, 1.0):
            rank = max(1, -(-int(share * 1000) * len(ordered) // 1000))
            assert measures.counted_percentile(Counter(values), share) == ordered[rank - 1]
    assert measures.counted_median(Counter()) is None
    assert measures.counted_percentile(Counter(), 0.9) is None


def test_registry_keys_are_stable_and_defined():
    assert measures.DEFINITIONS_VERSION
    for key, measure in measures.MEASURES.items():
        assert key == measure.key
        assert len(measure.definition) > 40


def test_feedback_counts_each_question_from_the_voice_selector(world):
    """Three responses in the quarter for the Care Act service, one before it, one for another
    service (seeded in ``world.py``): each question counts who answered, who said yes or a
    bit, and the share."""
    scope = scope_for(world.organisation, [world.care_act], PERIOD, all_services=False)
    table = measures.feedback(scope)
    assert table.value("listened", "answered") == 3
    assert table.value("listened", "positive") == 2
    assert table.value("listened", "positive_share") == Decimal("66.7")
    assert table.value("speak_up", "answered") == 2
    assert table.value("speak_up", "positive") == 1
    # "Not sure" is an answer, not a positive one.
    assert table.value("understood_rights", "answered") == 1
    assert table.value("understood_rights", "positive") == 0
    assert table.value("things_changed", "answered") == 0
    assert table.value("things_changed", "positive_share") is None
    assert "Never in a report" not in str([row.values for row in table.rows])

"""Each measure against hand-worked figures from ``world.py``."""

from decimal import Decimal

import pytest

from heard.reporting import measures
from heard.reporting.report import build_report, scope_for
from heard.reporting.tests.world import CARE_ACT_EXPECTED, PERIOD, build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_world()


def _as_expected(value):
    if isinstance(value, Decimal):
        return value
    return value


def test_every_care_act_figure_is_exact(world):
    """The Care Act service's quarter gives exactly the figures worked out by hand."""
    report = build_report(
        world.organisation, [world.care_act], PERIOD, all_services=False, suppressed=False
    )
    for (key, row, column), expected in CARE_ACT_EXPECTED.items():
        value = report.table(key).value(row, column)
        if isinstance(expected, str):
            assert value == Decimal(expected), (key, row, column, value)
        else:
            assert value == expected, (key, row, column, value)


def test_entered_in_error_records_are_left_out(world):
    """The 600-minute activity and the money issue marked in error count nowhere."""
    scope = scope_for(world.organisation, [world.care_act], PERIOD, all_services=False)
    assert measures.hours_by_type(scope).value("total", "direct") == Decimal("1.25")
    assert measures.issues_by_category(scope).value("total", "issues") == 1
    # The contact marked in error (7 April) is not the first contact: 10 April is.
    assert measures.time_to_first_contact(scope).value("standard", "median") == 4.0


def test_all_services_adds_the_imha_service_and_nothing_from_wales(world):
    scope = scope_for(world.organisation, [world.care_act, world.imha], PERIOD, all_services=True)
    assert measures.referrals_by_type(scope).value("total", "referrals") == 4
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
    assert measures.case_counts(scope).value("total", "opened") == 1
    assert measures.hours_by_type(scope).value("wales_ipa", "direct") == Decimal("1.00")
    assert measures.time_to_allocation(scope).value("standard", "median") == 1.0
    assert measures.referrals_by_type(scope).value("total", "referrals") == 0


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


def test_registry_keys_are_stable_and_defined():
    assert measures.DEFINITIONS_VERSION
    for key, measure in measures.MEASURES.items():
        assert key == measure.key
        assert len(measure.definition) > 40


def test_feedback_counts_each_question_from_the_voice_selector(world):
    """Three responses in the quarter for the Care Act service, one outside it, one for another
    service: each question counts who answered, who said yes or a bit, and the share."""
    import datetime as dt
    import uuid

    from heard.voice.models import Answer, Channel, FeedbackResponse, FormVersion

    def respond(service, month, listened, speak_up=""):
        FeedbackResponse.objects.create(
            organisation=world.organisation,
            service=service,
            month=month,
            form_version=FormVersion.STANDARD,
            channel=Channel.GENERAL_LINK,
            listened=listened,
            speak_up=speak_up,
            own_words="Never in a report",
            may_quote=True,
            submission_key=uuid.uuid4().hex,
        )

    inside = PERIOD.start
    respond(world.care_act, inside, Answer.YES, Answer.NO)
    respond(world.care_act, inside, Answer.A_BIT)
    respond(world.care_act, inside, Answer.NO, Answer.YES)
    respond(world.care_act, (inside - dt.timedelta(days=40)).replace(day=1), Answer.YES)
    respond(world.imha, inside, Answer.YES)
    scope = scope_for(world.organisation, [world.care_act], PERIOD, all_services=False)
    table = measures.feedback(scope)
    assert table.value("listened", "answered") == 3
    assert table.value("listened", "positive") == 2
    assert table.value("listened", "positive_share") == Decimal("66.7")
    assert table.value("speak_up", "answered") == 2
    assert table.value("speak_up", "positive") == 1
    assert table.value("things_changed", "answered") == 0
    assert table.value("things_changed", "positive_share") is None
    assert "Never in a report" not in str([row.values for row in table.rows])

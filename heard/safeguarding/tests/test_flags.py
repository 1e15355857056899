"""When an unacknowledged safeguarding concern is flagged: working days, bank holidays, setting."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from heard.core.working_days import bank_holidays, working_days_between
from heard.safeguarding.flags import (
    acknowledgement_days,
    acknowledgement_due,
    flag_cutoff,
    is_overdue,
)
from heard.safeguarding.models import SafeguardingConcern
from heard.safeguarding.selectors import concern_counts, concerns_awaiting_acknowledgement
from heard.system_change.dashboard import safeguarding_awaiting_response
from tests.factories import SafeguardingConcernFactory

MAUNDY_THURSDAY = dt.date(2025, 4, 17)  # Good Friday 18th and Easter Monday 21st follow


def test_flag_waits_out_the_easter_bank_holidays():
    """Raised the Thursday before Easter with 2 working days: due Wednesday, flagged Thursday."""
    assert acknowledgement_due(MAUNDY_THURSDAY, 2) == dt.date(2025, 4, 23)
    assert not is_overdue(MAUNDY_THURSDAY, today=dt.date(2025, 4, 22), days=2)
    assert not is_overdue(MAUNDY_THURSDAY, today=dt.date(2025, 4, 23), days=2)
    assert is_overdue(MAUNDY_THURSDAY, today=dt.date(2025, 4, 24), days=2)


def test_weekend_does_not_count():
    """Raised Friday with 1 working day: Monday is the day allowed, Tuesday is flagged."""
    friday = dt.date(2025, 6, 6)
    assert not is_overdue(friday, today=dt.date(2025, 6, 9), days=1)
    assert is_overdue(friday, today=dt.date(2025, 6, 10), days=1)


@given(
    today=st.dates(min_value=dt.date(2020, 1, 1), max_value=dt.date(2030, 12, 31)),
    back=st.integers(min_value=0, max_value=60),
    days=st.integers(min_value=1, max_value=20),
)
def test_the_sql_cutoff_agrees_with_counting_days(today, back, days):
    """``raised_on < flag_cutoff(today, N)`` is exactly ``is_overdue``, whatever the day."""
    raised = today - dt.timedelta(days=back)
    assert (raised < flag_cutoff(today, days)) is is_overdue(raised, today=today, days=days)


WEEK_OF_5_JAN_2026 = dt.date(2026, 1, 5)  # a Monday
BANK_HOLIDAYS = [day for year in range(2020, 2031) for day in bank_holidays(year)]


def _agrees(raised: dt.date, today: dt.date, days: int) -> None:
    overdue = working_days_between(raised, today) > days
    assert is_overdue(raised, today=today, days=days) is overdue
    assert (raised < flag_cutoff(today, days)) is overdue, (raised, today, days)


@pytest.mark.parametrize("weekday", range(7), ids=["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"])
@given(
    weeks=st.integers(min_value=-300, max_value=300),
    back=st.integers(min_value=0, max_value=40),
    days=st.integers(min_value=1, max_value=15),
)
def test_one_rule_on_every_day_of_the_week(weekday, weeks, back, days):
    """Whatever day of the week it is today, the cutoff flags exactly the concerns that have
    waited more than N working days (weekends and bank holidays not counted)."""
    today = WEEK_OF_5_JAN_2026 + dt.timedelta(weeks=weeks, days=weekday)
    _agrees(today - dt.timedelta(days=back), today, days)


@given(
    holiday=st.sampled_from(BANK_HOLIDAYS),
    around=st.integers(min_value=-7, max_value=7),
    back=st.integers(min_value=0, max_value=25),
    days=st.integers(min_value=1, max_value=10),
)
def test_one_rule_across_bank_holidays(holiday, around, back, days):
    """Today on, just before or just after an England and Wales bank holiday."""
    today = holiday + dt.timedelta(days=around)
    _agrees(today - dt.timedelta(days=back), today, days)


def test_the_saturday_the_two_pages_disagreed_on(organisation):
    """Saturday 7 March 2026, N=2: a concern raised on Wednesday 4 March has waited two working
    days (Thursday, Friday), so it is not overdue on the safeguarding list nor on the
    system-change dashboard; one raised on Tuesday 3 March is overdue on both."""
    saturday = dt.date(2026, 3, 7)
    assert not is_overdue(dt.date(2026, 3, 4), today=saturday, days=2)
    assert is_overdue(dt.date(2026, 3, 3), today=saturday, days=2)
    for raised_on in (dt.date(2026, 3, 3), dt.date(2026, 3, 4)):
        SafeguardingConcernFactory(organisation=organisation, raised_on=raised_on)
    concerns = SafeguardingConcern.objects.for_organisation(organisation)
    listed = concern_counts(concerns, today=saturday, days=2)["flagged"]
    table = safeguarding_awaiting_response(concerns, today=saturday, organisation=organisation)
    assert listed == table.totals.overdue_acknowledgement == 1


@pytest.mark.parametrize(
    ("value", "expected"), [(None, 2), (5, 5), ("3", 3), ("soon", 2), (0, 2), (-1, 2)]
)
def test_acknowledgement_days_setting(organisation, value, expected):
    """The organisation's setting, or the default of 2 when missing or unusable."""
    if value is not None:
        organisation.settings = {"safeguarding_acknowledgement_days": value}
    assert acknowledgement_days(organisation) == expected


def test_selector_flags_across_the_bank_holiday(organisation):
    """In SQL too: the Maundy Thursday concern is awaiting on Wednesday and flagged on Thursday."""
    concern = SafeguardingConcernFactory(organisation=organisation, raised_on=MAUNDY_THURSDAY)
    SafeguardingConcernFactory(
        organisation=organisation, raised_on=MAUNDY_THURSDAY, acknowledged_on=MAUNDY_THURSDAY
    )
    [wednesday] = concerns_awaiting_acknowledgement(organisation, today=dt.date(2025, 4, 23))
    [thursday] = concerns_awaiting_acknowledgement(organisation, today=dt.date(2025, 4, 24))
    assert wednesday == thursday == concern
    assert (wednesday.flagged, wednesday.flagged_total) == (False, 0)
    assert (thursday.flagged, thursday.flagged_total) == (True, 1)


def test_organisation_setting_changes_the_flag(organisation):
    """With 5 working days, the same concern is not yet flagged on the Thursday."""
    organisation.settings = {"safeguarding_acknowledgement_days": 5}
    organisation.save()
    SafeguardingConcernFactory(organisation=organisation, raised_on=MAUNDY_THURSDAY)
    [row] = concerns_awaiting_acknowledgement(organisation, today=dt.date(2025, 4, 24))
    assert row.flagged is False
    [row] = concerns_awaiting_acknowledgement(organisation, today=dt.date(2025, 4, 29))
    assert row.flagged is True

"""When an unacknowledged safeguarding concern is flagged: working days, bank holidays, setting."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from heard.safeguarding.flags import (
    acknowledgement_days,
    acknowledgement_due,
    flag_cutoff,
    is_overdue,
)
from heard.safeguarding.selectors import concerns_awaiting_acknowledgement
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

"""Tests for England and Wales working-day arithmetic (no database needed)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from heard.core.working_days import (
    WorkingDaysSince,
    add_working_days,
    bank_holidays,
    is_working_day,
    working_days_between,
)


def _naive_between(start: date, end: date) -> int:
    """The obvious day-by-day definition, to check the fast version against."""
    count = 0
    day = start + timedelta(days=1)
    while day <= end:
        count += is_working_day(day)
        day += timedelta(days=1)
    return count


# --- is_working_day ---------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2024, 6, 3), True),  # Monday
        (date(2024, 6, 7), True),  # Friday
        (date(2024, 6, 8), False),  # Saturday
        (date(2024, 6, 9), False),  # Sunday
        (date(2024, 12, 25), False),  # Christmas Day
        (date(2024, 12, 26), False),  # Boxing Day
        (date(2024, 12, 27), True),
        (date(2025, 1, 1), False),  # New Year's Day
        (date(2024, 3, 29), False),  # Good Friday
        (date(2024, 4, 1), False),  # Easter Monday
        (date(2024, 5, 6), False),  # Early May
        (date(2024, 5, 27), False),  # Spring
        (date(2024, 8, 26), False),  # Summer (England and Wales: last Monday in August)
        (date(2024, 8, 5), True),  # Scotland's summer holiday is not ours
        (date(2024, 11, 29), True),  # St Andrew's Day (Scotland only)
        (date(2024, 3, 18), True),  # St Patrick's substitute (Northern Ireland only)
        (date(2024, 7, 12), True),  # Battle of the Boyne (Northern Ireland only)
        (date(2025, 1, 2), True),  # 2 January is a Scottish holiday only
    ],
)
def test_is_working_day(day: date, expected: bool) -> None:
    assert is_working_day(day) is expected


@pytest.mark.parametrize(
    ("day", "why"),
    [
        (date(2022, 9, 19), "State Funeral of Queen Elizabeth II"),
        (date(2023, 5, 8), "Coronation of King Charles III"),
        (date(2022, 6, 2), "Spring bank holiday moved for the Platinum Jubilee"),
        (date(2022, 6, 3), "Platinum Jubilee bank holiday"),
        (date(2020, 5, 8), "Early May bank holiday moved to VE Day"),
        (date(2012, 6, 5), "Diamond Jubilee"),
        (date(2011, 4, 29), "Royal wedding"),
    ],
)
def test_one_off_bank_holidays(day: date, why: str) -> None:
    assert not is_working_day(day), why


@pytest.mark.parametrize(
    ("day", "why"),
    [
        (date(2022, 5, 30), "normal spring date, moved in 2022"),
        (date(2020, 5, 4), "normal early May date, moved in 2020"),
    ],
)
def test_moved_bank_holidays_are_working_days_on_their_usual_date(day: date, why: str) -> None:
    assert is_working_day(day), why


@pytest.mark.parametrize(
    ("day", "why"),
    [
        (date(2020, 12, 28), "Boxing Day 2020 was a Saturday"),
        (date(2021, 12, 27), "Christmas Day 2021 was a Saturday"),
        (date(2021, 12, 28), "Boxing Day 2021 was a Sunday"),
        (date(2022, 1, 3), "New Year's Day 2022 was a Saturday"),
        (date(2022, 12, 27), "Christmas Day 2022 was a Sunday"),
        (date(2023, 1, 2), "New Year's Day 2023 was a Sunday"),
        (date(2026, 12, 28), "Boxing Day 2026 is a Saturday"),
    ],
)
def test_substitute_days(day: date, why: str) -> None:
    assert not is_working_day(day), why


def test_datetime_counts_as_its_date() -> None:
    assert not is_working_day(datetime(2023, 5, 8, 9, 30))
    assert is_working_day(datetime(2023, 5, 9, 23, 59))


def test_is_working_day_rejects_non_dates() -> None:
    with pytest.raises(TypeError):
        is_working_day("2024-01-01")  # type: ignore[arg-type]


def test_bank_holidays_are_weekdays_only_and_sorted() -> None:
    days = bank_holidays(2021)
    assert days == (
        date(2021, 1, 1),
        date(2021, 4, 2),
        date(2021, 4, 5),
        date(2021, 5, 3),
        date(2021, 5, 31),
        date(2021, 8, 30),
        date(2021, 12, 27),
        date(2021, 12, 28),
    )


@pytest.mark.parametrize("year", range(2000, 2031))
def test_at_least_eight_weekday_bank_holidays_each_year(year: int) -> None:
    days = bank_holidays(year)
    assert len(days) >= 8
    assert all(d.weekday() < 5 and d.year == year for d in days)
    assert list(days) == sorted(days)


# --- working_days_between ---------------------------------------------------


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (date(2024, 6, 3), date(2024, 6, 4), 1),  # Monday to Tuesday
        (date(2024, 6, 3), date(2024, 6, 3), 0),  # same day
        (date(2024, 6, 4), date(2024, 6, 3), 0),  # end before start
        (date(2024, 6, 7), date(2024, 6, 10), 1),  # Friday to Monday
        (date(2024, 6, 8), date(2024, 6, 9), 0),  # Saturday to Sunday
        (date(2024, 6, 8), date(2024, 6, 10), 1),  # Saturday to Monday
        (date(2024, 6, 3), date(2024, 6, 10), 5),  # one week
        (date(2024, 6, 3), date(2024, 6, 7), 4),  # Monday to Friday
        (date(2024, 6, 3), date(2024, 6, 8), 4),  # Monday to Saturday
        # Christmas 2024: Wed 25 and Thu 26 are bank holidays.
        (date(2024, 12, 24), date(2024, 12, 27), 1),
        # Easter 2024: Good Friday 29 March, Easter Monday 1 April.
        (date(2024, 3, 28), date(2024, 4, 2), 1),
        # Christmas 2021: substitute days Mon 27 and Tue 28.
        (date(2021, 12, 24), date(2021, 12, 29), 1),
        # State funeral: Friday 16 to Tuesday 20 September 2022.
        (date(2022, 9, 16), date(2022, 9, 20), 1),
        # Coronation: Friday 5 to Tuesday 9 May 2023.
        (date(2023, 5, 5), date(2023, 5, 9), 1),
        # Whole years.
        (date(2023, 12, 31), date(2024, 12, 31), 262 - 8),
        (date(2022, 12, 31), date(2023, 12, 31), 260 - 9),  # nine weekday holidays in 2023
    ],
)
def test_working_days_between(start: date, end: date, expected: int) -> None:
    assert working_days_between(start, end) == expected
    assert working_days_between(start, end) == _naive_between(start, end)


def test_christmas_2024_fortnight_counted_by_hand() -> None:
    # Ten weekdays after Fri 20 Dec up to Fri 3 Jan, less Christmas Day, Boxing
    # Day and New Year's Day: Mon 23, Tue 24, Fri 27, Mon 30, Tue 31, Thu 2, Fri 3.
    assert working_days_between(date(2024, 12, 20), date(2025, 1, 3)) == 7


def test_working_days_between_accepts_datetimes() -> None:
    assert working_days_between(datetime(2024, 6, 3, 17, 0), datetime(2024, 6, 4, 9, 0)) == 1


@given(
    start=st.dates(min_value=date(1990, 1, 1), max_value=date(2090, 12, 31)),
    span=st.integers(min_value=-30, max_value=800),
)
def test_between_matches_day_by_day_count(start: date, span: int) -> None:
    end = start + timedelta(days=span)
    assert working_days_between(start, end) == _naive_between(start, end)


@given(
    a=st.dates(min_value=date(1990, 1, 1), max_value=date(2090, 12, 31)),
    b=st.dates(min_value=date(1990, 1, 1), max_value=date(2090, 12, 31)),
    c=st.dates(min_value=date(1990, 1, 1), max_value=date(2090, 12, 31)),
)
def test_between_is_additive(a: date, b: date, c: date) -> None:
    a, b, c = sorted((a, b, c))
    assert working_days_between(a, c) == working_days_between(a, b) + working_days_between(b, c)


@given(
    origin=st.dates(min_value=date(1990, 1, 1), max_value=date(2090, 12, 31)),
    pairs=st.lists(
        st.tuples(
            st.integers(min_value=0, max_value=900), st.integers(min_value=-30, max_value=400)
        ),
        min_size=1,
        max_size=20,
    ),
)
def test_working_days_since_an_origin_gives_what_between_gives(origin: date, pairs) -> None:
    """A report's many (received, reached) pairs, each day counted from the origin once."""
    since = WorkingDaysSince(origin)
    for offset, span in pairs:
        start = origin + timedelta(days=offset)
        end = start + timedelta(days=span)
        assert since.between(start, end) == working_days_between(start, end)


def test_working_days_since_counts_each_day_once() -> None:
    since = WorkingDaysSince(date(2024, 12, 20))  # a Friday before Christmas
    # 24, 27, 30, 31 December and 2 January: Christmas, Boxing Day and New Year are out.
    assert since.between(date(2024, 12, 23), date(2025, 1, 2)) == 5
    assert since.between(date(2024, 12, 23), date(2024, 12, 23)) == 0
    assert since.between(date(2025, 1, 2), date(2024, 12, 23)) == 0  # reached before received
    assert set(since) == {date(2024, 12, 23), date(2025, 1, 2)}


def test_long_ranges_are_fast() -> None:
    # 10,000 calls across decades should take well under a second.
    import time

    started = time.perf_counter()
    for offset in range(10_000):
        working_days_between(date(1990, 1, 1), date(2090, 1, 1) - timedelta(days=offset))
    assert time.perf_counter() - started < 5


# --- add_working_days -------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        (date(2024, 6, 3), 0, date(2024, 6, 3)),
        (date(2024, 6, 8), 0, date(2024, 6, 8)),  # n = 0 never moves
        (date(2024, 6, 3), 1, date(2024, 6, 4)),
        (date(2024, 6, 7), 1, date(2024, 6, 10)),  # Friday + 1 = Monday
        (date(2024, 6, 8), 1, date(2024, 6, 10)),  # Saturday + 1 = Monday
        (date(2024, 6, 3), 5, date(2024, 6, 10)),
        (date(2024, 6, 3), 10, date(2024, 6, 17)),
        (date(2024, 12, 24), 1, date(2024, 12, 27)),  # over Christmas
        (date(2024, 3, 28), 1, date(2024, 4, 2)),  # over Easter
        (date(2021, 12, 24), 1, date(2021, 12, 29)),  # over substitute days
        (date(2022, 9, 16), 1, date(2022, 9, 20)),  # over the state funeral
        (date(2023, 5, 5), 1, date(2023, 5, 9)),  # over the coronation
        (date(2024, 6, 4), -1, date(2024, 6, 3)),
        (date(2024, 6, 10), -1, date(2024, 6, 7)),  # Monday - 1 = Friday
        (date(2024, 6, 9), -1, date(2024, 6, 7)),  # Sunday - 1 = Friday
        (date(2024, 12, 27), -1, date(2024, 12, 24)),
        (date(2023, 5, 9), -1, date(2023, 5, 5)),
    ],
)
def test_add_working_days(start: date, n: int, expected: date) -> None:
    assert add_working_days(start, n) == expected


def test_add_a_year_of_working_days() -> None:
    # 2024 had 262 weekdays and 8 weekday bank holidays.
    assert add_working_days(date(2023, 12, 31), 254) == date(2024, 12, 31)
    # Counting back 254 from 1 January 2025 lands on the first working day of 2024.
    assert add_working_days(date(2025, 1, 1), -254) == date(2024, 1, 2)


@given(
    start=st.dates(min_value=date(1990, 1, 1), max_value=date(2090, 12, 31)),
    n=st.integers(min_value=1, max_value=2_000),
)
def test_add_then_between_round_trips(start: date, n: int) -> None:
    result = add_working_days(start, n)
    assert is_working_day(result)
    assert working_days_between(start, result) == n
    # It is the earliest such date.
    assert working_days_between(start, result - timedelta(days=1)) == n - 1


@given(
    start=st.dates(min_value=date(1990, 1, 1), max_value=date(2090, 12, 31)),
    n=st.integers(min_value=1, max_value=2_000),
)
def test_subtract_counts_working_days_strictly_before(start: date, n: int) -> None:
    result = add_working_days(start, -n)
    assert is_working_day(result)
    # Working days in [result, start) is exactly n.
    assert working_days_between(result - timedelta(days=1), start - timedelta(days=1)) == n


@given(
    start=st.dates(min_value=date(1990, 1, 1), max_value=date(2090, 12, 31)),
    n=st.integers(min_value=1, max_value=2_000),
)
def test_subtract_undoes_add_on_working_days(start: date, n: int) -> None:
    forward = add_working_days(start, n)
    if is_working_day(start):
        assert add_working_days(forward, -n) == start

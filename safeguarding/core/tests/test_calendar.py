"""Tests of the England and Wales working-day calendar behind statutory clocks.

Pure functions only: no database, no Django.
"""

from __future__ import annotations

import dataclasses
import datetime
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from safeguarding.core.calendar import (
    WorkingCalendar,
    add_working_days,
    bank_holidays,
    is_working_day,
    working_days_between,
)

# The first call for a year builds that year's holidays; keep hypothesis from
# calling that a flaky deadline breach.
PROPERTY_SETTINGS = settings(deadline=None, max_examples=150)

dates = st.dates(min_value=date(2000, 1, 1), max_value=date(2040, 12, 31))
counts = st.integers(min_value=0, max_value=300)


# --- bank holidays ------------------------------------------------------------


def test_christmas_2026_has_boxing_day_substitute_on_monday():
    holidays_2026 = bank_holidays(2026)
    assert date(2026, 12, 25) in holidays_2026  # Friday
    assert date(2026, 12, 26).weekday() == 5  # Boxing Day falls on a Saturday...
    assert date(2026, 12, 28) in holidays_2026  # ...so Monday 28th is the substitute
    assert not is_working_day(date(2026, 12, 25))
    assert not is_working_day(date(2026, 12, 28))
    assert is_working_day(date(2026, 12, 29))


def test_easter_2027():
    holidays_2027 = bank_holidays(2027)
    assert "Good Friday" in holidays_2027[date(2027, 3, 26)]
    assert "Easter Monday" in holidays_2027[date(2027, 3, 29)]


def test_one_off_bank_holidays_are_honoured():
    assert not is_working_day(date(2022, 9, 19))  # State Funeral of Queen Elizabeth II
    assert not is_working_day(date(2023, 5, 8))  # Coronation of King Charles III
    assert "Funeral" in bank_holidays(2022)[date(2022, 9, 19)]
    assert "Coronation" in bank_holidays(2023)[date(2023, 5, 8)]


def test_bank_holidays_returns_a_copy_not_the_cache():
    first = bank_holidays(2026)
    first.clear()
    assert bank_holidays(2026)


def test_bank_holidays_only_contains_the_year_asked_for():
    assert all(day.year == 2027 for day in bank_holidays(2027))


# --- is_working_day -----------------------------------------------------------


def test_weekends_are_not_working_days():
    assert is_working_day(date(2026, 1, 2))  # Friday
    assert not is_working_day(date(2026, 1, 3))  # Saturday
    assert not is_working_day(date(2026, 1, 4))  # Sunday
    assert is_working_day(date(2026, 1, 5))  # Monday


def test_closure_days_are_not_working_days():
    assert not is_working_day(date(2026, 12, 29), closures={date(2026, 12, 29)})
    assert is_working_day(date(2026, 12, 30), closures={date(2026, 12, 29)})


def test_closures_may_be_a_generator():
    closures = (date(2026, 12, d) for d in (29, 30, 31))
    assert add_working_days(date(2026, 12, 21), 5, closures) == date(2027, 1, 5)


def test_datetime_is_refused_because_it_would_miss_holidays():
    with pytest.raises(TypeError):
        is_working_day(datetime.datetime(2026, 12, 25, 9, 0))
    with pytest.raises(TypeError):
        add_working_days(datetime.datetime(2026, 12, 21, 9, 0), 1)


# --- add_working_days ---------------------------------------------------------


def test_five_working_days_over_christmas_2026():
    # Mon 21 Dec is day 0; 22, 23, 24 are days 1-3; Fri 25 (Christmas), the
    # weekend and Mon 28 (Boxing Day substitute) do not count; 29 and 30 are 4-5.
    assert add_working_days(date(2026, 12, 21), 5) == date(2026, 12, 30)


def test_closure_days_push_the_due_date_further():
    closures = frozenset({date(2026, 12, 29), date(2026, 12, 30), date(2026, 12, 31)})
    # 22-24 are days 1-3; 29-31 closed; Fri 1 Jan 2027 New Year's Day; the
    # weekend; Mon 4 and Tue 5 Jan are days 4-5.
    assert add_working_days(date(2026, 12, 21), 5, closures) == date(2027, 1, 5)


def test_fifteen_working_days_across_easter_2027():
    # Mon 15 Mar is day 0; 16-19 are 1-4, 22-25 are 5-8; Good Friday 26 Mar,
    # the weekend and Easter Monday 29 Mar do not count; 30 Mar-2 Apr are 9-12,
    # 5-7 Apr are 13-15.
    assert add_working_days(date(2027, 3, 15), 15) == date(2027, 4, 7)


def test_event_on_a_saturday_counts_from_monday():
    saturday = date(2026, 1, 3)
    assert add_working_days(saturday, 1) == date(2026, 1, 5)


def test_event_on_a_bank_holiday_is_still_day_zero():
    christmas = date(2026, 12, 25)
    assert add_working_days(christmas, 1) == date(2026, 12, 29)


def test_early_may_bank_holiday():
    # Fri 1 May 2026 is day 0; Mon 4 May is the early May bank holiday.
    assert add_working_days(date(2026, 5, 1), 1) == date(2026, 5, 5)


def test_state_funeral_and_coronation_are_skipped():
    assert add_working_days(date(2022, 9, 16), 1) == date(2022, 9, 20)
    assert add_working_days(date(2023, 5, 5), 1) == date(2023, 5, 9)


def test_zero_days_is_the_event_day_itself():
    assert add_working_days(date(2026, 12, 21), 0) == date(2026, 12, 21)
    assert add_working_days(date(2026, 12, 26), 0) == date(2026, 12, 26)  # a Saturday


def test_negative_days_are_refused():
    with pytest.raises(ValueError):
        add_working_days(date(2026, 12, 21), -1)


# --- working_days_between -----------------------------------------------------


def test_working_days_between_known_values():
    assert working_days_between(date(2026, 12, 21), date(2026, 12, 30)) == 5
    assert working_days_between(date(2026, 12, 30), date(2026, 12, 21)) == -5
    assert working_days_between(date(2026, 12, 21), date(2026, 12, 21)) == 0
    # Only non-working days in between.
    assert working_days_between(date(2026, 12, 24), date(2026, 12, 28)) == 0


def test_working_days_between_honours_closures():
    closures = [date(2026, 12, 29), date(2026, 12, 30), date(2026, 12, 31)]
    assert working_days_between(date(2026, 12, 21), date(2027, 1, 5), closures) == 5


# --- WorkingCalendar ----------------------------------------------------------


def test_working_calendar_delegates_with_its_closures():
    calendar = WorkingCalendar(
        closures=frozenset({date(2026, 12, 29), date(2026, 12, 30), date(2026, 12, 31)})
    )
    assert not calendar.is_working_day(date(2026, 12, 29))
    assert calendar.add_working_days(date(2026, 12, 21), 5) == date(2027, 1, 5)
    assert calendar.working_days_between(date(2026, 12, 21), date(2027, 1, 5)) == 5


def test_working_calendar_default_has_no_closures():
    calendar = WorkingCalendar()
    assert calendar.closures == frozenset()
    assert calendar.add_working_days(date(2026, 12, 21), 5) == date(2026, 12, 30)


def test_working_calendar_is_frozen_and_hashable():
    calendar = WorkingCalendar(closures=[date(2026, 12, 29)])  # type: ignore[arg-type]
    assert isinstance(calendar.closures, frozenset)
    assert hash(calendar) == hash(WorkingCalendar(frozenset({date(2026, 12, 29)})))
    with pytest.raises(dataclasses.FrozenInstanceError):
        calendar.closures = frozenset()  # type: ignore[misc]


# --- properties ---------------------------------------------------------------


@PROPERTY_SETTINGS
@given(start=dates, n=st.integers(min_value=1, max_value=300))
def test_due_date_is_a_working_day(start, n):
    assert is_working_day(add_working_days(start, n))


@PROPERTY_SETTINGS
@given(start=dates, n=counts)
def test_due_date_is_not_before_the_event(start, n):
    due = add_working_days(start, n)
    assert due >= start
    if n > 0:
        assert due > start


@PROPERTY_SETTINGS
@given(start=dates, n=counts)
def test_working_days_between_inverts_add_working_days(start, n):
    assert working_days_between(start, add_working_days(start, n)) == n


@PROPERTY_SETTINGS
@given(start=dates, a=counts, b=counts)
def test_add_working_days_is_monotonic_in_n(start, a, b):
    low, high = sorted((a, b))
    assert add_working_days(start, low) <= add_working_days(start, high)
    if low < high:
        assert add_working_days(start, low) < add_working_days(start, high)


@PROPERTY_SETTINGS
@given(start=dates, span=st.integers(min_value=-750, max_value=750))
def test_working_days_between_is_antisymmetric(start, span):
    end = start + datetime.timedelta(days=span)
    assert working_days_between(start, end) == -working_days_between(end, start)
    if start == end:
        assert working_days_between(start, end) == 0


@PROPERTY_SETTINGS
@given(
    start=dates,
    n=counts,
    offsets=st.frozensets(st.integers(min_value=0, max_value=450), max_size=10),
    extra_offset=st.integers(min_value=0, max_value=450),
)
def test_adding_a_closure_never_brings_the_due_date_forward(start, n, offsets, extra_offset):
    closures = frozenset(start + datetime.timedelta(days=o) for o in offsets)
    extra = start + datetime.timedelta(days=extra_offset)
    before = add_working_days(start, n, closures)
    after = add_working_days(start, n, closures | {extra})
    assert after >= before


@PROPERTY_SETTINGS
@given(
    start=dates,
    n=st.integers(min_value=1, max_value=300),
    offsets=st.frozensets(st.integers(min_value=0, max_value=450), max_size=10),
)
def test_due_date_with_closures_is_a_working_day_of_that_calendar(start, n, offsets):
    calendar = WorkingCalendar(frozenset(start + datetime.timedelta(days=o) for o in offsets))
    due = calendar.add_working_days(start, n)
    assert calendar.is_working_day(due)
    assert calendar.working_days_between(start, due) == n


@given(
    start=st.dates(min_value=datetime.date(2000, 1, 1), max_value=datetime.date(2040, 12, 31)),
    n=st.integers(min_value=1, max_value=300),
)
def test_working_days_before_is_the_inverse_of_adding(start, n):
    from safeguarding.core.calendar import working_days_before

    due = working_days_before(start, n)
    if is_working_day(start):
        assert add_working_days(due, n) == start
    assert working_days_between(due, start) == n

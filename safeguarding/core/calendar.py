"""Working-day calendar of England and Wales for the partnership's statutory clocks.

Timescales in "Working Together to Safeguard Children 2023" (for example the
rapid review and the notification of serious incidents) are counted in working
days, with the day of the triggering event as day 0: the clock starts the next
working day, whatever day the event fell on. Everything here follows that
convention so that every due date in the platform is computed the same way.

England and Wales share bank holidays, so one calendar serves both. The dates
come from the ``holidays`` package, which works offline, so a due date never
depends on a network call. A partnership may add its own closure days (say a
Christmas shutdown); they are passed in explicitly rather than read from the
database so these functions stay pure and easy to test. Nothing here reads
today's date: callers decide which date the clock started on.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from types import MappingProxyType

import holidays

__all__ = [
    "WorkingCalendar",
    "add_working_days",
    "bank_holidays",
    "is_working_day",
    "working_days_between",
]

_ONE_DAY = datetime.timedelta(days=1)
_SATURDAY = 5


@lru_cache(maxsize=128)
def _bank_holidays_for_year(year: int) -> Mapping[datetime.date, str]:
    """Cached per year because due dates are computed on almost every page."""
    calendar = holidays.UK(subdiv="ENG", years=year)
    return MappingProxyType(
        {day: name for day, name in sorted(calendar.items()) if day.year == year}
    )


def _check_date(value: datetime.date, name: str) -> None:
    # A datetime never compares equal to a date, so it would silently slip past
    # the bank-holiday and closure checks; refuse it instead.
    if isinstance(value, datetime.datetime) or not isinstance(value, datetime.date):
        raise TypeError(f"{name} must be a datetime.date, not {type(value).__name__}")


def _as_closures(closures: Iterable[datetime.date]) -> frozenset[datetime.date]:
    """Materialise once so a generator is not exhausted by the first lookup."""
    result = closures if isinstance(closures, frozenset) else frozenset(closures)
    for day in result:
        _check_date(day, "closure day")
    return result


def bank_holidays(year: int) -> dict[datetime.date, str]:
    """Bank holidays of England and Wales with their names, for display.

    A fresh dict is returned so a caller cannot alter the cached calendar.
    """
    return dict(_bank_holidays_for_year(year))


def _is_working_day(day: datetime.date, closures: frozenset[datetime.date]) -> bool:
    return (
        day.weekday() < _SATURDAY
        and day not in _bank_holidays_for_year(day.year)
        and day not in closures
    )


def is_working_day(
    day: datetime.date, closures: frozenset[datetime.date] | Iterable[datetime.date] = ()
) -> bool:
    """Whether the partnership's clock counts this day.

    Closure days are the partnership's own (e.g. a Christmas shutdown), which
    the law lets it leave out on top of weekends and bank holidays.
    """
    _check_date(day, "day")
    return _is_working_day(day, _as_closures(closures))


def add_working_days(
    start: datetime.date,
    n: int,
    closures: frozenset[datetime.date] | Iterable[datetime.date] = (),
) -> datetime.date:
    """The nth working day after the event on ``start`` (day 0).

    Day 0 need not be a working day: an event on a Saturday still starts the
    clock, and its first working day is the Monday (or later, if that is a
    bank holiday or closure). ``n == 0`` is the event day itself.
    """
    _check_date(start, "start")
    if isinstance(n, bool) or not isinstance(n, int):
        raise TypeError(f"n must be an int, not {type(n).__name__}")
    if n < 0:
        raise ValueError(f"n must be zero or more, not {n}")
    closed = _as_closures(closures)
    day = start
    remaining = n
    while remaining:
        day += _ONE_DAY
        if _is_working_day(day, closed):
            remaining -= 1
    return day


def working_days_before(
    event: datetime.date,
    n: int,
    closures: frozenset[datetime.date] | Iterable[datetime.date] = (),
) -> datetime.date:
    """The latest day by which something is due when it must happen ``n`` working days before
    ``event`` (for example, sending a report before its publication day): the day from which
    ``event`` is the nth working day."""
    _check_date(event, "event")
    if isinstance(n, bool) or not isinstance(n, int):
        raise TypeError(f"n must be an int, not {type(n).__name__}")
    if n < 0:
        raise ValueError(f"n must be zero or more, not {n}")
    closed = _as_closures(closures)
    day = event
    remaining = n
    while remaining:
        if _is_working_day(day, closed):
            remaining -= 1
        day -= _ONE_DAY
    return day


def working_days_between(
    start: datetime.date,
    end: datetime.date,
    closures: frozenset[datetime.date] | Iterable[datetime.date] = (),
) -> int:
    """Working days d with start < d <= end; negative when end is before start.

    Counting this way makes it the inverse of ``add_working_days``, so "how
    far into the clock are we" and "when is it due" always agree.
    """
    _check_date(start, "start")
    _check_date(end, "end")
    if end < start:
        return -working_days_between(end, start, closures)
    closed = _as_closures(closures)
    count = 0
    day = start
    while day < end:
        day += _ONE_DAY
        if _is_working_day(day, closed):
            count += 1
    return count


@dataclass(frozen=True, slots=True)
class WorkingCalendar:
    """A partnership's calendar as one value, so its closures travel with it.

    Frozen and hashable so it can be shared safely and used as a cache key.
    """

    closures: frozenset[datetime.date] = field(default_factory=frozenset)

    def __post_init__(self) -> None:
        # Accept any iterable (e.g. a list from a form) but keep it immutable.
        object.__setattr__(self, "closures", _as_closures(self.closures))

    def is_working_day(self, day: datetime.date) -> bool:
        return is_working_day(day, self.closures)

    def add_working_days(self, start: datetime.date, n: int) -> datetime.date:
        return add_working_days(start, n, self.closures)

    def working_days_before(self, event: datetime.date, n: int) -> datetime.date:
        return working_days_before(event, n, self.closures)

    def working_days_between(self, start: datetime.date, end: datetime.date) -> int:
        return working_days_between(start, end, self.closures)

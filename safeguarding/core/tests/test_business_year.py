import datetime

import pytest

from safeguarding.core.business_year import BusinessYear

D = datetime.date


@pytest.mark.parametrize(("day", "label"), [
    (D(2026, 3, 31), "2025/26"), (D(2026, 4, 1), "2026/27"), (D(2026, 11, 23), "2026/27"),
    (D(2099, 12, 31), "2099/00"),
])
def test_the_year_a_day_falls_in(day, label):
    assert BusinessYear.of(day).label == label


def test_parse_and_quarters():
    year = BusinessYear.parse("2026/27")
    assert year == BusinessYear.parse("2026-27")
    assert (year.starts_on, year.ends_on) == (D(2026, 4, 1), D(2027, 3, 31))
    assert year.quarters() == [(D(2026, 4, 1), D(2026, 6, 30)), (D(2026, 7, 1), D(2026, 9, 30)),
                               (D(2026, 10, 1), D(2026, 12, 31)), (D(2027, 1, 1), D(2027, 3, 31))]
    assert D(2027, 3, 31) in year and D(2027, 4, 1) not in year


@pytest.mark.parametrize("text", ["2026/28", "2026", "26/27", "2026/2027", "", "0000/01",
                                  "9999/00"])
def test_bad_years_are_refused(text):
    with pytest.raises(ValueError, match="Enter a business year like 2026/27"):
        BusinessYear.parse(text)

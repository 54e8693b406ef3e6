"""The business year: 1 April to 31 March, written "2026/27"."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from safeguarding.core.clocks import add_months

YEAR_PATTERN = re.compile(r"^(\d{4})[/-](\d{2})$")
# Years a partnership's records can be in: safeguarding partnerships began in 2019, and their
# predecessors' records reach back decades; a year beyond these names no record, only an error.
EARLIEST, LATEST = 1900, 2999


@dataclass(frozen=True, order=True)
class BusinessYear:
    start_year: int

    @classmethod
    def of(cls, day: date) -> BusinessYear:
        return cls(day.year if day.month >= 4 else day.year - 1)

    @classmethod
    def parse(cls, text: str) -> BusinessYear:
        """From "2026/27" or "2026-27"; ValueError for anything else."""
        match = YEAR_PATTERN.match(text.strip())
        if (not match or int(match.group(2)) != (int(match.group(1)) + 1) % 100
                or not EARLIEST <= int(match.group(1)) <= LATEST):
            raise ValueError(f"Enter a business year like 2026/27, not {text!r}")
        return cls(int(match.group(1)))

    @property
    def starts_on(self) -> date:
        return date(self.start_year, 4, 1)

    @property
    def ends_on(self) -> date:
        return date(self.start_year + 1, 3, 31)

    @property
    def label(self) -> str:
        return f"{self.start_year}/{(self.start_year + 1) % 100:02d}"

    @property
    def slug(self) -> str:
        return self.label.replace("/", "-")

    def __str__(self) -> str:
        return self.label

    def __contains__(self, day: date) -> bool:
        return self.starts_on <= day <= self.ends_on

    def quarters(self) -> list[tuple[date, date]]:
        """April–June, July–September, October–December, January–March."""
        starts = [add_months(self.starts_on, 3 * i) for i in range(4)]
        return [(start, date.fromordinal(add_months(start, 3).toordinal() - 1))
                for start in starts]

    def next(self) -> BusinessYear:
        return BusinessYear(self.start_year + 1)

    def previous(self) -> BusinessYear:
        return BusinessYear(self.start_year - 1)

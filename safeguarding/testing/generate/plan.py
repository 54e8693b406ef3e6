"""How much to make: the three sizes, the national figures they come from, and a `--scale`
fraction that runs a size's shape smaller."""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class Size:
    key: str
    partnerships: int
    years: int
    label: str


SIZES = {
    "S": Size("S", 1, 1, "one partnership, one year"),
    "M": Size("M", 1, 10, "one partnership, ten years"),
    "L": Size("L", 150, 10, "national: 150 partnerships, ten years"),
}

# Size L as the issue sizes England: 150 partnerships over ten years. Divided by its 1,500
# partnership-years they give what one partnership makes in a year, whatever the size.
NATIONAL = {
    "incidents": 5_000,
    "child_deaths": 35_000,
    "bookings": 2_000_000,
    "returns": 50_000,
    "values": 20_000_000,
}
NATIONAL_PARTNERSHIP_YEARS = 150 * 10

# What one partnership is made of (the shape of the demo partnerships, rounded).
PARTNER_AGENCIES = 3  # the council, the integrated care board and the police
RELEVANT_AGENCIES = 12
SCHOOLS = 18  # Section 11 invites the 15 others each year, Section 175 the schools: 33 returns
COURSES = 15
SESSION_PLACES = 20
BOOKINGS_PER_SESSION = 18
BOOKINGS_PER_LEARNER = 8
ACTIONS_PER_YEAR = 24
PUBLICATIONS_PER_YEAR = 13  # a newsletter a month and the yearly report
INDICATOR_SETS = 3
# Each indicator comes monthly as a total and by age band, sex, ethnicity and disability.
VALUES_PER_INDICATOR_MONTH = 1 + 5 + 3 + 6 + 3
UPCOMING_DAYS = 90  # sessions are scheduled this far ahead of today


def per_year(kind: str) -> float:
    return NATIONAL[kind] / NATIONAL_PARTNERSHIP_YEARS


@dataclass
class Plan:
    """One run of the generator. `scale` below 1 keeps each partnership whole and makes fewer
    of them (L at 0.1 is 15 partnerships, each as full as in L); a size of one partnership
    scaled below 1 makes that partnership's years thinner instead (for quick tests)."""

    size: Size
    today: date
    scale: float = 1.0
    seed: int = 2026
    rng: random.Random = field(init=False, repr=False)

    def __post_init__(self):
        if self.scale <= 0:
            raise ValueError("The scale must be more than 0")
        self.rng = random.Random(self.seed)

    @property
    def partnerships(self) -> int:
        return max(1, round(self.size.partnerships * self.scale))

    @property
    def volume(self) -> float:
        """How full each partnership is: 1, or less when one partnership is scaled down."""
        return min(1.0, self.size.partnerships * self.scale)

    @property
    def years(self) -> int:
        return self.size.years

    @property
    def starts_on(self) -> date:
        start = self.today.replace(day=1)
        return start.replace(year=start.year - self.years)

    def count(self, kind: str) -> int:
        """How many of `kind` one partnership makes over the plan's years."""
        return self.scaled(per_year(kind) * self.years)

    def scaled(self, number: float) -> int:
        return max(1, round(number * self.volume))

    def indicators(self) -> int:
        months = 12 * self.years
        return max(1, math.ceil(self.count("values") / (months * VALUES_PER_INDICATOR_MONTH)))

    def day_between(self, first: date, last: date) -> date:
        span = (last - first).days
        return first if span <= 0 else date.fromordinal(first.toordinal()
                                                        + self.rng.randint(0, span))

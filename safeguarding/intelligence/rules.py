"""The rules of safeguarding data: periods, the categories of each breakdown, how a figure
stands against its target, and what makes a row of an imported file acceptable. Each message is
a constant, shared by the services, the pages and the tests."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from safeguarding.intelligence.models import Indicator

COLUMNS = ("indicator", "period", "breakdown", "category", "value")

# The categories of the Department for Education's children in need census and the 2021
# census's ethnic groups; "locality" uses the partnership's own areas.
CATEGORIES = {
    Indicator.Breakdown.AGE_BAND: ("Under 1", "1 to 4", "5 to 9", "10 to 15", "16 and over"),
    Indicator.Breakdown.SEX: ("Female", "Male", "Not recorded"),
    Indicator.Breakdown.ETHNICITY: ("Asian or Asian British", "Black or Black British",
                                    "Mixed or multiple ethnic groups", "White",
                                    "Other ethnic group", "Not recorded"),
    Indicator.Breakdown.DISABILITY: ("Disabled", "Not disabled", "Not recorded"),
}

MISSING_COLUMNS = ("The first row must be the headings {columns} (missing: {missing})")
UNREADABLE = "The file cannot be read: save it again from the template and upload it"
NO_ROWS = "The file has no figures below its heading row"
UNKNOWN_INDICATOR = "“{code}” is not an indicator of this set"
BAD_PERIOD = "Enter the period as a year and month, like 2026-04"
PERIOD_START = {
    Indicator.Frequency.QUARTERLY: "A quarterly period must start in April, July, October or "
                                   "January",
    Indicator.Frequency.YEARLY: "A yearly period must start in April",
}
FUTURE_PERIOD = "The period has not started yet"
UNKNOWN_BREAKDOWN = "“{breakdown}” is not a breakdown of this indicator"
CATEGORY_WITHOUT_BREAKDOWN = "A category needs a breakdown (leave both empty for the total)"
UNKNOWN_CATEGORY = "“{category}” is not a category of {breakdown} (use one of: {allowed})"
BAD_VALUE = "The value must be a number"
NEGATIVE_VALUE = "The value cannot be less than 0"
OVER_100 = "A percentage cannot be more than 100"
REPEATED = "The same figure is already on line {line}"

QUARTER_STARTS = (1, 4, 7, 10)


def parse_period(value, frequency: str) -> tuple[date | None, str]:
    """The first day of the period a cell names (2026-04, 2026-04-01, April 2026, or a date
    cell), or the reason it cannot be one."""
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        day = value.replace(day=1)
    else:
        text = str(value or "").strip()
        day = None
        match = re.fullmatch(r"(\d{4})-(\d{1,2})(?:-\d{1,2})?", text)
        if match and 1 <= int(match[2]) <= 12:
            day = date(int(match[1]), int(match[2]), 1)
        else:
            for pattern in ("%B %Y", "%b %Y", "%m/%Y"):
                try:
                    day = datetime.strptime(text, pattern).date()
                    break
                except ValueError:
                    continue
        if day is None:
            return None, BAD_PERIOD
    if frequency == Indicator.Frequency.QUARTERLY and day.month not in QUARTER_STARTS:
        return None, PERIOD_START[frequency]
    if frequency == Indicator.Frequency.YEARLY and day.month != 4:
        return None, PERIOD_START[frequency]
    return day, ""


def period_label(day: date, frequency: str) -> str:
    if frequency == Indicator.Frequency.YEARLY:
        return f"{day.year}/{(day.year + 1) % 100:02d}"
    if frequency == Indicator.Frequency.QUARTERLY:
        end = add_months(day, 2)
        return f"{day:%b} to {end:%b %Y}"
    return f"{day:%B %Y}"


def short_label(day: date, frequency: str) -> str:
    """A period in few characters, for a chart's axis."""
    if frequency == Indicator.Frequency.MONTHLY:
        return f"{day:%b %Y}"
    if frequency == Indicator.Frequency.QUARTERLY:
        start = day.year if day.month >= 4 else day.year - 1
        return f"Q{(day.month - 4) % 12 // 3 + 1} {start}/{(start + 1) % 100:02d}"
    return period_label(day, frequency)


def add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def months_in(frequency: str) -> int:
    return {Indicator.Frequency.MONTHLY: 1, Indicator.Frequency.QUARTERLY: 3,
            Indicator.Frequency.YEARLY: 12}[frequency]


def parse_value(value, unit: str) -> tuple[Decimal | None, str]:
    if isinstance(value, bool):
        return None, BAD_VALUE
    try:
        number = Decimal(str(value).strip().replace(",", "").rstrip("%"))
    except (InvalidOperation, ValueError):
        return None, BAD_VALUE
    if not number.is_finite():
        return None, BAD_VALUE
    if number < 0:
        return None, NEGATIVE_VALUE
    if unit == Indicator.Unit.PERCENT and number > 100:
        return None, OVER_100
    return number.quantize(Decimal("0.01")), ""


def categories_for(breakdown: str, areas: list[str]) -> tuple[str, ...]:
    if breakdown == Indicator.Breakdown.LOCALITY:
        return (*areas, "Not recorded")
    return CATEGORIES.get(breakdown, ())


# -- against the target ---------------------------------------------------------------------------


class Standing:
    ON_TARGET = "On target"
    WITHIN_TOLERANCE = "Within tolerance"
    OUTSIDE_TOLERANCE = "Outside tolerance"
    NO_TARGET = "No target"


def against_target(value: Decimal | None, target: Decimal | None, polarity: str,
                   tolerance: Decimal) -> str:
    """Where a figure stands: on the right side of the target, short of it by no more than the
    tolerance (per cent of the target), or outside the tolerance (an exception)."""
    if value is None or target is None:
        return Standing.NO_TARGET
    worse = value < target if polarity == Indicator.Polarity.HIGHER else value > target
    if not worse:
        return Standing.ON_TARGET
    if abs(value - target) <= abs(target) * Decimal(tolerance) / 100:
        return Standing.WITHIN_TOLERANCE
    return Standing.OUTSIDE_TOLERANCE


def direction(value: Decimal | None, previous: Decimal | None, polarity: str) -> str:
    """The change from the previous period in words: better, worse or the same."""
    if value is None or previous is None:
        return ""
    if value == previous:
        return "No change"
    better = value > previous if polarity == Indicator.Polarity.HIGHER else value < previous
    return "Better" if better else "Worse"


@dataclass(frozen=True)
class RowError:
    line: int
    reason: str


# -- the business plan ----------------------------------------------------------------------------

RAG_SOON_DAYS = 28


def rag(status: str, due_on: date, today: date) -> str:
    """A business plan action's red, amber or green: red when overdue, amber when due within
    four weeks and not started, green otherwise (or done)."""
    if status == "completed":
        return "Green (completed)"
    if status == "cancelled":
        return "Cancelled"
    if due_on < today:
        return "Red (overdue)"
    if status == "open" and (due_on - today).days <= RAG_SOON_DAYS:
        return "Amber (due soon, not started)"
    return "Green (on track)"


# -- the risk register ----------------------------------------------------------------------------


def risk_rating(score: int) -> str:
    """Likelihood times impact, each 1 to 5: 15 and over is high, 8 to 12 medium."""
    if score >= 15:
        return "High"
    if score >= 8:
        return "Medium"
    return "Low"


# -- the yearly report ----------------------------------------------------------------------------

# The sections of the safeguarding partners' yearly report, in order (DOMAIN.md section 3.7 and
# what the seeds' yearly reports hold: `002_...`, `000_...` "Annual Report").
SECTIONS = (
    ("arrangements", "Our arrangements and who the partners are"),
    ("priorities", "Progress against our priorities"),
    ("reviews", "Rapid reviews, practice reviews and their learning"),
    ("child_deaths", "Child deaths"),
    ("assurance", "Section 11 and Section 175/157 self-assessments and audits"),
    ("training", "Multi-agency training"),
    ("data", "Safeguarding data"),
    ("voice", "The voice of children and young people"),
    ("scrutiny", "Independent scrutiny"),
    ("escalations", "Resolving practitioner disagreements"),
    ("budget", "Budget and spend"),
)

YEAR_NOT_STARTED = "The business year {year} has not started yet"
REPORT_EXISTS = "There is already a yearly report for {year}: open it from the list"
PUBLISHED_UNCHANGED = "The report is published: its figures and words cannot change now"
ALREADY_PUBLISHED = "The report is already published"
ENTER_NARRATIVE = "Enter the narrative for “{title}”"
ENTER_SIGNED_OFF = "Enter the date the lead safeguarding partners signed the report off"
SIGNED_OFF_IN_FUTURE = "The date it was signed off must be today or in the past"
NOT_PUBLISHED_YET = "Publish the report before recording where it was sent"
ENTER_A_SENT_DATE = "Enter the date it was sent to the National Panel, the What Works centre, " \
                    "or both"
SENT_BEFORE_PUBLISHED = "The date it was sent must be on or after the day it was published " \
                        "({published})"
SENT_IN_FUTURE = "The date it was sent must be today or in the past"


def sent_date_problem(day: date | None, published_on: date, today: date) -> str:
    """What is wrong with a date the report was sent, if anything."""
    if day is None:
        return ""
    if day > today:
        return SENT_IN_FUTURE
    if day < published_on:
        return SENT_BEFORE_PUBLISHED.format(published=f"{published_on:%-d %B %Y}")
    return ""

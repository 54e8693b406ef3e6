"""The Child Death Overview Panel's annual report for the child death review partners
(Children Act 2004 s16M(6); DOMAIN.md section 3.2): for one CDOP and one business year, the
deaths notified and reviewed, the time from death to review, the categories of death, the
modifiable factors, the themes (contributory factors by domain), the actions, and who the
children were, with small numbers suppressed (`core.suppression`).

Everything here reads. The report is computed in a fixed number of queries however many deaths
there are, and the arithmetic is done in Python.

Decisions a successor might question:

- Two cohorts. *Notified*: deaths notified to the CDOP in the year (a notification merged into
  another is the same death and is not counted twice). *Reviewed*: CDOP reviews closed at a CDOP
  meeting held in the year, whenever the death was. National CDOP reports count the same way.
- Time from death to review is in calendar days, from the date of death to the CDOP meeting;
  "within the target" uses the clock's value stored on each case's deadline (so a rule changed
  later does not re-judge old cases), or the declared default.
- Totals (notified, reviewed, expected and unexpected, the actions) are shown as they are: the
  CDOP publishes them. Breakdowns of the deaths (category, modifiable factors, age, sex,
  ethnicity) are suppressed with the total known; themes (a case may count in several domains)
  have primary suppression alone.
"""

from __future__ import annotations

import statistics
from collections import Counter
from dataclasses import dataclass
from datetime import date

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q

from safeguarding.child_deaths.models import (
    Category,
    ChildDeath,
    ContributoryFactor,
    Domain,
    Modifiable,
    Sex,
)
from safeguarding.core.business_year import BusinessYear
from safeguarding.core.clocks import CDOP_REVIEW_DUE, add_months
from safeguarding.core.models import ActionItem, Deadline
from safeguarding.core.suppression import (
    SUPPRESSION_NOTE,
    Breakdown,
    Cell,
    breakdown,
    suppress_each,
    typed_breakdown,
)

S = ChildDeath.Status
AGE_BANDS = (("0", "Under 1"), ("1_4", "1 to 4"), ("5_9", "5 to 9"), ("10_14", "10 to 14"),
             ("15_17", "15 to 17"))


def age_band(years: int) -> str:
    if years < 1:
        return "0"
    if years <= 4:
        return "1_4"
    if years <= 9:
        return "5_9"
    return "10_14" if years <= 14 else "15_17"


@dataclass(frozen=True)
class TimeToReview:
    days: tuple[int, ...]  # calendar days, one a review, smallest first
    within_target: int
    target_months: tuple[int, ...]

    @property
    def reviews(self) -> int:
        return len(self.days)

    @property
    def median(self):
        if not self.days:
            return None
        middle = statistics.median(self.days)
        return int(middle) if float(middle).is_integer() else middle

    @property
    def longest(self):
        return self.days[-1] if self.days else None

    @property
    def target_label(self) -> str:
        months = " or ".join(str(m) for m in self.target_months) or str(CDOP_REVIEW_DUE.amount)
        return f"{months} months"


@dataclass(frozen=True)
class Actions:
    total: int
    completed: int
    open: int
    overdue: int


@dataclass(frozen=True)
class AnnualReport:
    cdop: object
    partnerships: tuple
    year: BusinessYear
    today: date
    notified: int
    expected: int
    unexpected: int
    reviewed: int
    awaiting_review: int
    time_to_review: TimeToReview
    categories: Breakdown
    modifiable: Breakdown
    themes: tuple[Cell, ...]
    actions: Actions
    characteristics: tuple[Breakdown, ...]
    suppression_note: str = SUPPRESSION_NOTE

    @property
    def title(self) -> str:
        return f"{self.cdop} annual report {self.year}"


def cases_of(cdop):
    """The cases of a CDOP: on its list, or of a partnership it serves."""
    return ChildDeath.objects.filter(Q(panel=cdop) | Q(partnership__in=cdop.partnerships.all()))


def _time_to_review(rows: list[dict], deadlines: dict) -> TimeToReview:
    measured, within, amounts = [], 0, set()
    for row in rows:
        months = deadlines.get(row["pk"], CDOP_REVIEW_DUE.amount)
        amounts.add(months)
        measured.append((row["cdop_meeting_on"] - row["date_of_death"]).days)
        within += row["cdop_meeting_on"] <= add_months(row["date_of_death"], months)
    return TimeToReview(tuple(sorted(measured)), within, tuple(sorted(amounts)))


def _actions(reviewed_ids, today: date) -> Actions:
    items = list(ActionItem.objects.filter(
        source_type=ContentType.objects.get_for_model(ChildDeath), source_id__in=reviewed_ids,
    ).values_list("status", "due_on"))
    open_states = (ActionItem.Status.OPEN, ActionItem.Status.IN_PROGRESS)
    return Actions(
        total=len(items),
        completed=sum(1 for status, _ in items if status == ActionItem.Status.COMPLETED),
        open=sum(1 for status, _ in items if status in open_states),
        overdue=sum(1 for status, due in items if status in open_states and due < today),
    )


def annual_report(cdop, *, year: BusinessYear, today: date) -> AnnualReport:
    """The annual report of `cdop` for `year`. Aggregates only: the caller checks that the
    person may see the CDOP's report; no case is named."""
    cases = cases_of(cdop).exclude(status=S.MERGED)
    notified = list(cases.filter(notified_on__gte=year.starts_on, notified_on__lte=year.ends_on)
                    .values("pk", "unexpected", "status", "age_years", "sex", "ethnicity"))
    reviewed = list(cases.filter(status=S.CLOSED, cdop_meeting_on__gte=year.starts_on,
                                 cdop_meeting_on__lte=year.ends_on)
                    .values("pk", "date_of_death", "cdop_meeting_on", "category", "modifiable"))
    reviewed_ids = [row["pk"] for row in reviewed]
    deadlines = dict(Deadline.objects.filter(
        content_type=ContentType.objects.get_for_model(ChildDeath), object_id__in=reviewed_ids,
        rule__key=CDOP_REVIEW_DUE.key, cancelled=False).values_list("object_id", "rule__amount"))
    # A case counts once in a domain, however many of its factors are there.
    domains = Counter(domain for domain, _ in set(ContributoryFactor.objects.filter(
        child_death_id__in=reviewed_ids, contributed=True).values_list("domain",
                                                                       "child_death_id")))
    return AnnualReport(
        cdop=cdop, partnerships=tuple(cdop.partnerships.order_by("name")), year=year,
        today=today,
        notified=len(notified),
        expected=sum(1 for row in notified if not row["unexpected"]),
        unexpected=sum(1 for row in notified if row["unexpected"]),
        reviewed=len(reviewed),
        awaiting_review=sum(1 for row in notified if row["status"] != S.CLOSED),
        time_to_review=_time_to_review(reviewed, deadlines),
        categories=breakdown("Category of death", [r["category"] for r in reviewed],
                             dict(Category.choices)),
        modifiable=breakdown("Modifiable factors", [r["modifiable"] for r in reviewed],
                             dict(Modifiable.choices)),
        themes=suppress_each((str(label), domains.get(value, 0))
                             for value, label in Domain.choices),
        actions=_actions(reviewed_ids, today),
        characteristics=(
            breakdown("Age", [age_band(r["age_years"]) for r in notified], dict(AGE_BANDS)),
            breakdown("Sex", [r["sex"] for r in notified], dict(Sex.choices)),
            typed_breakdown("Ethnicity", [r["ethnicity"] for r in notified]),
        ),
    )

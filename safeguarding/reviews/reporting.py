"""The notification process review the scrutiny board asked for (DOMAIN.md section 3.1; the
board's asks in `seeds/003_...`): for a period, how many notifications came in, how many met the
criteria, how long each decision took against its clock, what followed, and who the children
were, with small numbers suppressed.

Everything here reads; nothing writes. A report is computed in a fixed number of queries however
many incidents there are (the incidents, their criteria decisions from the workflow events, their
deadlines, the partnership's closure days), and the arithmetic is done in Python.

Decisions a successor might question:

- The period selects a *cohort*: the notifications received in it (sent to the partnership on a
  date in the period, or, for a record with no sending date, became aware in it; drafts never
  count). Everything after (the decisions, the rapid reviews, the practice reviews, however late)
  is reported for that cohort, so a year's figures can be read as "what happened to the
  notifications of that year".
- The review group's decision date is `decided_criteria_on` where recorded; otherwise the day of
  the workflow move that recorded it ("meets_criteria" or "does_not_meet").
- Days are working days of the partnership's calendar (weekends, England and Wales bank
  holidays and the partnership's closure days excluded; the starting day is day 0). A case is on
  time when its working days are within the clock's amount, taken from the rule version stored
  on the case's deadline (so a rule changed later does not re-judge old cases), or the declared
  default where the case has no deadline.
- "Themes" are the routes the safeguarding partners chose, the National Panel's replies and the
  children's legal status: recorded choices, not a reading of free text (the rapid review's
  learning is prose and is not counted here).
- Breakdowns about the children (age band, sex, ethnicity, disability, legal status) are
  suppressed; the process figures (counts, days, routes) are not: they say nothing about a child.
  The total of each breakdown is the number of notifications, which the page shows, so it is
  treated as known when deciding what else to withhold.
"""

from __future__ import annotations

import statistics
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.utils import timezone

from safeguarding.core.business_year import BusinessYear
from safeguarding.core.calendar import WorkingCalendar
from safeguarding.core.clocks import (
    NATIONAL_PANEL_NOTIFICATION_DUE,
    PRACTICE_REVIEW_DUE,
    RAPID_REVIEW_DUE,
    Clock,
    add_months,
)
from safeguarding.core.models import Deadline, WorkflowEvent
from safeguarding.core.services import partnership_calendar
from safeguarding.core.suppression import (
    Breakdown,
    typed_breakdown,
)
from safeguarding.core.suppression import breakdown as _breakdown
from safeguarding.reviews.models import AgeBand, Incident, LegalStatus, Sex
from safeguarding.reviews.workflow import INCIDENT_WORKFLOW

S = Incident.Status

CRITERIA_MOVES = ("meets_criteria", "does_not_meet")
DISABILITY_CHOICES = dict(Incident._meta.get_field("disability").choices)


def _states_from(start: str) -> frozenset[str]:
    """`start` and every state the workflow table can lead to from it."""
    found, todo = {start}, [start]
    while todo:
        for move in INCIDENT_WORKFLOW.moves_from(todo.pop()):
            if move.to not in found:
                found.add(move.to)
                todo.append(move.to)
    return frozenset(found)


# "Meets the criteria" and everything after it in the workflow table means the criteria were met.
MET = _states_from(S.MEETS)
NOT_MET = frozenset({S.NOT_MET})
AWAITING = frozenset({S.NOTIFIED})
PRACTICE_REVIEW_UNDER_WAY = frozenset({S.PRACTICE_REVIEW, S.FINAL_REPORT_SENT})


# -- the period -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    starts_on: date
    ends_on: date

    @classmethod
    def of_business_year(cls, year: BusinessYear) -> Period:
        return cls(year.starts_on, year.ends_on)

    @property
    def business_year(self) -> BusinessYear | None:
        year = BusinessYear.of(self.starts_on)
        return year if Period.of_business_year(year) == self else None

    @property
    def label(self) -> str:
        dates = f"{self.starts_on:%-d %B %Y} to {self.ends_on:%-d %B %Y}"
        year = self.business_year
        return f"{year} ({dates})" if year else dates

    @property
    def slug(self) -> str:
        return f"{self.starts_on:%Y-%m-%d}-to-{self.ends_on:%Y-%m-%d}"


# -- timeliness -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class DecisionPoint:
    key: str
    label: str
    measured: str
    start: str  # a field of the case row
    end: str
    clock: Clock | None = None
    no_clock: str = ""


DECISION_POINTS = (
    DecisionPoint(
        "review_group", "The review group's decision",
        "From the notification reaching the partnership to the review group's decision on "
        "whether it meets the criteria", "notified_on", "criteria_decided_on",
        no_clock="No set time: it has to come in time for the National Panel notification"),
    DecisionPoint(
        "panel", "National Panel notified",
        "From the local authority becoming aware to the National Panel being notified",
        "la_became_aware", "panel_notified_on", clock=NATIONAL_PANEL_NOTIFICATION_DUE),
    DecisionPoint(
        "rapid_review", "Rapid review sent",
        "From the local authority becoming aware to the rapid review being sent to the National "
        "Panel", "la_became_aware", "rapid_review_sent_on", clock=RAPID_REVIEW_DUE),
    DecisionPoint(
        "partners", "The safeguarding partners' decision",
        "From the rapid review being sent to the safeguarding partners' decision on a local "
        "child safeguarding practice review", "rapid_review_sent_on", "decided_on",
        no_clock="No set time"),
)


@dataclass(frozen=True)
class Timeliness:
    point: DecisionPoint
    days: tuple[int, ...]  # working days, one a case, smallest first
    clock_amounts: tuple[int, ...]  # the clock's working days as stored on these cases
    on_time: int | None
    late: int | None
    overdue: int | None  # not done yet, and past its due date

    @property
    def cases(self) -> int:
        return len(self.days)

    @property
    def median(self) -> float | int | None:
        if not self.days:
            return None
        middle = statistics.median(self.days)
        return int(middle) if float(middle).is_integer() else middle

    @property
    def worst(self) -> int | None:
        return self.days[-1] if self.days else None

    @property
    def clock_label(self) -> str:
        if self.point.clock is None:
            return self.point.no_clock
        amounts = " or ".join(str(a) for a in self.clock_amounts) or str(
            self.point.clock.amount)
        return f"{amounts} working days"


def _clock_amount(deadlines: dict, pk: int, clock: Clock) -> int:
    stored = deadlines.get((pk, clock.key))
    return stored["amount"] if stored else clock.amount


def _timeliness(point: DecisionPoint, rows: list[dict], deadlines: dict,
                calendar: WorkingCalendar, today: date) -> Timeliness:
    measured = []  # (working days, clock amount)
    for row in rows:
        start, end = row[point.start], row[point.end]
        if start and end:
            amount = _clock_amount(deadlines, row["pk"], point.clock) if point.clock else None
            measured.append((calendar.working_days_between(start, end), amount))
    measured.sort(key=lambda pair: pair[0])
    days = tuple(d for d, _ in measured)
    if point.clock is None:
        return Timeliness(point, days, (), None, None, None)
    on_time = sum(1 for d, amount in measured if d <= amount)
    overdue = sum(
        1 for row in rows
        if not row[point.end] and (found := deadlines.get((row["pk"], point.clock.key)))
        and found["met_on"] is None and found["due_on"] < today
    )
    amounts = tuple(sorted({amount for _, amount in measured}))
    return Timeliness(point, days, amounts, on_time, len(measured) - on_time, overdue)


# -- the review -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class PracticeReviews:
    commissioned: int
    under_way: int
    published: int
    published_on_time: int
    not_published: int
    overdue: int


@dataclass(frozen=True)
class NotificationReview:
    partnership: object
    period: Period
    today: date
    received: int
    meets: int
    not_met: int
    awaiting: int
    timeliness: tuple[Timeliness, ...]
    practice_reviews: PracticeReviews
    routes: tuple[tuple[str, int], ...]
    panel_responses: tuple[tuple[str, int], ...]
    legal_status: Breakdown
    characteristics: tuple[Breakdown, ...]

    @property
    def rapid_reviews(self) -> Timeliness:
        return next(t for t in self.timeliness if t.point.key == "rapid_review")


ROW_FIELDS = (
    "pk", "status", "notified_at", "became_aware", "decided_criteria_on", "la_became_aware",
    "panel_notified_on", "rapid_review_sent_on", "panel_response", "decided_on", "route",
    "published_on", "age_band", "sex", "ethnicity", "disability", "legal_status",
)


def incidents_notified(partnership, period: Period):
    """The notifications received in the period (the cohort), drafts never."""
    sent_in = Q(notified_at__date__gte=period.starts_on, notified_at__date__lte=period.ends_on)
    aware_in = Q(notified_at__isnull=True, became_aware__gte=period.starts_on,
                 became_aware__lte=period.ends_on)
    return (Incident.objects.filter(partnership=partnership).exclude(status=S.DRAFT)
            .filter(sent_in | aware_in))


def _local_day(moment: datetime | None) -> date | None:
    return timezone.localtime(moment).date() if moment else None


def _criteria_decisions(cohort, content_type) -> dict[int, date]:
    """The day each case's criteria decision was recorded, from the workflow events."""
    found: dict[int, date] = {}
    events = WorkflowEvent.objects.filter(
        content_type=content_type, object_id__in=cohort.values("pk"), move__in=CRITERIA_MOVES,
    ).order_by("at", "id").values_list("object_id", "at")
    for pk, at in events:
        found.setdefault(pk, _local_day(at))
    return found


def _deadlines(cohort, content_type) -> dict[tuple[int, str], dict]:
    """Each case's deadline of each clock reported here: its due date, when met, its rule's
    amount. A clock restarted after a cancellation keeps its latest deadline."""
    keys = [NATIONAL_PANEL_NOTIFICATION_DUE.key, RAPID_REVIEW_DUE.key, PRACTICE_REVIEW_DUE.key]
    rows = Deadline.objects.filter(
        content_type=content_type, object_id__in=cohort.values("pk"), rule__key__in=keys,
        cancelled=False,
    ).order_by("started_on", "id").values("object_id", "rule__key", "rule__amount", "due_on",
                                          "met_on")
    return {(d["object_id"], d["rule__key"]): {"amount": d["rule__amount"], "due_on": d["due_on"],
                                               "met_on": d["met_on"]} for d in rows}


def _practice_reviews(rows: list[dict], deadlines: dict, today: date) -> PracticeReviews:
    commissioned = [r for r in rows if r["route"] == Incident.Route.PRACTICE_REVIEW]
    on_time = 0
    for row in commissioned:
        if row["published_on"] and row["decided_on"]:
            months = _clock_amount(deadlines, row["pk"], PRACTICE_REVIEW_DUE)
            on_time += row["published_on"] <= add_months(row["decided_on"], months)
    overdue = sum(
        1 for (_, key), d in deadlines.items()
        if key == PRACTICE_REVIEW_DUE.key and d["met_on"] is None and d["due_on"] < today
    )
    return PracticeReviews(
        commissioned=len(commissioned),
        under_way=sum(1 for r in commissioned if r["status"] in PRACTICE_REVIEW_UNDER_WAY),
        published=sum(1 for r in commissioned if r["published_on"]),
        published_on_time=on_time,
        not_published=sum(1 for r in commissioned if r["status"] == S.NOT_PUBLISHED),
        overdue=overdue,
    )


def _counted(values: list[str], choices, *, blank_label: str) -> tuple[tuple[str, int], ...]:
    counted = Counter(values)
    rows = [(str(label), counted.pop(value, 0)) for value, label in choices]
    if counted.get(""):
        rows.append((blank_label, counted.pop("")))
    rows += sorted(counted.items())
    return tuple(rows)


def notification_review(partnership, *, period: Period | None = None, today: date,
                        calendar: WorkingCalendar | None = None) -> NotificationReview:
    """The review of the notifications `partnership` received in `period` (by default the
    business year of `today`). Aggregates over every case of the partnership: the caller checks
    that the person may see the partnership's compliance figures; no case is named."""
    period = period or Period.of_business_year(BusinessYear.of(today))
    calendar = calendar if calendar is not None else partnership_calendar(partnership)
    content_type = ContentType.objects.get_for_model(Incident)
    cohort = incidents_notified(partnership, period)
    rows = list(cohort.order_by("pk").values(*ROW_FIELDS))
    decisions = _criteria_decisions(cohort, content_type)
    deadlines = _deadlines(cohort, content_type)
    for row in rows:
        row["notified_on"] = _local_day(row["notified_at"])
        row["criteria_decided_on"] = row["decided_criteria_on"] or decisions.get(row["pk"])
    statuses = [row["status"] for row in rows]
    decided = [r for r in rows if r["status"] in MET]
    sent = [r for r in rows if r["rapid_review_sent_on"]]
    return NotificationReview(
        partnership=partnership, period=period, today=today,
        received=len(rows),
        meets=sum(1 for s in statuses if s in MET),
        not_met=sum(1 for s in statuses if s in NOT_MET),
        awaiting=sum(1 for s in statuses if s in AWAITING),
        timeliness=tuple(_timeliness(point, rows, deadlines, calendar, today)
                         for point in DECISION_POINTS),
        practice_reviews=_practice_reviews(rows, deadlines, today),
        routes=_counted([r["route"] for r in decided], Incident.Route.choices,
                        blank_label="Not decided yet"),
        panel_responses=_counted([r["panel_response"] for r in sent],
                                 Incident.PanelResponse.choices,
                                 blank_label="No reply recorded yet"),
        legal_status=_breakdown("Legal status", [r["legal_status"] for r in rows],
                                dict(LegalStatus.choices)),
        characteristics=(
            _breakdown("Age band", [r["age_band"] for r in rows], dict(AgeBand.choices)),
            _breakdown("Sex", [r["sex"] for r in rows], dict(Sex.choices)),
            typed_breakdown("Ethnicity", [r["ethnicity"] for r in rows]),
            _breakdown("Disability", [r["disability"] for r in rows], DISABILITY_CHOICES),
        ),
    )


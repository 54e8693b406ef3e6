"""Statutory clocks, declared once.

A clock is a rule with a unit, an amount, the event it runs from and the source it comes from.
The values here are the national defaults; a partnership may hold its own version of a rule in
the database (`ClockRule`). A deadline stores the rule version it was computed with, so changing
a rule affects new records only and never moves a due date already set.

Deadlines are pure functions of a start, a rule and a calendar: today's date is never read here.
"""

from __future__ import annotations

import calendar as _calendar
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from safeguarding.core.calendar import WorkingCalendar


class Unit:
    WORKING_DAYS = "working_days"
    CALENDAR_DAYS = "calendar_days"
    CALENDAR_MONTHS = "calendar_months"
    HOURS = "hours"

    CHOICES = [
        (WORKING_DAYS, "working days"),
        (CALENDAR_DAYS, "calendar days"),
        (CALENDAR_MONTHS, "calendar months"),
        (HOURS, "hours"),
    ]


def add_months(start: date, months: int) -> date:
    """The same day of the month `months` later, or the month's last day if it is shorter."""
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    day = min(start.day, _calendar.monthrange(year, month)[1])
    return start.replace(year=year, month=month, day=day)


@dataclass(frozen=True)
class Clock:
    """A rule that turns the date of a triggering event into a due date."""

    key: str
    unit: str
    amount: int
    since: str
    label: str
    source: str
    note: str = ""

    def due(self, start: date | datetime, calendar: WorkingCalendar | None = None):
        """The due date (or, for hours, the due moment) for an event on `start`."""
        calendar = calendar or WorkingCalendar()
        return compute_due(self.unit, self.amount, start, calendar)


def compute_due(unit: str, amount: int, start, calendar: WorkingCalendar):
    if unit == Unit.HOURS:
        if not isinstance(start, datetime):
            raise TypeError("An hours rule needs the moment of the event, not only its date.")
        return start + timedelta(hours=amount)
    day = start.date() if isinstance(start, datetime) else start
    if unit == Unit.WORKING_DAYS:
        if amount < 0:  # a rule counted back from a planned event
            return calendar.working_days_before(day, -amount)
        return calendar.add_working_days(day, amount)
    if unit == Unit.CALENDAR_DAYS:
        return day + timedelta(days=amount)
    if unit == Unit.CALENDAR_MONTHS:
        return add_months(day, amount)
    raise ValueError(f"Unknown clock unit {unit!r}")


CLOCKS: dict[str, Clock] = {}


def declare(key: str, unit: str, amount: int, *, since: str, label: str, source: str, note=""):
    """Declare a clock once, at import time of the module that owns it."""
    if key in CLOCKS:
        raise ValueError(f"The clock {key!r} is declared twice.")
    clock = Clock(key=key, unit=unit, amount=amount, since=since, label=label, source=source,
                  note=note)
    CLOCKS[key] = clock
    return clock


def WorkingDays(amount, *, key, since, label, source, note=""):  # noqa: N802 - reads as a unit
    return declare(key, Unit.WORKING_DAYS, amount, since=since, label=label, source=source,
                   note=note)


def CalendarMonths(amount, *, key, since, label, source, note=""):  # noqa: N802
    return declare(key, Unit.CALENDAR_MONTHS, amount, since=since, label=label, source=source,
                   note=note)


def CalendarDays(amount, *, key, since, label, source, note=""):  # noqa: N802
    return declare(key, Unit.CALENDAR_DAYS, amount, since=since, label=label, source=source,
                   note=note)


def Hours(amount, *, key, since, label, source, note=""):  # noqa: N802
    return declare(key, Unit.HOURS, amount, since=since, label=label, source=source, note=note)


# The statutory clocks of DOMAIN.md section 3. Modules refer to them by these names.
NATIONAL_PANEL_NOTIFICATION_DUE = WorkingDays(
    5, key="national_panel_notification", since="la_became_aware",
    label="Notify the Child Safeguarding Practice Review Panel",
    source="Children Act 2004 s16C; Working Together to Safeguard Children 2023, chapter 5",
)
RAPID_REVIEW_DUE = WorkingDays(
    15, key="rapid_review", since="la_became_aware",
    label="Send the rapid review to the National Panel",
    source="Working Together to Safeguard Children 2023, chapter 5; Child Safeguarding Practice "
           "Review Panel guidance for safeguarding partners (June 2025)",
    note="A Panel expectation, not statute.",
)
PRACTICE_REVIEW_DUE = CalendarMonths(
    6, key="practice_review", since="decided_on",
    label="Complete and publish the local child safeguarding practice review",
    source="Working Together to Safeguard Children 2023, chapter 5",
)
PRE_PUBLICATION_DUE = WorkingDays(
    -7, key="pre_publication", since="publication_planned_on",
    label="Send the final report to the National Panel and the Secretary of State before "
          "publication",
    source="Working Together 2018 chapter 4; Child Safeguarding Practice Review and Relevant "
           "Agency (England) Regulations 2018, reg. 16",
    note="To re-confirm against Working Together 2023. Counted back from the planned publication.",
)
YEARLY_REPORT_SENT_DUE = CalendarDays(
    7, key="yearly_report_sent", since="published_on",
    label="Send the yearly report to the National Panel and the What Works centre",
    source="Working Together to Safeguard Children 2023",
    note="Recipients to re-confirm.",
)
YEARLY_REPORT_DUE = CalendarMonths(
    12, key="yearly_report", since="last_published_on",
    label="Publish the safeguarding partners' yearly report",
    source="Working Together to Safeguard Children 2023",
)
CDRM_NOTICE = CalendarMonths(
    1, key="cdrm_notice", since="notice_sent_on",
    label="Give at least one month's notice of a Child Death Review Meeting",
    source="National Child Mortality Database: Child Death Review Meeting guidance",
)
SECTION_11_DUE = CalendarMonths(
    12, key="section_11", since="last_submitted_on",
    label="Update the Section 11 self-assessment",
    source="Children Act 2004 s11; Leeds Safeguarding Children Partnership arrangements (2019)",
    note="Annual in Leeds; many areas every two years: configurable.",
)
SECTION_175_DUE = CalendarMonths(
    12, key="section_175", since="last_submitted_on",
    label="Return the Section 175/157 self-assessment",
    source="Education Act 2002 s175 and s157; Keeping Children Safe in Education",
)
ARRANGEMENTS_REVIEW_DUE = CalendarMonths(
    12, key="arrangements_review", since="last_reviewed_on",
    label="Review the multi-agency safeguarding arrangements",
    source="Leeds Safeguarding Children Partnership arrangements (2019)",
)
CDOP_ANNUAL_REPORT_DUE = CalendarMonths(
    12, key="cdop_annual_report", since="last_published_on",
    label="Publish the Child Death Overview Panel annual report",
    source="Children Act 2004 s16M(6); Leeds Safeguarding Children Partnership arrangements (2019)",
)
INFORMATION_REQUEST_DUE = CalendarDays(
    0, key="information_request", since="due_on",
    label="Answer the rapid review's information request",
    source="The review group's request (Working Together to Safeguard Children 2023, chapter 5)",
)
ACTION_DUE = CalendarDays(
    0, key="action", since="due_on",
    label="Complete the action",
    source="The partnership's own action plan",
)
# Assurance (DOMAIN.md section 3.3).
SELF_ASSESSMENT_DUE = CalendarDays(
    0, key="self_assessment", since="due_on",
    label="Submit the agency's self-assessment",
    source="The partnership's assurance cycle (Children Act 2004 s11; Education Act 2002 s175)",
)
SCRUTINY_RESPONSE_DUE = CalendarDays(
    0, key="scrutiny_response", since="due_on",
    label="Respond to the independent scrutineer's challenge",
    source="The partnership's independent scrutiny arrangements (Working Together to Safeguard "
           "Children 2023, chapter 2)",
)
# Child death review (DOMAIN.md section 3.2), declared here like the others.
JAR_MEETING_DUE = WorkingDays(
    1, key="jar_meeting", since="notified_on",
    label="Hold the Joint Agency Response's initial information-sharing meeting",
    source="Child Death Review Statutory and Operational Guidance (England) 2018, chapter 4",
    note="“As soon as practicable”, usually the next working day: to re-confirm.",
)
AGENCY_REPORT_DUE = CalendarDays(
    0, key="agency_report", since="due_on",
    label="Send the agency's child death reporting form",
    source="The Child Death Overview Panel's request (Child Death Review Statutory and "
           "Operational Guidance (England) 2018)",
)
CDOP_REVIEW_DUE = CalendarMonths(
    6, key="cdop_review", since="date_of_death",
    label="Complete the Child Death Overview Panel review",
    source="Child Death Review Statutory and Operational Guidance (England) 2018",
    note="A local target, not statute: a partnership may hold its own value.",
)
# Resolving practitioner disagreements (DOMAIN.md section 3.5): each stage's target is the
# partnership's configuration (working days on its calendar), so the stage's due date is worked
# out when the stage starts and the clock runs to it.
ESCALATION_STAGE_DUE = CalendarDays(
    0, key="escalation_stage", since="stage_due_on",
    label="Resolve the disagreement at this stage, or escalate it",
    source="The partnership's resolving practitioner disagreements procedure (Working Together "
           "to Safeguard Children 2023)",
    note="Each stage's target in working days is set by the partnership.",
)
POLICY_REVIEW_DUE = CalendarDays(
    0, key="policy_review", since="review_due_on",
    label="Review the multi-agency policy or procedure",
    source="The partnership's policies and procedures group",
)

"""The rules of resolving practitioner disagreements, and what to say when one is broken."""

from __future__ import annotations

from datetime import date

from safeguarding.core.calendar import WorkingCalendar

# The stages of the demo partnerships, after the Lincolnshire example in DOMAIN.md 3.5 and the
# LLR "Resolving Practitioner Disagreements and Escalation of Concerns" procedure (`001_...`).
DEFAULT_STAGES = [
    (1, "Practitioner to practitioner", "The practitioners talk, acknowledge the concern at "
     "once and agree a plan.", 2),
    (2, "Line managers", "The practitioners' line managers discuss it and agree a way forward.",
     5),
    (3, "Designated or senior safeguarding leads", "The agencies' designated or senior "
     "safeguarding leads meet and agree a plan.", 5),
    (4, "Business manager and chair", "The partnership's business manager and chair convene an "
     "independently chaired meeting; their decision is final.", 10),
]

OWN_AGENCY = "Choose the agency you disagree with: it cannot be your own agency"
RAISED_IN_FUTURE = "The date the disagreement was raised must be today or in the past"
NO_STAGES = ("The partnership has not set up the stages of its escalation procedure: contact "
             "its business unit")
AGENCY_NOT_IN_PARTNERSHIP = "{agency} does not work with this partnership"
SKIPPED_STAGE = "Escalate to stage {number} ({name}) next: a stage cannot be skipped"
LAST_STAGE = "This is the last stage: record how the disagreement was resolved"
ALREADY_RESOLVED = "This disagreement has been resolved: it cannot change"
ENTER_OUTCOME = "Enter the outcome of this stage"
OUTCOME_IN_FUTURE = "The date of the outcome must be today or in the past"
OUTCOME_BEFORE_START = "The date of the outcome must be on or after {day:%-d %B %Y}, when this " \
                       "stage began"
CHOOSE_NEXT = "Select whether the disagreement was resolved or is escalated"


def stage_due(started_on: date, target_working_days: int, calendar: WorkingCalendar) -> date:
    """The stage's target date: the day it began is day 0 (DOMAIN.md section 3)."""
    return calendar.add_working_days(started_on, target_working_days)


def next_stage(stages, current):
    """The stage after `current` in the partnership's order, or None after the last."""
    later = [stage for stage in stages if stage.number > current.number]
    return min(later, key=lambda stage: stage.number) if later else None

"""The rules of serious incidents and practice reviews, each named and sourced."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from safeguarding.core.calendar import WorkingCalendar

# Children Act 2004 s16C; Working Together to Safeguard Children 2023, chapter 5.
CRITERIA = (
    "Abuse or neglect of a child is known or suspected, and the child has died or been seriously "
    "harmed (including serious or long-term impairment of health or development, even if the "
    "child recovers)."
)
# The Child Safeguarding Practice Review and Relevant Agency (England) Regulations 2018, reg. 11.
LCSPR_CRITERIA = [
    "The case highlights improvements needed to safeguard and promote the welfare of children.",
    "The case highlights recurrent themes in the safeguarding of children.",
    "The case highlights concerns about two or more agencies working together.",
    "The National Panel considers the case better suited to a local review.",
]
PRE_PUBLICATION_WORKING_DAYS = 7
PUBLISHED_FOR_DAYS = 366  # at least a year (WT2018 ch. 4, to re-confirm against WT2023)
MAX_CHILDREN_PER_NOTIFICATION = 4

AWARE_IN_FUTURE = "The date you became aware must be today or in the past"
INCIDENT_AFTER_AWARE = "The date of the incident must be the same as or before the date you " \
                       "became aware"
DUPLICATE_REFERENCE = "A notification for case reference {reference} already exists in this " \
                      "partnership. Add to that case instead of notifying it twice"

NOT_A_DRAFT = "This notification has been sent: it can no longer be changed as a draft"
NOT_YOUR_DRAFT = "Only the person who started this draft can change it"
SIGN_OFF_WHEN = "Partners sign off the final report while the practice review is under way"
SIGN_OFF_NEEDS_REPORT = "Upload the final report before the partners sign it off"
NOT_A_PARTNER = "{agency} is not a safeguarding partner of this partnership"
ALREADY_SIGNED = "{agency} has already signed off this version of the report"
SIGNED_IN_FUTURE = "The date of sign-off must be today or in the past"
SIGNED_BEFORE_UPLOAD = "The date of sign-off must be on or after {day:%-d %B %Y}, when this " \
                       "version of the report was uploaded"
LEARNING_TOO_EARLY = "Learning products are written once the rapid review has been sent"


@dataclass(frozen=True)
class Finding:
    kind: str
    value: str
    excerpt: str


def _date_forms(value: str) -> list[str]:
    """The ways a date of birth might be written in a report."""
    try:
        day = date.fromisoformat(value.strip())
    except ValueError:
        return [value]
    return [day.isoformat(), f"{day:%d/%m/%Y}", f"{day.day}/{day.month}/{day.year}",
            f"{day.day} {day:%B %Y}", f"{day:%d %B %Y}", f"{day.day} {day:%b %Y}"]


def redaction_findings(text: str, details) -> list[Finding]:
    """Every identifying detail of the case found in the text to be published."""
    found = []
    for detail in details:
        forms = _date_forms(detail.value) if detail.kind == "date_of_birth" else [detail.value]
        for form in forms:
            form = form.strip()
            if len(form) < 2:
                continue
            pattern = re.compile(r"(?<!\w)" + re.escape(form) + r"(?!\w)", re.IGNORECASE)
            match = pattern.search(text)
            if match:
                start = max(0, match.start() - 30)
                found.append(Finding(detail.get_kind_display(), form,
                                     "…" + text[start:match.end() + 30] + "…"))
                break
    return found


def sent_in_time(sent_on: date | None, publication_on: date | None,
                 calendar: WorkingCalendar) -> bool:
    """The final report reached the Panel and the Secretary of State at least seven working days
    before publication."""
    if not sent_on or not publication_on:
        return False
    return calendar.working_days_between(sent_on, publication_on) >= PRE_PUBLICATION_WORKING_DAYS

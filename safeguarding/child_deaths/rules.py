"""The rules of the child death review, each named and sourced (DOMAIN.md section 3.2).

Messages are GOV.UK style and shared by the forms, the services, the import and the tests.
"""

from __future__ import annotations

from datetime import date

from safeguarding.child_deaths.models import Category, Modifiable

# Children Act 2004 s16M; Child Death Review Statutory and Operational Guidance (England) 2018:
# every death of a child (a person under 18) is reviewed; not stillbirths or planned terminations.
ADULT_AGE = 18

AGE_TOO_HIGH = "The child must be under 18: the age must be 17 or less"
AGE_MONTHS_RANGE = "The age in months must be from 0 to 11"
DEATH_AFTER_NOTIFIED = "The date of death must be the same as or before the date notified"
NOTIFIED_IN_FUTURE = "The date notified must be today or in the past"
REASON_FOR_UNEXPECTED = "Select why the death is unexpected"
UNKNOWN_CATEGORY = "Select one of the ten categories of death"
UNKNOWN_MODIFIABLE = "Select whether there were modifiable factors: yes, no or insufficient " \
                     "information"
REPORT_DUE_PAST = "The due date must be today or later"
ALREADY_ASKED = "{agency} has already been asked for its reporting form"
NOT_YOUR_REPORT = "You can only write your own agency's reporting form"
ALREADY_SENT = "This reporting form was already sent; contact the CDOP to add to it"
CDRM_TOO_SOON = "The Child Death Review Meeting must be at least one month after its notice: " \
                "{earliest:%-d %B %Y} or later"
CDRM_BEFORE_POST_MORTEM = "The Child Death Review Meeting cannot be held before the post-mortem " \
                          "report is received"
POSSIBLE_DUPLICATE = "This child's death may have been notified already. The CDOP will check " \
                     "and merge the notifications: nothing you sent is lost"
CANNOT_MERGE_ITSELF = "A notification cannot be merged into itself"
CANNOT_MERGE_CLOSED = "Only open notifications of the same partnership can be merged"

CATEGORIES = {value: str(label) for value, label in Category.choices}
MODIFIABLE = {value: str(label) for value, label in Modifiable.choices}


def notification_errors(values: dict, today: date) -> dict[str, str]:
    """What is wrong with a notification, field by field (empty when nothing is)."""
    errors = {}
    died, notified = values.get("date_of_death"), values.get("notified_on")
    age, months = values.get("age_years"), values.get("age_months")
    if age is not None and age >= ADULT_AGE:
        errors["age_years"] = AGE_TOO_HIGH
    if months is not None and not 0 <= months <= 11:
        errors["age_months"] = AGE_MONTHS_RANGE
    if notified and notified > today:
        errors["notified_on"] = NOTIFIED_IN_FUTURE
    if died and notified and died > notified:
        errors["date_of_death"] = DEATH_AFTER_NOTIFIED
    if values.get("unexpected") and not values.get("unexpected_because"):
        errors["unexpected_because"] = REASON_FOR_UNEXPECTED
    return errors


def analysis_errors(values: dict) -> dict[str, str]:
    errors = {}
    if values.get("category") and values["category"] not in CATEGORIES:
        errors["category"] = UNKNOWN_CATEGORY
    if values.get("modifiable") and values["modifiable"] not in MODIFIABLE:
        errors["modifiable"] = UNKNOWN_MODIFIABLE
    return errors


def same_child(a: dict, b: dict) -> bool:
    """Whether two notifications are likely of the same child: the same case reference, or the
    same date of death, sex and age. The CDOP decides; nothing is merged on a guess."""
    if a.get("reference") and a.get("reference", "").strip().casefold() == \
            (b.get("reference") or "").strip().casefold():
        return True
    return all(a.get(key) == b.get(key) for key in ("date_of_death", "sex", "age_years"))

"""The rules of self-assessment, audit and scrutiny, each named."""

from __future__ import annotations

RATING_OFF_SCALE = "Choose a rating from this framework's scale"
NOT_INVITED = "{agency} was not invited to this cycle"
DUE_BEFORE_OPEN = "The due date must be after the date the cycle opens"
NO_AGENCIES = "Choose at least one agency to invite"
NO_LEVELS = "Enter the rating scale, one rating a line, best first"
NO_MEETING_LEVEL = "At least one rating must meet the standard (mark it with “| meets”)"
FRAMEWORK_IN_USE = "This framework version is used by a cycle: make a new version to change it"
UNRATED = "Rate every standard before you submit. Not rated: {numbers}"
NEEDS_ACTIONS = "Add an action plan for every standard rated below “met”. Missing for: {numbers}"
NEEDS_CHILD_VOICE = "Describe the voice of children for standards {numbers}"
NOT_SUBMITTED = "A return can be challenged once the agency has submitted it"
OWN_AGENCY = "You cannot challenge your own agency's return: ask a peer or the business unit"
ALREADY_ANSWERED = "This challenge has already been answered"
NOT_ANSWERED_YET = "Wait for the agency's response before agreeing the rating"
AUDIT_NOT_TAKING_PART = "{agency} is not taking part in this audit"
AUDIT_CLOSED = "The audit is no longer taking answers"
DUPLICATE_CASE = "Case {reference} is already in the sample"
DUE_IN_PAST = "The due date must be today or later"
DONE_IN_FUTURE = "The date it was done must be today or in the past"


def below_met(rating) -> bool:
    return rating is not None and not rating.meets


def parse_scale(text: str) -> list[tuple[str, bool]]:
    """'Met | meets\\nPartially met\\nNot met' -> [('Met', True), ('Partially met', False), ...]"""
    levels = []
    for line in text.splitlines():
        label, _, flag = line.partition("|")
        if label.strip():
            levels.append((label.strip()[:60], flag.strip().lower() == "meets"))
    return levels

"""The rules of booking, attendance and the competency framework: pure functions of what they are
given (today's date is passed in, never read inside), and the messages people see when a rule
refuses them, shared by the forms, the services and the tests."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from safeguarding.core.clocks import add_months

# -- messages -------------------------------------------------------------------------------------

EMAIL_NOT_VERIFIED = ("Confirm your email address before you book: use the link we sent to "
                      "{email}, or ask for a new one on your training page")
SESSION_PAST = "This session has already started: choose a session still to come"
SESSION_CLOSED = "Bookings for this session closed on {closed}: choose another session"
SESSION_CANCELLED = "This session has been cancelled: choose another session"
ALREADY_BOOKED = "You already have a place on this session"
ALREADY_WAITING = "You are already on the waiting list for this session"
SESSION_FULL = "This session is full. Join the waiting list and we will email you if a place " \
               "comes free"
ELEARNING_NOT_BOOKED = "E-learning is not booked: follow the link on the course page"
CAPACITY_BELOW_BOOKED = ("The number of places cannot be less than the {booked} already booked: "
                         "cancel bookings first, or enter {booked} or more")
ENDS_BEFORE_START = "The session must end after it starts"
CLOSES_AFTER_START = "Bookings must close before the session starts"
NOT_LIVE = "This booking has already been cancelled"
CANNOT_CANCEL_PAST = "This session has already started, so the booking cannot be cancelled"
TOO_EARLY_FOR_REGISTER = "You can take the register once the session has started"
REGISTER_CANCELLED = "This session was cancelled: there is no register to take"
NOT_ON_REGISTER = "Only people booked on this session can be marked"
MARK_EVERYONE = "Mark whether {name} attended"
EVALUATE_ONLY_ATTENDED = "You can evaluate a session once the trainer has marked you as attended"
ALREADY_EVALUATED = "You have already evaluated this session. Thank you"
CERTIFICATE_NEEDS_EVALUATION = "Evaluate the session first: your certificate is then ready"
SESSION_ALREADY_CANCELLED = "This session has already been cancelled"
EMAIL_TAKEN = ("There is already an account with this email address: sign in, or reset your "
               "password if you have forgotten it")
CHOOSE_AGENCY = "Select the agency you work for, or ‘Another organisation’"
ENTER_OTHER_AGENCY = "Enter the name of the organisation you work for"
LINK_NOT_VALID = ("This link is not valid or has expired. Sign in and ask for a new one on your "
                  "training page")
TRAINER_UNKNOWN = ("There is no account with the trainer's email address: ask them to register, "
                   "or leave it empty and take the register yourself")
COURSE_IS_ELEARNING = "An e-learning course has no sessions: give it an e-learning link instead"
ENTER_ELEARNING_URL = "Enter the e-learning link"
ENTER_VENUE_OR_LINK = "Enter the venue, or the link to join online"


def when(moment: datetime) -> str:
    from django.utils import timezone

    return f"{timezone.localtime(moment):%-d %B %Y at %H:%M}"


# -- booking ---------------------------------------------------------------------------------------


def bookings_close_at(starts_at: datetime, hours: int) -> datetime:
    """Bookings close a set number of hours before the session starts."""
    return starts_at - timedelta(hours=hours)


def booking_refusal(session, now: datetime) -> str | None:
    """Why the session cannot be booked now, or None if it can."""
    if session.status == session.Status.CANCELLED:
        return SESSION_CANCELLED
    if session.starts_at <= now:
        return SESSION_PAST
    if session.bookings_close_at <= now:
        return SESSION_CLOSED.format(closed=when(session.bookings_close_at))
    return None


# -- the competency framework ----------------------------------------------------------------------


@dataclass(frozen=True)
class Standing:
    """Where a practitioner stands on one requirement."""

    DONE = "done"
    DUE_SOON = "due_soon"
    OVERDUE = "overdue"
    NOT_DONE = "not_done"

    requirement: object
    last_done: date | None
    due_on: date | None
    state: str

    @property
    def label(self) -> str:
        return {self.DONE: "Done", self.DUE_SOON: "Due soon", self.OVERDUE: "Overdue",
                self.NOT_DONE: "Not done"}[self.state]


DUE_SOON_DAYS = 90


def requirement_standing(requirement, last_done: date | None, today: date) -> Standing:
    """Done (and when it must be refreshed), due soon (within 90 days), overdue, or not done.
    A requirement without a refresh period is done for good once done."""
    if last_done is None:
        return Standing(requirement, None, None, Standing.NOT_DONE)
    months = requirement.refresh_months
    if not months:
        return Standing(requirement, last_done, None, Standing.DONE)
    due = add_months(last_done, months)
    if due < today:
        state = Standing.OVERDUE
    elif due <= today + timedelta(days=DUE_SOON_DAYS):
        state = Standing.DUE_SOON
    else:
        state = Standing.DONE
    return Standing(requirement, last_done, due, state)


def rate(part: int, whole: int) -> float | None:
    """A percentage to one decimal place, or None when there is nothing to divide by."""
    return round(100 * part / whole, 1) if whole else None


def quarter_of(day: date) -> int:
    """The business year's quarter (1: April to June ... 4: January to March)."""
    return ((day.month - 4) % 12) // 3 + 1

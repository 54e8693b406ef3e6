"""A booking as a calendar entry: one entry a booking (its own UID), updated when the session
moves and cancelled when the booking or the session is."""

from __future__ import annotations

from django.conf import settings

from safeguarding.core.ics import CalendarEntry, uid_for
from safeguarding.learning.models import Booking, Session


def booking_entry(booking: Booking) -> CalendarEntry:
    session = booking.session
    course = session.course
    link = settings.SITE_URL.rstrip("/") + course.get_public_url()
    cancelled = (booking.status == Booking.Status.CANCELLED
                 or session.status == Session.Status.CANCELLED)
    return CalendarEntry(
        uid=uid_for("training-booking", booking.pk), sequence=booking.ics_sequence,
        starts_at=session.starts_at, ends_at=session.ends_at, summary=course.title,
        organiser=course.partnership.name, location=session.where if session.venue
        or session.online_link else "",
        description=f"{course.get_format_display()} training with {session.trainer_name}. "
                    f"About the course: {link}",
        url=link, cancelled=cancelled,
        attendees=((str(booking.learner.user), booking.learner.user.email),),
    )

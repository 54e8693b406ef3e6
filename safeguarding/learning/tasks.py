"""Background work for training, run by `manage.py db_worker`. Each task is safe to retry."""

from datetime import datetime

from django.db import transaction
from django_tasks import task

from safeguarding.learning.models import Booking
from safeguarding.learning.services import invitation_send, reminders_send


@task()
def send_booking_invitation(booking_id: int) -> int:
    """E-mail the booking's newest calendar version, once: a retry or a second enqueue of the
    same version sends nothing."""
    with transaction.atomic():
        booking = (Booking.objects.select_for_update(of=("self",))
                   .select_related("session__course__partnership", "learner__user")
                   .get(pk=booking_id))
        sent = booking.invited_sequence
        if sent is not None and sent >= booking.ics_sequence:
            return 0
        if booking.status == Booking.Status.CANCELLED and sent is None:
            return 0  # never invited: nothing in their calendar to cancel
        invitation_send(booking)
        Booking.objects.filter(pk=booking.pk).update(invited_sequence=booking.ics_sequence)
    return 1


@task()
def send_session_reminders(now: str) -> int:
    """Reminders for sessions starting soon after `now` (ISO date and time)."""
    return reminders_send(now=datetime.fromisoformat(now))

"""Background work for meetings, run by `manage.py db_worker`."""

from django.db import transaction
from django_tasks import task

from safeguarding.meetings.models import Meeting
from safeguarding.meetings.services import invitations_send


@task()
def send_invitations(meeting_id: int, sequence: int) -> int:
    """Send the invitations for one version of a meeting (its calendar sequence) once: a retry,
    or a second click, sends nothing again."""
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().get(pk=meeting_id)
        if meeting.invited_sequence is not None and meeting.invited_sequence >= sequence:
            return 0
        sent = invitations_send(meeting=meeting)
        Meeting.objects.filter(pk=meeting.pk).update(invited_sequence=sequence)
    return sent

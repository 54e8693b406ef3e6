from django.core.management.base import BaseCommand
from django.utils import timezone

from safeguarding.learning.tasks import send_session_reminders


class Command(BaseCommand):
    help = ("Queue reminders to everyone booked on a training session starting soon (run every "
            "hour or once a day, from cron or a systemd timer; nobody is reminded twice).")

    def handle(self, *args, **options):
        now = timezone.now().isoformat()
        result = send_session_reminders.enqueue(now)
        self.stdout.write(f"Training reminders queued ({result.id}).")

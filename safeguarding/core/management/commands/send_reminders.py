from django.core.management.base import BaseCommand
from django.utils import timezone

from safeguarding.core.tasks import send_deadline_reminders


class Command(BaseCommand):
    help = (
        "Queue today's deadline reminders (run once a day, from cron or a systemd timer; "
        "running it twice sends nothing twice)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--date", help="The day to remind for (YYYY-MM-DD); default today.")

    def handle(self, *args, date=None, **options):
        day = date or timezone.localdate().isoformat()
        result = send_deadline_reminders.enqueue(day)
        self.stdout.write(f"Reminders for {day} queued ({result.id}).")

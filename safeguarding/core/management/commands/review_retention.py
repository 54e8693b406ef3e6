from django.core.management.base import BaseCommand
from django.utils import timezone

from safeguarding.core.tasks import list_records_past_retention


class Command(BaseCommand):
    help = (
        "Queue the listing of case records past their retention period, for the business "
        "manager to review on the retention page (run daily from cron or a systemd timer; "
        "running it twice lists nothing twice)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--date", help="The day to list for (YYYY-MM-DD); default today.")

    def handle(self, *args, date=None, **options):
        day = date or timezone.localdate().isoformat()
        result = list_records_past_retention.enqueue(day)
        self.stdout.write(f"Retention review for {day} queued ({result.id}).")

"""Background work of the shared mechanisms, run by `manage.py db_worker`."""

from datetime import date

from django.conf import settings
from django_tasks import task

from safeguarding.core.retention import retention_reviews_list
from safeguarding.core.services import reminders_send


@task()
def send_deadline_reminders(day: str) -> int:
    """Reminders for `day` (ISO date). Idempotent: a retry sends nothing already sent."""
    return reminders_send(today=date.fromisoformat(day), site_url=settings.SITE_URL)


@task()
def list_records_past_retention(day: str) -> int:
    """List the case records past their retention period on `day` (ISO date) for the business
    manager's review. Idempotent: a record already listed is not listed again."""
    return retention_reviews_list(today=date.fromisoformat(day))

"""Background work of the shared mechanisms, run by `manage.py db_worker`."""

from datetime import date

from django.conf import settings
from django_tasks import task

from safeguarding.core.services import reminders_send


@task()
def send_deadline_reminders(day: str) -> int:
    """Reminders for `day` (ISO date). Idempotent: a retry sends nothing already sent."""
    return reminders_send(today=date.fromisoformat(day), site_url=settings.SITE_URL)

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from safeguarding.partnership.demo import load_demo
from safeguarding.partnership.models import Partnership


class Command(BaseCommand):
    help = "Build the demo partnerships (Leeds; Leicester, Leicestershire and Rutland) and users."

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty", action="store_true",
            help="Do nothing if the database already holds a partnership (used by `make run`).",
        )

    def handle(self, *args, if_empty=False, **options):
        if not settings.DEMO_MODE:
            raise CommandError(
                "Demo data has known passwords: it loads only with DEMO_MODE=true, never where "
                "real data is held."
            )
        if if_empty and Partnership.objects.exists():
            self.stdout.write("The database already holds data: demo data not loaded again.")
            return
        counts = load_demo()
        self.stdout.write(self.style.SUCCESS(
            f"Demo data loaded: {counts['partnerships']} partnerships, {counts['users']} demo "
            "users. Every case in it is fictional."
        ))

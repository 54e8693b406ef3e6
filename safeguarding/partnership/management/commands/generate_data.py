import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from safeguarding.testing.generate import SIZES, Plan, generate


class Command(BaseCommand):
    help = ("Fill an empty database with fictional partnerships for measuring the platform: "
            "S (one partnership, one year), M (one partnership, ten years) or L (150 "
            "partnerships, ten years). See docs/scaling.md.")

    def add_arguments(self, parser):
        parser.add_argument("--size", choices=sorted(SIZES), required=True)
        parser.add_argument(
            "--scale", type=float, default=1.0,
            help="A fraction of the size: fewer partnerships, each as full (L at 0.1 makes "
                 "15); below one partnership, a thinner one.")
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument(
            "--bench-accounts", type=int, default=0,
            help="Also make this many people who can sign in to the first partnership (as its "
                 "business managers, on its panels), with random passwords, two-factor keys "
                 "and API tokens written to --credentials.")
        parser.add_argument("--credentials", type=Path,
                            help="Where to write the bench accounts' secrets (mode 600).")

    def handle(self, *args, size, scale, seed, bench_accounts, credentials, **options):
        if bench_accounts and credentials is None:
            raise CommandError("--bench-accounts needs --credentials, to hand the secrets to")
        try:
            plan = Plan(size=SIZES[size], today=timezone.localdate(), scale=scale, seed=seed)
        except ValueError as refused:
            raise CommandError(str(refused)) from refused
        started = time.monotonic()
        try:
            counts = generate(plan, bench_accounts=bench_accounts, credentials=credentials,
                              say=self.stdout.write)
        except ValueError as refused:
            raise CommandError(str(refused)) from refused
        seconds = time.monotonic() - started
        for label, number in sorted(counts.items()):
            self.stdout.write(f"  {label}: {number:,}")
        self.stdout.write(self.style.SUCCESS(
            f"Size {size} at scale {scale:g} ({plan.partnerships} partnerships, "
            f"{plan.years} years) made in {seconds:.0f} seconds. Every record is fictional."))

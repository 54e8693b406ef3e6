"""The bench's steps that need Django, each run in a process of its own with DATABASE_URL naming
its database (the bench keeps S and L side by side, one database each):

    python -m safeguarding.testing.bench.steps prepare S 1 41 WORKDIR
    python -m safeguarding.testing.bench.steps import 1000000 WORKDIR

`prepare` empties the database, migrates, generates the size and counts each page's queries;
`import` times the import of indicator rows through the background task. Each writes JSON into
WORKDIR for `safeguarding.testing.bench.run`.
"""

from __future__ import annotations

import json
import os
import sys
import time
from dataclasses import asdict
from pathlib import Path

SETTINGS = "safeguarding.settings.bench"
ROOT = Path(__file__).resolve().parents[3]


def database_reset() -> None:
    """Start from an empty schema, then migrate, as a new deployment does."""
    from django.core.management import call_command
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("DROP SCHEMA public CASCADE")
        cursor.execute("CREATE SCHEMA public")
    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)


def prepare(size: str, scale: float, accounts: int, workdir: Path) -> None:
    from django.utils import timezone

    from safeguarding.testing.bench.pages import resolved, targets
    from safeguarding.testing.bench.queries import queries_per_page
    from safeguarding.testing.generate import SIZES, Plan, generate

    database_reset()
    plan = Plan(size=SIZES[size], today=timezone.localdate(), scale=scale)
    credentials = workdir / f"{size}-accounts.json"
    started = time.monotonic()
    rows = generate(plan, bench_accounts=accounts, credentials=credentials,
                    say=lambda text: print(f"[bench] Size {size}: {text}", flush=True))
    made = time.monotonic() - started
    secrets = json.loads(credentials.read_text())
    pages = resolved(targets(secrets["partnership"]))
    # The last account counts the queries; Locust's users have one each (a two-factor code is
    # accepted once per account and 30 seconds).
    queries = queries_per_page(pages, secrets["accounts"][-1])
    scaled = f" at scale {scale:g}" if scale != 1 else ""
    description = (f"size {size}{scaled}: {plan.partnerships} partnership"
                   f"{'s' if plan.partnerships > 1 else ''} over {plan.years} "
                   f"year{'s' if plan.years > 1 else ''}, "
                   f"{rows.get('intelligence.Value', 0):,} indicator values, "
                   f"{rows.get('learning.Booking', 0):,} bookings, "
                   f"{rows.get('child_deaths.ChildDeath', 0):,} child deaths, "
                   f"{rows.get('reviews.Incident', 0):,} serious incidents, "
                   f"{rows.get('assurance.Return', 0):,} self-assessment returns "
                   f"(generated in {made:.0f} seconds)")
    (workdir / f"{size}-prepared.json").write_text(json.dumps(
        {"description": description, "pages": pages, "queries": queries}))


def import_rows(rows: int, workdir: Path) -> None:
    from django.db import connection

    from safeguarding.testing.bench.importing import import_figure

    secrets = json.loads((workdir / "L-accounts.json").read_text())
    figure = import_figure(rows, secrets, ROOT)
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        version = cursor.fetchone()[0]
    (workdir / "import.json").write_text(json.dumps({**asdict(figure), "postgres": version}))


def main(argv: list[str]) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = SETTINGS
    import django

    django.setup()
    if argv[0] == "prepare":
        size, scale, accounts, workdir = argv[1:5]
        prepare(size, float(scale), int(accounts), Path(workdir))
    elif argv[0] == "import":
        import_rows(int(argv[1]), Path(argv[2]))
    else:
        raise SystemExit(__doc__)


if __name__ == "__main__":
    main(sys.argv[1:])

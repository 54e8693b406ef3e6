"""`make bench`: for size S and then size L (or L at a `--scale` fraction), empty the bench
database, migrate, generate the data, count each page's queries, serve the platform with
gunicorn and drive it with Locust; then time an import of a million indicator rows through the
background task, and write the table to docs/bench-results.md and the terminal.

The database named by DATABASE_URL is emptied: it must be PostgreSQL and its name must say
"bench", so a real database is never the one wiped.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from datetime import date
from pathlib import Path

SETTINGS = "safeguarding.settings.bench"
BIN = Path(sys.executable).parent
ROOT = Path(__file__).resolve().parents[3]
LOCUSTFILE = Path(__file__).with_name("locustfile.py")
NOT_POSTGRES = ("make bench runs on PostgreSQL: set DATABASE_URL=postgres://... "
                "(see docs/scaling.md)")
NOT_BENCH = ("make bench empties its database first: use a database whose name says bench, "
             "like postgres://user:password@localhost/safeguarding_bench")


def options(argv=None):
    parser = argparse.ArgumentParser(prog="make bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=float(os.environ.get("BENCH_SCALE", 1)),
                        help="Run L at this fraction (0.1: 15 partnerships, each as full).")
    parser.add_argument("--users", type=int, default=int(os.environ.get("BENCH_USERS", 20)))
    parser.add_argument("--seconds", type=int, default=int(os.environ.get("BENCH_SECONDS", 60)),
                        help="How long Locust measures at each size, once all are signed in.")
    parser.add_argument("--workers", type=int, default=int(os.environ.get("BENCH_WORKERS", 3)),
                        help="gunicorn worker processes.")
    parser.add_argument("--pause", type=float, nargs=2, default=(0.5, 1.5),
                        help="Each user's pause between pages, least and most seconds.")
    parser.add_argument("--import-rows", type=int,
                        default=int(os.environ.get("BENCH_IMPORT_ROWS", 1_000_000)))
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "bench-results.md")
    return parser.parse_args(argv)


def database_name() -> str:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        raise SystemExit(NOT_POSTGRES)
    name = url.rsplit("/", 1)[-1].split("?", 1)[0]
    if "bench" not in name:
        raise SystemExit(NOT_BENCH)
    return name


def say(text: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {text}", flush=True)


def database_reset() -> None:
    """Start from an empty schema, then migrate, as a new deployment does."""
    from django.contrib.contenttypes.models import ContentType
    from django.core.management import call_command
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("DROP SCHEMA public CASCADE")
        cursor.execute("CREATE SCHEMA public")
    ContentType.objects.clear_cache()
    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_up(url: str, seconds: int = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url + "/account/sign-in/", timeout=30)  # noqa: S310
            return
        except (urllib.error.URLError, OSError):  # refused while starting, or slow to answer
            time.sleep(0.5)
    raise SystemExit("gunicorn did not start")


def drive(pages, accounts, args, workdir: Path, size: str):
    """Serve with gunicorn, drive with Locust, and read Locust's statistics."""
    from django.db import connections

    from safeguarding.testing.bench import report

    connections.close_all()
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": SETTINGS}
    server = subprocess.Popen(  # noqa: S603
        [BIN / "gunicorn", "safeguarding.wsgi", "--workers", str(args.workers), "--bind",
         f"127.0.0.1:{port}", "--log-level", "warning"], cwd=ROOT, env=environment)
    try:
        wait_until_up(url)
        plan = workdir / f"{size}-plan.json"
        plan.write_text(json.dumps({"pages": pages, "accounts": accounts, "users": args.users,
                                    "seconds": args.seconds, "pause": list(args.pause)}))
        prefix = workdir / f"{size}-locust"
        subprocess.run(  # noqa: S603
            [BIN / "locust", "-f", LOCUSTFILE, "--headless", "--users", str(args.users),
             "--spawn-rate", str(args.users), "--run-time", f"{args.seconds + 180}s",
             "--host", url, "--csv", prefix, "--only-summary", "--loglevel", "WARNING",
             "--exit-code-on-error", "0"],
            cwd=ROOT, env={**environment, "BENCH_PLAN": str(plan)}, check=True)
    finally:
        server.terminate()
        server.wait(timeout=60)
    return report.locust_stats(Path(f"{prefix}_stats.csv"))


def measure(size: str, scale: float, args, workdir: Path):
    from django.utils import timezone

    from safeguarding.testing.bench import report
    from safeguarding.testing.bench.pages import resolved, targets
    from safeguarding.testing.bench.queries import queries_per_page
    from safeguarding.testing.generate import SIZES, Plan, generate

    say(f"Size {size}: emptying the database and migrating")
    database_reset()
    plan = Plan(size=SIZES[size], today=timezone.localdate(), scale=scale)
    credentials = workdir / f"{size}-accounts.json"
    started = time.monotonic()
    rows = generate(plan, bench_accounts=args.users + 1, credentials=credentials,
                    say=lambda text: say(f"Size {size}: {text}"))
    made = time.monotonic() - started
    secrets = json.loads(credentials.read_text())
    pages = resolved(targets(secrets["partnership"]))
    say(f"Size {size}: counting queries per page")
    # The last account counts queries; Locust's users have one each (a two-factor code is
    # accepted once per account and 30 seconds).
    queries = queries_per_page(pages, secrets["accounts"][-1])
    say(f"Size {size}: {args.users} users for {args.seconds} seconds")
    load_before = os.getloadavg()[0]
    timings, total = drive(pages, secrets["accounts"][:-1], args, workdir, size)
    load_after = os.getloadavg()[0]
    description = (f"size {size}{f' at scale {scale:g}' if scale != 1 else ''}: "
                   f"{plan.partnerships} partnership{'s' if plan.partnerships > 1 else ''} "
                   f"over {plan.years} year{'s' if plan.years > 1 else ''}, "
                   f"{rows.get('intelligence.Value', 0):,} indicator values, "
                   f"{rows.get('learning.Booking', 0):,} bookings, "
                   f"{rows.get('child_deaths.ChildDeath', 0):,} child deaths, "
                   f"{rows.get('reviews.Incident', 0):,} serious incidents, "
                   f"{rows.get('assurance.Return', 0):,} self-assessment returns "
                   f"(generated in {made:.0f} seconds); the machine's load average "
                   f"{load_before:.1f} before the run and {load_after:.1f} after it")
    return report.Run(size=size, description=description, timings=timings, queries=queries,
                      total_per_second=total, rows=rows), secrets


def main(argv=None) -> int:
    args = options(argv)
    database_name()
    os.environ["DJANGO_SETTINGS_MODULE"] = SETTINGS
    import django

    django.setup()
    from django.db import connection

    from safeguarding.testing.bench import report
    from safeguarding.testing.bench.importing import import_figure

    workdir = Path(tempfile.mkdtemp(prefix="bench-"))
    small, _ = measure("S", 1.0, args, workdir)
    large, secrets = measure("L", args.scale, args, workdir)
    figure = None
    if args.import_rows:
        say(f"Importing {args.import_rows:,} indicator rows through the background task")
        figure = import_figure(args.import_rows, secrets, ROOT)
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        version = cursor.fetchone()[0]
    setting = (f"Made by `make bench` on {date.today():%-d %B %Y}: {os.cpu_count()} CPU cores "
               f"({platform.machine()}), PostgreSQL {version}, gunicorn with {args.workers} "
               f"workers, Locust with {args.users} users pausing {args.pause[0]:g} to "
               f"{args.pause[1]:g} seconds between pages, {args.seconds} seconds at each size. "
               "Times in milliseconds; queries counted with Django's test client signed in as "
               "the same kind of account.")
    text = report.markdown(small, large, figure, setting)
    args.out.write_text(text, encoding="utf-8")
    print(text)
    return 0 if report.all_met(small, large) else 1


if __name__ == "__main__":
    sys.exit(main())

"""`make bench`: generate size S and size L (or L at a `--scale` fraction) side by side, one
database each, counting each page's queries; then serve each with gunicorn and drive it with
Locust, in rounds that take turns (S, L, L, S, ...) so a machine busier at one moment than
another weighs on both alike; then time an import of a million indicator rows through the
background task, and write the table to docs/bench-results.md and the terminal.

L goes in the database DATABASE_URL names, S in the one beside it (its name and "_s"). Both are
emptied first: they must be PostgreSQL and the name must say "bench", so a real database is
never the one wiped.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from datetime import date
from pathlib import Path

from safeguarding.testing.bench import report

SETTINGS = "safeguarding.settings.bench"
BIN = Path(sys.executable).parent
ROOT = Path(__file__).resolve().parents[3]
LOCUSTFILE = Path(__file__).with_name("locustfile.py")
NOT_POSTGRES = ("make bench runs on PostgreSQL: set DATABASE_URL=postgres://... "
                "(see docs/scaling.md)")
NOT_BENCH = ("make bench empties its database first: use a database whose name says bench, "
             "like postgres://user:password@localhost/safeguarding_bench")
SIZES = ("S", "L")


def options(argv=None):
    parser = argparse.ArgumentParser(prog="make bench", description=__doc__.split("\n\n")[0])
    environ = os.environ.get
    parser.add_argument("--scale", type=float, default=float(environ("BENCH_SCALE", 1)),
                        help="Run L at this fraction (0.1: 15 partnerships, each as full).")
    parser.add_argument("--users", type=int, default=int(environ("BENCH_USERS", 20)))
    parser.add_argument("--seconds", type=int, default=int(environ("BENCH_SECONDS", 60)),
                        help="How long Locust measures each size, in all its rounds.")
    parser.add_argument("--rounds", type=int, default=int(environ("BENCH_ROUNDS", 4)),
                        help="Rounds each size takes, in turn with the other.")
    parser.add_argument("--workers", type=int, default=int(environ("BENCH_WORKERS", 3)),
                        help="gunicorn worker processes.")
    parser.add_argument("--warm-up", type=int, default=int(environ("BENCH_WARM_UP", 10)),
                        help="Seconds each round goes round the pages before timing them.")
    parser.add_argument("--pause", type=float, nargs=2, default=(0.5, 1.5),
                        help="Each user's pause between pages, least and most seconds.")
    parser.add_argument("--import-rows", type=int,
                        default=int(environ("BENCH_IMPORT_ROWS", 1_000_000)))
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "bench-results.md")
    return parser.parse_args(argv)


def databases() -> dict[str, str]:
    """The database of each size: L's is DATABASE_URL's, S's beside it."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        raise SystemExit(NOT_POSTGRES)
    base, _, name = url.partition("?")[0].rpartition("/")
    if "bench" not in name:
        raise SystemExit(NOT_BENCH)
    return {"S": f"{base}/{name}_s", "L": url}


def database_ensure(url: str) -> None:
    import psycopg

    base, _, name = url.rpartition("/")
    try:
        psycopg.connect(url).close()
    except psycopg.OperationalError:
        with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
            admin.execute(f'CREATE DATABASE "{name}"')


def say(text: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {text}", flush=True)


def step(url: str, workdir: Path, *arguments) -> None:
    subprocess.run(  # noqa: S603
        [sys.executable, "-m", "safeguarding.testing.bench.steps", *map(str, arguments)],
        cwd=ROOT, env={**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": SETTINGS,
                       "MEDIA_ROOT": str(workdir / "media")},  # the uploaded figures go too
        check=True)


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


def drive(database: str, pages, accounts, args, seconds: int, samples: Path) -> list:
    """Serve one size's database with gunicorn and drive it with Locust for one round."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": SETTINGS, "DATABASE_URL": database}
    server = subprocess.Popen(  # noqa: S603
        [BIN / "gunicorn", "safeguarding.wsgi", "--workers", str(args.workers), "--bind",
         f"127.0.0.1:{port}", "--log-level", "warning"], cwd=ROOT, env=environment)
    try:
        wait_until_up(url)
        plan = samples.with_suffix(".plan.json")
        # The accounts' secrets are in it: readable by whoever runs the bench only.
        with os.fdopen(os.open(plan, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "w") as out:
            json.dump({"pages": pages, "accounts": accounts, "users": args.users,
                       "seconds": seconds, "warm_up": args.warm_up, "pause": list(args.pause),
                       "samples": str(samples)},
                      out)
        subprocess.run(  # noqa: S603
            [BIN / "locust", "-f", LOCUSTFILE, "--headless", "--users", str(args.users),
             "--spawn-rate", str(args.users), "--run-time", f"{args.warm_up + seconds + 180}s",
             "--host", url, "--only-summary", "--loglevel", "ERROR",
             "--exit-code-on-error", "0"],
            cwd=ROOT, env={**environment, "BENCH_PLAN": str(plan)}, check=True,
            stdout=subprocess.DEVNULL)
    finally:
        server.terminate()
        server.wait(timeout=60)
    return json.loads(samples.read_text())


def main(argv=None) -> int:
    args = options(argv)
    urls = databases()
    for url in urls.values():
        database_ensure(url)
    workdir = Path(tempfile.mkdtemp(prefix="bench-"))  # credentials, samples: gone at the end
    accounts = args.users * args.rounds + 1  # a fresh account a user a round, one to count
    for size in SIZES:
        say(f"Size {size}: emptying its database, migrating, generating, counting queries")
        step(urls[size], workdir, "prepare", size, args.scale if size == "L" else 1, accounts,
             workdir)
    prepared = {size: json.loads((workdir / f"{size}-prepared.json").read_text())
                for size in SIZES}
    secrets = {size: json.loads((workdir / f"{size}-accounts.json").read_text())["accounts"]
               for size in SIZES}
    samples = {size: [] for size in SIZES}
    each = max(10, args.seconds // args.rounds)
    load_before = os.getloadavg()[0]
    for number in range(args.rounds):
        for size in (SIZES if number % 2 == 0 else SIZES[::-1]):
            say(f"Round {number + 1} of {args.rounds}, size {size}: {args.users} users for "
                f"{each} seconds")
            samples[size] += drive(urls[size], prepared[size]["pages"],
                                   secrets[size][number * args.users:(number + 1) * args.users],
                                   args, each, workdir / f"{size}-{number}-samples.json")
    load_after = os.getloadavg()[0]
    runs = [report.Run(size=size, description=prepared[size]["description"],
                       timings=report.timings_of(samples[size], each * args.rounds),
                       queries=prepared[size]["queries"],
                       total_per_second=len(samples[size]) / (each * args.rounds))
            for size in SIZES]
    figure, version = None, ""
    if args.import_rows:
        say(f"Importing {args.import_rows:,} indicator rows through the background task")
        step(urls["L"], workdir, "import", args.import_rows, workdir)
        found = json.loads((workdir / "import.json").read_text())
        version = found.pop("postgres")
        figure = report.ImportFigure(**found)
    setting = (f"Made by `make bench` on {date.today():%-d %B %Y}: {os.cpu_count()} CPU cores "
               f"({platform.machine()}){f', PostgreSQL {version}' if version else ''}, "
               f"gunicorn with {args.workers} workers, Locust with {args.users} users pausing "
               f"{args.pause[0]:g} to {args.pause[1]:g} seconds between pages, {each} seconds "
               f"a round after {args.warm_up} seconds unmeasured, {args.rounds} rounds at each "
               f"size taken in turn (S, L, L, S, ...). The "
               f"machine's load average was {load_before:.1f} before the rounds and "
               f"{load_after:.1f} after them. Times in milliseconds; queries counted with "
               "Django's test client signed in as the same kind of account.")
    shutil.rmtree(workdir, ignore_errors=True)
    text = report.markdown(*runs, figure, setting)
    args.out.write_text(text, encoding="utf-8")
    print(text)
    return 0 if report.all_met(*runs) else 1


if __name__ == "__main__":
    sys.exit(main())

"""Synthetic data for measuring the platform at scale (`manage.py generate_data`, `make bench`).

Three sizes (`plan.SIZES`): S is one partnership's year, M its ten years, L the nation's ten years
(150 partnerships: about 5,000 serious incidents, 35,000 child deaths, 2,000,000 training
bookings, 50,000 self-assessment returns and 20,000,000 indicator values). Everything is
fictional and says so. Rows go in with `bulk_create` in batches and, on PostgreSQL, the biggest
tables (indicator values, bookings, self-assessment answers) by COPY. Each partnership is made in
one transaction; the same seed makes the same data.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path

from django.db import connection, transaction

from safeguarding.partnership.models import Partnership
from safeguarding.testing.generate.assurance import assurance_make
from safeguarding.testing.generate.casework import (
    Clocks,
    actions_make,
    child_deaths_make,
    incidents_make,
)
from safeguarding.testing.generate.data import intelligence_make, publications_make
from safeguarding.testing.generate.plan import SIZES, Plan
from safeguarding.testing.generate.sink import Sink
from safeguarding.testing.generate.structure import bench_accounts_make, place_make
from safeguarding.testing.generate.training import training_make

__all__ = ["SIZES", "NOT_EMPTY", "Plan", "generate"]

NOT_EMPTY = ("The database already holds partnerships: generate into an empty database (made "
             "with `manage.py migrate`), never one with real data in it.")


def generate(plan: Plan, *, bench_accounts: int = 0, credentials: Path | None = None,
             say: Callable[[str], None] = print) -> dict[str, int]:
    """Make the plan's partnerships; with `bench_accounts`, people who can sign in to the first
    one, their secrets written to `credentials` (readable by its owner only)."""
    if Partnership.objects.exists():
        raise ValueError(NOT_EMPTY)
    if bench_accounts and credentials is None:
        raise ValueError("Bench accounts need a credentials file to hand their secrets to")
    sink, timing, started = Sink(), Clocks(), time.monotonic()
    first = None
    for number in range(1, plan.partnerships + 1):
        with transaction.atomic():
            place = place_make(plan, sink, number)
            incidents_make(plan, sink, place, timing)
            child_deaths_make(plan, sink, place, timing)
            actions_make(plan, sink, place)
            training_make(plan, sink, place)
            assurance_make(plan, sink, place, timing)
            intelligence_make(plan, sink, place)
            publications_make(plan, sink, place)
        first = first or place
        say(f"Partnership {number} of {plan.partnerships} made "
            f"({time.monotonic() - started:.0f} seconds so far)")
    if bench_accounts:
        with transaction.atomic():
            accounts = bench_accounts_make(first, bench_accounts, plan.starts_on)
        credentials_write(credentials, first.partnership.slug, accounts)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # fresh statistics for the planner after the bulk load
    return dict(sink.counts)


def credentials_write(path: Path, slug: str, accounts) -> None:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    body = json.dumps({"partnership": slug, "accounts": [asdict(a) for a in accounts]},
                      indent=2)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w") as handle:
        handle.write(body)

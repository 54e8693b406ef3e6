"""The import figure (issue 9): a file of a million indicator rows uploaded as a person would,
checked and imported by the background task on `manage.py db_worker`, timed from the upload to
the worker finishing."""

from __future__ import annotations

import io
import math
import os
import subprocess
import sys
import time
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from safeguarding.accounts.models import User
from safeguarding.intelligence import rules, services
from safeguarding.intelligence.models import DataImport, Indicator
from safeguarding.partnership.models import Partnership
from safeguarding.testing.bench.report import ImportFigure

BREAKDOWNS = ["age_band", "sex", "ethnicity", "disability"]
ROWS_PER_MONTH = 1 + sum(len(rules.CATEGORIES[b]) for b in BREAKDOWNS)
MONTHS = 120


def figures_csv(codes: list[str], months: list, rows: int) -> bytes:
    out = io.StringIO()
    out.write("indicator,period,breakdown,category,value\n")
    written = 0
    for period in months:
        for code in codes:
            lines = [("", "")] + [(b, c) for b in BREAKDOWNS for c in rules.CATEGORIES[b]]
            for breakdown, category in lines:
                if written == rows:
                    return out.getvalue().encode()
                out.write(f"{code},{period:%Y-%m},{breakdown},{category},{written % 500}\n")
                written += 1
    return out.getvalue().encode()


def import_figure(rows: int, secrets: dict, root: Path) -> ImportFigure:
    partnership = Partnership.objects.get(slug=secrets["partnership"])
    person = User.objects.get(email=secrets["accounts"][-1]["email"])
    figures = services.indicator_set_create(partnership=partnership, name="Bench import",
                                            by=person)
    count = math.ceil(rows / (MONTHS * ROWS_PER_MONTH))
    Indicator.objects.bulk_create(Indicator(
        partnership=partnership, indicator_set=figures, code=f"bench-{n}", name=f"Bench {n}",
        definition="Generated for the import figure.", polarity=Indicator.Polarity.LOWER,
        frequency=Indicator.Frequency.MONTHLY, breakdowns=BREAKDOWNS, order=n)
        for n in range(1, count + 1))
    last = timezone.localdate().replace(day=1)
    months = [rules.add_months(last, -n) for n in range(MONTHS, 0, -1)]
    data = figures_csv([f"bench-{n}" for n in range(1, count + 1)], months, rows)
    started = time.monotonic()
    record = services.data_import_start(
        indicator_set=figures, by=person,
        upload=SimpleUploadedFile("figures.csv", data, content_type="text/csv"))
    subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "db_worker", "--batch", "--queue-name", "*",
         "--no-startup-delay", "--verbosity", "0"], cwd=root,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "safeguarding.settings.bench"},
        check=True)
    seconds = time.monotonic() - started
    record = DataImport.objects.get(pk=record.pk)
    return ImportFigure(rows=rows, seconds=seconds, status=record.get_status_display(),
                        values_added=record.values_added)

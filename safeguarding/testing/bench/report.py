"""The bench's table: latency, throughput and queries per page at S and at L, the three targets,
and the import figure. Markdown, for `docs/bench-results.md` and the terminal."""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

from safeguarding.testing.bench.pages import FLOOR, PAGES

SAME_QUERIES = "queries identical at S and L"
L_WITHIN_S = 1.5  # p95 at L within this many times p95 at S
WITHIN_FLOOR = 4  # each page's p95 within this many times the floor's, in the same run


@dataclass
class Timing:
    requests: int
    failures: int
    median: float
    p95: float
    per_second: float


@dataclass
class Run:
    size: str
    description: str
    timings: dict[str, Timing]
    queries: dict[str, int]
    total_per_second: float
    rows: dict[str, int] = field(default_factory=dict)

    @property
    def floor_p95(self) -> float:
        return self.timings[FLOOR].p95


@dataclass
class ImportFigure:
    rows: int
    seconds: float
    status: str
    values_added: int


def number(cell: str) -> float:
    """Locust writes N/A for a page it never opened."""
    try:
        return float(cell)
    except (TypeError, ValueError):
        return 0.0


def locust_stats(path: Path) -> tuple[dict[str, Timing], float]:
    """Locust's `..._stats.csv`: a row per page name and the aggregated row."""
    timings, total = {}, 0.0
    with open(path, newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            timing = Timing(requests=int(row["Request Count"]),
                            failures=int(row["Failure Count"]), median=number(row["50%"]),
                            p95=number(row["95%"]), per_second=number(row["Requests/s"]))
            if row["Name"] == "Aggregated":
                total = timing.per_second
            elif row["Name"] != "sign-in":
                timings[row["Name"]] = timing
    return timings, total


def checks(small: Run, large: Run) -> dict[str, list[str]]:
    """Each target and the pages that miss it (none: met)."""
    missed = {SAME_QUERIES: [], f"p95 at L within {L_WITHIN_S}× p95 at S": [],
              f"p95 within {WITHIN_FLOOR}× the floor's": [], "no failed requests": []}
    keys = list(missed)
    for name, at_s in small.timings.items():
        at_l = large.timings.get(name)
        if at_l is None:
            continue
        if small.queries.get(name) != large.queries.get(name):
            missed[keys[0]].append(name)
        if at_l.p95 > L_WITHIN_S * at_s.p95:
            missed[keys[1]].append(name)
        if (at_s.p95 > WITHIN_FLOOR * small.floor_p95
                or at_l.p95 > WITHIN_FLOOR * large.floor_p95):
            missed[keys[2]].append(name)
        if at_s.failures or at_l.failures:
            missed[keys[3]].append(name)
    return missed


def yes(ok: bool) -> str:
    return "yes" if ok else "**no**"


def table(small: Run, large: Run) -> list[str]:
    lines = [
        "| Page | median S (ms) | p95 S (ms) | median L (ms) | p95 L (ms) | requests/s S "
        "| requests/s L | queries S | queries L | same queries | p95 L ≤ 1.5× S "
        "| p95 ≤ 4× floor |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- | --- |",
    ]
    order = [page.name for page in PAGES]
    for name in sorted(small.timings, key=lambda n: order.index(n) if n in order else len(order)):
        at_s, at_l = small.timings[name], large.timings[name]
        within_floor = (at_s.p95 <= WITHIN_FLOOR * small.floor_p95
                        and at_l.p95 <= WITHIN_FLOOR * large.floor_p95)
        lines.append(
            f"| {name} | {at_s.median:.0f} | {at_s.p95:.0f} | {at_l.median:.0f} "
            f"| {at_l.p95:.0f} | {at_s.per_second:.1f} | {at_l.per_second:.1f} "
            f"| {small.queries[name]} | {large.queries[name]} "
            f"| {yes(small.queries[name] == large.queries[name])} "
            f"| {yes(at_l.p95 <= L_WITHIN_S * at_s.p95)} | {yes(within_floor)} |")
    lines.append(f"| **All pages** | | | | | {small.total_per_second:.1f} "
                 f"| {large.total_per_second:.1f} | | | | | |")
    return lines


def markdown(small: Run, large: Run, figure: ImportFigure | None, setting: str) -> str:
    missed = checks(small, large)
    lines = ["# Bench results", "", setting, "",
             f"- S: {small.description}", f"- L: {large.description}", "", *table(small, large),
             "", "## Targets", ""]
    for target, pages in missed.items():
        lines.append(f"- {target}: " + ("met" if not pages else
                                        "**missed** by " + ", ".join(pages)))
    if figure is not None:
        rate = figure.rows / figure.seconds if figure.seconds else 0
        lines += ["", "## Importing indicator figures (issue 9)", "",
                  "| rows | through | seconds | rows per second | result |",
                  "| ---: | --- | ---: | ---: | --- |",
                  f"| {figure.rows:,} | upload, then the background task on `db_worker` "
                  f"| {figure.seconds:.0f} | {rate:,.0f} | {figure.status}, "
                  f"{figure.values_added:,} figures added |"]
    return "\n".join(lines) + "\n"


def all_met(small: Run, large: Run) -> bool:
    return not any(checks(small, large).values())

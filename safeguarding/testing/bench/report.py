"""The bench's table: latency, throughput and queries per page at S and at L, the three targets,
and the import figure. Markdown, for `docs/bench-results.md` and the terminal."""

from __future__ import annotations

import math
from dataclasses import dataclass

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

    @property
    def floor_p95(self) -> float:
        return self.timings[FLOOR].p95


@dataclass
class ImportFigure:
    rows: int
    seconds: float
    status: str
    values_added: int


def percentile(ordered: list[float], share: float) -> float:
    """The nearest-rank percentile of sorted times."""
    if not ordered:
        return 0.0
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def timings_of(samples: list, seconds: float) -> dict[str, Timing]:
    """Each page's timing from the rounds' samples: (page, milliseconds, answered well)."""
    times: dict[str, list[float]] = {}
    failures: dict[str, int] = {}
    for name, milliseconds, ok in samples:
        times.setdefault(name, []).append(milliseconds)
        failures[name] = failures.get(name, 0) + (not ok)
    timings = {}
    for name, found in times.items():
        found.sort()
        timings[name] = Timing(requests=len(found), failures=failures[name],
                               median=percentile(found, 0.5), p95=percentile(found, 0.95),
                               per_second=len(found) / seconds)
    return timings


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

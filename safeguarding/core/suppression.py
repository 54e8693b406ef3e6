"""Small numbers suppressed: the one rule every published or shared figure about children
follows (the notification process review, the child death annual report, the yearly report).

Primary suppression shows any count from 1 to 4 as "fewer than 5" (0 stays 0). Secondary
suppression withholds the next smallest count while a hidden one could still be worked out from
the total, which the reader is taken to know.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

SUPPRESS_BELOW = 5
FEWER_THAN_5 = "fewer than 5"
WITHHELD = "withheld"
SUPPRESSION_NOTE = (
    "Numbers from 1 to 4 are shown as “fewer than 5” so that no child can be recognised. Where "
    "one such number could be worked out from the total, the next smallest number is withheld "
    "too."
)
NOT_RECORDED = "Not recorded"


@dataclass(frozen=True)
class Cell:
    label: str
    count: int
    shown: int | str  # the count, FEWER_THAN_5 or WITHHELD

    @property
    def suppressed(self) -> bool:
        return isinstance(self.shown, str)


def _can_be_worked_out(counts: list[int], primary: set[int], secondary: set[int]) -> bool:
    """Whether someone who knows the total could tell the exact number in a hidden cell.

    The hidden cells add up to the total less the cells shown. A cell shown as "fewer than 5" is
    known to hold 1 to 4; a withheld cell anything from 0. One hidden cell is then known exactly;
    several are known exactly only when their sum is the least or the most they could hold (two
    cells of "fewer than 5" adding up to 2 must each be 1)."""
    hidden = primary | secondary
    if len(hidden) == 1:
        return True
    hidden_sum = sum(counts[i] for i in hidden)
    least = len(primary)
    most = None if secondary else (SUPPRESS_BELOW - 1) * len(primary)
    return hidden_sum in (least, most)


def suppress(counts: Iterable[tuple[str, int]]) -> tuple[Cell, ...]:
    """The cells of a breakdown whose total is known, with small numbers suppressed.

    Primary: any count from 1 to 4 is shown as "fewer than 5" (0 is shown as 0). Secondary: while
    a suppressed number could be worked out from the total, the smallest remaining number (a
    non-zero one first) is withheld too. If every cell is hidden and a number could still be
    worked out, every cell is withheld."""
    labelled = list(counts)
    numbers = [count for _, count in labelled]
    primary = {i for i, count in enumerate(numbers) if 0 < count < SUPPRESS_BELOW}
    secondary: set[int] = set()
    while (primary or secondary) and _can_be_worked_out(numbers, primary, secondary):
        left = [i for i in range(len(numbers)) if i not in primary | secondary]
        if not left:
            return tuple(Cell(label, count, WITHHELD) for label, count in labelled)
        secondary.add(min(left, key=lambda i: (numbers[i] == 0, numbers[i], i)))
    return tuple(
        Cell(label, count,
             FEWER_THAN_5 if i in primary else WITHHELD if i in secondary else count)
        for i, (label, count) in enumerate(labelled)
    )


@dataclass(frozen=True)
class Breakdown:
    title: str
    cells: tuple[Cell, ...]
    total: int


def breakdown(title: str, values: list[str], choices: dict[str, str]) -> Breakdown:
    """Counts over every choice (zeros included), then any value outside the choices."""
    counted = Counter(values)
    rows = [(str(label), counted.pop(value, 0)) for value, label in choices.items()]
    rows += sorted((value or NOT_RECORDED, n) for value, n in counted.items())
    return Breakdown(title, suppress(rows), len(values))


def typed_breakdown(title: str, values: list[str]) -> Breakdown:
    """A breakdown of typed text (ethnicity): the same words in any case or spacing count
    together."""
    labels: dict[str, str] = {}
    keys = []
    for value in values:
        tidy = " ".join(value.split())
        key = tidy.casefold()
        labels.setdefault(key, tidy or NOT_RECORDED)
        keys.append(key)
    counted = Counter(keys)
    rows = sorted(((labels[key], n) for key, n in counted.items()), key=lambda r: r[0].casefold())
    return Breakdown(title, suppress(rows), len(values))


def suppress_each(counts: Iterable[tuple[str, int]]) -> tuple[Cell, ...]:
    """Counts that add up to no known total (a case may count in several rows, as in themes):
    primary suppression alone, each count on its own."""
    return tuple(Cell(label, count, FEWER_THAN_5 if 0 < count < SUPPRESS_BELOW else count)
                 for label, count in counts)

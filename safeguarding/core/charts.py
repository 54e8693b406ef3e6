"""Charts drawn on the server as SVG (DESIGN.md, mechanism 6): no JavaScript, no styles that a
strict Content Security Policy would block, and always shown with the data table beside them.
The picture is labelled as an image with a short summary; the table is what screen readers use.

The points of a line chart are consecutive periods (a period without a figure is a point without
a value), so they are spaced evenly: spacing by index is spacing by time. The y axis runs from 0
in round steps (1, 2, 2.5 or 5 × 10ⁿ); the x axis labels the latest period and every nth before
it, n the least for which the labels, centred under their points, do not touch.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import ROUND_CEILING, Decimal
from html import escape

from django.utils.safestring import SafeString, mark_safe

WIDTH, HEIGHT = 640, 260
LEFT, RIGHT, TOP, BOTTOM = 56, 16, 20, 32  # the least room around the plot
LINE = "#1d70b8"  # GOV.UK blue
TARGET = "#d4351c"  # GOV.UK red
GRID = "#b1b4b6"
TEXT = "#0b0c0c"
BACKGROUND = "#ffffff"
CHAR_WIDTH = 7.4  # of a 12px sans-serif character (DejaVu Sans digits are 7.6, Arial's 6.7)
LABEL_GAP = 12  # the least space between two labels of the x axis
MOST_STEPS = 5  # of the y axis, from 0 to its top
NICE = (Decimal(1), Decimal(2), Decimal("2.5"), Decimal(5), Decimal(10))


@dataclass(frozen=True)
class Point:
    label: str
    value: Decimal | float | None


def text_width(text: str) -> float:
    """The width of `text` at 12px, a little over rather than under."""
    return len(text) * CHAR_WIDTH


def number(value, suffix: str = "") -> str:
    """A figure as the tables beside the charts show it: 1,234 or 12.5 (at most two places)."""
    value = Decimal(str(value))
    text = (f"{value:,.0f}" if value == value.to_integral_value()
            else f"{value:,.2f}".rstrip("0"))
    return f"{text}{suffix}"


def y_ticks(highest) -> list[Decimal]:
    """The values of the y axis's lines: 0 up to `highest` or just above it, in the least round
    step (1, 2, 2.5 or 5 × 10ⁿ) that gets there in `MOST_STEPS` steps or fewer."""
    highest = Decimal(str(highest))
    if highest <= 0:
        return [Decimal(0), Decimal(1)]
    least = highest / MOST_STEPS
    power = Decimal(10) ** least.adjusted()
    step = next(nice * power for nice in NICE if nice * power >= least)
    steps = int((highest / step).to_integral_value(rounding=ROUND_CEILING))
    return [(step * i).normalize() for i in range(steps + 1)]


def labelled(count: int, spacing: float, widest: float) -> list[int]:
    """The indices of the points whose labels the x axis shows: the latest, then every nth
    before it, n the least for which labels `widest` wide and `spacing` apart do not touch."""
    if count == 0:
        return []
    every = 1 if count == 1 else max(1, math.ceil((widest + LABEL_GAP) / spacing))
    return sorted(range(count - 1, -1, -every))


@dataclass(frozen=True)
class _Frame:
    count: int
    top: Decimal
    width: int
    left: float
    right: float

    @property
    def plot_width(self) -> float:
        return self.width - self.left - self.right

    @property
    def spacing(self) -> float:
        return self.plot_width / (self.count - 1) if self.count > 1 else self.plot_width

    def x(self, i: int) -> float:
        return self.left + (self.spacing * i if self.count > 1 else self.plot_width / 2)

    def y(self, value) -> float:
        return TOP + (HEIGHT - TOP - BOTTOM) * (1 - float(value) / float(self.top))


def _axes(frame: _Frame, points: list[Point], ticks: list[Decimal], suffix: str) -> list[str]:
    parts = []
    for tick in ticks:
        y = frame.y(tick)
        parts.append(f'<line x1="{frame.left:.1f}" x2="{frame.width - frame.right:.1f}" '
                     f'y1="{y:.1f}" y2="{y:.1f}" stroke="{GRID}" stroke-width="1"/>')
        parts.append(f'<text x="{frame.left - 6:.1f}" y="{y + 4:.1f}" text-anchor="end" '
                     f'fill="{TEXT}">{escape(number(tick, suffix))}</text>')
    widest = max((text_width(p.label) for p in points), default=0)
    for i in labelled(len(points), frame.spacing, widest):
        parts.append(f'<text x="{frame.x(i):.1f}" y="{HEIGHT - BOTTOM + 18}" '
                     f'text-anchor="middle" fill="{TEXT}">{escape(points[i].label)}</text>')
    return parts


def _target(frame: _Frame, target, label: str, suffix: str) -> list[str]:
    """The dashed target line, its label at the right end just above it on a background of its
    own, so that no line of the grid runs through the words (the data's line, drawn after, may
    cross them)."""
    y = frame.y(target)
    text = f"{label} {number(target, suffix)}"
    end = frame.width - frame.right
    box = text_width(text) + 6
    return [f'<line x1="{frame.left:.1f}" x2="{end:.1f}" y1="{y:.1f}" y2="{y:.1f}" '
            f'stroke="{TARGET}" stroke-width="2" stroke-dasharray="6 4"/>',
            f'<rect x="{end - box:.1f}" y="{y - 17:.1f}" width="{box:.1f}" height="14" '
            f'fill="{BACKGROUND}"/>',
            f'<text x="{end - 3:.1f}" y="{y - 6:.1f}" text-anchor="end" '
            f'fill="{TARGET}">{escape(text)}</text>']


def _line(frame: _Frame, points: list[Point]) -> list[str]:
    """The line through the points, broken where a period has no figure, and its dots."""
    runs: list[list[str]] = [[]]
    dots = []
    for i, point in enumerate(points):
        if point.value is None:
            runs.append([])
            continue
        x, y = frame.x(i), frame.y(point.value)
        runs[-1].append(f"{x:.1f},{y:.1f}")
        dots.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.5" fill="{LINE}"/>')
    lines = [f'<polyline points="{" ".join(run)}" fill="none" stroke="{LINE}" '
             'stroke-width="3"/>' for run in runs if len(run) > 1]
    return lines + dots


def summary(points: list[Point], *, title: str, target=None, target_label: str = "Target",
            suffix: str = "") -> str:
    """What the chart shows in words, for its accessible name: the same figures as its table."""
    shown = [p for p in points if p.value is not None]
    text = f"{title}: figures for {len(shown)} of {len(points)} periods"
    if shown:
        first, last = shown[0], shown[-1]
        text += (f", from {number(first.value, suffix)} ({first.label}) to "
                 f"{number(last.value, suffix)} ({last.label})")
    if target is not None:
        text += f"; {target_label.lower()} {number(target, suffix)}"
    return text


def line_chart(points: list[Point], *, title: str, target=None, target_label: str = "Target",
               suffix: str = "", width: int = WIDTH) -> SafeString:
    """A line chart of `points` in order, with a dashed target line when there is a target.
    Points without a value leave a gap. `suffix` follows every figure ("%" for percentages);
    `width` is the drawing's width in pixels at 12px text (the labels are thinned to fit it)."""
    values = [p.value for p in points if p.value is not None]
    ticks = y_ticks(max([*values, target if target is not None else 0, 0]))
    widest_label = max((text_width(p.label) for p in points), default=0)
    left = max(LEFT, max(text_width(number(t, suffix)) for t in ticks) + 10, widest_label / 2)
    frame = _Frame(len(points), ticks[-1], width, left, max(RIGHT, widest_label / 2 + 2))
    name = summary(points, title=title, target=target, target_label=target_label,
                   suffix=suffix)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {HEIGHT}" '
             f'width="100%" role="img" aria-label="{escape(name)}" '
             'class="app-chart" font-family="sans-serif" font-size="12">']
    parts += _axes(frame, points, ticks, suffix)
    if target is not None:
        parts += _target(frame, target, target_label, suffix)
    parts += _line(frame, points)
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text in it is escaped above

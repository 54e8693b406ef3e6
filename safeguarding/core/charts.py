"""Charts drawn on the server as SVG (DESIGN.md, mechanism 6): no JavaScript, no styles that a
strict Content Security Policy would block, and always shown with the data table beside them.
The picture is labelled as an image with a short summary; the table is what screen readers use.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from html import escape

from django.utils.safestring import SafeString, mark_safe

WIDTH, HEIGHT = 640, 260
LEFT, RIGHT, TOP, BOTTOM = 56, 16, 16, 32
LINE = "#1d70b8"  # GOV.UK blue
TARGET = "#d4351c"  # GOV.UK red
GRID = "#b1b4b6"
TEXT = "#0b0c0c"
CHAR_WIDTH = 6.5  # of a 12px sans-serif character, near enough to space the labels


@dataclass(frozen=True)
class Point:
    label: str
    value: Decimal | float | None


def _number(value) -> str:
    value = float(value)
    return f"{value:,.0f}" if value == int(value) else f"{value:,.1f}"


def _scale_top(highest: float) -> float:
    """A round number at or above `highest` for the top of the axis."""
    if highest <= 0:
        return 1.0
    step = 10 ** (len(str(int(highest))) - 1)
    for nice in (1, 2, 2.5, 5, 10):
        if highest <= nice * step:
            return nice * step
    return 10 * step


@dataclass(frozen=True)
class _Frame:
    count: int
    top: float

    def x(self, i: int) -> float:
        plot_w = WIDTH - LEFT - RIGHT
        return LEFT + (plot_w * i / (self.count - 1) if self.count > 1 else plot_w / 2)

    def y(self, value) -> float:
        return TOP + (HEIGHT - TOP - BOTTOM) * (1 - float(value) / self.top)


def _axes(frame: _Frame, points: list[Point]) -> list[str]:
    parts = []
    for tick in range(5):
        value = frame.top * tick / 4
        y = frame.y(value)
        parts.append(f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}" '
                     f'stroke="{GRID}" stroke-width="1"/>')
        parts.append(f'<text x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end" '
                     f'fill="{TEXT}">{_number(value)}</text>')
    # Labels at a regular step, as many as fit without touching; the first and last always.
    width = max((len(p.label) for p in points), default=0) * CHAR_WIDTH + 12
    fit = max(1, int((WIDTH - LEFT - RIGHT) // width))
    every = max(1, -(-len(points) // fit))
    last = len(points) - 1
    for i, point in enumerate(points):
        if i != last and (i % every or (i and frame.x(last) - frame.x(i) < 1.5 * width)):
            continue
        anchor = "start" if i == 0 and last else "end" if i == last and last else "middle"
        parts.append(f'<text x="{frame.x(i):.1f}" y="{HEIGHT - BOTTOM + 18}" '
                     f'text-anchor="{anchor}" fill="{TEXT}">{escape(point.label)}</text>')
    return parts


def _target(frame: _Frame, target, label: str) -> list[str]:
    y = frame.y(target)
    return [f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}" '
            f'stroke="{TARGET}" stroke-width="2" stroke-dasharray="6 4"/>',
            f'<text x="{WIDTH - RIGHT}" y="{y - 6:.1f}" text-anchor="end" '
            f'fill="{TARGET}">{escape(label)} {_number(target)}</text>']


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


def line_chart(points: list[Point], *, title: str, target=None,
               target_label: str = "Target") -> SafeString:
    """A line chart of `points` in order, with a dashed target line when there is a target.
    Points without a value leave a gap."""
    values = [float(p.value) for p in points if p.value is not None]
    highest = max([*values, float(target) if target is not None else 0.0, 0.0])
    frame = _Frame(len(points), _scale_top(highest))
    summary = f"{title}: {len(values)} periods"
    if values:
        summary += (f", from {_number(values[0])} ({points[0].label}) to {_number(values[-1])}"
                    f" ({points[-1].label})")
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
             f'width="100%" role="img" aria-label="{escape(summary)}" '
             'class="app-chart" font-family="sans-serif" font-size="12">']
    parts += _axes(frame, points)
    if target is not None:
        parts += _target(frame, target, target_label)
    parts += _line(frame, points)
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text in it is escaped above

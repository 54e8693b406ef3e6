"""The line chart (core/charts.py) as a reader sees it: x labels that never run into each other,
periods evenly spaced, round y ticks with the unit, a target label no line runs through, and an
accessible name that says what the table beside it says. No database: charts take plain data."""

import xml.etree.ElementTree as ET
from datetime import date
from decimal import Decimal

import pytest

from safeguarding.core import charts
from safeguarding.core.charts import Point, line_chart

SVG = "{http://www.w3.org/2000/svg}"


def months(count: int, first=date(2024, 11, 1)) -> list[str]:
    index = first.year * 12 + first.month - 1
    return [f"{date((index + i) // 12, (index + i) % 12 + 1, 1):%b %Y}" for i in range(count)]


def drawn(svg) -> ET.Element:
    return ET.fromstring(str(svg))


def x_labels(root) -> list[ET.Element]:
    bottom = charts.HEIGHT - charts.BOTTOM + 18
    return [t for t in root.iter(f"{SVG}text") if float(t.get("y")) == bottom]


def y_labels(root) -> list[str]:
    return [t.text for t in root.iter(f"{SVG}text") if t.get("x") and t.get("text-anchor") == "end"
            and float(t.get("y")) < charts.HEIGHT - charts.BOTTOM + 10
            and t.get("fill") == charts.TEXT]


QUARTERS = [Point("Q1 2026/27", Decimal("23.5")), Point("Q2 2026/27", Decimal("23.7")),
            Point("Q3 2026/27", None), Point("Q4 2026/27", None)]


@pytest.mark.parametrize(("count", "width"), [(4, 640), (13, 640), (25, 640), (60, 640),
                                              (25, 320), (12, 200)])
def test_the_x_labels_never_touch_and_the_latest_period_is_labelled(count, width):
    labels = months(count)
    root = drawn(line_chart([Point(label, 100 + i) for i, label in enumerate(labels)],
                            title="Contacts", width=width))
    shown = x_labels(root)
    assert shown[-1].text == labels[-1]
    assert all(t.get("text-anchor") == "middle" for t in shown)  # each under its own point
    spans = [(float(t.get("x")) - charts.text_width(t.text) / 2,
              float(t.get("x")) + charts.text_width(t.text) / 2) for t in shown]
    assert spans[0][0] >= 0 and spans[-1][1] <= width  # inside the picture
    assert all(after[0] - before[1] >= charts.LABEL_GAP
               for before, after in zip(spans, spans[1:], strict=False))
    steps = {labels.index(b.text) - labels.index(a.text)
             for a, b in zip(shown, shown[1:], strict=False)}
    assert len(steps) <= 1  # every nth period: a regular rhythm
    if count <= 4 and width == 640:
        assert [t.text for t in shown] == labels


def test_the_walk_through_chart_no_longer_runs_two_labels_together():
    # 25 months from November 2024: "Nov 2024Feb 2025" was drawn as one.
    root = drawn(line_chart([Point(m, 1500) for m in months(25)], title="Contacts"))
    assert [t.text for t in x_labels(root)] == [
        "Nov 2024", "Mar 2025", "Jul 2025", "Nov 2025", "Mar 2026", "Jul 2026", "Nov 2026"]


def test_periods_are_evenly_spaced():
    root = drawn(line_chart(QUARTERS[:2] + [Point("Q3 2026/27", 22), Point("Q4 2026/27", 21)],
                            title="Plans"))
    xs = [float(c.get("cx")) for c in root.iter(f"{SVG}circle")]
    gaps = [b - a for a, b in zip(xs, xs[1:], strict=False)]
    assert max(gaps) - min(gaps) < 0.2  # the same, but for rounding to 0.1px
    labels = [float(t.get("x")) for t in x_labels(root)]
    assert labels == pytest.approx(xs)  # each label centred under its point


@pytest.mark.parametrize(("highest", "ticks"), [
    (Decimal("23.7"), ["0", "5", "10", "15", "20", "25"]),
    (Decimal("72.4"), ["0", "20", "40", "60", "80"]),
    (1700, ["0", "500", "1,000", "1,500", "2,000"]),
    (Decimal("94.4"), ["0", "20", "40", "60", "80", "100"]),
    (Decimal("0.6"), ["0", "0.2", "0.4", "0.6"]),
    (Decimal("11"), ["0", "2.5", "5", "7.5", "10", "12.5"]),
    (0, ["0", "1"]),
])
def test_the_y_axis_ticks_are_round_numbers(highest, ticks):
    assert [charts.number(t) for t in charts.y_ticks(highest)] == ticks
    root = drawn(line_chart([Point("a", highest), Point("b", 0)], title="T"))
    assert y_labels(root) == ticks


def test_a_percentage_chart_shows_percent_on_its_axis_and_target():
    root = drawn(line_chart(QUARTERS, title="Second plans", target=Decimal(20), suffix="%"))
    assert y_labels(root) == ["0%", "5%", "10%", "15%", "20%", "25%"]
    assert "Target 20%" in [t.text for t in root.iter(f"{SVG}text")]


def test_the_target_label_sits_clear_of_every_line_of_the_grid():
    # Target 70 on an axis with a line at 80: the label was struck through by a grid line.
    root = drawn(line_chart([Point("Q1", Decimal("72.4")), Point("Q2", Decimal("71.8"))],
                            title="Looked after", target=Decimal(70)))
    elements = list(root)
    target_line = next(e for e in elements if e.get("stroke") == charts.TARGET)
    label = next(e for e in elements if e.tag == f"{SVG}text" and e.text == "Target 70")
    box = next(e for e in elements if e.tag == f"{SVG}rect")
    line_y = float(target_line.get("y1"))
    top, bottom = float(box.get("y")), float(box.get("y")) + float(box.get("height"))
    assert bottom < line_y - 1  # above its own line, with a gap
    assert top < float(label.get("y")) - 9 and float(label.get("y")) < bottom  # behind the words
    assert box.get("fill") == charts.BACKGROUND
    grid = [e for e in elements if e.tag == f"{SVG}line" and e.get("stroke") == charts.GRID]
    assert elements.index(box) > max(elements.index(g) for g in grid)  # drawn over the grid
    # ...and the box spans the words at the right end of the plot.
    end = float(target_line.get("x2"))
    assert float(box.get("x")) + float(box.get("width")) == pytest.approx(end)
    assert float(box.get("width")) > charts.text_width("Target 70")


def test_the_accessible_name_says_what_the_table_says():
    root = drawn(line_chart(QUARTERS, title="Second plans", target=Decimal(20), suffix="%"))
    assert root.get("role") == "img"
    # The last figure is Q2's: Q3 and Q4 have none (the table shows a dash for them).
    assert root.get("aria-label") == (
        "Second plans: figures for 2 of 4 periods, from 23.5% (Q1 2026/27) to 23.7% "
        "(Q2 2026/27); target 20%")

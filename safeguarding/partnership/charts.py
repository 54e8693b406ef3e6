"""A partnership's structure chart, drawn on the server as an SVG string.

Published multi-agency safeguarding arrangements show the partnership's groups as a chart: the
executive at the top, partnership meetings, subgroups, panels and forums beneath, solid lines for
"reports to" and dotted lines for "feeds into". This module draws that chart from plain data
(:class:`ChartNode`), so it knows nothing of the models: the view turns groups into nodes.

Layout: a top-down tree. Each depth is a band; within a band, children sit grouped under their
parent in input order; a band wider than five boxes wraps onto extra rows. Connectors are elbow
lines that run in the gaps between rows ("channels") and between boxes ("lanes"), so no line
crosses a box. Each parent's lines get their own track along a channel and their own places
across it, so two groups' lines may cross but never run along the same stretch; when that needs
it, a line leaves or meets a box a little off-centre, or the chart grows wider margins.

The SVG suits a strict Content-Security-Policy: no script, no style element or attribute, no
external reference; colours and fonts are presentation attributes. Every piece of text is
escaped. The same input always gives byte-for-byte the same output.

Screen readers announce the chart as one image named by its <title> and <desc>; show
:func:`text_alternative` beside it as a nested list (it carries the same links).
"""

import html
import math
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from urllib.parse import urlsplit

__all__ = [
    "KIND_STYLES",
    "MAX_COLUMNS",
    "ChartNode",
    "KindStyle",
    "kind_style",
    "structure_svg",
    "text_alternative",
    "text_em",
    "wrap_label",
]


@dataclass(frozen=True)
class ChartNode:
    """One group on the chart."""

    id: int
    label: str  # "LLR Meeting of Safeguarding Partners"
    kind: str  # "executive", "partnership_meeting", "subgroup", "panel", "forum", ...
    parent_id: int | None  # solid line from the parent; None, or an id not charted: a root
    dotted_to_id: int | None = None  # dotted line: this group feeds into that one
    url: str = ""  # when given, the box is a link


@dataclass(frozen=True)
class KindStyle:
    caption: str
    fill: str
    text: str
    stroke: str


# GOV.UK colours. Text on fill: #fff on #0b0c0c 19.8:1, #fff on #1d70b8 5.2:1, #0b0c0c on the
# light tints 14:1 or more (tests/test_charts.py checks every pair against WCAG AA 4.5:1). The
# light boxes get a #505a5f border (7:1 on white) so their edges are seen (WCAG 1.4.11).
_BORDER = "#505a5f"
KIND_STYLES: dict[str, KindStyle] = {
    "executive": KindStyle("Executive", "#0b0c0c", "#ffffff", "#0b0c0c"),
    "partnership_meeting": KindStyle("Partnership meeting", "#1d70b8", "#ffffff", "#1d70b8"),
    "subgroup": KindStyle("Subgroup", "#d2e2f1", "#0b0c0c", _BORDER),
    "panel": KindStyle("Panel", "#f3f2f1", "#0b0c0c", _BORDER),
    "forum": KindStyle("Forum", "#cce2d8", "#0b0c0c", _BORDER),
    "reference_group": KindStyle("Reference group", "#dbd5e9", "#0b0c0c", _BORDER),
    "task_and_finish": KindStyle("Task and finish group", "#fff7bf", "#0b0c0c", _BORDER),
    "business_unit": KindStyle("Business unit", "#bfe3e0", "#0b0c0c", _BORDER),
}
LINE_COLOUR = "#505a5f"  # 7:1 on white
TEXT_COLOUR = "#0b0c0c"

MAX_COLUMNS = 5
BOX_WIDTH = 192
BOX_HEIGHT = 76
GAP_X = 36  # between boxes in a row
MARGIN_X = 24  # leaves a lane down each side
MARGIN_Y = 16
MIN_WIDTH = 320
WRAP_CHARS = 24
MAX_LABEL_LINES = 3

_LABEL_SIZE = 13
_LINE_HEIGHT = 14.5
_ASCENT = 11  # from the top of a line to its baseline
_LABEL_TOP = 5  # the label's area inside the box: below this ...
_LABEL_AREA = 47  # ... and this tall; the caption sits under it
_CAPTION_SIZE = 12
_CAPTION_BASELINE = 67
_PADDING_X = 8  # text keeps this far from a box's sides

_ROW_GAP = 40  # the least channel between two rows
_CHANNEL_PAD = 14  # channel edge to its first or last track
_TRACK_GAP = 8  # between tracks in one channel
_TRACK_CLEAR = 24  # two groups of lines share a track only this far apart
_LANE_CLEAR = 8  # a lane keeps this far from boxes
_LANE_SPACING = 6  # steps between the places a lane may take
_UPRIGHT_CLEAR = 6  # two groups' upright lines in a channel keep this far apart
_WIDENINGS = 8  # at most this many tries at more room for lanes down the sides
_ATTACH_STEP = 12  # steps along a box's edge to find a clear place for a line
_DOTTED_OFFSET = BOX_WIDTH // 4  # dotted lines meet a box off-centre, clear of the solid ones
_LEGEND_LINE = 22

_PREFIX = re.compile(r"[A-Za-z][A-Za-z0-9_-]*")
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def kind_style(kind: str) -> KindStyle:
    """The colours and caption for a kind of group; plain white for a kind not known here."""
    if kind in KIND_STYLES:
        return KIND_STYLES[kind]
    caption = _clean(kind).replace("_", " ").strip().capitalize()
    return KindStyle(caption, "#ffffff", TEXT_COLOUR, _BORDER)


def wrap_label(label: str, width: int = WRAP_CHARS, max_lines: int = MAX_LABEL_LINES, *,
               max_em: float | None = None) -> list[str]:
    """Break a label into lines of at most ``width`` characters (and, given ``max_em``, at most
    that many ems wide by :func:`text_em`), by words; a word too long for a line is split. More
    than ``max_lines`` lines: the last one kept ends in an ellipsis."""

    def fits(line: str) -> bool:
        return len(line) <= width and (max_em is None or text_em(line) <= max_em)

    lines: list[str] = []
    for word in _clean(label).split():
        if lines and fits(lines[-1] + " " + word):
            lines[-1] += " " + word
            continue
        while not fits(word) and len(word) > 1:
            cut = max(i for i in range(1, len(word)) if fits(word[:i]) or i == 1)
            lines.append(word[:cut])
            word = word[cut:]
        lines.append(word)
    if len(lines) <= max_lines:
        return lines or [""]
    kept = lines[:max_lines]
    kept[-1] = _ellipsis(" ".join(lines[max_lines - 1:]), fits)
    return kept


def _ellipsis(text: str, fits) -> str:
    """The longest start of text that fits with "…" after it, ending on a whole word unless that
    wastes half the line."""
    cut = max((i for i in range(1, len(text)) if fits(text[:i].rstrip() + "…")), default=1)
    head = text[:cut]
    if text[cut] != " " and " " in head:
        whole = head.rsplit(" ", 1)[0]
        if len(whole) >= len(head) // 2:
            head = whole
    return head.rstrip() + "…"


# Advance widths in ems of DejaVu Sans Bold, the widest of the usual fallbacks for system-ui (a
# browser with Segoe UI, San Francisco or Roboto draws the same text narrower).
_EMS = {
    0.31: "'", 0.34: "ijl", 0.35: " ", 0.37: "/IJ\\|", 0.38: ",.’", 0.4: ":;", 0.42: "-",
    0.44: "f", 0.46: "!()[]", 0.48: "t", 0.49: "r", 0.5: "_`–", 0.52: '"*', 0.58: "?z",
    0.59: "c", 0.6: "s", 0.64: "L", 0.65: "vxy", 0.67: "ak", 0.68: "EFTe", 0.69: "o",
    0.7: "$0123456789", 0.71: "hnu{}", 0.72: "SYbdgpq", 0.73: "CPZ", 0.76: "B", 0.77: "AKRVX",
    0.81: "U", 0.82: "G", 0.83: "D", 0.84: "#+<=>HN^~", 0.85: "OQ", 0.87: "&", 0.92: "w",
    1.0: "%@M…", 1.04: "m", 1.1: "W",
}
_EM_OF = {char: em for em, chars in _EMS.items() for char in chars}
_OTHER_EM = 0.8  # letters with accents and the rest: a little wider than most
_WIDE_EM = 1.0  # East Asian wide and full-width characters


def text_em(text: str) -> float:
    """How many ems wide ``text`` is at most, in bold (an estimate on the wide side)."""
    return sum(
        _EM_OF.get(char)
        or (_WIDE_EM if unicodedata.east_asian_width(char) in "WF" else _OTHER_EM)
        for char in text
    )


# -- the tree -----------------------------------------------------------------------------------


@dataclass
class _Tree:
    nodes: dict[int, ChartNode]  # in input order
    parent: dict[int, int | None]  # the solid links drawn
    children: dict[int, list[int]]
    roots: list[int]
    feeds: dict[int, int]  # the dotted links drawn


def _tree(nodes: Sequence[ChartNode]) -> _Tree:
    by_id: dict[int, ChartNode] = {}
    for node in nodes:
        if node.id in by_id:
            raise ValueError(f"Two chart nodes share the id {node.id!r}.")
        by_id[node.id] = node
    parent = {
        n.id: n.parent_id if n.parent_id in by_id and n.parent_id != n.id else None for n in nodes
    }
    _break_loops(list(by_id), parent)
    children: dict[int, list[int]] = {node_id: [] for node_id in by_id}
    for node_id, parent_id in parent.items():
        if parent_id is not None:
            children[parent_id].append(node_id)
    feeds = {
        n.id: n.dotted_to_id for n in nodes if n.dotted_to_id in by_id and n.dotted_to_id != n.id
    }
    roots = [node_id for node_id, parent_id in parent.items() if parent_id is None]
    return _Tree(by_id, parent, children, roots, feeds)


def _break_loops(order: list[int], parent: dict[int, int | None]) -> None:
    """Groups whose parents go round in a loop reach no root: the loop's first group (in input
    order) becomes a root, its parent link not drawn."""
    position = {node_id: i for i, node_id in enumerate(order)}
    settled: set[int] = set()
    for start in order:
        path: list[int] = []
        on_path: set[int] = set()
        current = parent[start]
        path.append(start)
        on_path.add(start)
        while current is not None and current not in settled and current not in on_path:
            path.append(current)
            on_path.add(current)
            current = parent[current]
        if current is not None and current in on_path:
            loop = path[path.index(current):]
            parent[min(loop, key=position.__getitem__)] = None
        settled.update(path)


def _bands(tree: _Tree) -> list[list[int]]:
    bands = []
    band = list(tree.roots)
    while band:
        bands.append(band)
        band = [child for node_id in band for child in tree.children[node_id]]
    return bands


def _runs(ids: list[int], parent: dict[int, int | None]) -> list[list[int]]:
    """Consecutive ids with the same parent."""
    runs: list[list[int]] = []
    for node_id in ids:
        if runs and parent[runs[-1][0]] == parent[node_id]:
            runs[-1].append(node_id)
        else:
            runs.append([node_id])
    return runs


def _chunks(run: list[int]) -> list[list[int]]:
    """A family too wide for one row, split into rows as even as can be (9: 5 and 4)."""
    count = -(-len(run) // MAX_COLUMNS)
    size, extra = divmod(len(run), count)
    chunks, start = [], 0
    for i in range(count):
        end = start + size + (1 if i < extra else 0)
        chunks.append(run[start:end])
        start = end
    return chunks


def _rows(bands: list[list[int]], parent: dict[int, int | None]) -> list[list[int]]:
    """Bands wrapped into rows of at most MAX_COLUMNS; a family that fits in a row is kept
    together."""
    rows = []
    for band in bands:
        band_rows: list[list[int]] = [[]]
        for run in _runs(band, parent):
            for chunk in _chunks(run):
                if len(band_rows[-1]) + len(chunk) > MAX_COLUMNS:
                    band_rows.append([])
                band_rows[-1].extend(chunk)
        rows.extend(band_rows)
    return rows


def _chart_width(rows: list[list[int]], margin: int) -> int:
    columns = max(len(row) for row in rows)
    return max(MIN_WIDTH, 2 * margin + columns * BOX_WIDTH + (columns - 1) * GAP_X)


def _place(rows: list[list[int]], parent: dict[int, int | None], width: int,
           margin: int) -> dict[int, int]:
    """The left edge of every box: each family as near under its parent as the row allows."""
    left_of: dict[int, int] = {}
    low, high = margin, width - margin
    for row in rows:
        runs = _runs(row, parent)
        widths = [len(run) * BOX_WIDTH + (len(run) - 1) * GAP_X for run in runs]
        wanted = []
        for run, run_width in zip(runs, widths, strict=True):
            parent_id = parent[run[0]]
            centre = (low + high) / 2 if parent_id is None else left_of[parent_id] + BOX_WIDTH / 2
            wanted.append(centre - run_width / 2)
        for run, left in zip(runs, _spread(wanted, widths, low, high), strict=True):
            for i, node_id in enumerate(run):
                left_of[node_id] = math.floor(left) + i * (BOX_WIDTH + GAP_X)
    return left_of


def _spread(wanted: list[float], widths: list[int], low: int, high: int) -> list[float]:
    lefts = []
    edge = low - GAP_X
    for want, width in zip(wanted, widths, strict=True):
        lefts.append(max(want, edge + GAP_X))
        edge = lefts[-1] + width
    edge = high + GAP_X
    for i in reversed(range(len(lefts))):
        lefts[i] = min(lefts[i], edge - GAP_X - widths[i])
        edge = lefts[i]
    return lefts


# -- the lines ----------------------------------------------------------------------------------

# A point of a line: its x, and where its y will be once the rows are stacked: ("top", row),
# ("bottom", row), or ("track", channel, key) where channel n is the gap under row n.
_Point = tuple[float, tuple]


@dataclass
class _Link:
    style: str  # "solid" or "dotted"
    source: int
    target: int
    points: list[_Point]


@dataclass
class _Router:
    rows: list[list[int]]
    left_of: dict[int, int]
    width: int
    row_of: dict[int, int] = field(init=False)
    spans: dict[int, dict[tuple, list[float]]] = field(default_factory=dict)
    links: list[_Link] = field(default_factory=list)
    uprights: dict[int, list[tuple[float, tuple]]] = field(default_factory=dict)  # channel: x, key
    crowded: bool = False  # a lane found no room of its own

    def __post_init__(self):
        self.row_of = {node_id: r for r, row in enumerate(self.rows) for node_id in row}

    def centre(self, node_id: int) -> float:
        return self.left_of[node_id] + BOX_WIDTH / 2

    def taken(self, x: float, channels: range, key: tuple) -> bool:
        """Whether another group's upright line runs at x in one of these channels."""
        return any(abs(x - used) < _UPRIGHT_CLEAR and other != key
                   for channel in channels for used, other in self.uprights.get(channel, ()))

    def attach(self, node_id: int, x: float, channel: int, key: tuple) -> float:
        """Where a line meets a box's edge: x, or the nearest point along the edge whose upright
        line in the channel is not on top of another group's."""
        left = self.left_of[node_id]
        for step in (0, 1, -1, 2, -2, 3, -3, 4, -4):
            candidate = x + step * _ATTACH_STEP
            inside = left + _ATTACH_STEP <= candidate <= left + BOX_WIDTH - _ATTACH_STEP
            if inside and not self.taken(candidate, range(channel, channel + 1), key):
                return candidate
        return x

    def lane(self, first_row: int, last_row: int, target: float, key: tuple) -> float:
        """An x clear of every box in rows first_row..last_row, near target."""
        blocked = sorted(
            (self.left_of[node_id] - _LANE_CLEAR, self.left_of[node_id] + BOX_WIDTH + _LANE_CLEAR)
            for row in self.rows[first_row:last_row + 1]
            for node_id in row
        )
        candidates = []
        for low, high in _free(blocked, _LANE_CLEAR, self.width - _LANE_CLEAR):
            if high - low < 3 * BOX_WIDTH // 4:  # a gap between boxes: its middle first
                base = (low + high) / 2
            else:  # open space: straight down if it can
                base = min(max(target, low), high)
            steps = int((high - low) // _LANE_SPACING)
            for step in range(-steps, steps + 1):
                x = base + step * _LANE_SPACING
                if low <= x <= high:
                    candidates.append((abs(base - target) + abs(step) * _LANE_SPACING, x))
        channels = range(first_row - 1, last_row + 1)
        for _, x in sorted(candidates):
            if not self.taken(x, channels, key):
                return x
        self.crowded = True
        return min(candidates)[1] if candidates else _LANE_CLEAR

    def down(self, start: float, start_row: int, end: float, end_row: int, key: tuple,
             lane: float | None) -> list[_Point]:
        """From the bottom of a box in start_row to the top of one in a lower row."""
        points: list[_Point] = [(start, ("bottom", start_row)), (start, ("track", start_row, key))]
        if end_row > start_row + 1 and lane is not None:
            points += [(lane, ("track", start_row, key)), (lane, ("track", end_row - 1, key))]
        points += [(end, ("track", end_row - 1, key)), (end, ("top", end_row))]
        return points

    def add(self, style: str, source: int, target: int, points: list[_Point]) -> None:
        for x, where in points:
            if where[0] == "track":
                span = self.spans.setdefault(where[1], {}).setdefault(where[2], [x, x])
                span[0], span[1] = min(span[0], x), max(span[1], x)
        key = next(where[2] for _, where in points if where[0] == "track")
        for (x, a), (x_next, b) in zip(points, points[1:], strict=False):
            if x == x_next and a != b:
                self.upright(x, _channels(a, b), key)
        self.links.append(_Link(style, source, target, points))

    def upright(self, x: float, channels: range, key: tuple) -> None:
        for channel in channels:
            self.uprights.setdefault(channel, []).append((x, key))

    def solid(self, tree: _Tree) -> None:
        # a line into a child comes down to the middle of its top, always: the rest keep clear
        for parent_id, children in tree.children.items():
            for child in children:
                channel = self.row_of[child] - 1
                self.upright(self.centre(child), range(channel, channel + 1), ("solid", parent_id))
        for row in self.rows:
            for parent_id in row:
                self._family(parent_id, tree.children[parent_id])

    def _family(self, parent_id: int, children: list[int]) -> None:
        if not children:
            return
        key = ("solid", parent_id)
        top = self.row_of[parent_id]
        deepest = max(self.row_of[child] for child in children)
        x = self.attach(parent_id, self.centre(parent_id), top, key)
        lane = self.lane(top + 1, deepest - 1, x, key) if deepest > top + 1 else None
        for child in children:
            points = self.down(x, top, self.centre(child), self.row_of[child], key, lane)
            self.add("solid", parent_id, child, points)

    def dotted(self, tree: _Tree) -> None:
        for source, target in tree.feeds.items():
            key = ("dotted", source)
            # leave on the right of centre, arrive on the left: clear of the solid lines at the
            # centre and of dotted lines going the other way
            a, b = self.row_of[source], self.row_of[target]
            start = self.attach(source, self.centre(source) + _DOTTED_OFFSET,
                                a - 1 if b < a else a, key)
            end = self.centre(target) - _DOTTED_OFFSET
            if b != a and abs(start - self.centre(target)) < BOX_WIDTH / 2 - _ATTACH_STEP:
                end = start  # a straight line, if the boxes overlap enough across
            end = self.attach(target, end, b - 1 if b > a else b, key)
            if b > a:
                lane = self.lane(a + 1, b - 1, end, key) if b > a + 1 else None
                points = self.down(start, a, end, b, key, lane)
            elif b < a:
                lane = self.lane(b + 1, a - 1, end, key) if a > b + 1 else None
                points = self.down(end, b, start, a, key, lane)[::-1]
            else:  # the same row: under the row and back up
                points = [(start, ("bottom", a)), (start, ("track", a, key)),
                          (end, ("track", a, key)), (end, ("bottom", a))]
            self.add("dotted", source, target, points)


def _channels(a: tuple, b: tuple) -> range:
    """The channels an upright line between two points runs through."""

    def channel(where: tuple) -> int:
        return where[1] - 1 if where[0] == "top" else where[1]

    low, high = sorted((channel(a), channel(b)))
    return range(low, high + 1)


def _free(blocked: list[tuple[float, float]], low: float, high: float):
    """The stretches of [low, high] outside every blocked interval (sorted by start)."""
    edge = low
    for start, end in blocked:
        if edge < high and start > edge:
            yield edge, min(start, high)
        edge = max(edge, end)
    if edge < high:
        yield edge, high


def _tracks(spans: dict[tuple, list[float]]) -> tuple[dict[tuple, int], int]:
    """Give each group of lines in a channel a track; groups far enough apart share one."""
    tracks: list[list[list[float]]] = []
    assigned: dict[tuple, int] = {}
    for key, (low, high) in spans.items():
        for index, used in enumerate(tracks):
            if all(high + _TRACK_CLEAR < a or low - _TRACK_CLEAR > b for a, b in used):
                used.append([low, high])
                assigned[key] = index
                break
        else:
            tracks.append([[low, high]])
            assigned[key] = len(tracks) - 1
    return assigned, len(tracks)


@dataclass
class _Stack:
    row_y: list[float]
    track_y: dict[tuple[int, tuple], float]
    bottom: float

    def y(self, where: tuple) -> float:
        if where[0] == "top":
            return self.row_y[where[1]]
        if where[0] == "bottom":
            return self.row_y[where[1]] + BOX_HEIGHT
        return self.track_y[(where[1], where[2])]


def _stack(row_count: int, spans: dict[int, dict[tuple, list[float]]]) -> _Stack:
    """The rows' y, each channel as tall as its tracks need."""
    row_y: list[float] = []
    track_y: dict[tuple[int, tuple], float] = {}
    y: float = MARGIN_Y
    for row in range(row_count):
        row_y.append(y)
        y += BOX_HEIGHT
        assigned, count = _tracks(spans.get(row, {}))
        height = 2 * _CHANNEL_PAD + (count - 1) * _TRACK_GAP if count else 0
        if row < row_count - 1:
            height = max(height, _ROW_GAP)
        first = y + (height - (count - 1) * _TRACK_GAP) / 2
        for key, index in assigned.items():
            track_y[(row, key)] = first + index * _TRACK_GAP
        y += height
    return _Stack(row_y, track_y, y)


# -- the SVG ------------------------------------------------------------------------------------


def _clean(text: object) -> str:
    """Text with the characters XML cannot hold taken out."""
    return _NOT_XML.sub("", str(text))


def _text(value: object) -> str:
    return html.escape(_clean(value), quote=False)


def _attr(value: object) -> str:
    return '"' + html.escape(_clean(value), quote=True) + '"'


def _n(value: float) -> str:
    value = round(value, 1)
    return str(int(value)) if value == int(value) else str(value)


def _safe_href(url: str) -> str:
    """The url when it is a web address or a relative one; "" for javascript: and the like."""
    url = _clean(url or "").strip()
    if not url or any(ord(c) < 0x21 or c == "\x7f" for c in url):
        return ""
    try:
        scheme = urlsplit(url).scheme.lower()
    except ValueError:
        return ""
    return url if scheme in ("", "http", "https") else ""


def _open_svg(width: float, height: float, title: str, description: str, prefix: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" role="group" '
        f'aria-labelledby="{prefix}-title {prefix}-desc" viewBox="0 0 {_n(width)} {_n(height)}" '
        f'width="100%" class="sg-chart" font-family="system-ui, sans-serif">\n'
        f'<title id="{prefix}-title">{_text(title)}</title>\n'
        f'<desc id="{prefix}-desc">{_text(description)}</desc>\n'
    )


def _node_svg(node: ChartNode, left: float, top: float) -> str:
    style = kind_style(node.kind)
    centre = _n(left + BOX_WIDTH / 2)
    room = BOX_WIDTH - 2 * _PADDING_X
    lines = wrap_label(node.label, max_em=room / _LABEL_SIZE)
    caption = wrap_label(style.caption, 40, 1, max_em=room / _CAPTION_SIZE)[0]
    first = top + _LABEL_TOP + (_LABEL_AREA - len(lines) * _LINE_HEIGHT) / 2 + _ASCENT
    tspans = "".join(
        f'<tspan x="{centre}" y="{_n(first + i * _LINE_HEIGHT)}">{_text(line)}</tspan>'
        for i, line in enumerate(lines)
    )
    href = _safe_href(node.url)
    underline = ' text-decoration="underline"' if href else ""
    body = (
        f"<title>{_text(node.label)}</title>"
        f'<rect class="sg-chart__box" x="{_n(left)}" y="{_n(top)}" width="{BOX_WIDTH}" '
        f'height="{BOX_HEIGHT}" rx="6" fill="{style.fill}" stroke="{style.stroke}" '
        f'stroke-width="1.5"/>'
        f'<text class="sg-chart__label" text-anchor="middle" font-size="{_LABEL_SIZE}" '
        f'font-weight="700" fill="{style.text}"{underline}>{tspans}</text>'
        f'<text class="sg-chart__kind" x="{centre}" y="{_n(top + _CAPTION_BASELINE)}" '
        f'text-anchor="middle" font-size="{_CAPTION_SIZE}" fill="{style.text}">'
        f"{_text(caption)}</text>"
    )
    if href:
        body = f'<a class="sg-chart__target" href={_attr(href)}>{body}</a>'
    return (f'<g class="sg-chart__node" data-node-id={_attr(node.id)} '
            f"data-kind={_attr(node.kind)}>{body}</g>\n")


def _link_svg(link: _Link, stack: _Stack, prefix: str) -> str:
    points: list[tuple[float, float]] = []
    for x, where in link.points:
        point = (x, stack.y(where))
        if not points or points[-1] != point:
            points.append(point)
    d = "M" + " L".join(f"{_n(x)} {_n(y)}" for x, y in points)
    dotted = (f' stroke-dasharray="6 4" marker-end="url(#{prefix}-arrow)"'
              if link.style == "dotted" else "")
    return (f'<path class="sg-chart__line sg-chart__line--{link.style}" '
            f"data-from={_attr(link.source)} data-to={_attr(link.target)} "
            f'd="{d}" fill="none" stroke="{LINE_COLOUR}" stroke-width="2"{dotted}/>\n')


def _legend_svg(styles: list[str], top: float, prefix: str) -> str:
    words = {"solid": "Solid line: reports to", "dotted": "Dotted line: feeds into"}
    parts = ['<g class="sg-chart__legend">']
    for i, style in enumerate(styles):
        y = top + i * _LEGEND_LINE
        dotted = (f' stroke-dasharray="6 4" marker-end="url(#{prefix}-arrow)"'
                  if style == "dotted" else "")
        parts.append(f'<path d="M{MARGIN_X} {_n(y)} L{MARGIN_X + 40} {_n(y)}" fill="none" '
                     f'stroke="{LINE_COLOUR}" stroke-width="2"{dotted}/>'
                     f'<text x="{MARGIN_X + 52}" y="{_n(y + 4)}" font-size="12" '
                     f'fill="{TEXT_COLOUR}">{words[style]}</text>')
    parts.append("</g>\n")
    return "".join(parts)


def _arrow_svg(prefix: str) -> str:
    return (f'<defs><marker id="{prefix}-arrow" viewBox="0 0 10 10" refX="10" refY="5" '
            f'markerWidth="10" markerHeight="10" markerUnits="userSpaceOnUse" orient="auto">'
            f'<path d="M0 0 L10 5 L0 10 z" fill="{LINE_COLOUR}"/></marker></defs>\n')


def _empty_svg(title: str, description: str, prefix: str) -> str:
    return (
        _open_svg(MIN_WIDTH, 64, title, description, prefix)
        + f'<rect x="1" y="1" width="{MIN_WIDTH - 2}" height="62" rx="6" fill="#f3f2f1" '
        f'stroke="{_BORDER}"/>\n'
        f'<text x="{MIN_WIDTH // 2}" y="37" text-anchor="middle" font-size="16" '
        f'fill="{TEXT_COLOUR}">No groups yet</text>\n</svg>\n'
    )


def _route(tree: _Tree, rows: list[list[int]]) -> _Router:
    """Lay out the boxes and route the lines; if lines have to share a lane (they go round the
    sides when the rows' gaps do not line up), widen the margins and try again."""
    margin = MARGIN_X
    for _ in range(_WIDENINGS):
        width = _chart_width(rows, margin)
        router = _Router(rows, _place(rows, tree.parent, width, margin), width)
        router.solid(tree)
        router.dotted(tree)
        if not router.crowded:
            break
        margin += 2 * _LANE_SPACING
    return router


def structure_svg(nodes: Iterable[ChartNode], *, title: str, description: str,
                  id_prefix: str = "chart") -> str:
    """The chart as an SVG document (a string ready to put in a page with |safe).

    ``title`` and ``description`` become its <title> and <desc>, which name it for screen
    readers; their ids are ``{id_prefix}-title`` and ``{id_prefix}-desc`` (and the dotted lines'
    arrowhead is ``{id_prefix}-arrow``), so give each chart on a page its own prefix.
    """
    if not _PREFIX.fullmatch(id_prefix):
        raise ValueError(f"id_prefix must be a letter then letters, digits, - or _: {id_prefix!r}")
    nodes = list(nodes)
    if not nodes:
        return _empty_svg(title, description, id_prefix)
    tree = _tree(nodes)
    rows = _rows(_bands(tree), tree.parent)
    router = _route(tree, rows)
    stack = _stack(len(rows), router.spans)
    styles = [s for s in ("solid", "dotted") if any(link.style == s for link in router.links)]
    legend_top = stack.bottom + 24  # the first legend line's y
    height = legend_top + (len(styles) - 1) * _LEGEND_LINE + 8 + MARGIN_Y if styles else (
        stack.bottom + MARGIN_Y)
    parts = [_open_svg(router.width, height, title, description, id_prefix)]
    if "dotted" in styles:
        parts.append(_arrow_svg(id_prefix))
    parts.append('<g class="sg-chart__lines">\n')
    parts.extend(_link_svg(link, stack, id_prefix) for link in router.links)
    parts.append('</g>\n<g class="sg-chart__nodes">\n')
    parts.extend(_node_svg(tree.nodes[node_id], router.left_of[node_id], stack.row_y[r])
                 for r, row in enumerate(rows) for node_id in row)
    parts.append("</g>\n")
    if styles:
        parts.append(_legend_svg(styles, legend_top, id_prefix))
    parts.append("</svg>\n")
    return "".join(parts)


def text_alternative(nodes: Iterable[ChartNode]) -> list[dict]:
    """The chart's tree in words: for each root, in input order,
    ``{"node": ChartNode, "children": [same shape...], "feeds_into": ChartNode | None}``."""
    tree = _tree(list(nodes))

    def branch(node_id: int) -> dict:
        feeds = tree.feeds.get(node_id)
        return {
            "node": tree.nodes[node_id],
            "children": [branch(child) for child in tree.children[node_id]],
            "feeds_into": tree.nodes[feeds] if feeds is not None else None,
        }

    return [branch(root) for root in tree.roots]

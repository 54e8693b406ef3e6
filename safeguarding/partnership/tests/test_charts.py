"""The structure chart's SVG: well-formed, safe under the site's CSP, readable, and the same
every time. No database: charts.py takes plain data."""

import re
import xml.etree.ElementTree as ET

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from safeguarding.partnership import charts
from safeguarding.partnership.charts import ChartNode, structure_svg, text_alternative

SVG = "{http://www.w3.org/2000/svg}"
EDGE = 0.5  # a line may touch a box's edge, never cross into it


def llr_nodes() -> list[ChartNode]:
    """Leicester, Leicestershire and Rutland: one executive over two partnerships, a shared
    Planning and Delivery Group with nine subgroups, and an Operational Group whose dotted line
    feeds the Performance Group."""
    n = ChartNode
    return [
        n(1, "LLR Meeting of Safeguarding Partners", "executive", None, url="/groups/1/"),
        n(2, "Leicestershire and Rutland Safeguarding Children Partnership",
          "partnership_meeting", 1, url="/groups/2/"),
        n(3, "Leicester Safeguarding Children Partnership", "partnership_meeting", 1),
        n(4, "Planning and Delivery Group", "subgroup", 2, dotted_to_id=3),
        n(5, "LRSCP Case Review Group", "panel", 4),
        n(6, "LSCP Case Review Group", "panel", 4),
        n(7, "Policy and Procedures Group", "subgroup", 4),
        n(8, "Performance Group", "subgroup", 4),
        n(9, "Audit Group", "subgroup", 4),
        n(10, "Learning and Development Group", "subgroup", 4),
        n(11, "Education Safeguarding Group", "subgroup", 4),
        n(12, "Voluntary and Community Sector Forum", "forum", 4),
        n(13, "Communication and Engagement Group", "subgroup", 4),
        n(14, "LLR Operational Group", "reference_group", None, dotted_to_id=8),
    ]


def render(nodes, **kwargs) -> str:
    kwargs.setdefault("title", "Structure of the partnership")
    kwargs.setdefault("description", "Each box is a group.")
    return structure_svg(nodes, **kwargs)


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # raises on anything not well-formed


def boxes(root: ET.Element) -> list[tuple[float, float, float, float]]:
    return [tuple(float(rect.get(a)) for a in ("x", "y", "width", "height"))
            for rect in root.iter(f"{SVG}rect") if rect.get("class") == "sg-chart__box"]


def lines(root: ET.Element, style: str) -> list[ET.Element]:
    return [path for path in root.iter(f"{SVG}path")
            if path.get("class") == f"sg-chart__line sg-chart__line--{style}"]


def points(path: ET.Element) -> list[tuple[float, float]]:
    numbers = [float(v) for v in re.findall(r"-?\d+(?:\.\d+)?", path.get("d"))]
    return list(zip(numbers[::2], numbers[1::2], strict=True))


def view_box(root: ET.Element) -> tuple[float, ...]:
    return tuple(float(v) for v in root.get("viewBox").split())


def label_of(root: ET.Element, node_id) -> ET.Element:
    node = next(g for g in root.iter(f"{SVG}g") if g.get("data-node-id") == str(node_id))
    return next(t for t in node.iter(f"{SVG}text") if t.get("class") == "sg-chart__label")


def assert_tidy(svg: str, nodes: list[ChartNode]) -> None:
    """Boxes apart and inside the picture, at most five a row; no line through a box, and no
    two groups' lines along the same stretch (lines from one parent may share theirs)."""
    root = parse(svg)
    drawn = boxes(root)
    assert len(drawn) == len(nodes)
    _, _, width, height = view_box(root)
    for x, y, w, h in drawn:
        assert x >= 0 and x + w <= width and y >= 0 and y + h <= height
    for i, a in enumerate(drawn):
        for b in drawn[i + 1:]:
            assert not overlap(a, b), (a, b)
    rows: dict[float, int] = {}
    for _, y, _, _ in drawn:
        rows[y] = rows.get(y, 0) + 1
    assert max(rows.values()) <= charts.MAX_COLUMNS
    segments = []
    for path in lines(root, "solid") + lines(root, "dotted"):
        route = points(path)
        for start, end in zip(route, route[1:], strict=False):
            assert start[0] == end[0] or start[1] == end[1], "connectors are elbows"
            for box in drawn:
                assert not crosses(start, end, box), (path.get("data-from"), box)
            segments.append(((path.get("class"), path.get("data-from")), start, end))
    for i, (group, start, end) in enumerate(segments):
        for other, start_2, end_2 in segments[i + 1:]:
            assert group == other or not collinear_overlap(start, end, start_2, end_2), (
                group, other, start, end)


def collinear_overlap(a, b, c, d) -> bool:
    """Whether two upright or level segments run along the same stretch."""
    for along, across in ((1, 0), (0, 1)):
        if a[across] == b[across] == c[across] == d[across]:
            low = max(min(a[along], b[along]), min(c[along], d[along]))
            high = min(max(a[along], b[along]), max(c[along], d[along]))
            if high - low > 1:
                return True
    return False


def overlap(a, b) -> bool:
    return a[0] < b[0] + b[2] and b[0] < a[0] + a[2] and a[1] < b[1] + b[3] and b[1] < a[1] + a[3]


def crosses(start, end, box) -> bool:
    x, y, w, h = box
    left, right = sorted((start[0], end[0]))
    top, bottom = sorted((start[1], end[1]))
    return (left < x + w - EDGE and right > x + EDGE
            and top < y + h - EDGE and bottom > y + EDGE)


# -- the LLR example ------------------------------------------------------------------------------


def test_llr_chart_is_a_well_formed_accessible_svg():
    root = parse(render(llr_nodes(), title="Structure of the LLR partnerships",
                        description="Groups and who they report to."))
    assert root.tag == f"{SVG}svg"
    # A group, not an image: its boxes are links a screen reader must be able to reach.
    assert root.get("role") == "group"
    assert root.get("aria-labelledby") == "chart-title chart-desc"
    assert root.get("width") == "100%"
    assert root.get("font-family") == "system-ui, sans-serif"
    assert re.fullmatch(r"0 0 \d+(\.\d)? \d+(\.\d)?", root.get("viewBox"))
    title, desc = list(root)[:2]
    assert (title.tag, title.get("id"), title.text) == (
        f"{SVG}title", "chart-title", "Structure of the LLR partnerships")
    assert (desc.tag, desc.get("id"), desc.text) == (
        f"{SVG}desc", "chart-desc", "Groups and who they report to.")


def test_llr_chart_draws_a_box_per_group_and_a_line_per_link():
    nodes = llr_nodes()
    root = parse(render(nodes))
    assert len(boxes(root)) == len(nodes) == 14
    solid = {(p.get("data-from"), p.get("data-to")) for p in lines(root, "solid")}
    assert len(lines(root, "solid")) == len(solid)
    assert solid == {(str(n.parent_id), str(n.id)) for n in nodes if n.parent_id}
    dotted = lines(root, "dotted")
    assert {(p.get("data-from"), p.get("data-to")) for p in dotted} == {("4", "3"), ("14", "8")}
    assert all(p.get("stroke-dasharray") for p in dotted)
    assert not any(p.get("stroke-dasharray") for p in lines(root, "solid"))
    assert all(p.get("marker-end") == "url(#chart-arrow)" for p in dotted)
    assert root.find(f".//{SVG}marker[@id='chart-arrow']") is not None


def test_llr_chart_labels_kinds_and_links():
    nodes = llr_nodes()
    root = parse(render(nodes))
    for node in nodes:
        assert " ".join(label_of(root, node.id).itertext()) == node.label
    captions = [t.text for t in root.iter(f"{SVG}text") if t.get("class") == "sg-chart__kind"]
    assert captions.count("Subgroup") == 7 and captions.count("Panel") == 2
    assert {"Executive", "Partnership meeting", "Forum", "Reference group"} <= set(captions)
    hrefs = [a.get("href") for a in root.iter(f"{SVG}a")]
    assert hrefs == ["/groups/1/", "/groups/2/"]


def test_llr_chart_is_tidy():
    assert_tidy(render(llr_nodes()), llr_nodes())


def test_llr_dotted_lines_meet_their_boxes():
    root = parse(render(llr_nodes()))
    placed = {g.get("data-node-id"): tuple(float(g.find(f".//{SVG}rect").get(a))
                                           for a in ("x", "y", "width", "height"))
              for g in root.iter(f"{SVG}g") if g.get("data-node-id")}
    for path in lines(root, "dotted"):
        route = points(path)
        sx, sy, sw, sh = placed[path.get("data-from")]
        tx, ty, tw, th = placed[path.get("data-to")]
        assert sx < route[0][0] < sx + sw and route[0][1] in (sy, sy + sh)
        assert tx < route[-1][0] < tx + tw and route[-1][1] in (ty, ty + th)


# -- layout -------------------------------------------------------------------------------------


def test_never_more_than_five_boxes_across():
    nodes = [ChartNode(i, f"Root {i}", "forum", None) for i in range(1, 8)]
    nodes += [ChartNode(100 + i, f"Subgroup {i}", "subgroup", 1) for i in range(23)]
    nodes += [ChartNode(200 + i, f"Panel {i}", "panel", 7) for i in range(3)]
    root = parse(render(nodes))
    drawn = boxes(root)
    per_row: dict[float, list[float]] = {}
    for x, y, _, _ in drawn:
        per_row.setdefault(y, []).append(x)
    assert max(len(xs) for xs in per_row.values()) == 5
    assert len(per_row) == 2 + 5 + 1  # 7 roots, 23 subgroups, then 3 panels
    widest = 5 * charts.BOX_WIDTH + 4 * charts.GAP_X + 2 * charts.MARGIN_X
    assert view_box(root)[2] <= widest
    assert max(x + w for x, _, w, _ in drawn) <= widest - charts.MARGIN_X
    assert_tidy(render(nodes), nodes)


def test_a_family_too_wide_for_a_row_is_split_evenly():
    nodes = [ChartNode(0, "Executive", "executive", None)]
    nodes += [ChartNode(i, f"Subgroup {i}", "subgroup", 0) for i in range(1, 10)]
    per_row: dict[float, int] = {}
    for _, y, _, _ in boxes(parse(render(nodes))):
        per_row[y] = per_row.get(y, 0) + 1
    assert [count for _, count in sorted(per_row.items())] == [1, 5, 4]


def test_children_sit_in_rows_below_their_parents():
    nodes = llr_nodes()
    root = parse(render(nodes))
    top = {g.get("data-node-id"): float(g.find(f".//{SVG}rect").get("y"))
           for g in root.iter(f"{SVG}g") if g.get("data-node-id")}
    for node in nodes:
        if node.parent_id:
            assert top[str(node.id)] > top[str(node.parent_id)]


def test_same_input_same_output():
    assert render(llr_nodes()) == render(llr_nodes())
    assert render(list(reversed(llr_nodes()))) == render(list(reversed(llr_nodes())))


def test_a_parent_not_charted_makes_a_root_and_a_loop_is_broken():
    nodes = [
        ChartNode(1, "Reports outside the chart", "subgroup", 99),
        ChartNode(2, "Loop A", "panel", 3),
        ChartNode(3, "Loop B", "panel", 2),
        ChartNode(4, "Own parent", "forum", 4, dotted_to_id=4),
    ]
    svg = render(nodes)
    assert_tidy(svg, nodes)
    assert [branch["node"].id for branch in text_alternative(nodes)] == [1, 2, 4]
    assert len(lines(parse(svg), "solid")) == 1  # Loop A to Loop B; the loop's other link cut
    assert not lines(parse(svg), "dotted")


def test_two_nodes_with_one_id_are_refused():
    with pytest.raises(ValueError, match="share the id"):
        render([ChartNode(1, "A", "panel", None), ChartNode(1, "B", "panel", None)])


def test_dotted_lines_in_every_direction():
    nodes = [
        ChartNode(1, "Executive", "executive", None),
        ChartNode(2, "Left", "subgroup", 1, dotted_to_id=3),  # same row
        ChartNode(3, "Right", "subgroup", 1, dotted_to_id=1),  # up
        ChartNode(4, "Deep", "panel", 2, dotted_to_id=2),  # up one row
        ChartNode(5, "Other root", "forum", None, dotted_to_id=4),  # down two rows
    ]
    svg = render(nodes)
    assert len(lines(parse(svg), "dotted")) == 4
    assert_tidy(svg, nodes)


# -- safety -------------------------------------------------------------------------------------


def test_labels_are_escaped_not_markup():
    nodes = [ChartNode(1, "<script>alert(1)</script> & Co", "subgroup", None,
                       url='/groups/1/?a=1&b="2"')]
    svg = render(nodes, title="A & B <Partnership>", description='"Quoted" & <b>bold</b>')
    root = parse(svg)
    assert root.find(f".//{SVG}script") is None and "<script" not in svg
    assert "&lt;script&gt;" in svg and "&amp; Co" in svg
    text = "".join(label_of(root, 1).itertext())
    assert "<script>alert(1)" in text and "& Co" in text
    assert root.find(f"{SVG}title").text == "A & B <Partnership>"
    assert root.find(f"{SVG}desc").text == '"Quoted" & <b>bold</b>'
    assert root.find(f".//{SVG}a").get("href") == '/groups/1/?a=1&b="2"'


def test_characters_xml_cannot_hold_are_dropped():
    root = parse(render([ChartNode(1, "Bell\x07 and\x00 nul", "panel", None)],
                        title="Ti\x0ctle", description="D\x1besc"))
    assert " ".join(label_of(root, 1).itertext()) == "Bell and nul"
    assert root.find(f"{SVG}title").text == "Title"


@pytest.mark.parametrize("url", ["javascript:alert(1)", " JavaScript:alert(1)",
                                 "java\tscript:alert(1)", "data:text/html,<b>x</b>",
                                 "vbscript:x"])
def test_links_only_to_web_addresses(url):
    root = parse(render([ChartNode(1, "Group", "panel", None, url=url)]))
    assert root.find(f".//{SVG}a") is None


@pytest.mark.parametrize("url", ["/groups/1/", "https://example.org/x", "#top", "detail/"])
def test_web_addresses_are_links(url):
    root = parse(render([ChartNode(1, "Group", "panel", None, url=url)]))
    link = root.find(f".//{SVG}a")
    assert link.get("href") == url
    assert label_of(root, 1).get("text-decoration") == "underline"


def test_nothing_the_content_security_policy_would_block():
    nodes = llr_nodes()
    svg = render(nodes)
    assert "style=" not in svg
    for element in parse(svg).iter():
        tag = element.tag.removeprefix(SVG)
        assert tag not in {"script", "style", "foreignObject", "image", "use", "iframe"}
        assert "style" not in element.attrib
        assert not any(name.lower().startswith("on") for name in element.attrib)
        for name, value in element.attrib.items():
            if "url(" in value:
                assert re.fullmatch(r"url\(#[\w-]+\)", value), (name, value)
    external = re.findall(r"https?://[^\s\"']+", svg)
    assert external == ["http://www.w3.org/2000/svg"]  # the namespace, not a fetch


def test_id_prefix_keeps_two_charts_apart():
    root = parse(render(llr_nodes(), id_prefix="llr-structure"))
    assert root.get("aria-labelledby") == "llr-structure-title llr-structure-desc"
    ids = [element.get("id") for element in root.iter() if element.get("id")]
    assert ids == ["llr-structure-title", "llr-structure-desc", "llr-structure-arrow"]
    assert all(p.get("marker-end") == "url(#llr-structure-arrow)"
               for p in lines(root, "dotted"))
    for prefix in ("", "1chart", 'a"b', "a b"):
        with pytest.raises(ValueError, match="id_prefix"):
            render(llr_nodes(), id_prefix=prefix)


def test_no_groups_yet():
    svg = render([], id_prefix="empty")
    root = parse(svg)
    assert root.get("role") == "group" and root.get("aria-labelledby") == "empty-title empty-desc"
    assert [child.tag for child in root][:2] == [f"{SVG}title", f"{SVG}desc"]
    assert "No groups yet" in "".join(root.itertext())
    assert not boxes(root)


# -- words --------------------------------------------------------------------------------------


def test_long_labels_wrap_onto_three_lines_at_most():
    label = ("The Leicestershire and Rutland Safeguarding Children Partnership Joint Strategic "
             "Planning, Delivery, Quality Assurance and Performance Management Group")
    root = parse(render([ChartNode(1, label, "subgroup", None)]))
    text = label_of(root, 1)
    tspans = text.findall(f"{SVG}tspan")
    assert 1 < len(tspans) <= 3
    assert all(len(t.text) <= charts.WRAP_CHARS for t in tspans)
    assert tspans[-1].text.endswith("…")
    assert root.find(f".//{SVG}g/{SVG}title").text == label  # the whole label on hover
    short = label_of(parse(render([ChartNode(1, "Audit Group", "subgroup", None)])), 1)
    assert [t.text for t in short.findall(f"{SVG}tspan")] == ["Audit Group"]


def test_wrap_label():
    assert charts.wrap_label("Planning and Delivery Group") == ["Planning and Delivery", "Group"]
    assert charts.wrap_label("") == [""]
    assert charts.wrap_label("A" * 30) == ["A" * 24, "A" * 6]
    lines_ = charts.wrap_label("word " * 40)
    assert len(lines_) == 3 and lines_[-1].endswith("…") and len(lines_[-1]) <= 24
    assert charts.wrap_label("one two three four", width=8, max_lines=1) == ["one two…"]


def test_labels_fit_their_boxes_even_in_a_wide_fallback_font():
    room = (charts.BOX_WIDTH - 16) / 13  # ems of 13px bold across a box, less padding
    for node in llr_nodes():
        for line in charts.wrap_label(node.label, max_em=room):
            assert charts.text_em(line) <= room
    root = parse(render([ChartNode(1, "WWWWWWWWWWWWWWWWWWWWWWWW", "panel", None)]))
    assert all(charts.text_em(t.text) <= room for t in label_of(root, 1))


def test_text_alternative_nests_the_same_tree():
    nodes = llr_nodes()
    tree = text_alternative(nodes)
    assert [branch["node"].id for branch in tree] == [1, 14]  # roots in input order
    executive, operational = tree
    assert operational["children"] == [] and operational["feeds_into"].id == 8
    assert [b["node"].id for b in executive["children"]] == [2, 3]
    planning = executive["children"][0]["children"][0]
    assert planning["node"].label == "Planning and Delivery Group"
    assert planning["feeds_into"].id == 3
    assert [b["node"].id for b in planning["children"]] == list(range(5, 14))
    assert all(b["children"] == [] and b["feeds_into"] is None for b in planning["children"])
    assert executive["children"][1]["children"] == []


def test_text_alternative_keeps_input_order_and_ignores_unknown_links():
    nodes = [ChartNode(3, "C", "panel", None), ChartNode(1, "A", "panel", None, dotted_to_id=9),
             ChartNode(2, "B", "panel", 3), ChartNode(4, "D", "panel", 3)]
    tree = text_alternative(nodes)
    assert [b["node"].label for b in tree] == ["C", "A"]
    assert [b["node"].label for b in tree[0]["children"]] == ["B", "D"]
    assert tree[1]["feeds_into"] is None
    assert text_alternative([]) == []


# -- colour ---------------------------------------------------------------------------------------


def luminance(colour: str) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(a: str, b: str) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.mark.parametrize("kind", [*charts.KIND_STYLES, "something_new"])
def test_text_on_every_box_meets_wcag_aa(kind):
    style = charts.kind_style(kind)
    assert contrast(style.text, style.fill) >= 4.5
    assert max(contrast(style.stroke, "#ffffff"), contrast(style.fill, "#ffffff")) >= 3
    assert style.caption


def test_lines_and_legend_contrast_with_the_page():
    assert contrast(charts.LINE_COLOUR, "#ffffff") >= 4.5
    assert contrast(charts.TEXT_COLOUR, "#ffffff") >= 4.5


# -- any forest ---------------------------------------------------------------------------------


@st.composite
def forests(draw):
    count = draw(st.integers(min_value=1, max_value=24))
    kinds = st.sampled_from([*charts.KIND_STYLES, "other"])
    nodes = []
    for i in range(count):
        parent = draw(st.one_of(st.none(), st.integers(0, i - 1))) if i else None
        dotted = draw(st.one_of(st.none(), st.integers(0, count - 1)))
        label = draw(st.text(min_size=0, max_size=70))
        nodes.append(ChartNode(i, label, draw(kinds), parent, dotted))
    return nodes


@settings(max_examples=60, deadline=None)
@given(forests())
def test_any_forest_draws_tidily(nodes):
    svg = render(nodes)
    assert svg == render(nodes)
    assert_tidy(svg, nodes)
    root = parse(svg)
    assert len(lines(root, "solid")) == sum(n.parent_id is not None for n in nodes)
    assert len(lines(root, "dotted")) == sum(
        n.dotted_to_id is not None and n.dotted_to_id != n.id for n in nodes)
    assert all(len(label_of(root, n.id).findall(f"{SVG}tspan")) <= 3 for n in nodes)

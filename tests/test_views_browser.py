"""Views in a real browser: Debian's chromium, headless, driven by playwright.

Each page must load with no console error, make no request beyond its own file,
draw as many nodes as its scene holds, list the labels present in its legend and
keep markup from the data inert (tooltip, details panel, search). A screenshot of
each view kind is saved in tests/artifacts/views/ for a person to look at.

Skipped with a reason when chromium or playwright is missing, except under CI=true.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from browser import assert_clean, drawn_nodes, evaluate, open_page
from helpers import ROOT, XSS, catalogue, synthetic_graph, xss_graph

from chainkg.graph.io.nodelink import read_graph_json
from chainkg.graph.views import GraphIndex, make_scene, write_view
from chainkg.graph.views.page import write_page

ARTIFACTS = ROOT / "tests" / "artifacts" / "views"
KINDS = {
    "overview": {},
    "chain": {"chain": "工程机械"},
    "ego": {"node": "中联重科", "depth": 2},
    "gaps": {},
}


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_each_view_loads_offline_and_draws_its_scene(browser, built_example: Path, tmp_path: Path, kind: str) -> None:
    kg = read_graph_json(built_example / "graph.json")
    scene = make_scene(kg, kind, **KINDS[kind])
    path = write_page(scene, tmp_path / f"{kind}.html")
    watched = open_page(browser, path)
    assert_clean(watched)
    assert drawn_nodes(watched) == len(scene.nodes)
    if kind == "overview":
        assert drawn_nodes(watched) == len(kg)
    present = [node.label for node in scene.nodes.values() if node.kind == "node"]
    legend = evaluate(watched, "Array.from(document.querySelectorAll('#legend input')).map(i => i.dataset.label)")
    assert sorted(legend) == sorted(set(present))
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    watched.page.screenshot(path=str(ARTIFACTS / f"{kind}.png"))
    print(f"screenshot: {ARTIFACTS / f'{kind}.png'}")
    watched.page.context.close()


def test_the_build_pages_open_offline(browser, built_example: Path) -> None:
    for path in [built_example / "view.html", *sorted((built_example / "views").iterdir())]:
        watched = open_page(browser, path)
        assert_clean(watched)
        assert drawn_nodes(watched) > 0
        watched.page.context.close()


def node_on_screen(watched, kg_id: str) -> tuple[float, float, int]:
    """Viewport coordinates of a node (and its vis id), scrolled into the middle of the canvas."""
    vis_id, x, y = evaluate(
        watched,
        f"""(() => {{
        const v = window.chainkgView; const n = v.nodes.get({{filter: n => n.kg_id === {kg_id!r}}})[0];
        v.network.focus(n.id, {{scale: 1.5, animation: false}}); v.network.redraw();
        const p = v.network.canvasToDOM(v.network.getPositions([n.id])[n.id]);
        const box = document.getElementById('network').getBoundingClientRect();
        return [n.id, p.x + box.left, p.y + box.top]; }})()""",
    )
    return x, y, vis_id


@pytest.mark.parametrize("kind", ["overview", "chain", "ego", "gaps"])
def test_markup_in_the_data_stays_text_in_tooltip_panel_and_search(browser, tmp_path: Path, kind: str) -> None:
    kg = xss_graph()
    path = write_view(kg, kind, tmp_path / f"xss-{kind}.html", chain=f"链{XSS}", node=XSS)
    watched = open_page(browser, path)
    firm = kg.resolve("Enterprise", XSS)
    x, y, _ = node_on_screen(watched, firm)
    watched.page.mouse.move(x, y)
    tooltip = watched.page.wait_for_selector("div.vis-tooltip", state="visible", timeout=5000)
    assert XSS in tooltip.inner_text() and "<script>alert(3)</script>" in tooltip.inner_text()
    watched.page.mouse.click(x, y)
    assert XSS in watched.page.inner_text("#details-text")
    watched.page.fill("#search", "<b>bold</b>")  # an alias
    watched.page.press("#search", "Enter")
    assert XSS in watched.page.inner_text("#details-text")
    assert evaluate(watched, "document.querySelectorAll('img, svg foreignObject, iframe, b, i, a[href]').length") == 0
    assert evaluate(watched, "typeof window.__xss") == "undefined"
    assert_clean(watched)
    watched.page.context.close()


def test_search_jumps_to_a_node_by_alias_and_the_legend_filters_by_label(
    browser, built_example: Path, tmp_path: Path
) -> None:
    kg = read_graph_json(built_example / "graph.json")
    watched = open_page(browser, write_view(kg, "overview", tmp_path / "overview.html"))
    watched.page.fill("#search", "Zoomlion")
    watched.page.press("#search", "Enter")
    assert evaluate(
        watched, "window.chainkgView.network.getSelectedNodes().map(id => window.chainkgView.nodes.get(id).kg_id)"
    ) == ["Enterprise:中联重科"]
    assert watched.page.inner_text("#details-text").startswith("中联重科 · Enterprise")
    watched.page.fill("#search", "no such thing")
    watched.page.press("#search", "Enter")
    assert watched.page.inner_text("#search-status") == "not found"
    watched.page.uncheck("#legend input[data-label='Enterprise']")
    hidden = evaluate(watched, "window.chainkgView.nodes.get({filter: n => n.hidden}).map(n => n.group)")
    assert hidden and set(hidden) == {"Enterprise"} and len(hidden) == kg.counts()["labels"]["Enterprise"]
    watched.page.check("#legend input[data-label='Enterprise']")
    assert evaluate(watched, "window.chainkgView.nodes.get({filter: n => n.hidden}).length") == 0
    assert_clean(watched)
    watched.page.context.close()


def test_a_large_overview_draws_without_physics_and_a_folded_one_says_so(browser, tmp_path: Path) -> None:
    kg = synthetic_graph(enterprises=1880, supplies=940, products=200, chains=8)
    index = GraphIndex(kg)
    watched = open_page(browser, write_page(make_scene(index, "overview"), tmp_path / "large.html"))
    assert drawn_nodes(watched) == len(kg) == 2088
    assert evaluate(watched, "window.chainkgView.view.physics") is False
    assert_clean(watched)
    watched.page.screenshot(path=str(ARTIFACTS / "overview-2088.png"))
    watched.page.context.close()
    folded = make_scene(index, "overview", max_nodes=600)
    watched = open_page(browser, write_page(folded, tmp_path / "folded.html"))
    assert drawn_nodes(watched) == len(folded.nodes)
    assert watched.page.inner_text("#notes").startswith("Showing 600 of 2,088 nodes")
    assert_clean(watched)
    watched.page.context.close()


def test_pages_use_a_chinese_capable_font_stack(browser, built_example: Path, tmp_path: Path) -> None:
    kg = read_graph_json(built_example / "graph.json")
    watched = open_page(browser, write_view(kg, "chain", tmp_path / "chain.html", chain="工程机械"))
    family = evaluate(watched, "getComputedStyle(document.body).fontFamily")
    assert family.startswith('"Noto Sans CJK SC"') and "Microsoft YaHei" in family and "PingFang SC" in family
    assert evaluate(watched, "window.chainkgView.network.body.nodes[0].options.font.face").startswith(
        '"Noto Sans CJK SC"'
    )
    watched.page.context.close()


def test_gap_slots_and_bottlenecks_are_drawn_dashed_red(browser, built_example: Path, tmp_path: Path) -> None:
    kg = read_graph_json(built_example / "graph.json")
    watched = open_page(browser, write_view(kg, "chain", tmp_path / "chain.html", chain="工程机械"))
    drawn = evaluate(
        watched,
        """(() => { const v = window.chainkgView; return v.nodes.get({filter: n => n.kind === 'slot' || n.kg_id === 'Technology:大排量高压柱塞泵'})
        .map(n => { const o = v.network.body.nodes[n.id].options; return [n.kind, o.color.background, o.color.border, o.shapeProperties.borderDashes]; }); })()""",
    )
    assert (
        sorted(drawn) == [["node", "#edc948", "#d62728", [6, 4]]] + [["slot", "#ffffff", "#d62728", [6, 4]]] * 2
    )  # 回转支承, 橡塑密封件
    watched.page.context.close()


def test_a_folded_gaps_page_at_scale_opens_offline_and_draws_its_scene(browser, tmp_path: Path) -> None:

    scene = make_scene(catalogue(chains=4, products=450, narrower=1), "gaps", max_nodes=1_200)
    assert scene.graph_node_count() == 1_200 and any(node.kind == "aggregate" for node in scene.nodes.values())
    watched = open_page(browser, write_page(scene, tmp_path / "gaps-folded.html"))
    assert_clean(watched)
    assert drawn_nodes(watched) == len(scene.nodes)
    assert "products with no source: the rest are folded" in watched.page.inner_text("body")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    watched.page.screenshot(path=str(ARTIFACTS / "gaps-folded.png"))
    watched.page.context.close()

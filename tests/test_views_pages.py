"""A build's pages together, in headless Chromium: physics that stops, the index and the links
between pages, one shared copy of vis-network (and a lone page that still stands alone),
captions that never overlap at scale, the edge legend, and the interface in Chinese and English.

Screenshots of the overview, a chain page and the gaps page of the example are saved as
tests/artifacts/views-*.png.
"""

from __future__ import annotations

import itertools
import shutil
import time
from pathlib import Path

import pytest
from browser import assert_clean, drawn_nodes, evaluate, open_page
from helpers import ROOT, XSS, catalogue, synthetic_graph, xss_graph

from chainkg.graph.io.nodelink import read_graph_json
from chainkg.graph.model import KnowledgeGraph
from chainkg.graph.schema import SCHEMA
from chainkg.graph.views import GraphIndex, make_scene, write_view
from chainkg.graph.views.page import write_page
from chainkg.graph.views.style import EDGE_COLORS

ARTIFACTS = ROOT / "tests" / "artifacts"


def positions(watched) -> dict[str, tuple[float, float]]:
    return {k: (v["x"], v["y"]) for k, v in evaluate(watched, "window.chainkgView.network.getPositions()").items()}


def most_moved(before: dict, after: dict) -> float:
    return max(abs(before[k][0] - after[k][0]) + abs(before[k][1] - after[k][1]) for k in before)


@pytest.mark.parametrize(("kind", "options"), [("overview", {}), ("ego", {"node": "中联重科", "depth": 2})])
def test_a_page_with_physics_settles_and_then_stays_still(
    browser, built_example: Path, tmp_path: Path, kind: str, options: dict
) -> None:
    kg = read_graph_json(built_example / "graph.json")
    scene = make_scene(kg, kind, **options)
    assert scene.physics  # small enough to settle in the browser
    started = time.perf_counter()
    watched = open_page(browser, write_page(scene, tmp_path / f"{kind}.html"))
    assert time.perf_counter() - started < 10  # stabilised, drawn and ready within seconds
    assert evaluate(watched, "window.chainkgView.settled") is True
    assert evaluate(watched, "window.chainkgView.network.physics.physicsEnabled") is False
    first = positions(watched)
    time.sleep(1.5)
    second = positions(watched)
    time.sleep(3.0)
    assert (
        most_moved(first, second) == 0 and most_moved(second, positions(watched)) == 0
    )  # it used to drift ~300 px every 5 s
    assert_clean(watched)
    watched.page.context.close()


def test_the_index_links_every_page_and_each_page_opens_offline_and_links_back(browser, built_example: Path) -> None:
    watched = open_page(browser, built_example / "index.html")
    hrefs = evaluate(watched, "Array.from(document.querySelectorAll('main a[href]')).map(a => a.getAttribute('href'))")
    written = sorted(
        str(p.relative_to(built_example)) for p in [built_example / "view.html", *(built_example / "views").iterdir()]
    )
    assert sorted(hrefs) == written
    assert_clean(watched)
    page = watched.page
    for href in hrefs:
        page.goto((built_example / href).resolve().as_uri())
        page.wait_for_selector("body[data-ready='1']", state="attached", timeout=30_000)
        assert evaluate(watched, "Object.keys(window.chainkgView.network.body.nodes).length") > 0
        page.click("#home")
        page.wait_for_url("**/index.html")
    assert watched.errors == [] and watched.outside == [] and watched.dialogs == []
    assert all(url.startswith("file:") for url in watched.requests)
    shared = [url for url in watched.requests if url.endswith("vis-network-9.1.2.min.js")]
    assert (
        len(shared) == len(hrefs) and len({url.replace("/views/../", "/") for url in shared}) == 1
    )  # one copy for all
    page.context.close()


def test_a_double_click_on_a_chain_opens_its_page(browser, built_example: Path) -> None:
    watched = open_page(browser, built_example / "view.html")
    page = watched.page
    x, y = evaluate(
        watched,
        """(() => { const v = window.chainkgView; const n = v.nodes.get({filter: n => n.kg_id === 'Chain:工程机械'})[0];
        v.network.focus(n.id, {scale: 1.5, animation: false}); v.network.redraw();
        const p = v.network.canvasToDOM(v.network.getPositions([n.id])[n.id]); const box = document.getElementById('network').getBoundingClientRect();
        return [p.x + box.left, p.y + box.top]; })()""",
    )
    page.mouse.dblclick(x, y)
    page.wait_for_url("**/views/chain-*.html", timeout=10_000)
    page.wait_for_selector("body[data-ready='1']", state="attached", timeout=30_000)
    assert page.url.endswith("/views/chain-%E5%B7%A5%E7%A8%8B%E6%9C%BA%E6%A2%B0.html")  # 工程机械
    assert evaluate(watched, "window.chainkgView.view.kind") == "chain"
    assert watched.errors == [] and watched.outside == []
    page.context.close()


def test_a_lone_page_and_a_page_in_a_build_folder_both_open_with_no_request_beyond_the_files(
    browser, built_example: Path, tmp_path: Path
) -> None:
    kg = read_graph_json(built_example / "graph.json")
    lone = write_view(kg, "chain", tmp_path / "lone" / "chain.html", chain="工程机械")
    build = tmp_path / "build"
    shutil.copytree(built_example, build, ignore=shutil.ignore_patterns("db"))
    inside = write_view(kg, "ego", build / "views" / "ego.html", node="中联重科")
    assert len(lone.read_bytes()) > 600_000 and len(inside.read_bytes()) < 100_000
    for path, requests in ((lone, 1), (inside, 3)):  # the page alone; or the page, the script and the style
        watched = open_page(browser, path)
        assert_clean(watched)
        assert len(watched.requests) == requests, watched.requests
        assert drawn_nodes(watched) > 0
        watched.page.context.close()


def headings_overlap(boxes: list[dict]) -> list[tuple[str, str]]:
    """Pairs of heading boxes that overlap (touching allowed)."""

    def meet(a: dict, b: dict) -> bool:
        return (
            a["left"] < b["right"] - 0.5
            and b["left"] < a["right"] - 0.5
            and a["top"] < b["bottom"] - 0.5
            and b["top"] < a["bottom"] - 0.5
        )

    return [(a["text"], b["text"]) for a, b in itertools.combinations(boxes, 2) if meet(a, b)]


def many_bottlenecks(kg: KnowledgeGraph, count: int) -> KnowledgeGraph:
    """``count`` technologies, each blocking a product of the graph, each broken through by a new firm."""
    products = [node["id"] for node in kg.nodes("Product")]
    for i in range(count):
        tech = kg.add_node("Technology", f"卡脖子技术{i:04d}", status="unsolved" if i % 2 else "tackling")
        kg.add_edge("BOTTLENECK_OF", tech, products[i % len(products)])
        kg.add_edge("BREAKTHROUGH", kg.add_node("Organization", f"攻关机构{i:04d}"), tech, year=2020 + i % 5)
    return kg


def large_scenes() -> dict[str, object]:

    big = synthetic_graph(enterprises=6_000, supplies=3_000, products=600, chains=6)
    gaps = many_bottlenecks(catalogue(chains=8, products=150, narrower=0), 400)
    index = GraphIndex(big)
    return {
        "overview": make_scene(index, "overview", max_nodes=3_000),
        "chain": make_scene(index, "chain", chain="合成链000"),
        "gaps": make_scene(gaps, "gaps"),
    }


@pytest.mark.parametrize("kind", ["overview", "chain", "gaps"])
def test_headings_never_overlap_and_wrapped_layouts_fill_the_screen_at_scale(
    browser, tmp_path: Path, kind: str
) -> None:
    scene = large_scenes()[kind]
    xs, ys = [n.x for n in scene.nodes.values()], [n.y for n in scene.nodes.values()]
    width, height = max(xs) - min(xs), max(ys) - min(ys)
    assert 0.6 < width / height < 3.5, (width, height)  # no thin strip after Fit
    assert len(scene.decor) >= 3
    watched = open_page(browser, write_page(scene, tmp_path / f"{kind}.html"))
    for scale in (None, 0.02, 0.08, 0.3, 1.0):
        if scale is not None:
            evaluate(
                watched,
                f"window.chainkgView.network.moveTo({{scale: {scale}, animation: false}}); window.chainkgView.network.redraw()",
            )
        boxes = evaluate(watched, "window.chainkgView.headings()")
        assert len(boxes) == len(scene.decor)
        assert headings_overlap(boxes) == [], (scale, headings_overlap(boxes)[:5])
    evaluate(watched, "window.chainkgView.network.fit({animation: false}); window.chainkgView.network.redraw()")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    watched.page.screenshot(path=str(ARTIFACTS / f"views-{kind}-at-scale.png"))
    assert_clean(watched)
    watched.page.context.close()


def test_every_page_has_an_edge_legend_of_the_relations_it_draws(browser, built_example: Path) -> None:
    for path in [
        built_example / "view.html",
        built_example / "views" / "gaps.html",
        built_example / "views" / "chain-工程机械.html",
    ]:
        watched = open_page(browser, path)
        rows = evaluate(
            watched,
            """Array.from(document.querySelectorAll('#rels div')).map(d =>
            [d.dataset.rel, d.querySelector('line').getAttribute('stroke'), d.querySelector('line').getAttribute('stroke-dasharray')])""",
        )
        drawn = evaluate(
            watched, "[...new Set(window.chainkgView.edges.get().filter(e => !e.dashes).map(e => e.color))]"
        )
        plain = [row for row in rows if row[0] in SCHEMA.rel_names]
        assert plain and [rel for rel, _, _ in plain] == [
            rel for rel in SCHEMA.rel_names if rel in {r for r, _, _ in plain}
        ]  # schema order
        assert all(color == EDGE_COLORS[rel] and dashes is None for rel, color, dashes in plain)
        assert set(drawn) <= {color for _, color, _ in plain}  # every plain edge's colour is explained
        if path.name != "view.html":
            marked = {rel: dashes for rel, _, dashes in rows if rel.startswith("edge_")}
            assert marked and all(dashes for dashes in marked.values())
        watched.page.context.close()


def open_in(browser, path: Path, locale: str):
    """``path`` in a context whose browser language is ``locale``, every request outside file: refused."""
    context = browser.new_context(locale=locale, viewport={"width": 1400, "height": 900})
    context.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file:") else route.abort())
    page = context.new_page()
    page.goto(path.resolve().as_uri())
    page.wait_for_selector("body[data-ready='1']", state="attached", timeout=30_000)
    return page


def test_the_interface_speaks_the_browsers_language_and_switches(browser, built_example: Path) -> None:
    chain = built_example / "views" / "chain-工程机械.html"
    zh = open_in(browser, chain, "zh-CN")
    assert zh.inner_text("#heading") == "产业链：工程机械" and zh.inner_text("#fit") == "适应窗口"
    assert (
        "节点类型" in zh.inner_text("#legend")
        and "企业" in zh.inner_text("#legend-rows")
        and "生产" in zh.inner_text("#rels")
    )
    assert zh.get_attribute("#search", "placeholder").startswith("查找节点") and zh.inner_text("#home") == "← 目录"
    assert zh.inner_text("#notes").startswith("虚线红框")
    assert "上游 upstream" in [b["text"] for b in zh.evaluate("window.chainkgView.headings()")]
    zh.fill("#search", "没有这个")
    zh.press("#search", "Enter")
    assert zh.inner_text("#search-status") == "未找到"
    zh.click("#lang")  # to English, remembered
    assert zh.inner_text("#heading") == "Chain: 工程机械" and zh.inner_text("#search-status") == "not found"
    assert (
        "Enterprise" in zh.inner_text("#legend-rows")
        and "MAKES" in zh.inner_text("#rels")
        and zh.inner_text("#fit") == "Fit"
    )
    zh.reload()
    zh.wait_for_selector("body[data-ready='1']", state="attached")
    assert zh.inner_text("#heading") == "Chain: 工程机械" and zh.evaluate("document.documentElement.lang") == "en"
    zh.context.close()
    for locale, expected in (("en-US", "Overview"), ("fr-FR", "总览"), ("zh-TW", "总览")):
        page = open_in(browser, built_example / "view.html", locale)
        assert page.inner_text("#heading") == expected, locale
        page.context.close()
    index = open_in(browser, built_example / "index.html", "zh-CN")
    assert index.inner_text("h1") == "产业链知识图谱" and "工程机械" in index.inner_text("#chains")
    index.click("#lang")
    assert index.inner_text("h1") == "Industrial chain knowledge graph"
    index.context.close()


@pytest.mark.parametrize(
    ("name", "page"),
    [
        ("overview", "view.html"),
        ("chain", "views/chain-工程机械.html"),
        ("gaps", "views/gaps.html"),
        ("index", "index.html"),
    ],
)
def test_screenshots_of_the_example_pages(browser, built_example: Path, name: str, page: str) -> None:
    watched = open_page(browser, built_example / page)
    assert_clean(watched)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    watched.page.screenshot(path=str(ARTIFACTS / f"views-{name}.png"))
    watched.page.context.close()


def test_the_pages_of_a_hostile_build_run_nothing_in_either_language(browser, tmp_path: Path) -> None:

    from chainkg.graph.views import write_build_views

    write_build_views(xss_graph(), tmp_path)
    index = (tmp_path / "index.html").read_text("utf-8")
    assert "链&lt;img" in index
    for path in [tmp_path / "index.html", tmp_path / "view.html", *sorted((tmp_path / "views").iterdir())]:
        for locale in ("zh-CN", "en-US"):
            page = open_in(browser, path, locale)
            dialogs: list[str] = []
            page.on("dialog", lambda d, seen=dialogs: (seen.append(d.message), d.dismiss()))
            page.click("#lang")
            page.click("#lang")
            assert page.evaluate("document.querySelectorAll('img, svg foreignObject, iframe, b, i').length") == 0
            assert page.evaluate("typeof window.__xss") == "undefined" and dialogs == []
            if path.name != "index.html":
                assert XSS in page.evaluate("JSON.stringify(window.chainkgView.nodes.get().map(n => n.title))").replace(
                    '\\"', '"'
                )
            page.context.close()

"""Views without a browser: what each view holds, names, folding, escaping in the page source,
writes that fail leave the old page, the build's pages and the CLI. The browser tests are in
test_views_browser.py."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from helpers import XSS, synthetic_graph, xss_graph
from hypothesis import given, settings
from hypothesis import strategies as st

from chainkg.cli import main
from chainkg.errors import QueryError
from chainkg.graph.analysis.depths import condensed_depths
from chainkg.graph.io.nodelink import graph_to_node_link, read_graph_json
from chainkg.graph.model import KnowledgeGraph
from chainkg.graph.schema import SCHEMA
from chainkg.graph.views import GraphIndex, chain_slug, make_scene, render_view, write_view
from chainkg.graph.views.page import _vis_assets


@pytest.fixture(scope="module")
def kg(built_example: Path) -> KnowledgeGraph:
    return read_graph_json(built_example / "graph.json")


@pytest.fixture(scope="module")
def index(kg: KnowledgeGraph) -> GraphIndex:
    return GraphIndex(kg)


def page_data(html: str) -> dict:
    """The JSON island the page reads its nodes, edges and options from."""
    raw = re.search(r'<script type="application/json" id="chainkg-data">(.*?)</script>', html, re.S).group(1)
    return json.loads(raw)


def by_name(scene, name: str):
    return next(node for node in scene.nodes.values() if node.name == name)


def test_overview_draws_every_node_and_edge(kg: KnowledgeGraph, index: GraphIndex) -> None:
    scene = make_scene(index, "overview")
    assert set(scene.nodes) == {node["id"] for node in kg.nodes()}
    assert len(scene.edges) == kg.number_of_edges()
    assert scene.notes == []  # nothing folded or cut
    data = page_data(render_view(index, "overview"))
    assert len(data["nodes"]) == len(kg) and len(data["edges"]) == kg.number_of_edges()
    assert [row["label"] for row in data["view"]["legend"]] == [
        label for label in SCHEMA.label_names if kg.counts()["labels"].get(label)
    ]


def test_chain_view_runs_upstream_to_downstream_with_gaps_and_bottlenecks(index: GraphIndex) -> None:
    scene = make_scene(index, "chain", chain="Construction machinery")  # an alias of 工程机械
    x = {name: by_name(scene, name).x for name in ("液压件", "桩工机械", "工程机械服务")}
    assert x["液压件"] < x["桩工机械"] < x["工程机械服务"]  # upstream, midstream, downstream
    assert [b["text"] for b in scene.decor if b["kind"] == "band"] == [
        "上游 upstream",
        "中游 midstream",
        "下游 downstream",
    ]
    slots = sorted(node.key for node in scene.nodes.values() if node.kind == "slot")
    assert slots == ["slot|Product:回转支承", "slot|Product:橡塑密封件"]  # 液压件: 衡岳液压, in 长沙, supplies it
    assert all(node.mark == "gap" for node in scene.nodes.values() if node.kind == "slot")
    assert by_name(scene, "大排量高压柱塞泵").mark == "unsolved"
    assert {e.mark for e in scene.edges if e.source == "Technology:大排量高压柱塞泵"} == {"unsolved"}
    maker, product = by_name(scene, "铁建重工"), by_name(scene, "盾构机")
    assert maker.x == product.x and maker.y > product.y  # makers stand under what they make
    assert {"长沙工程机械产业集群", "长沙经开区"} <= {node.name for node in scene.nodes.values()}
    assert "湖南 or 长沙" in scene.notes[0]


def test_chain_view_counts_makers_elsewhere_as_gaps_for_another_region(index: GraphIndex) -> None:
    scene = make_scene(index, "chain", chain="轨道交通装备", region="长沙")
    assert "slot|Product:电力机车" in scene.nodes  # 中车株机 makes it, but in 株洲
    assert "slot|Product:电力机车" not in make_scene(index, "chain", chain="轨道交通装备").nodes


def test_ego_view_finds_a_node_by_alias_and_walks_k_hops(index: GraphIndex) -> None:
    one = make_scene(index, "ego", node="Sany Heavy Industry", depth=1)
    assert one.focus == 0 and next(iter(one.nodes)) == "Enterprise:三一重工"
    assert {"Enterprise:三一集团", "Region:长沙", "Cluster:长沙工程机械产业集群"} <= set(one.nodes)
    two = make_scene(index, "ego", node="三一重工", depth=2)
    assert set(one.nodes) < set(two.nodes)
    assert len(make_scene(index, "ego", node="三一重工", depth=0).nodes) == 1


def test_gaps_view_shows_bottlenecks_who_broke_through_and_empty_products(index: GraphIndex) -> None:
    scene = make_scene(index, "gaps")
    techs = [node for node in scene.nodes.values() if node.label == "Technology"]
    assert len(techs) == 13 and techs[0].name == "大排量高压柱塞泵"  # unsolved first
    breakthroughs = {(e.source, e.target, e.caption) for e in scene.edges if e.rel == "BREAKTHROUGH"}
    assert ("Region:湖南", "Technology:6500伏igbt芯片", "2021") in breakthroughs
    assert by_name(scene, "IGBT芯片").mark == "gap"  # no enterprise makes or supplies it
    assert all(node.name != "液压件" or node.mark != "gap" for node in scene.nodes.values())  # 衡岳液压 supplies it
    one = make_scene(index, "gaps", chain="工程机械")
    assert {node.name for node in one.nodes.values() if node.label == "Technology"} == {
        "大排量高压柱塞泵",
        "工程机械液压",
        "橡塑密封件",
    }


@pytest.mark.parametrize(
    ("kind", "options", "message"),
    [
        ("chain", {"chain": "不存在"}, "no chain is called '不存在'"),
        ("chain", {}, "a chain view needs a chain"),
        ("ego", {"node": "不存在"}, "no node is called '不存在'"),
        ("chain", {"chain": "工程机械", "region": "长沙经开区"}, "no region is called '长沙经开区'"),  # a park
        ("ego", {}, "an ego view needs a node"),
        ("nonsense", {}, "unknown view kind 'nonsense'"),
    ],
)
def test_bad_requests_are_query_errors_with_a_fix(index: GraphIndex, kind: str, options: dict, message: str) -> None:
    with pytest.raises(QueryError) as caught:
        make_scene(index, kind, **options)
    assert caught.value.what.startswith(message) and caught.value.fix


def test_a_name_of_two_labels_must_be_given_as_an_id() -> None:
    kg = KnowledgeGraph()
    kg.add_node("Technology", "抗辐射芯片")
    kg.add_node("Product", "抗辐射芯片")
    with pytest.raises(QueryError, match="names several nodes"):
        make_scene(kg, "ego", node="抗辐射芯片")
    assert len(make_scene(kg, "ego", node="Product:抗辐射芯片").nodes) == 1


def test_large_overviews_fold_the_least_linked_nodes_and_say_so() -> None:
    kg = synthetic_graph(enterprises=900, supplies=600, products=90, chains=3)
    scene = make_scene(kg, "overview", max_nodes=400)
    assert scene.graph_node_count() == 400 and not scene.physics
    folded = [node for node in scene.nodes.values() if node.kind == "aggregate"]
    assert {node.label for node in folded} == {"Enterprise"} and len(folded) == 3  # one per chain
    assert sum(int(node.name.split()[0][1:].replace(",", "")) for node in folded) == 993 - 400
    assert scene.notes[0].startswith("Showing 400 of 993 nodes: the least-linked 593 Enterprise are folded")
    assert all(node.x is not None for node in scene.nodes.values())


def test_ego_views_are_cut_at_the_budget_and_say_so() -> None:
    kg = synthetic_graph(enterprises=300, supplies=600, products=30, chains=2)
    scene = make_scene(kg, "ego", node="合成链000", depth=3, max_nodes=50)
    assert len(scene.nodes) == 50 and "Cut at 50 nodes" in scene.notes[0]


def test_views_leave_the_graph_as_it_was(kg: KnowledgeGraph) -> None:
    before = json.dumps(graph_to_node_link(kg), sort_keys=True)
    for kind, options in [
        ("overview", {}),
        ("chain", {"chain": "工程机械"}),
        ("ego", {"node": "中联重科"}),
        ("gaps", {}),
    ]:
        render_view(kg, kind, **options)
    assert json.dumps(graph_to_node_link(kg), sort_keys=True) == before


@pytest.mark.parametrize("kind", ["overview", "chain", "ego", "gaps"])
def test_strings_from_the_data_never_reach_the_page_as_markup(kind: str) -> None:
    kg = xss_graph()
    html = render_view(kg, kind, chain=f"链{XSS}", node=XSS)
    ours = html
    for asset in _vis_assets().values():  # vis-network's own script and style are not data
        ours = ours.replace(str(asset), "")
    for probe in ("<img", "<script>alert", "<svg", "<iframe", "<a href", "<b>", "</script><script>"):
        assert probe not in ours
    assert XSS in json.dumps(page_data(html), ensure_ascii=False).replace('\\"', '"')  # all there, as data
    if kind == "chain":
        assert html.split("<title>")[1].startswith("Chain: 链&lt;img src=x onerror=&#34;window")


def test_pages_are_self_contained(index: GraphIndex) -> None:
    html = render_view(index, "overview")
    assert not re.search(r"<(link|iframe|img|object|embed)\b", html, re.I)
    assert not re.search(r"<script[^>]*\bsrc=", html, re.I)
    assert "Content-Security-Policy" in html and "default-src 'none'" in html


def test_a_failed_write_leaves_the_old_page(tmp_path: Path, kg: KnowledgeGraph) -> None:
    path = tmp_path / "view.html"
    write_view(kg, "chain", path, chain="工程机械")
    before = path.read_bytes()
    with pytest.raises(QueryError):
        write_view(kg, "chain", path, chain="不存在")
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["view.html"]  # no temp file left


@pytest.mark.parametrize(("name", "slug"), [("工程机械", "工程机械"), ("新能源与节能", "新能源与节能")])
def test_chain_slugs_keep_chinese(name: str, slug: str) -> None:
    assert chain_slug(name) == slug


def test_chain_slugs_are_safe_file_names_and_distinct() -> None:
    names = ["a/b", "a b", "a-b", "../..", XSS, "", "ab", "工程机械/服务"]
    slugs = [chain_slug(name) for name in names]
    assert len(set(slugs)) == len(slugs)
    assert all(slug and re.fullmatch(r"[\w-]+", slug) and not slug.startswith("-") for slug in slugs)
    assert chain_slug("Ａｂ") == chain_slug("ab")  # one node anyway: ids are NFKC and case-folded


def test_build_writes_the_overview_the_gaps_page_one_page_per_chain_and_an_index(built_example: Path) -> None:
    chains = [node["name"] for node in read_graph_json(built_example / "graph.json").nodes("Chain")]
    assert (built_example / "view.html").is_file()
    pages = sorted(f"chain-{chain_slug(c)}.html" for c in chains)
    assert sorted(p.name for p in (built_example / "views").iterdir()) == sorted(["gaps.html", *pages])
    assert sorted(p.name for p in (built_example / "assets").iterdir()) == [
        "vis-network-9.1.2.css",
        "vis-network-9.1.2.min.js",
    ]
    index = (built_example / "index.html").read_text("utf-8")
    hrefs = re.findall(r'<a href="([^"]+)"', index)
    assert sorted(hrefs) == sorted(["view.html", "views/gaps.html", *(f"views/{p}" for p in pages)])
    assert "chainkg view DIR --kind ego" in index  # how to make an ego page
    for path in [built_example / "view.html", *(built_example / "views").iterdir()]:
        html = path.read_text("utf-8")
        up = "" if path.parent == built_example else "../"
        assert f'<a id="home" href="{up}index.html"' in html  # back to the index
        assert (
            f'<script src="{up}assets/vis-network-9.1.2.min.js"></script>' in html and len(html) < 150_000
        )  # one shared copy
    overview = page_data((built_example / "view.html").read_text("utf-8"))["view"]["pages"]
    assert overview["Chain:工程机械"] == "views/chain-工程机械.html" and len(overview) == len(chains)
    chain = page_data((built_example / "views" / "chain-工程机械.html").read_text("utf-8"))["view"]["pages"]
    assert chain["Chain:工程机械"] == "../views/chain-工程机械.html"


def test_the_index_keeps_hostile_chain_names_as_text(tmp_path: Path) -> None:
    from chainkg.graph.views import write_build_views

    pages = write_build_views(xss_graph(), tmp_path)
    index = (tmp_path / "index.html").read_text("utf-8")
    assert pages[-1] == tmp_path / "index.html"
    for probe in ("<img", "<script>alert", "<b>"):
        assert probe not in index
    assert "链&lt;img src=x onerror=&#34;window" in index


def test_a_lone_page_inlines_the_script_and_one_in_a_build_folder_shares_it(
    built_example: Path, tmp_path: Path, kg: KnowledgeGraph
) -> None:
    lone = write_view(kg, "gaps", tmp_path / "gaps.html").read_text("utf-8")
    assert "<script src=" not in lone and len(lone) > 600_000 and 'id="home"' not in lone
    import shutil

    build = tmp_path / "build"
    shutil.copytree(built_example / "assets", build / "assets")
    (build / "index.html").write_text("index", encoding="utf-8")
    inside = write_view(kg, "ego", build / "views" / "ego.html", node="中联重科").read_text("utf-8")
    assert (
        '<script src="../assets/vis-network-9.1.2.min.js"></script>' in inside
        and '<a id="home" href="../index.html"' in inside
    )
    assert len(inside) < 100_000


def test_cli_view_writes_a_page_and_reports_errors_on_one_line(built_example: Path, tmp_path: Path) -> None:
    out = tmp_path / "ego.html"
    result = CliRunner().invoke(
        main, ["view", str(built_example), "--kind", "ego", "--node", "中联", "--depth", "2", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert "中联重科 and its 2-hop neighbourhood" in out.read_text("utf-8")
    bad = CliRunner().invoke(main, ["view", str(built_example), "--kind", "chain", "--chain", "不存在", "-o", str(out)])
    assert bad.exit_code == 1
    assert bad.stderr.startswith("Error: no chain is called '不存在': use one of: ")


def test_the_links_of_very_many_folded_nodes_are_left_out_and_the_page_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    from chainkg.graph.views import scenes

    monkeypatch.setattr(scenes, "FOLD_LINKS_MAX", 100)
    scene = make_scene(synthetic_graph(enterprises=900, supplies=600, products=90, chains=3), "overview", max_nodes=400)
    assert not [edge for edge in scene.edges if edge.mark == "aggregate"]
    assert scene.notes[1] == "The links of the folded nodes are not drawn (more than 100 folded)."


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 7), st.integers(0, 7)), max_size=20), st.integers(1, 8))
def test_chain_depths_are_networkx_condensation_depths(links: list[tuple[int, int]], size: int) -> None:
    """graph/analysis/depths.py against networkx: condensation, then the longest walk to each component."""
    import networkx as nx

    nodes = [f"p{i}" for i in range(size)]
    after: dict[str, list[str]] = {}
    for a, b in links:
        after.setdefault(f"p{a}", []).append(f"p{b}")  # ends outside the nodes are left out
    graph = nx.DiGraph()
    graph.add_nodes_from(nodes)
    graph.add_edges_from((a, b) for a in nodes for b in after.get(a, []) if b in set(nodes))
    dag = nx.condensation(graph)
    depth: dict[int, int] = {}
    for component in nx.topological_sort(dag):
        depth[component] = max((depth[c] + 1 for c in dag.predecessors(component)), default=0)
    assert condensed_depths(nodes, after) == {n: depth[dag.graph["mapping"][n]] for n in nodes}


def test_every_label_and_relationship_of_the_schema_has_a_chinese_name() -> None:
    from chainkg.graph.views.i18n import LABEL_ZH, REL_ZH, UI

    assert sorted(LABEL_ZH) == sorted(SCHEMA.label_names) and sorted(REL_ZH) == sorted(SCHEMA.rel_names)
    assert sorted(UI["zh"]) == sorted(UI["en"])


@pytest.mark.parametrize("kind", ["overview", "chain", "ego", "gaps"])
def test_every_note_and_title_a_view_writes_has_a_chinese_form(index: GraphIndex, kind: str) -> None:
    from chainkg.graph.views.i18n import zh_text

    options = {"chain": "工程机械", "node": "中联重科", "depth": 2}
    data = page_data(render_view(index, kind, max_nodes=20, **options))["view"]
    assert data["notes"] and all(zh != en for zh, en in zip(data["notes_zh"], data["notes"]))
    assert data["title"]["zh"] != data["title"]["en"]
    if kind == "gaps":  # its column captions
        assert data["decor"] and all(d["zh"] == zh_text(d["text"]) != d["text"] for d in data["decor"])

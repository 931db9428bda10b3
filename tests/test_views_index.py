"""The views' index and page records against straightforward references: GraphIndex answers as a
networkx MultiDiGraph built from ``kg.edges()`` does, the chain homes and folded links as the
per-node walks they replaced, and the page records as pyvis's ``from_nx`` makes them.

Graphs are the examples and small hypothesis graphs made to hold what such an index gets wrong:
parallel edges (two products supplied between one pair), two types between the same ends,
self-loops, cycles of places, products of products, nodes with no edge.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import networkx as nx
import pytest
from helpers import ROOT, schema_graphs, synthetic_graph
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pyvis.network import Network

from chainkg.graph.facts import apply_facts
from chainkg.graph.io.nodelink import read_graph_json
from chainkg.graph.model import KnowledgeGraph
from chainkg.graph.views import BUILD_MAX_NODES, GraphIndex, chain_slug, make_scene, write_build_views
from chainkg.graph.views import page as page_module
from chainkg.graph.views.chains import MAKERS_PER_PRODUCT, _first_makers
from chainkg.graph.views.scene import Scene, ViewEdge, ViewNode
from chainkg.graph.views.scenes import AGGREGATE_LINKS, homes, overview_scene
from chainkg.loaders import load_inputs

# -- references --------------------------------------------------------------


def reference(kg: KnowledgeGraph) -> nx.MultiDiGraph:
    graph = nx.MultiDiGraph()
    graph.add_nodes_from((node["id"], node) for node in kg.nodes())
    graph.add_edges_from((s, t, k, attrs) for s, t, k, attrs in kg.edges())
    return graph


def ref_out(graph: nx.MultiDiGraph, rel: str, nid: str) -> list[str]:
    return sorted({t for _, t, d in graph.out_edges(nid, data=True) if d["type"] == rel})


def ref_into(graph: nx.MultiDiGraph, rel: str, nid: str) -> list[str]:
    return sorted({s for s, _, d in graph.in_edges(nid, data=True) if d["type"] == rel})


def ref_edges_among(graph: nx.MultiDiGraph, keep: set[str]) -> list[tuple[str, str, dict]]:
    rows = sorted((s, t, k, d) for s, t, k, d in graph.edges(keys=True, data=True) if s in keep and t in keep)
    return [(s, t, d) for s, t, _, d in rows]


def ref_regions(graph: nx.MultiDiGraph, nid: str) -> frozenset[str]:
    located = nx.DiGraph([(s, t) for s, t, d in graph.edges(data=True) if d["type"] == "LOCATED_IN"])
    if nid not in located:
        return frozenset()
    return frozenset(
        graph.nodes[n]["name"] for n in nx.descendants(located, nid) if graph.nodes[n]["label"] == "Region"
    )


def ref_homes(graph: nx.MultiDiGraph, index: GraphIndex) -> dict[str, str]:
    """The per-enterprise walk homes() did before it read MAKES and MEMBER_OF backwards."""
    home: dict[str, str] = {}
    for chain in index.of_label("Chain"):
        home[chain] = chain
        for member in index.parts(chain):
            home.setdefault(member, chain)
    for tech in index.of_label("Technology"):
        blocked = [home[t] for t in ref_out(graph, "BOTTLENECK_OF", tech) if t in home]
        if blocked:
            home[tech] = blocked[0]
    for firm in index.of_label("Enterprise"):
        chains = [home[p] for p in ref_out(graph, "MAKES", firm) if p in home]
        chains = chains or [home[c] for c in ref_out(graph, "MEMBER_OF", firm) if c in home]
        if chains:
            made = Counter(chains)
            home[firm] = min(made, key=lambda chain: (-made[chain], chain))
    return home


def ref_folded_links(graph: nx.MultiDiGraph, scene: Scene, home: dict[str, str]) -> Counter[tuple[str, str, str]]:
    """Links summed onto '+N' nodes, walked per folded node over its edges as before."""
    stand_in = {n: f"more|{home.get(n, '')}|{graph.nodes[n]['label']}" for n in graph if n not in scene.nodes}
    links: Counter[tuple[str, str, str]] = Counter()
    for nid, mine in stand_in.items():
        for _, other, d in graph.out_edges(nid, data=True):
            links[(mine, stand_in.get(other, other), d["type"])] += 1
        for other, _, d in graph.in_edges(nid, data=True):
            if other not in stand_in:
                links[(other, mine, d["type"])] += 1
    return links


def pyvis_records(scene: Scene) -> tuple[list[dict], list[dict]]:
    """The records as pyvis made them for the page: from_nx over a MultiDiGraph of the scene."""
    graph = nx.MultiDiGraph()
    number = {key: i for i, key in enumerate(scene.nodes)}
    for key, node in scene.nodes.items():
        graph.add_node(number[key], **page_module._vis_node(node))
    for edge in scene.edges:
        graph.add_edge(number[edge.source], number[edge.target], **page_module._vis_edge(edge))
    net = Network(directed=True)
    net.from_nx(graph, default_node_size=14)
    for edge in net.edges:
        edge.pop("arrows", None)
    for node in net.nodes:
        if "kg_color" in node:
            node["color"] = node.pop("kg_color")
    return net.nodes, net.edges


# -- graphs ------------------------------------------------------------------


def example(name: str) -> KnowledgeGraph:
    return apply_facts(KnowledgeGraph(), load_inputs([ROOT / "examples" / name]))


EXAMPLES = ["hunan", "product_chain", "supplier_list"]


# -- the checks ----------------------------------------------------------------


def check_index(kg: KnowledgeGraph, subsets: list[set[str]]) -> None:
    graph, index = reference(kg), GraphIndex(kg)
    for nid in graph:
        for rel in kg.schema.rel_names:
            assert index.out(rel, nid) == ref_out(graph, rel, nid), (rel, nid)
            assert index.into(rel, nid) == ref_into(graph, rel, nid), (rel, nid)
            assert index.has_in(rel, nid) == bool(ref_into(graph, rel, nid)), (rel, nid)
        assert index.degree(nid) == len(graph.succ[nid]) + len(graph.pred[nid]), nid
        assert index.neighbours(nid) == sorted(set(graph.successors(nid)) | set(graph.predecessors(nid))), nid
        assert index.regions_of(nid) == ref_regions(graph, nid), nid
        assert dict(index.attrs(nid)) == dict(graph.nodes[nid])
    for keep in [set(graph), *subsets]:
        assert [(s, t, dict(a)) for s, t, a in index.edges_among(keep)] == ref_edges_among(graph, keep)
    for label in kg.schema.label_names:
        assert index.of_label(label) == sorted(n for n, d in graph.nodes(data=True) if d["label"] == label)
    assert homes(index) == ref_homes(graph, index)


@pytest.mark.parametrize("name", EXAMPLES)
def test_index_answers_as_networkx_on_the_examples(name: str) -> None:
    kg = example(name)
    ids = sorted(n for n, _ in kg.node_items())
    check_index(kg, [set(ids[::2]), set(ids[1::3]), set()])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(kg=schema_graphs(), data=st.data())
def test_index_answers_as_networkx_on_small_graphs(kg: KnowledgeGraph, data: st.DataObject) -> None:
    ids = sorted(n for n, _ in kg.node_items())
    subsets = [set(data.draw(st.lists(st.sampled_from(ids), max_size=len(ids)))) for _ in range(3)]
    check_index(kg, subsets)


def test_index_reads_the_model_in_either_order_of_building() -> None:
    """The index works the same whether a type was first read forwards or backwards."""
    kg = example("hunan")
    graph = reference(kg)
    for direction in (True, False):
        index = GraphIndex(kg)
        for rel in kg.schema.rel_names:
            index.out(rel, "x") if direction else index.into(rel, "x")
        assert [(s, t, dict(a)) for s, t, a in index.edges_among(set(graph))] == ref_edges_among(graph, set(graph))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(kg=schema_graphs(), budget=st.integers(1, 12))
def test_folded_links_are_summed_as_the_walk_over_each_folded_node_did(kg: KnowledgeGraph, budget: int) -> None:
    index = GraphIndex(kg)
    scene = overview_scene(index, budget)
    expected = ref_folded_links(reference(kg), scene, homes(index))
    per_node: Counter[str] = Counter()
    wanted = []
    for (source, target, rel), count in sorted(expected.items(), key=lambda item: (-item[1], item[0])):
        ends = [end for end in (source, target) if end.startswith("more|")]
        if source == target or any(per_node[end] >= AGGREGATE_LINKS for end in ends):
            continue
        per_node.update(ends)
        wanted.append((source, target, rel, f"{count:,} {rel} links"))
    assert [(e.source, e.target, e.rel, e.text) for e in scene.edges if e.mark == "aggregate"] == wanted


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(kg=schema_graphs(), data=st.data())
def test_first_makers_are_the_head_of_the_full_sort(kg: KnowledgeGraph, data: st.DataObject) -> None:
    """Makers picked without sorting them all are the first of sorted(local first, most links, name)."""
    index = GraphIndex(kg)
    makers = index.of_label("Enterprise")
    elsewhere = data.draw(st.lists(st.booleans(), min_size=len(makers), max_size=len(makers)))
    away = dict(zip(makers, elsewhere))
    expected = sorted(makers, key=lambda m: (away[m], -index.degree(m), kg.name_of(m)))[:MAKERS_PER_PRODUCT]
    assert _first_makers(index, makers, elsewhere) == expected


def test_first_makers_break_ties_on_links_by_name_then_id() -> None:
    kg = KnowledgeGraph()
    firms = [kg.add_node("Enterprise", name) for name in ["乙", "甲", "丙", "丁", "戊", "己", "庚", "辛", "壬", "癸"]]
    hub = kg.add_node("Product", "泵")
    for firm in firms:
        kg.add_edge("MAKES", firm, hub)
    kg.add_edge("SUPPLIES", firms[-1], firms[0])  # two of them have one more link
    index = GraphIndex(kg)
    makers = sorted(firms)
    expected = sorted(makers, key=lambda m: (-index.degree(m), kg.name_of(m)))[:MAKERS_PER_PRODUCT]
    assert _first_makers(index, makers, [False] * len(makers)) == expected
    assert _first_makers(index, makers, [m != firms[3] for m in makers])[0] == firms[3]  # the only local one first


def build_pages(kg: KnowledgeGraph, folder: Path) -> dict[str, str]:
    write_build_views(kg, folder)
    return {
        str(p.relative_to(folder)): p.read_text(encoding="utf-8")
        for p in sorted(folder.rglob("*.html"))
        if p.name != "index.html"
    }


def one_by_one(kg: KnowledgeGraph) -> dict[str, str]:
    """The build's pages, each made on its own (no batch, a fresh index each); the index not compared."""
    from chainkg.graph.views.gaps import chains_with_content

    chains = chains_with_content(GraphIndex(kg))
    links = {chain: f"views/chain-{chain_slug(kg.name_of(chain))}.html" for chain in chains}
    down = {chain: f"../{href}" for chain, href in links.items()}
    shared = {"assets": "assets/", "home": "index.html", "links": links}
    pages = {"view.html": page_module.render_page(make_scene(kg, "overview", max_nodes=BUILD_MAX_NODES), **shared)}
    shared = {"assets": "../assets/", "home": "../index.html", "links": down}
    pages["views/gaps.html"] = page_module.render_page(make_scene(kg, "gaps", max_nodes=BUILD_MAX_NODES), **shared)
    for chain in chains:
        pages[links[chain]] = page_module.render_page(make_scene(kg, "chain", chain=kg.name_of(chain)), **shared)
    return pages


@pytest.mark.parametrize("name", EXAMPLES)
def test_build_pages_made_together_are_the_pages_made_one_by_one(name: str, tmp_path: Path) -> None:
    kg = example(name)
    assert build_pages(kg, tmp_path) == one_by_one(kg)


def test_build_pages_made_together_are_the_pages_made_one_by_one_when_folded(tmp_path: Path) -> None:

    kg = synthetic_graph(enterprises=2_600, supplies=1_300, products=60, chains=4)
    assert len(kg) > BUILD_MAX_NODES
    pages = build_pages(kg, tmp_path)
    assert "folded into" in pages["view.html"] and pages == one_by_one(kg)
    assert '<script src="assets/vis-network-9.1.2.min.js">' in pages["view.html"]


def test_views_of_a_frozen_graph_are_the_views_of_the_graph(tmp_path: Path) -> None:
    """A build draws its pages after the model has let go of its edge dicts (edges read from the
    Arrow tables): the pages do not change."""
    if not hasattr(KnowledgeGraph, "freeze_edges"):
        pytest.skip("this model keeps its edges as dicts")
    from chainkg.graph.io.columns import GraphColumns

    kg = example("hunan")
    before = build_pages(kg, tmp_path / "dicts")
    columns = GraphColumns(kg)
    kg.freeze_edges(columns.edges, columns.node_ids.to_pylist())
    assert build_pages(kg, tmp_path / "frozen") == before


# -- page records --------------------------------------------------------------


@pytest.fixture(scope="module")
def built(built_example: Path) -> KnowledgeGraph:
    return read_graph_json(built_example / "graph.json")


@pytest.mark.parametrize(
    "kind, options",
    [
        ("overview", {}),
        ("overview", {"max_nodes": 20}),
        ("chain", {"chain": "工程机械"}),
        ("gaps", {}),
        ("ego", {"node": "三一重工", "depth": 2}),
    ],
)
def test_page_records_are_the_ones_pyvis_made(built: KnowledgeGraph, kind: str, options: dict) -> None:
    scene = make_scene(built, kind, **options)
    assert page_module.vis_records(scene) == pyvis_records(scene)


@st.composite
def scenes(draw: st.DrawFn) -> Scene:
    scene = Scene("overview", "t")
    kinds = draw(st.lists(st.sampled_from(["node", "slot", "aggregate"]), min_size=1, max_size=8))
    for i, kind in enumerate(kinds):
        mark = draw(st.sampled_from(["", "gap", "unsolved", "tackling", "aggregate"]))
        scene.nodes[f"n{i}"] = ViewNode(
            f"n{i}",
            "Enterprise",
            draw(st.sampled_from(["甲", "一个很长很长很长很长很长很长的名字", "n"])),
            "text",
            kind=kind,
            mark=mark,
            names=["甲"],
            x=float(i),
        )
    keys = list(scene.nodes)
    for _ in range(draw(st.integers(0, 12))):  # parallel edges, self-loops, nodes with no edge
        mark = draw(st.sampled_from(["", "gap", "aggregate"]))
        scene.edges.append(
            ViewEdge(
                draw(st.sampled_from(keys)),
                draw(st.sampled_from(keys)),
                "SUPPLIES",
                "t",
                mark,
                draw(st.sampled_from(["", "泵"])),
            )
        )
    return scene


@settings(max_examples=200, deadline=None)
@given(scene=scenes())
def test_page_records_are_the_ones_pyvis_made_for_any_scene(scene: Scene) -> None:
    assert page_module.vis_records(scene) == pyvis_records(scene)

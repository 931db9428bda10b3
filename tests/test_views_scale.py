"""Views at the size of real data: chain pages only for chains with content, the gaps view
(chain products by PART_OF Product -> Chain, linear, capped) and ego views read from a build's
database (the same page as from the graph)."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from helpers import catalogue

from chainkg.cli import main
from chainkg.errors import QueryError
from chainkg.graph.engines.embedded import EmbeddedStore
from chainkg.graph.io.nodelink import read_graph_json
from chainkg.graph.model import KnowledgeGraph
from chainkg.graph.views import GraphIndex, StoredIndex, chain_slug, make_scene, render_view, write_build_views
from chainkg.graph.views.gaps import quotas


def gap_names(scene) -> set[str]:
    return {node.name for node in scene.nodes.values() if node.mark == "gap" and node.kind == "node"}


# -- chain pages ----------------------------------------------------------------


def test_the_build_writes_no_page_for_a_chain_with_nothing_to_show_and_says_how_many(tmp_path: Path) -> None:
    kg = catalogue(chains=2, products=2, narrower=0)
    blocked = kg.add_node("Chain", "卡链")  # only a bottleneck: it has a page
    tech = kg.add_node("Technology", "卡脖子技术", status="unsolved")
    kg.add_edge("BOTTLENECK_OF", tech, blocked)
    kg.add_node("Chain", "孤链")  # nothing at all
    paths = write_build_views(kg, tmp_path)
    pages = sorted(p.name for p in (tmp_path / "views").iterdir())
    assert pages == sorted(["gaps.html", *(f"chain-{chain_slug(name)}.html" for name in ["链000", "链001", "卡链"])])
    assert sorted(p.name for p in paths) == sorted(["view.html", "index.html", *pages])
    assert "for 3 of 5 chains: 2 chains have no product" in (tmp_path / "index.html").read_text("utf-8")
    overview = (tmp_path / "view.html").read_text("utf-8")
    assert (
        "Chain pages (views/chain-*.html) for 3 of 5 chains: 2 chains have no product, cluster or bottleneck and no page."
        in overview
    )
    assert '"label": "Industry"' in overview  # the new label drawn, its legend row from the schema
    assert make_scene(kg, "chain", chain="孤链").graph_node_count() == 1  # asked for by name, it is still drawn


# -- gaps -----------------------------------------------------------------------


def test_gaps_count_products_of_a_chain_not_narrower_products() -> None:
    kg = catalogue(chains=1, products=3, narrower=2)
    scene = make_scene(kg, "gaps")
    assert gap_names(scene) == {"品000-0001", "品000-0002"}  # 品000-0000 is made; narrower products never listed
    assert not any(node.name.count("-") == 2 for node in scene.nodes.values())
    assert "Chain:链000" in scene.nodes and "Chain:空链" not in scene.nodes
    assert scene.notes[0].startswith("0 bottleneck technologies; 2 chain products (PART_OF a chain; narrower products")
    assert gap_names(make_scene(kg, "gaps", chain="链000")) == {"品000-0001", "品000-0002"}
    assert gap_names(make_scene(kg, "gaps", chain="空链")) == set()


def test_gaps_are_folded_per_chain_above_the_budget_and_the_page_says_so() -> None:
    kg = catalogue(chains=3, products=30, narrower=0)  # 20 products with no source per chain
    scene = make_scene(kg, "gaps", max_nodes=33)
    assert scene.graph_node_count() == 33  # 3 chains and 30 products
    assert [len([k for k in scene.nodes if k.startswith(f"Product:品{c:03d}")]) for c in range(3)] == [10, 10, 10]
    folded = {node.key: node.name for node in scene.nodes.values() if node.kind == "aggregate"}
    assert folded == {f"more|Chain:链{c:03d}|gaps": "+10 Product" for c in range(3)}
    assert {(e.source, e.target) for e in scene.edges if e.mark == "aggregate"} == {
        (k, k.split("|")[1]) for k in folded
    }
    assert "Showing 30 of 60 products with no source" in scene.notes[1]
    assert all(node.x is not None for node in scene.nodes.values())
    assert len(make_scene(kg, "gaps").nodes) == 63 and len(make_scene(kg, "gaps").notes) == 1


def test_the_gaps_view_is_linear_in_the_graph() -> None:
    """40k products, half of them narrower ones: the view grew with the square of the products
    (811 s on the public dataset); it takes about a second now."""
    kg = catalogue(chains=200, products=100, narrower=1)
    started = time.process_time()
    scene = make_scene(kg, "gaps", max_nodes=2_000)
    assert time.process_time() - started < 20
    assert scene.graph_node_count() <= 2_000 and "products with no source" in scene.notes[1]


@pytest.mark.parametrize(
    ("sizes", "room", "kept"), [([5, 5], 4, [2, 2]), ([1, 9], 6, [1, 5]), ([2, 3], 0, [0, 0]), ([], 5, [])]
)
def test_quotas_share_the_room_evenly_and_never_exceed_it(sizes: list[int], room: int, kept: list[int]) -> None:
    assert quotas(sizes, room) == kept


# -- ego from the database -------------------------------------------------------


@pytest.fixture(scope="module")
def store(built_example: Path):
    with EmbeddedStore(built_example / "db") as opened:
        yield opened


@pytest.fixture(scope="module")
def graph(built_example: Path) -> KnowledgeGraph:
    return read_graph_json(built_example / "graph.json")


@pytest.mark.parametrize(
    "node", ["三一重工", "sany", "工程机械", "湖南", "6500伏IGBT芯片", "Document:ed96a1645598a75a", "轨道交通装备"]
)
@pytest.mark.parametrize("depth", [0, 1, 2, 3])
def test_an_ego_page_from_the_database_is_the_page_from_the_graph(
    store: EmbeddedStore, graph: KnowledgeGraph, node: str, depth: int
) -> None:
    from_graph = make_scene(graph, "ego", node=node, depth=depth)
    from_store = make_scene(StoredIndex(store), "ego", node=node, depth=depth)
    assert list(from_store.nodes) == list(from_graph.nodes)
    assert [(e.source, e.target, e.rel, e.text) for e in from_store.edges] == [
        (e.source, e.target, e.rel, e.text) for e in from_graph.edges
    ]
    assert [n.text for n in from_store.nodes.values()] == [
        n.text for n in from_graph.nodes.values()
    ]  # properties and evidence
    assert render_view(StoredIndex(store), "ego", node=node, depth=depth) == render_view(
        graph, "ego", node=node, depth=depth
    )


def test_evidence_citing_a_sentence_gets_its_text_from_the_database(store: EmbeddedStore) -> None:
    text = StoredIndex(store).node_text("Enterprise:三一重工")
    assert "hunan/news_supply.txt, sentence 2 (" not in text and "sentence 2" in text and "「" in text


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"node": "不存在"}, "no node is called '不存在'"),
        ({"node": "三一重工", "depth": -1}, "depth must be 0 or more"),
        ({}, "an ego view needs a node"),
    ],
)
def test_ego_requests_to_the_database_fail_as_they_do_on_the_graph(
    store: EmbeddedStore, graph: KnowledgeGraph, options: dict, message: str
) -> None:
    for source in (graph, StoredIndex(store)):
        with pytest.raises(QueryError) as caught:
            make_scene(source, "ego", **options)
        assert caught.value.what.startswith(message) and caught.value.fix


def test_only_ego_views_are_made_from_the_database(store: EmbeddedStore) -> None:
    with pytest.raises(QueryError, match="a gaps view is made from the whole graph"):
        make_scene(StoredIndex(store), "gaps")


def test_an_alias_of_several_nodes_is_refused_from_the_database_too(tmp_path: Path) -> None:
    kg = KnowledgeGraph()
    kg.add_node("Enterprise", "甲公司", aliases=["同名"])
    kg.add_node("Enterprise", "乙公司", aliases=["同名"])
    kg.add_node("Product", "泵", aliases=["同名"])
    with EmbeddedStore.create(tmp_path / "db", kg) as created:
        for source in (kg, StoredIndex(created)):
            with pytest.raises(QueryError, match="is an alias of several nodes"):
                make_scene(source, "ego", node="同名")
        assert make_scene(StoredIndex(created), "ego", node="泵").graph_node_count() == 1


def test_cli_ego_view_reads_the_database_not_graph_json(
    built_example: Path, graph: KnowledgeGraph, tmp_path: Path
) -> None:
    folder = tmp_path / "built"
    shutil.copytree(built_example, folder)
    (folder / "graph.json").unlink()  # only the database is left to read
    out = tmp_path / "ego.html"
    result = CliRunner().invoke(
        main, ["view", str(folder), "--kind", "ego", "--node", "中联", "--depth", "2", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert out.read_text("utf-8") == render_view(graph, "ego", node="中联", depth=2)
    bad = CliRunner().invoke(main, ["view", str(folder), "--kind", "ego", "--node", "不存在", "-o", str(out)])
    assert bad.exit_code == 1 and bad.stderr.startswith("Error: no node is called '不存在'")


def test_a_graph_index_and_the_database_give_the_same_neighbours(store: EmbeddedStore, graph: KnowledgeGraph) -> None:
    index, stored = GraphIndex(graph), StoredIndex(store)
    nids = index.of_label("Enterprise")[:10] + index.of_label("Chain")
    assert stored.neighbours_of(nids) == index.neighbours_of(nids)


def test_cli_ego_view_falls_back_to_graph_json_when_the_database_cannot_be_read(
    built_example: Path, graph: KnowledgeGraph, tmp_path: Path
) -> None:
    folder = tmp_path / "built"
    shutil.copytree(built_example, folder)
    (folder / "db" / "graph.lbdb").write_bytes(b"not a database")  # e.g. made by another version
    out = tmp_path / "ego.html"
    result = CliRunner().invoke(main, ["view", str(folder), "--kind", "ego", "--node", "中联", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_text("utf-8") == render_view(graph, "ego", node="中联")

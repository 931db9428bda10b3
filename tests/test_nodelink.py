"""graph.json: node-link form that networkx reads, deterministic, round-trips."""

from __future__ import annotations

import json
from pathlib import Path

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chainkg.errors import ChainKGError, LoadError, SchemaError
from chainkg.graph.io.nodelink import dumps_graph_json, graph_to_node_link, read_graph_json, write_graph_json
from chainkg.graph.model import KnowledgeGraph


def small_graph(reverse: bool = False) -> KnowledgeGraph:
    kg = KnowledgeGraph()
    steps = [
        lambda: kg.add_node("Enterprise", "山河智能", aliases=["Sunward"], evidence=[{"path": "a.csv", "line": 2}]),
        lambda: kg.add_node("Product", "桩工机械", stage="midstream"),
        lambda: kg.add_node("Technology", "橡塑密封件", bottleneck=True, status="breakthrough"),
        lambda: kg.add_node("Region", "湖南"),
    ]
    for step in reversed(steps) if reverse else steps:
        step()
    kg.link("MAKES", ("Enterprise", "Sunward"), ("Product", "桩工机械"), weight=0.5)
    kg.link("BREAKTHROUGH", ("Region", "湖南"), ("Technology", "橡塑密封件"), year=2021)
    return kg


def test_same_graph_in_any_insertion_order_gives_the_same_bytes() -> None:
    assert dumps_graph_json(small_graph()) == dumps_graph_json(small_graph(reverse=True))


def test_networkx_reads_it_as_a_multidigraph(tmp_path: Path) -> None:
    path = tmp_path / "graph.json"
    write_graph_json(small_graph(), path)
    graph = nx.node_link_graph(json.loads(path.read_text("utf-8")), edges="edges")
    assert isinstance(graph, nx.MultiDiGraph)
    assert graph.nodes["Enterprise:山河智能"]["aliases"] == ["Sunward"]
    assert graph.nodes["Technology:橡塑密封件"]["bottleneck"] is True
    assert graph.edges["Enterprise:山河智能", "Product:桩工机械", "MAKES"]["weight"] == 0.5
    assert graph.nodes["Enterprise:山河智能"]["evidence"] == [{"line": 2, "path": "a.csv"}]


def test_read_back_gives_the_same_graph(tmp_path: Path) -> None:
    path = tmp_path / "graph.json"
    write_graph_json(small_graph(), path)
    again = read_graph_json(path)
    assert dumps_graph_json(again) == path.read_text("utf-8")


def test_tampered_ids_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "graph.json"
    write_graph_json(small_graph(), path)
    path.write_text(path.read_text("utf-8").replace('"id":"Region:湖南"', '"id":"Region:hunan"'), "utf-8")
    with pytest.raises(SchemaError, match=r"node id 'Region:hunan' does not match"):
        read_graph_json(path)


def test_missing_and_broken_files_are_load_errors(tmp_path: Path) -> None:
    with pytest.raises(LoadError, match="no graph.json"):
        read_graph_json(tmp_path / "graph.json")
    (tmp_path / "graph.json").write_text("{", "utf-8")
    with pytest.raises(LoadError, match="cannot read graph.json"):
        read_graph_json(tmp_path / "graph.json")


def reference_text(kg: KnowledgeGraph) -> str:
    """graph.json as the node-link dict says it, dumped record by record with json.dumps."""
    data = graph_to_node_link(kg)
    head = {k: data[k] for k in ("directed", "multigraph", "graph")}
    lines = [json.dumps(head, ensure_ascii=False, sort_keys=True)[:-1] + ","]
    for part in ("nodes", "edges"):
        body = ",\n".join(json.dumps(r, ensure_ascii=False, sort_keys=True, separators=(",", ":")) for r in data[part])
        lines.append(f'"{part}":[\n{body}\n]' + ("," if part == "nodes" else ""))
    return "\n".join(lines + ["}"]) + "\n"


def test_the_fast_writer_gives_the_node_link_dict_byte_for_byte(built_example: Path, tmp_path: Path) -> None:
    hostile = KnowledgeGraph()  # escapes, control characters, odd floats
    mark = "\x00evidence\x00"
    nid = hostile.add_node(
        "Enterprise", "x" + mark, aliases=[mark, 'q"\\\n'], evidence=[{"note": mark, "line": 1}, {"x": 0.1}]
    )
    other = hostile.add_node("Enterprise", "乙", evidence=[{"note": "tab\there", "v": -0.0, "big": 10**20}])
    hostile.add_edge("SUPPLIES", nid, other, product=mark, volume=1e-7, evidence=[{"note": "\u2028"}])
    hostile.add_edge("SUPPLIES", other, nid, product="x", volume=float("inf"))
    hostile.add_edge("SUPPLIES", other, nid, product="y", volume=float("nan"))
    for kg in (KnowledgeGraph(), small_graph(), hostile, read_graph_json(built_example / "graph.json")):
        assert dumps_graph_json(kg) == reference_text(kg)
    write_graph_json(hostile, tmp_path / "graph.json")
    assert (tmp_path / "graph.json").read_text("utf-8") == reference_text(hostile)


def test_the_arrow_edge_lines_are_the_python_lines_byte_for_byte(monkeypatch: pytest.MonkeyPatch) -> None:
    """graph.json's edges are made in Arrow (graph/io/edge_lines.py); they must be the lines the
    record-by-record writer gives, for odd text and numbers too (not only through the fallback)."""
    from chainkg.graph.io import edge_lines
    from chainkg.graph.io.nodelink import _parts

    monkeypatch.setattr(edge_lines, "CHUNK", 2)  # pieces of two lines: the joins between pieces are tested too
    kg = KnowledgeGraph()
    mark = '\x00"\\\n\u2028'
    first = kg.add_node("Enterprise", "甲" + mark)
    second = kg.add_node("Enterprise", "乙")
    product = kg.add_node("Product", "轴承")
    kg.add_edge("SUPPLIES", first, second, product=mark, volume=1e-7, evidence=[{"note": mark, "line": 2}])
    kg.add_edge("SUPPLIES", second, first, product="x", volume=float("inf"))
    kg.add_edge("SUPPLIES", second, first, product="y", volume=float("nan"))
    kg.add_edge("SUPPLIES", second, first, product="z")
    kg.add_edge("MAKES", first, product, weight=0.25)
    kg.add_edge("MAKES", second, product)
    for graph in (kg, small_graph()):
        text = "".join(_parts(graph))
        edges = text.split('"edges":[\n')[1].rsplit("\n]\n}\n", 1)[0]
        assert b"".join(map(bytes, edge_lines.edge_section(graph))).decode("utf-8") == edges


_TEXT = st.text(st.sampled_from(list('甲乙a "\\\n\x00\u2028é')), min_size=1, max_size=5)


@settings(max_examples=80, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["Enterprise", "Product", "Technology", "Region", "Project"]),
            _TEXT,
            st.lists(_TEXT, max_size=3),
            st.one_of(st.none(), _TEXT),
        ),
        max_size=12,
    )
)
def test_the_arrow_node_lines_are_the_python_lines_byte_for_byte(rows: list) -> None:
    """With the nodes' load tables (a build has them), graph.json's nodes are made in Arrow
    (graph/io/node_lines.py): the same bytes as the record-by-record writer's, whatever the text."""
    from chainkg.graph.engines.embedded_tables import node_load_tables
    from chainkg.graph.io import node_lines
    from chainkg.graph.io.columns import GraphColumns

    kg = KnowledgeGraph()
    extra = {"Enterprise": "full_name", "Region": "name_en", "Product": "stage"}
    for label, name, aliases, value in rows:
        props = {extra[label]: value} if value is not None and label in ("Enterprise", "Region") else {}
        if label == "Technology" and value is not None:
            props = {"status": "tackling", "bottleneck": len(value) % 2 == 0, "category": value}
        if label == "Project" and value is not None:
            props = {"year": len(value) - 3, "status": value}
        try:
            kg.add_node(label, name, aliases=aliases, evidence=[{"line": len(name), "note": value or ""}], **props)
        except (SchemaError, ChainKGError):
            continue  # a name of only spaces or quotes, or an alias of two nodes
    columns = GraphColumns(kg)
    columns.nodes = {label: table for label, _, table in node_load_tables(kg)}
    original = node_lines.CHUNK
    node_lines.CHUNK = 3  # pieces of three lines: the joins between pieces are tested too
    try:
        assert write_text(kg, columns) == dumps_graph_json(kg)
    finally:
        node_lines.CHUNK = original


def write_text(kg: KnowledgeGraph, columns: object) -> str:
    from chainkg.graph.io.nodelink import _arrow_parts

    return b"".join(map(bytes, _arrow_parts(kg, columns))).decode("utf-8")

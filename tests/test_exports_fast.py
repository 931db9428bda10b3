"""The streaming export writers (made column by column in Arrow, a piece at a time) give the
bytes, and the errors, of the line-by-line writers (GraphML, GEXF, Cypher, CSV) they replaced, which stay as the reference."""

from __future__ import annotations

import functools
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from helpers import text_graphs, tree_digest
from hostile import HOSTILE, NEO4J_LONG, add_hostile, as_name, hostile_graph, hostile_strings
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chainkg.graph.exports import arrow_rows, neo4j_csv
from chainkg.graph.exports.cypher import cypher_pieces, cypher_script
from chainkg.graph.exports.gexf import gexf_pieces, gexf_text
from chainkg.graph.exports.graphml import graphml_pieces, graphml_text
from chainkg.graph.io.nodelink import read_graph_json
from chainkg.graph.model import KnowledgeGraph

XML = [(graphml_text, graphml_pieces), (gexf_text, gexf_pieces)]
CYPHER = [
    (functools.partial(cypher_script, batch_size=size), functools.partial(cypher_pieces, batch_size=size))
    for size in (1000, 2)
]


def outcome(make: Callable[[], Any]) -> Any:
    """What ``make()`` gives, or the error it raises (type and message)."""
    try:
        return make()
    except Exception as exc:
        return type(exc).__name__, str(exc)


def text_alike(
    kg: KnowledgeGraph, text: Callable[[KnowledgeGraph], str], pieces: Callable[[KnowledgeGraph], Any]
) -> None:
    plain = outcome(lambda: text(kg).encode("utf-8"))
    fast = outcome(lambda: b"".join(bytes(piece) for piece in pieces(kg)))
    assert fast == plain


def csv_alike(kg: KnowledgeGraph, tmp: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fast = outcome(lambda: (neo4j_csv.write_neo4j_csv(kg, tmp / "fast"), list(tree_digest(tmp / "fast").values())))
    with monkeypatch.context() as patched:
        patched.setattr(neo4j_csv, "graph_tables", lambda _kg: None)  # the line-by-line way
        plain = outcome(
            lambda: (neo4j_csv.write_neo4j_csv(kg, tmp / "plain"), list(tree_digest(tmp / "plain").values()))
        )
    assert fast == plain


def named_graphs(built_example: Path) -> dict[str, Callable[[], KnowledgeGraph]]:
    def example_and_hostile() -> KnowledgeGraph:
        kg = read_graph_json(built_example / "graph.json")
        add_hostile(kg, NEO4J_LONG)
        return kg

    def without_nul() -> KnowledgeGraph:  # every hostile string the Cypher script can carry
        kg = hostile_graph(NEO4J_LONG)
        hub = kg.add_node("Enterprise", "枢纽")
        for index, (key, text) in enumerate(HOSTILE):
            text = text.replace("\x00", "")
            if key != "long_name" and as_name(text):
                nid = kg.add_node(
                    "Enterprise", text, aliases=[f"{key}别名"], region=text, evidence=[{"path": text, "line": index}]
                )
                kg.add_edge(
                    "SUPPLIES", nid, hub, product=text, volume=index / 3, evidence=[{"note": text, "line": index}]
                )
        return kg

    def controls_in_edges_only() -> KnowledgeGraph:  # the nodes pass; an edge's product and a key do not
        kg = hostile_graph(NEO4J_LONG)
        a, b = kg.find("Enterprise", "三一重工"), kg.find("Enterprise", "SANY")
        kg.add_edge("SUPPLIES", a, b, product="阀\x01门", volume=2.0)
        kg.add_edge(
            "MENTIONED_IN", a, kg.add_node("Document", "abc"), sentence=1, char_start=0, char_end=1, text="\x0b"
        )
        return kg

    return {
        "example": lambda: read_graph_json(built_example / "graph.json"),
        "example+hostile": example_and_hostile,
        "hostile": lambda: hostile_graph(NEO4J_LONG),
        "long": hostile_graph,
        "strings": hostile_strings,
        "edge-controls": controls_in_edges_only,
        "without-nul": without_nul,
        "empty": KnowledgeGraph,
    }


@pytest.mark.parametrize(
    "which", ["example", "example+hostile", "hostile", "long", "strings", "edge-controls", "without-nul", "empty"]
)
def test_named_graphs_give_the_same_bytes_or_error(
    built_example: Path, which: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    kg = named_graphs(built_example)[which]()
    for text, pieces in [*XML, *CYPHER]:
        text_alike(kg, text, pieces)
    csv_alike(kg, tmp_path, monkeypatch)


def test_pieces_are_bounded(built_example: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A document is written a piece at a time: with pieces of 7 lines, none holds more."""
    monkeypatch.setattr(arrow_rows, "CHUNK", 7)
    from chainkg.graph.exports import xml_lines

    monkeypatch.setattr(xml_lines, "CHUNK", 7)
    kg = read_graph_json(built_example / "graph.json")
    pieces = [bytes(piece) for piece in graphml_pieces(kg)]
    assert b"".join(pieces) == graphml_text(kg).encode("utf-8")
    assert max(piece.count(b"\n") for piece in pieces[1:-1]) <= 7
    assert len(pieces) > (len(kg) + kg.number_of_edges()) / 7


def test_a_graph_arrow_cannot_hold_is_written_line_by_line() -> None:
    kg = KnowledgeGraph()
    kg.add_node("Project", "大项目", year=10**20)  # beyond 64 bits
    assert arrow_rows.graph_tables(kg) is None
    assert b"".join(bytes(piece) for piece in graphml_pieces(kg)) == graphml_text(kg).encode("utf-8")


@pytest.mark.parametrize("fmt", ["graphml", "cypher", "csv"])
@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_any_small_graph_gives_the_same_bytes(fmt: str, data: st.DataObject, monkeypatch: pytest.MonkeyPatch) -> None:
    kg = data.draw(text_graphs("json"))  # any text, controls too: an error must be the same error
    if fmt != "csv":
        for text, pieces in XML if fmt == "graphml" else CYPHER:
            text_alike(kg, text, pieces)
        return
    with tempfile.TemporaryDirectory() as tmp:
        csv_alike(kg, Path(tmp), monkeypatch)

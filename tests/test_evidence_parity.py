"""Provenance reads the same on both engines, whatever the query.

A user's own Cypher about evidence (an edge's ``r.evidence``, a node's ``n.evidence``, a
document mention's) answers on the embedded engine exactly what it answers on Neo4j: the list of
the records' canonical JSON text, as graph.json holds them. Compared on real builds: the bundled
example (table rows, merged edges, a text document's mentions) and a small synthetic dataset
(every edge a table row), each pushed to a real Neo4j (marked ``neo4j``).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from helpers import wipe_neo4j

from chainkg.build import build
from chainkg.graph.engines.embedded import EmbeddedStore
from chainkg.graph.engines.neo4j import Neo4jStore
from chainkg.graph.evidence import encode_evidence
from chainkg.graph.io.columnar import read_built
from chainkg.synth import synthesize

QUERIES = {
    "supplies": "MATCH (a)-[r:SUPPLIES]->(b) RETURN a.name, b.name, r.product, r.evidence ORDER BY a.name, b.name, r.product",
    "every_edge": "MATCH (a)-[r]->(b) RETURN a.id, b.id, r.evidence",
    "every_edge_undirected": "MATCH (a:Enterprise)-[r]-(b) RETURN a.id, b.id, r.evidence",
    "node_evidence": "MATCH (n:Enterprise) RETURN n.name, n.evidence ORDER BY n.name",
    "mentions": "MATCH (n)-[m:MENTIONED_IN]->(d:Document) "
    "RETURN n.name, d.path, m.sentence, m.char_start, m.evidence",  # rows sorted here: two rules may mention one span
    "records_unwound": "MATCH ()-[r]->() UNWIND r.evidence AS record RETURN record ORDER BY record",
    "records_counted": "MATCH ()-[r]->() RETURN size(r.evidence) AS records, count(*) AS edges ORDER BY records",
    "evidence_missing": "MATCH ()-[r]->() WHERE r.evidence IS NULL RETURN count(*)",
    "evidence_filtered": "MATCH (a)-[r:MAKES]->(b) WHERE any(x IN r.evidence WHERE x CONTAINS '\"line\":') "
    "RETURN a.name, b.name, r.evidence ORDER BY a.name, b.name",
    "evidence_text": "MATCH (a:Enterprise)-[r]->(b) WITH a, b, r, r.evidence AS records "
    "WHERE size(records) = 1 RETURN a.name, b.name, records[0] + '' AS record",
}
"""The same text on both engines: what a user would type (``records[0]``: Neo4j's first item;
the embedded engine's lists start at 1, so that one query is run with ``records[1]`` there)."""

DIALECT = {"embedded": {"records[0]": "records[1]"}}


def engine_text(text: str, engine: str) -> str:
    for theirs, ours in DIALECT.get(engine, {}).items():
        text = text.replace(theirs, ours)
    return text


def answer(store: Any, text: str) -> list[Any]:
    """The rows as plain lists, sorted unless the query orders them."""
    rows = [list(row) for row in store.query(text)[1]]
    return rows if "ORDER BY" in text else sorted(rows, key=repr)


@pytest.fixture(scope="module", params=["example", "synthetic"])
def both(request: pytest.FixtureRequest, neo4j_settings, built_example: Path, tmp_path_factory) -> Iterator[Any]:
    """A built folder's database and a Neo4j holding the same graph; the graph as graph.json holds it."""
    if request.param == "example":
        folder = built_example
    else:
        root = tmp_path_factory.mktemp("synth")
        synthesize(root / "tables", 300, seed=3)
        folder = root / "built"
        build([root / "tables"], folder)
    kg = read_built(folder)
    graph = json.loads((folder / "graph.json").read_text(encoding="utf-8"))
    with EmbeddedStore(folder / "db") as embedded, Neo4jStore(neo4j_settings) as neo4j_store:
        wipe_neo4j(neo4j_store)
        assert neo4j_store.push(kg) == embedded.counts() == kg.counts()
        yield {"embedded": embedded, "neo4j": neo4j_store}, graph


@pytest.mark.neo4j
@pytest.mark.parametrize("name", sorted(QUERIES))
def test_an_evidence_query_answers_the_same_on_both_engines(name: str, both: Any) -> None:
    stores, _ = both
    answers = {engine: answer(store, engine_text(QUERIES[name], engine)) for engine, store in stores.items()}
    assert answers["embedded"] == answers["neo4j"]
    if name in ("supplies", "every_edge", "records_unwound"):
        assert answers["embedded"], "nothing compared"


@pytest.mark.neo4j
def test_every_edges_evidence_is_graph_jsons(both: Any) -> None:
    """Not only equal on both engines: each is the list graph.json holds, record for record."""
    stores, graph = both
    expected = sorted(
        (
            [edge["source"], edge["target"], [encode_evidence(r) for r in edge.get("evidence", [])]]
            for edge in graph["edges"]
        ),
        key=repr,
    )
    for store in stores.values():
        assert answer(store, QUERIES["every_edge"]) == expected

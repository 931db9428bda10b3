"""Edge provenance in the embedded database: stored whole, read back as the model holds it.

The database stores every edge's ``evidence`` whole, whatever its shape, so that a bare
``r.evidence`` answers the model's list (and Neo4j's: tests/test_evidence_parity.py).
"""

from __future__ import annotations

from pathlib import Path

from chainkg.graph.engines.embedded import EmbeddedStore, ladybug_ddl
from chainkg.graph.evidence import encode_evidence
from chainkg.graph.model import KnowledgeGraph
from chainkg.graph.schema import SCHEMA
from chainkg.graph.storage.coded import LineRecords


def mixed_graph() -> KnowledgeGraph:
    """Edges of every evidence shape: table rows (two tables of one type: a frozen table), a dict
    edge with one record, one with two, one with a text record (no line), one with none."""
    kg = KnowledgeGraph()
    names = ["甲", "乙", "丙", "丁"]
    ids = [kg.add_node("Enterprise", name) for name in names]
    kg.add_node("Product", "轴承")
    head, tail = encode_evidence({"doc": "d", "line": 0, "path": "s.csv"}).split("0", 1)
    kg.add_edge_columns(
        "SUPPLIES",
        ids[:3],
        ids[1:],
        {"product": ["钢", "钢", "轴"]},
        LineRecords(head, tail, [2, 3, 4]),
        lambda row: f"s.csv:{row + 2}",
    )
    other_head, other_tail = encode_evidence({"doc": "e", "line": 0, "path": "t.csv"}).split("0", 1)
    kg.add_edge_columns(
        "SUPPLIES",
        ids[3:],
        ids[:1],
        {"product": ["铁"]},
        LineRecords(other_head, other_tail, [5]),
        lambda row: f"t.csv:{row + 5}",
    )  # a second table of the type: one frozen table, two heads
    kg.link(
        "MAKES",
        ("Enterprise", "甲"),
        ("Product", "轴承"),
        evidence=[{"doc": "d", "line": 9, "path": "m.csv", "note": "注"}],
    )
    kg.link(
        "MAKES",
        ("Enterprise", "乙"),
        ("Product", "轴承"),
        evidence=[{"line": 1, "path": "a"}, {"line": 2, "path": "a"}],
    )
    kg.link(
        "MAKES", ("Enterprise", "丙"), ("Product", "轴承"), evidence=[{"doc": "d", "sentence": 3, "text": "丙造轴承"}]
    )
    kg.link("MAKES", ("Enterprise", "丁"), ("Product", "轴承"))
    return kg


def test_the_database_answers_the_evidence_the_model_holds(tmp_path: Path) -> None:
    """Every shape (a table's row, one record, two, one without a line, none) read back bare."""
    kg = mixed_graph()
    for i in range(40):  # MAKES rows with a note each
        kg.add_node("Product", f"件{i}")
        kg.link(
            "MAKES",
            ("Enterprise", "丁"),
            ("Product", f"件{i}"),
            evidence=[{"doc": "d", "line": i, "note": f"注{i}", "path": "m.csv"}],
        )
    expected = sorted((kg.node(s)["name"], kg.node(t)["name"], attrs["evidence"]) for s, t, _, attrs in kg.edges())
    with EmbeddedStore.create(tmp_path / "db", kg) as store:
        _, rows = store.query("MATCH (a)-[r]->(b) RETURN a.name, b.name, r.evidence")
        _, undirected = store.query("MATCH (a:Enterprise {name: '甲'})-[r:SUPPLIES]-(b) RETURN b.name, r.evidence")
        counted = store.counts()
    assert sorted((a, b, records) for a, b, records in rows) == expected
    assert sorted(undirected) == [
        ["丁", [encode_evidence({"doc": "e", "line": 5, "path": "t.csv"})]],
        ["乙", [encode_evidence({"doc": "d", "line": 2, "path": "s.csv"})]],
    ]
    assert counted == kg.counts()


def test_the_database_has_the_schemas_tables_and_properties_only() -> None:
    """No table or column beyond the schema: nothing a user's Cypher would see on one engine only."""
    tables = {statement.split("(", 1)[0].split()[-1]: statement for statement in ladybug_ddl()}
    assert set(tables) == set(SCHEMA.label_names) | set(SCHEMA.rel_names)
    for rel in SCHEMA.rels:
        columns = tables[rel.name].split("(", 1)[1].rsplit(")", 1)[0].split(", ")
        assert [c.split()[0] for c in columns if not c.startswith("FROM ")] == [
            p.name for p in SCHEMA.edge_props(rel.name)
        ]

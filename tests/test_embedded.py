"""The embedded engine on a real LadybugDB database in tmp_path."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from chainkg.errors import EngineError
from chainkg.graph.engines.embedded import EmbeddedStore
from chainkg.graph.model import KnowledgeGraph

HOSTILE = "x'}) DETACH DELETE n //"


def sample() -> KnowledgeGraph:
    kg = KnowledgeGraph()
    kg.add_node("Enterprise", "三一重工", aliases=["Sany Heavy Industry"], evidence=[{"line": 2, "path": "e.csv"}])
    kg.add_node("Enterprise", "三一集团")
    kg.add_node("Enterprise", HOSTILE)
    kg.add_node("Product", "液压件", stage="upstream")
    kg.add_node("Park", "长沙经开区")
    kg.add_node("Region", "长沙")
    kg.link("SUBSIDIARY_OF", ("Enterprise", "三一重工"), ("Enterprise", "三一集团"), share=0.3)
    kg.link("SUPPLIES", ("Enterprise", HOSTILE), ("Enterprise", "三一重工"), product="液压件", volume=2.5)
    kg.link("MAKES", ("Enterprise", HOSTILE), ("Product", "液压件"))
    kg.link("LOCATED_IN", ("Enterprise", "三一重工"), ("Region", "长沙"))
    kg.link("LOCATED_IN", ("Park", "长沙经开区"), ("Region", "长沙"))
    return kg


@pytest.fixture()
def store(tmp_path: Path):
    EmbeddedStore.create(tmp_path / "db", sample()).close()
    with EmbeddedStore(tmp_path / "db") as opened:
        yield opened


def test_counts_match_the_model(store: EmbeddedStore) -> None:
    assert store.counts() == sample().counts()


def test_parameterised_query_with_lists_and_evidence(store: EmbeddedStore) -> None:
    columns, rows = store.query(
        "MATCH (e:Enterprise) WHERE e.name = $name RETURN e.id, e.aliases, e.evidence", {"name": "三一重工"}
    )
    assert columns == ["e.id", "e.aliases", "e.evidence"]
    assert rows[0][0] == "Enterprise:三一重工"
    assert rows[0][1] == ["Sany Heavy Industry"]
    assert json.loads(rows[0][2][0]) == {"line": 2, "path": "e.csv"}


def test_edges_from_several_endpoint_pairs_of_one_type(store: EmbeddedStore) -> None:
    _, rows = store.query("MATCH (a)-[:LOCATED_IN]->(r:Region) RETURN label(a), a.name ORDER BY a.name")
    assert rows == [["Enterprise", "三一重工"], ["Park", "长沙经开区"]]


def test_hostile_name_is_stored_as_text(store: EmbeddedStore) -> None:
    _, rows = store.query(
        "MATCH (s:Enterprise)-[r:SUPPLIES]->(c:Enterprise) RETURN s.name, r.product, r.volume, c.name"
    )
    assert rows == [[HOSTILE, "液压件", 2.5, "三一重工"]]
    assert store.counts()["labels"]["Enterprise"] == 3


def test_read_only_store_refuses_writes(store: EmbeddedStore) -> None:
    with pytest.raises(EngineError, match="read-only"):
        store.query("CREATE (:Region {id: 'Region:x', name: 'x'})")
    assert store.counts()["labels"]["Region"] == 1


def test_opening_a_missing_database_says_how_to_fix(tmp_path: Path) -> None:
    with pytest.raises(EngineError) as info:
        EmbeddedStore(tmp_path / "nowhere" / "db")
    assert (
        str(info.value)
        == f"no embedded database ({tmp_path / 'nowhere' / 'db'}): run chainkg build --out on the parent folder first"
    )


def test_a_database_built_by_another_version_says_rebuild(tmp_path: Path) -> None:
    """A database without this version's tables (here: one that kept edge evidence apart, in a
    table of its own) is refused in one line on opening, not with wrong answers to a query."""
    import ladybug

    from chainkg.graph.engines.embedded import DB_FILE, ladybug_ddl

    (tmp_path / "db").mkdir()
    db = ladybug.Database(str(tmp_path / "db" / DB_FILE))
    connection = ladybug.Connection(db)
    for statement in ladybug_ddl():
        connection.execute(statement)
    connection.execute("CREATE NODE TABLE EvidenceFrame(id INT64, head STRING, tail STRING, PRIMARY KEY (id))")
    connection.close()
    db.close()
    with pytest.raises(EngineError) as info:
        EmbeddedStore(tmp_path / "db")
    assert (
        str(info.value)
        == f"the embedded database was built by another version of chainkg ({tmp_path / 'db'}): rebuild it with chainkg build"
    )

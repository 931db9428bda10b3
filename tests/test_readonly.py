"""`chainkg cypher` is read-only on both engines: the usual tricks are refused before they run,
and behind that guard the engines themselves refuse writes (read-only database, read transactions)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from helpers import neo4j_cli

from chainkg.cli import main
from chainkg.errors import EngineError
from chainkg.graph.engines.embedded import EmbeddedStore
from chainkg.graph.io.nodelink import read_graph_json
from chainkg.queries.readonly import several_statements, write_keyword
from chainkg.sync import write_folder

# (query, the keyword the refusal names)
TRICKS = [
    ("MATCH (n) DETACH DELETE n", "DETACH"),
    ("match (n) set n.name = 'x'", "SET"),
    ("MaTcH (n) DeTaCh DeLeTe n", "DETACH"),
    ("MATCH (n) /* harmless */ CREATE (m:Region {id: 'x'})", "CREATE"),
    ("MATCH (n) // a comment\nDELETE n", "DELETE"),
    ("MATCH (n) WHERE n.name = 'it\\'s' DELETE n", "DELETE"),
    ("MATCH (n) WHERE n.name = \"say 'hi'\" DELETE n", "DELETE"),
    ("MATCH (n) WITH n AS `it's` DETACH DELETE `it's` RETURN 'x'", "DETACH"),
    ("MATCH (n:`Region`) SET n.`name` = 'x'", "SET"),
    ("MATCH (n:Region)\u00a0DETACH\u00a0DELETE n", "DETACH"),
    ("LOAD CSV FROM 'file:///etc/hostname' AS row RETURN row", "LOAD CSV"),
    ("load csv with headers from 'file:///x.csv' as row return row", "LOAD CSV"),
    ("LOAD FROM '/etc/hostname' (file_format='csv') RETURN *", "LOAD"),
    ("LOAD EXTENSION '/tmp/evil.so'", "LOAD"),
    ("CALL { MATCH (n) DELETE n }", "CALL {"),
    ("CALL { MATCH (n:Region) RETURN n } IN TRANSACTIONS RETURN n", "CALL {"),
    ("MATCH (n:Region) CALL (n) { RETURN n.name AS x } RETURN x", "CALL {"),
    ("CALL apoc.periodic.iterate('MATCH (n) RETURN n', 'DELETE n', {})", "CALL APOC."),
    ("CALL apoc.create.node(['X'], {})", "CALL APOC."),
    ("CALL db.createLabel('Hacked')", "CALL DB."),
    ("CALL `db`.`createLabel`('Hacked')", "CALL DB."),
    ("CALL db . createProperty('hacked')", "CALL DB."),
    ("call DB.clearQueryCaches()", "CALL DB."),
    ("CALL dbms.setConfigValue('db.logs.query.enabled', 'OFF')", "CALL DBMS."),
    ("CALL tx.setMetaData({a: 1})", "CALL TX."),
    ("CALL threads=1", "CALL THREADS"),
    ("MERGE (r:Region {id: 'Region:x'})", "MERGE"),
    ("INSERT (:Region {id: 'x'})", "INSERT"),
    ("FOREACH (x IN [1] | CREATE (:Region {id: 'x'}))", "FOREACH"),
    ("COPY Region FROM 'x.csv'", "COPY"),
    ("COPY (MATCH (n:Region) RETURN n.name) TO '/tmp/chainkg-leak.csv'", "COPY"),
    ("EXPORT DATABASE '/tmp/chainkg-export'", "EXPORT"),
    ("ATTACH '/tmp/other.lbdb' AS o (dbtype lbug)", "ATTACH"),
    ("CREATE INDEX hacked FOR (n:Region) ON (n.kind)", "CREATE"),
    ("DROP TABLE Region", "DROP"),
    ("STOP DATABASE neo4j", "STOP DATABASE"),
    ("TERMINATE TRANSACTIONS 'neo4j-transaction-1'", "TERMINATE"),
    ("MATCH (n:Region) RETURN n; MATCH (m) DELETE m", "DELETE"),
]
READS = [
    "MATCH (n:Region) RETURN 'CREATE' AS word LIMIT 1",
    "MATCH (n:Region) WHERE n.name <> 'x\\' DELETE n //' RETURN count(n) AS n",
    "// DELETE everything\nMATCH (n:`Region`) RETURN count(n) AS n",
    'MATCH (n:Region) WHERE n.name = "SET" /* ; DROP */ RETURN n.name',
]
SEVERAL = "MATCH (n:Region) RETURN count(n) AS n; MATCH (m:Chain) RETURN count(m) AS m"


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def refusal(keyword: str) -> str:
    return f"Error: chainkg cypher is read-only; the query writes ({keyword}): run writes with the engine's own tools"


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def folder(built_example: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the built example of this module's own, so a hole could not damage the shared one."""
    out = tmp_path_factory.mktemp("readonly") / "hunan"
    write_folder(read_graph_json(built_example / "graph.json"), out)
    return out


@pytest.mark.parametrize(("cypher", "keyword"), TRICKS)
def test_every_trick_is_named(cypher: str, keyword: str) -> None:
    assert write_keyword(cypher) == keyword


@pytest.mark.parametrize("cypher", [*READS, "CALL db.labels() YIELD label RETURN label", "CALL show_tables() RETURN *"])
def test_reads_pass(cypher: str) -> None:
    assert write_keyword(cypher) is None and not several_statements(cypher)


def test_embedded_cli_refuses_every_trick_and_changes_nothing(folder: Path) -> None:
    before = snapshot(folder)
    for cypher, keyword in TRICKS:
        result = run("cypher", cypher, "--db", str(folder))
        assert (result.exit_code, result.stderr.strip()) == (1, refusal(keyword)), cypher
    result = run("cypher", SEVERAL, "--db", str(folder))
    assert (result.exit_code, result.stderr.strip()) == (
        1,
        "Error: chainkg cypher runs one statement at a time: split the query at ';' and run each part alone",
    )
    for cypher in [*READS, "CALL show_tables() RETURN *", "MATCH (n:Region) RETURN count(n) AS n;"]:
        result = run("cypher", cypher, "--db", str(folder), "--format", "json")
        assert result.exit_code == 0, (cypher, result.output)
    assert snapshot(folder) == before
    assert not Path("/tmp/chainkg-leak.csv").exists() and not Path("/tmp/chainkg-export").exists()


EMBEDDED_WRITES = [
    "CREATE (r:Region {id: 'Region:x', name: 'x'})",
    "MERGE (r:Region {id: 'Region:x'})",
    "MATCH (n:Region) SET n.name = 'x'",
    "MATCH (n:Region) DETACH DELETE n",
    "DROP TABLE Region",
    "ALTER TABLE Region ADD hacked STRING",
    "CREATE NODE TABLE Hacked(id STRING, PRIMARY KEY (id))",
    "COPY Region FROM 'x.csv'",
]


def test_behind_the_guard_the_embedded_database_is_read_only(folder: Path) -> None:
    """Writes sent straight to the store (no guard) fail in the engine. (``COPY ... TO`` a file and
    ``LOAD EXTENSION`` are not database writes, so only the guard stops those.)"""
    before = snapshot(folder)
    with EmbeddedStore(folder / "db") as store:
        counts = store.counts()
        for cypher in EMBEDDED_WRITES:
            with pytest.raises(EngineError):
                store.query(cypher)
        with pytest.raises(EngineError, match="several statements"):
            store.query(SEVERAL)
        assert store.counts() == counts
    assert snapshot(folder) == before


# -- Neo4j ---------------------------------------------------------------------

NEO4J_WRITES = [
    "CREATE (r:Region {id: 'Region:x', name: 'x'})",
    "MATCH (n) DETACH DELETE n",
    "MATCH (n:Region) SET n.name = 'x'",
    "MERGE (r:Region {id: 'Region:x'})",
    "INSERT (:Region {id: 'Region:y'})",
    "FOREACH (x IN [1] | CREATE (:Region {id: 'Region:z'}))",
    "CALL db.createLabel('Hacked')",
    "CALL db.createProperty('hacked')",
    "CALL `db`.`createRelationshipType`('HACKED')",
    "CALL { MATCH (n) DETACH DELETE n }",
    "CREATE INDEX hacked FOR (n:Region) ON (n.kind)",
    "STOP DATABASE neo4j",
]


def fingerprint(store) -> list:
    """Everything a write could change: nodes, relationships, labels, types, property keys, indexes."""
    return [
        store.query("MATCH (n) RETURN n.id, labels(n), properties(n) ORDER BY n.id")[1],
        store.query("MATCH ()-[r]->() RETURN count(r)")[1],
        store.query("CALL db.labels() YIELD label RETURN label ORDER BY label")[1],
        store.query(
            "CALL db.relationshipTypes() YIELD relationshipType RETURN relationshipType ORDER BY relationshipType"
        )[1],
        store.query("CALL db.propertyKeys() YIELD propertyKey RETURN propertyKey ORDER BY propertyKey")[1],
        store.query("SHOW INDEXES YIELD name RETURN name ORDER BY name")[1],
    ]


@pytest.mark.neo4j
def test_neo4j_cli_refuses_every_trick_and_changes_nothing(neo4j_store, neo4j_settings, built_example: Path) -> None:
    neo4j_store.push(read_graph_json(built_example / "graph.json"))
    before = fingerprint(neo4j_store)
    connection = neo4j_cli(neo4j_settings)
    for cypher, keyword in TRICKS:
        result = run("cypher", cypher, *connection)
        assert (result.exit_code, result.stderr.strip()) == (1, refusal(keyword)), cypher
    assert run("cypher", SEVERAL, *connection).exit_code == 1
    for cypher in [*READS, "CALL db.labels() YIELD label RETURN label", "MATCH (n:Region) RETURN count(n) AS n;"]:
        result = run("cypher", cypher, *connection, "--format", "json")
        assert result.exit_code == 0, (cypher, result.output)
    assert fingerprint(neo4j_store) == before


@pytest.mark.neo4j
def test_behind_the_guard_neo4j_reads_run_in_read_transactions(neo4j_store, built_example: Path) -> None:
    """Writes that slipped past the guard, sent straight to ``Neo4jStore.query``, fail on the server."""
    neo4j_store.push(read_graph_json(built_example / "graph.json"))
    before = fingerprint(neo4j_store)
    for cypher in NEO4J_WRITES:
        with pytest.raises(EngineError, match="read access mode"):
            neo4j_store.query(cypher)
    assert fingerprint(neo4j_store) == before

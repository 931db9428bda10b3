"""The Neo4j engine and `chainkg push`/`pull`, on a real Neo4j server (marked ``neo4j``)."""

from __future__ import annotations

import socket
from pathlib import Path

import click
import pytest
from click.testing import CliRunner
from helpers import NEO4J_SCRIPT, QUICK_JIT, java_or_skip, kill_test_server, start_test_server, synthetic

from chainkg.cli import main
from chainkg.errors import EngineError
from chainkg.graph.engines.embedded import EmbeddedStore
from chainkg.graph.engines.neo4j import (
    MARKER,
    Neo4jSettings,
    Neo4jStore,
    edge_merge_statement,
    neo4j_schema_statements,
)
from chainkg.graph.io.nodelink import dumps_graph_json, read_graph_json
from chainkg.graph.model import KnowledgeGraph
from chainkg.graph.schema import SCHEMA

HOSTILE = "x'}) DETACH DELETE n //"


def run(*args: str) -> click.testing.Result:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def cli_auth(settings: Neo4jSettings) -> list[str]:
    return ["--uri", settings.uri, "--user", settings.user, "--password", settings.password]


def total(store: Neo4jStore) -> tuple[int, int]:
    """All nodes and relationships on the server, chainkg's or not."""
    nodes = store.query("MATCH (n) RETURN count(n)")[1][0][0]
    rels = store.query("MATCH ()-[r]->() RETURN count(r)")[1][0][0]
    return nodes, rels


# -- without a server ----------------------------------------------------------


def test_constraints_and_indexes_are_derived_from_the_schema() -> None:
    statements = neo4j_schema_statements()
    assert len(statements) == 2 * len(SCHEMA.label_names)
    assert (
        "CREATE CONSTRAINT chainkg_Enterprise_id IF NOT EXISTS FOR (n:Enterprise) REQUIRE n.id IS UNIQUE" in statements
    )
    assert "CREATE TEXT INDEX chainkg_Product_name IF NOT EXISTS FOR (n:Product) ON (n.name)" in statements


def test_only_keyed_relationship_types_merge_on_the_edge_key() -> None:
    assert "[r:SUPPLIES {key: row.key}]" in edge_merge_statement(SCHEMA, "SUPPLIES", "Enterprise", "Enterprise")
    assert "[r:MAKES]" in edge_merge_statement(SCHEMA, "MAKES", "Enterprise", "Product")


def test_settings_come_from_the_environment_and_never_show_the_password(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEO4J_URI", "neo4j://alice:s3cret@db.example:7687")
    monkeypatch.setenv("NEO4J_PASSWORD", "s3cret")
    monkeypatch.delenv("NEO4J_USERNAME", raising=False)
    monkeypatch.delenv("NEO4J_DATABASE", raising=False)
    settings = Neo4jSettings.resolve()
    assert (settings.user, settings.password, settings.database) == ("neo4j", "s3cret", None)
    assert settings.where == "neo4j://db.example:7687"
    assert "s3cret" not in repr(settings)


def test_no_uri_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NEO4J_URI", raising=False)
    with pytest.raises(EngineError, match="no Neo4j URI"):
        Neo4jSettings.resolve()


def test_server_down_names_the_uri_not_the_password(built_example: Path) -> None:
    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    uri = f"bolt://127.0.0.1:{port}"
    result = run("push", str(built_example), "--uri", uri, "--password", "hunter2-secret")
    assert result.exit_code == 1
    assert (
        result.stderr
        == f"Error: cannot reach the Neo4j server ({uri}): start the server or check --uri; a re-run completes the push\n"
    )
    assert "hunter2" not in result.output


# -- on a real server ----------------------------------------------------------


@pytest.mark.neo4j
def test_push_example_counts_equal_the_embedded_engine(neo4j_store: Neo4jStore, built_example: Path) -> None:
    kg = read_graph_json(built_example / "graph.json")
    pushed = neo4j_store.push(kg, batch_size=7)
    with EmbeddedStore(built_example / "db") as embedded:
        assert pushed == embedded.counts() == neo4j_store.counts() == kg.counts()


@pytest.mark.neo4j
def test_pushing_twice_changes_nothing(neo4j_store: Neo4jStore) -> None:
    kg = synthetic()
    first = neo4j_store.push(kg, batch_size=1000)
    before = total(neo4j_store)
    props = neo4j_store.query("MATCH (n) RETURN n.id, properties(n) ORDER BY n.id")[1]
    assert neo4j_store.push(kg, batch_size=333) == first == kg.counts()
    assert total(neo4j_store) == before
    assert neo4j_store.query("MATCH (n) RETURN n.id, properties(n) ORDER BY n.id")[1] == props


@pytest.mark.neo4j
def test_a_hostile_name_is_stored_as_text(neo4j_store: Neo4jStore) -> None:
    kg = KnowledgeGraph()
    bad = kg.add_node("Enterprise", HOSTILE, aliases=[HOSTILE + " alias"], region="'; MATCH (m) DETACH DELETE m")
    good = kg.add_node("Enterprise", "三一重工")
    kg.add_edge("SUPPLIES", bad, good, product=HOSTILE)
    assert neo4j_store.push(kg) == kg.counts()
    _, rows = neo4j_store.query(
        "MATCH (e:Enterprise)-[s:SUPPLIES]->() WHERE e.name = $name RETURN e.name, s.product", {"name": HOSTILE}
    )
    assert rows == [[HOSTILE, HOSTILE]]
    assert total(neo4j_store) == (2, 1)


@pytest.mark.neo4j
def test_replace_clears_only_what_chainkg_wrote(neo4j_store: Neo4jStore, built_example: Path) -> None:
    neo4j_store.write("CREATE (:Enterprise {id: 'theirs', name: 'not ours'})-[:KNOWS]->(:Person {name: 'Ada'})")
    neo4j_store.push(read_graph_json(built_example / "graph.json"))
    small = KnowledgeGraph()
    small.add_node("Chain", "工程机械")
    assert neo4j_store.push(small, replace=True) == small.counts()
    _, rows = neo4j_store.query(f"MATCH (n) WHERE NOT n:{MARKER} RETURN n.name ORDER BY n.name")
    assert rows == [["Ada"], ["not ours"]]
    assert total(neo4j_store) == (3, 1)


@pytest.mark.neo4j
def test_push_then_pull_gives_the_same_graph_json_bytes(
    neo4j_store: Neo4jStore, neo4j_settings: Neo4jSettings, built_example: Path, tmp_path: Path
) -> None:
    result = run("push", str(built_example), *cli_auth(neo4j_settings), "--batch-size", "10", "--format", "json")
    assert result.exit_code == 0, result.output
    out = tmp_path / "pulled"
    result = run("pull", *cli_auth(neo4j_settings), "--out", str(out))
    assert result.exit_code == 0, result.output
    assert (out / "graph.json").read_bytes() == (built_example / "graph.json").read_bytes()
    with EmbeddedStore(out / "db") as store, EmbeddedStore(built_example / "db") as original:
        assert store.counts() == original.counts()


@pytest.mark.neo4j
def test_pull_of_the_synthetic_graph_round_trips(neo4j_store: Neo4jStore) -> None:
    kg = synthetic()
    neo4j_store.push(kg)
    assert dumps_graph_json(neo4j_store.pull()) == dumps_graph_json(kg)


@pytest.mark.neo4j
def test_wrong_password_is_one_line_naming_the_uri(
    neo4j_settings: Neo4jSettings, built_example: Path, tmp_path: Path
) -> None:
    out = tmp_path / "kept"
    out.mkdir()
    (out / "graph.json").write_text("old", encoding="utf-8")
    for args in (["push", str(built_example)], ["pull", "--out", str(out)]):
        result = run(*args, "--uri", neo4j_settings.uri, "--password", "wrong-Pa55word")
        assert result.exit_code == 1
        assert result.stderr == (
            f"Error: Neo4j refused the user name or password ({neo4j_settings.uri}): "
            "check --user/--password or NEO4J_USERNAME/NEO4J_PASSWORD\n"
        )
        assert "wrong-Pa55word" not in result.output
    assert [p.name for p in out.iterdir()] == ["graph.json"] and (out / "graph.json").read_text("utf-8") == "old"


@pytest.mark.neo4j
def test_push_reads_connection_from_the_environment(
    neo4j_store: Neo4jStore, neo4j_settings: Neo4jSettings, built_example: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NEO4J_URI", neo4j_settings.uri)
    monkeypatch.setenv("NEO4J_USERNAME", neo4j_settings.user)
    monkeypatch.setenv("NEO4J_PASSWORD", neo4j_settings.password)
    result = run("push", str(built_example), "--format", "csv")
    assert result.exit_code == 0, result.output
    enterprises = read_graph_json(built_example / "graph.json").counts()["labels"]["Enterprise"]
    assert f"label,Enterprise,{enterprises}" in result.stdout


@pytest.mark.neo4j
def test_a_push_cut_off_half_way_completes_on_a_rerun_without_duplicates(neo4j_store: Neo4jStore) -> None:
    kg = synthetic()
    pushed = []

    def cut_off(what: str, n: int) -> None:
        pushed.append(n)
        if what == "SUPPLIES":  # nodes and some edges are in, the rest is not
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        neo4j_store.push(kg, batch_size=1000, on_batch=cut_off)
    assert neo4j_store.counts() != kg.counts()
    assert neo4j_store.push(kg, batch_size=1000) == kg.counts()
    assert total(neo4j_store) == (len(kg), kg.number_of_edges())


@pytest.mark.neo4j
def test_a_server_stopping_mid_push_is_one_error_and_a_rerun_after_restart_completes_it(tmp_path: Path) -> None:
    """A server of its own (started by the script whatever NEO4J_URI says), stopped after the first
    batch, then restarted on the same data: the re-run completes the push without duplicates."""
    import subprocess
    import sys

    java_or_skip("a Neo4j server of its own")
    home = tmp_path / "server"

    def start_server(*extra: str) -> tuple[dict[str, str], Neo4jSettings]:
        server = start_test_server(home, *extra)
        return server, Neo4jSettings(server["NEO4J_URI"], server["NEO4J_USERNAME"], server["NEO4J_PASSWORD"])

    def stop_server(_what: str = "", _n: int = 0) -> None:  # the graceful stop: SIGTERM, then wait until it is down
        subprocess.run(
            [sys.executable, str(NEO4J_SCRIPT), "stop", "--dir", str(home)], capture_output=True, timeout=120
        )

    kg = synthetic(enterprises=300, supplies=300)
    server, settings = start_server()
    try:
        with Neo4jStore(settings) as store, pytest.raises(EngineError) as caught:
            store.push(kg, batch_size=100, on_batch=stop_server)
        message = caught.value.one_line()
        assert f"({settings.uri})" in message and "\n" not in message
        assert settings.password not in message
        server, settings = start_server("--keep-data")
        with Neo4jStore(settings) as store:
            assert store.counts() != kg.counts()  # cut off: some of the graph is there, not all
            assert 0 < total(store)[0] < len(kg)
            assert store.push(kg, batch_size=100) == kg.counts()
            assert total(store) == (len(kg), kg.number_of_edges())
            assert dumps_graph_json(store.pull()) == dumps_graph_json(kg)
    finally:
        kill_test_server(server)


# -- the loader: a built folder, CREATE into an empty database, MERGE otherwise, --bulk ---------


def test_load_statements_take_values_only_as_parameters() -> None:
    from chainkg.graph.engines.neo4j_load import edge_create_statement, node_create_statement

    node = node_create_statement("Enterprise", ["id", "name"], MARKER)
    assert node == (
        "UNWIND range(0, size($id) - 1) AS i CREATE (n:Enterprise:ChainKG {id: $id[i], name: $name[i]}) "
        "RETURN collect(i) AS i, collect(id(n)) AS node"
    )
    assert "CREATE (a)-[:SUPPLIES {key: $key[i]}]->(b)" in edge_create_statement("SUPPLIES", ["key"])


@pytest.fixture(scope="module")
def built_synth(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``chainkg synth`` (2,000 enterprises, every label and type) built into a folder with its tables."""
    where = tmp_path_factory.mktemp("synth")
    assert run("synth", "--enterprises", "2000", "--out", str(where / "S")).exit_code == 0
    assert run("build", str(where / "S"), "--out", str(where / "B")).exit_code == 0
    assert (where / "B" / "columns" / "manifest.json").is_file()
    return where / "B"


PARITY = [
    "MATCH (e:Enterprise)-[s:SUPPLIES]->(c:Enterprise) RETURN e.id, count(s) AS n, min(s.volume) AS low, max(s.volume) AS high "
    "ORDER BY n DESC, e.id LIMIT 10",
    "MATCH (e:Enterprise)-[:MAKES]->(p:Product)-[:PART_OF]->(c:Chain) RETURN c.name, count(DISTINCT e) AS makers ORDER BY c.name",
]


@pytest.mark.neo4j
def test_push_of_a_built_folder_creates_the_build_in_an_empty_database(
    neo4j_store: Neo4jStore, neo4j_settings: Neo4jSettings, built_synth: Path
) -> None:
    import json

    from chainkg.graph.io.columnar import read_built
    from chainkg.sync import push_folder

    kg = read_built(built_synth)
    result = run(
        "push", str(built_synth), *cli_auth(neo4j_settings), "--batch-size", "500", "--workers", "2", "--format", "csv"
    )
    assert result.exit_code == 0, result.output
    assert result.stderr == f"pushed {built_synth} to {neo4j_settings.uri}\n"  # no progress when not a terminal
    assert neo4j_store.counts() == kg.counts()
    assert total(neo4j_store) == (len(kg), kg.number_of_edges())
    with EmbeddedStore(built_synth / "db") as embedded:
        for cypher in PARITY:
            assert neo4j_store.query(cypher)[1] == embedded.query(cypher)[1], cypher
    _, rows = neo4j_store.query("MATCH ()-[s:SUPPLIES]->() RETURN s.evidence LIMIT 5")
    assert all(json.loads(record)["doc"] for (evidence,) in rows for record in evidence)
    assert dumps_graph_json(neo4j_store.pull()) == dumps_graph_json(kg)
    with Neo4jStore(neo4j_settings) as store:  # the constraints and indexes came after the load
        names = {row[0] for row in store.query("SHOW INDEXES YIELD name RETURN name")[1]}
        assert {"chainkg_Enterprise_id", "chainkg_Enterprise_name"} <= names
    seen = []
    with Neo4jStore(neo4j_settings) as store:
        assert store.push(read_built(built_synth), batch_size=5000) == kg.counts()
        assert store.last_mode == "merge"
    assert push_folder(built_synth, neo4j_settings, on_start=seen.append) == kg.counts()
    assert seen == [len(kg) + kg.number_of_edges()]


@pytest.mark.neo4j
def test_push_into_a_database_holding_part_of_the_graph_merges(
    neo4j_store: Neo4jStore, neo4j_settings: Neo4jSettings, built_synth: Path
) -> None:
    from chainkg.graph.io.columnar import read_built
    from chainkg.sync import push_folder

    kg = read_built(built_synth)
    part = KnowledgeGraph()
    for nid in [nid for nid, attrs in kg.node_items() if attrs["label"] == "Enterprise"][:50]:
        part.restore_node(nid, "Enterprise", kg.node(nid)["name"])
    part.add_node("Chain", "只在库里")  # a chainkg node the build does not have: it stays
    neo4j_store.push(part)
    neo4j_store.write("CREATE (:Person {name: 'Ada'})")  # not chainkg's
    assert push_folder(built_synth, neo4j_settings, batch_size=700)["types"] == kg.counts()["types"]
    assert neo4j_store.counts()["labels"]["Enterprise"] == kg.counts()["labels"]["Enterprise"]
    assert total(neo4j_store) == (len(kg) + 2, kg.number_of_edges())
    _, rows = neo4j_store.query("MATCH (e:Enterprise) WITH e.id AS id, count(*) AS n WHERE n > 1 RETURN count(*)")
    assert rows == [[0]]
    with EmbeddedStore(built_synth / "db") as embedded:
        for cypher in PARITY:
            assert neo4j_store.query(cypher)[1] == embedded.query(cypher)[1], cypher


def neo4j_admin(tmp_path: Path) -> Path:
    """An executable neo4j-admin on the Maven-resolved jars, with a throw-away home."""
    import shutil
    import subprocess
    import sys

    if shutil.which("java") is None:
        pytest.skip("no Java for neo4j-admin")
    done = subprocess.run([sys.executable, str(NEO4J_SCRIPT), "fetch"], capture_output=True, text=True, timeout=1200)
    assert done.returncode == 0, done.stderr[-800:]
    lib, home = done.stdout.split()[-1], tmp_path / "home"
    (home / "conf").mkdir(parents=True)
    (home / "conf" / "neo4j.conf").write_text(
        f"server.directories.data={home / 'data'}\nserver.directories.logs={home / 'logs'}\n"
    )
    script = tmp_path / "neo4j-admin"
    script.write_text(
        f'#!/bin/sh\nNEO4J_HOME="{home}" NEO4J_CONF="{home / "conf"}" exec java -Xmx512m {QUICK_JIT} -cp "{lib}/*" org.neo4j.cli.AdminTool "$@"\n'
    )
    script.chmod(0o755)
    return script


@pytest.mark.neo4j
def test_push_bulk_imports_into_a_fresh_database_name(
    built_synth: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from chainkg.graph.io.columnar import read_built

    admin = neo4j_admin(tmp_path)
    monkeypatch.delenv("NEO4J_URI", raising=False)
    counts = read_built(built_synth).counts()
    result = run(
        "push", str(built_synth), "--bulk", "--database", "fresh", "--neo4j-admin", str(admin), "--format", "csv"
    )
    assert result.exit_code == 0, result.output
    assert f"label,Enterprise,{counts['labels']['Enterprise']}" in result.stdout
    assert "imported" in result.stderr and "fresh" in result.stderr
    assert (tmp_path / "home" / "data" / "databases" / "fresh").is_dir()
    again = run("push", str(built_synth), "--bulk", "--database", "fresh", "--neo4j-admin", str(admin))
    assert again.exit_code == 1
    assert again.stderr.startswith("Error: neo4j-admin import failed: ") and again.stderr.count("\n") == 1
    missing = run("push", str(built_synth), "--bulk", "--neo4j-admin", str(tmp_path / "nowhere"))
    assert missing.exit_code == 1 and "cannot run" in missing.stderr

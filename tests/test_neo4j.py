"""The Neo4j engine and `chainkg push`/`pull`, on a real Neo4j server (marked ``neo4j``)."""

from __future__ import annotations

import importlib.util
import socket
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

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
from chainkg.graph.model import KnowledgeGraph
from chainkg.graph.nodelink import dumps_graph_json, read_graph_json
from chainkg.graph.schema import SCHEMA

from conftest import ROOT

HOSTILE = "x'}) DETACH DELETE n //"


def synthetic(**sizes: int) -> KnowledgeGraph:
    """The benchmark's generator (benchmarks/synthetic.py), a few thousand nodes by default."""
    spec = importlib.util.spec_from_file_location("chainkg_synthetic", ROOT / "benchmarks" / "synthetic.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.synthetic_graph(**{"enterprises": 2000, "supplies": 5000, "products": 100, "chains": 5, **sizes})


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
    assert "CREATE CONSTRAINT chainkg_Enterprise_id IF NOT EXISTS FOR (n:Enterprise) REQUIRE n.id IS UNIQUE" in statements
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
    assert result.stderr == f"Error: cannot reach the Neo4j server ({uri}): start the server or check --uri; a re-run completes the push\n"
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
    _, rows = neo4j_store.query("MATCH (e:Enterprise)-[s:SUPPLIES]->() WHERE e.name = $name RETURN e.name, s.product", {"name": HOSTILE})
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
def test_push_then_pull_gives_the_same_graph_json_bytes(neo4j_store: Neo4jStore, neo4j_settings: Neo4jSettings, built_example: Path, tmp_path: Path) -> None:
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
def test_wrong_password_is_one_line_naming_the_uri(neo4j_settings: Neo4jSettings, built_example: Path, tmp_path: Path) -> None:
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
def test_push_reads_connection_from_the_environment(neo4j_store: Neo4jStore, neo4j_settings: Neo4jSettings, built_example: Path, monkeypatch: pytest.MonkeyPatch) -> None:
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
def test_a_server_stopping_mid_push_is_one_error_and_a_rerun_after_restart_completes_it(neo4j_settings: Neo4jSettings, tmp_path: Path) -> None:
    """A server of its own (started by the script whatever NEO4J_URI says), stopped after the first
    batch, then restarted on the same data: the re-run completes the push without duplicates."""
    import os
    import subprocess
    import sys

    from conftest import NEO4J_SCRIPT

    home = str(tmp_path / "server")

    def start_server(*extra: str) -> Neo4jSettings:
        started = subprocess.run([sys.executable, str(NEO4J_SCRIPT), "start", "--dir", home, "--watch-pid", str(os.getpid()), *extra],
                                 capture_output=True, text=True, timeout=600)
        assert started.returncode == 0, started.stderr
        env = dict(line.split("=", 1) for line in started.stdout.splitlines())
        return Neo4jSettings(env["NEO4J_URI"], env["NEO4J_USERNAME"], env["NEO4J_PASSWORD"])

    def stop_server(_what: str = "", _n: int = 0) -> None:
        subprocess.run([sys.executable, str(NEO4J_SCRIPT), "stop", "--dir", home], capture_output=True, timeout=120)

    kg = synthetic(enterprises=300, supplies=300)
    settings = start_server()
    try:
        with Neo4jStore(settings) as store, pytest.raises(EngineError) as caught:
            store.push(kg, batch_size=100, on_batch=stop_server)
        message = caught.value.one_line()
        assert f"({settings.uri})" in message and "\n" not in message
        assert settings.password not in message
        settings = start_server("--keep-data")
        with Neo4jStore(settings) as store:
            assert store.counts() != kg.counts()  # cut off: some of the graph is there, not all
            assert 0 < total(store)[0] < len(kg)
            assert store.push(kg, batch_size=100) == kg.counts()
            assert total(store) == (len(kg), kg.number_of_edges())
            assert dumps_graph_json(store.pull()) == dumps_graph_json(kg)
    finally:
        stop_server()

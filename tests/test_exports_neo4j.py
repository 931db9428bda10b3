"""Exports replayed into a real Neo4j: the Cypher script through Neo4j's own cypher-shell, the CSV
folder through the real ``neo4j-admin database import full`` (both from Maven-resolved jars)."""

from __future__ import annotations

import json
import os
import shlex
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from helpers import NEO4J_SCRIPT, QUICK_JIT, java_or_skip, replay
from hostile import HOSTILE_NAME, NEO4J_LONG, RTL, add_hostile, hostile_graph

from chainkg.errors import EngineError
from chainkg.graph.engines.neo4j import Neo4jSettings, Neo4jStore
from chainkg.graph.exports import export
from chainkg.graph.exports.neo4j_csv import MANIFEST
from chainkg.graph.io.nodelink import dumps_graph_json, read_graph_json
from chainkg.graph.model import KnowledgeGraph

pytestmark = pytest.mark.neo4j


def example_plus_hostile(built_example: Path) -> KnowledgeGraph:
    kg = read_graph_json(built_example / "graph.json")
    add_hostile(kg, NEO4J_LONG)
    return kg


@pytest.mark.parametrize("which", ["example+hostile", "hostile"])
def test_cypher_script_replayed_by_cypher_shell_recreates_the_graph_and_replays_idempotently(
    which: str,
    cypher_shell: list[str],
    neo4j_store: Neo4jStore,
    neo4j_settings: Neo4jSettings,
    built_example: Path,
    tmp_path: Path,
) -> None:
    kg = example_plus_hostile(built_example) if which != "hostile" else hostile_graph(NEO4J_LONG)
    script = export(kg, "cypher", tmp_path / "graph.cypher")
    done = replay(cypher_shell, neo4j_settings, script)
    assert done.returncode == 0, done.stderr[-2000:]
    assert neo4j_store.counts() == kg.counts()
    assert dumps_graph_json(neo4j_store.pull()) == dumps_graph_json(kg)
    _, rows = neo4j_store.query(
        "MATCH (e:Enterprise)-[s:SUPPLIES]->() WHERE e.name = $name RETURN e.code, s.product ORDER BY s.product",
        {"name": HOSTILE_NAME},
    )
    assert rows == [[RTL, HOSTILE_NAME], [RTL, "液压件"]]
    assert neo4j_store.query("MATCH (e:Enterprise) WHERE e.name = $n RETURN size(e.name)", {"n": NEO4J_LONG})[1] == [
        [2_700]
    ]
    again = replay(cypher_shell, neo4j_settings, script)
    assert again.returncode == 0, again.stderr[-2000:]
    assert neo4j_store.counts() == kg.counts()
    nodes = neo4j_store.query("MATCH (n) RETURN count(n)")[1][0][0]
    assert nodes == sum(kg.counts()["labels"].values())


# -- the real neo4j-admin import into a throw-away server home ------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def neo4j_lib() -> Path:
    """The Neo4j jars that scripts/neo4j-test-server resolves (org.neo4j:neo4j incl. the import tool)."""
    java_or_skip("neo4j-admin import")
    done = subprocess.run([sys.executable, str(NEO4J_SCRIPT), "fetch"], capture_output=True, text=True, timeout=1200)
    assert done.returncode == 0, done.stderr[-800:]
    return Path(done.stdout.strip().splitlines()[-1])


def write_conf(home: Path, port: int) -> None:
    settings = {
        "server.bolt.listen_address": f"127.0.0.1:{port}",
        "server.bolt.advertised_address": f"127.0.0.1:{port}",
        "server.default_listen_address": "127.0.0.1",
        "server.http.enabled": "false",
        "server.https.enabled": "false",
        "server.memory.pagecache.size": "64m",
        "dbms.usage_report.enabled": "false",
        "server.directories.data": str(home / "data"),
        "server.directories.logs": str(home / "logs"),
        "server.directories.run": str(home / "run"),
    }
    (home / "conf").mkdir(parents=True)
    (home / "conf" / "neo4j.conf").write_text("".join(f"{k}={v}\n" for k, v in settings.items()))


def java(lib: Path, home: Path, main: str, *args: str, **popen: object) -> subprocess.Popen:
    env = {**os.environ, "NEO4J_HOME": str(home), "NEO4J_CONF": str(home / "conf")}
    command = ["java", "-Xmx512m", QUICK_JIT, "-cp", f"{lib}/*", main, *args]
    return subprocess.Popen(command, env=env, **popen)  # type: ignore[arg-type]


def connect(settings: Neo4jSettings, server: subprocess.Popen, home: Path) -> Neo4jStore:
    deadline = time.monotonic() + 180
    while True:
        assert server.poll() is None, (home / "logs" / "console.log").read_text(errors="replace")[-2000:]
        try:
            return Neo4jStore(settings)
        except EngineError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)


def test_neo4j_admin_imports_the_csv_and_the_server_serves_the_same_graph(built_example: Path, tmp_path: Path) -> None:
    lib = neo4j_lib()
    kg = example_plus_hostile(built_example)  # ; and | in values (U+001F delimiter), newlines (multiline)
    folder = export(kg, "csv", tmp_path / "csv")
    manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    home, port, password = tmp_path / "home", free_port(), "export-test-password"
    write_conf(home, port)
    args = shlex.split(manifest["command"])  # exactly the command of README.md, run from the folder
    assert args[0] == "neo4j-admin"
    importer = java(
        lib,
        home,
        "org.neo4j.cli.AdminTool",
        *args[1:],
        cwd=folder,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    output = importer.communicate(timeout=600)[0]
    assert importer.returncode == 0, output[-3000:]
    nodes, rels = sum(kg.counts()["labels"].values()), sum(kg.counts()["types"].values())
    assert f"{nodes} nodes" in output and f"{rels} relationships" in output
    setter = java(
        lib,
        home,
        "org.neo4j.cli.AdminTool",
        "dbms",
        "set-initial-password",
        password,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    assert setter.wait(timeout=300) == 0
    (home / "logs").mkdir(exist_ok=True)
    with open(home / "logs" / "console.log", "ab") as console:
        server = java(
            lib,
            home,
            "org.neo4j.server.CommunityEntryPoint",
            f"--home-dir={home}",
            f"--config-dir={home / 'conf'}",
            stdout=console,
            stderr=console,
            stdin=subprocess.DEVNULL,
        )
    try:
        with connect(Neo4jSettings(f"bolt://127.0.0.1:{port}", "neo4j", password), server, home) as store:
            assert store.counts() == kg.counts()
            assert dumps_graph_json(store.pull()) == dumps_graph_json(kg)
            _, rows = store.query("MATCH (d:Document) WHERE d.name = '0123456789abcdef' RETURN d.title")
            assert rows == [["第一行\n第二行\r\n\t缩进"]]
    finally:
        server.kill()  # a throw-away server: a graceful stop would wait some ten seconds for Bolt's thread pools
        server.wait()

"""Shared fixtures: paths, the seed article, built example folders."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "hunan"
SEED = ROOT.parent / "shared" / "seeds" / "000_1f13449ba0d09cb5.txt"


@pytest.fixture(scope="session")
def seed_text() -> str:
    """The seed article; skipped on a user's clone, required under CI=true."""
    if not SEED.exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"the seed article is missing under CI: {SEED}")
        pytest.skip(f"../shared is absent (no {SEED.name}); seed tests need the shared folder")
    return SEED.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def built_example(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The Hunan example built once into a temp folder (read-only use)."""
    from chainkg.build import build

    out = tmp_path_factory.mktemp("example") / "hunan"
    build([EXAMPLE], out)
    return out


# -- a real Neo4j server -------------------------------------------------------

NEO4J_SCRIPT = ROOT / "scripts" / "neo4j-test-server"


@pytest.fixture(scope="session")
def neo4j_settings(tmp_path_factory: pytest.TempPathFactory):
    """Connection settings for a real Neo4j: NEO4J_URI (+ NEO4J_USERNAME/PASSWORD) when set,
    else a server started by scripts/neo4j-test-server and stopped after the session.
    Skipped with a reason when it cannot start, except under CI=true, where that fails."""
    import subprocess
    import sys

    from chainkg.graph.engines.neo4j import Neo4jSettings

    if os.environ.get("NEO4J_URI"):
        yield Neo4jSettings.resolve()
        return
    home = tmp_path_factory.mktemp("neo4j-server")
    command = [sys.executable, str(NEO4J_SCRIPT), "start", "--dir", str(home), "--watch-pid", str(os.getpid())]
    done = subprocess.run(command, capture_output=True, text=True, timeout=1200)
    if done.returncode != 0:
        message = f"the test Neo4j server did not start: {done.stderr.strip()[-800:]}"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    env = dict(line.split("=", 1) for line in done.stdout.splitlines() if "=" in line)
    try:
        yield Neo4jSettings(env["NEO4J_URI"], env["NEO4J_USERNAME"], env["NEO4J_PASSWORD"])
    finally:
        subprocess.run(
            [sys.executable, str(NEO4J_SCRIPT), "stop", "--dir", str(home)], capture_output=True, timeout=120
        )


@pytest.fixture
def neo4j_store(neo4j_settings):
    """A Neo4jStore on an emptied database (the server is shared by the whole session).

    With NEO4J_URI set, that database is wiped: point it at a throw-away server."""
    from chainkg.graph.engines.neo4j import Neo4jStore

    with Neo4jStore(neo4j_settings) as store:
        wipe_neo4j(store)
        yield store


def wipe_neo4j(store) -> None:
    """Delete every node and relationship on the test server, chainkg's or not."""
    while store.write("MATCH (n) WITH n LIMIT 10000 DETACH DELETE n RETURN count(*)")[1][0][0]:
        pass

"""Shared fixtures (the seed article, built folders, a headless browser, a real Neo4j server and
cypher-shell), how tests are spread over pytest-xdist workers, and doctest collection of the
package's source folders. Helpers that are not fixtures live in helpers.py."""

from __future__ import annotations

import importlib
import importlib.abc
import importlib.util
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browser import chromium_path, launch
from built_graphs import run
from helpers import (
    CYPHER_SHELL,
    EXAMPLE,
    SEED,
    java_or_skip,
    kill_test_server,
    start_test_server,
    wipe_neo4j,
)
from hostile import write_inputs

# -- doctests of the source folders ----------------------------------------------------------
#
# pyproject.toml maps chainkg.graph to graph/, chainkg.loaders to loaders/ and chainkg.queries
# to queries/. --doctest-modules imports a file by its path, which would make graph/model.py a
# second module named "graph.model"; this finder answers such a name with the module chainkg
# itself imports (the same file), so each example runs once, against the real module.

SOURCE_FOLDERS = {"graph": "chainkg.graph", "loaders": "chainkg.loaders", "queries": "chainkg.queries"}


class _SameModule(importlib.abc.Loader):
    def __init__(self, name: str) -> None:
        self.name = name

    def create_module(self, spec: Any) -> Any:
        module = importlib.import_module(self.name)
        self.spec = module.__spec__
        return module

    def exec_module(self, module: Any) -> None:
        module.__spec__ = self.spec  # the import system gave it the alias's spec: its own back


class _SourceFolders(importlib.abc.MetaPathFinder):
    def find_spec(self, fullname: str, path: Any = None, target: Any = None) -> Any:
        head, dot, rest = fullname.partition(".")
        if head not in SOURCE_FOLDERS:
            return None
        return importlib.util.spec_from_loader(fullname, _SameModule(SOURCE_FOLDERS[head] + dot + rest))


sys.meta_path.insert(0, _SourceFolders())


# -- spreading tests over xdist workers (make test: -n 2 --dist loadgroup --no-loadscope-reorder) --


def _uses_server(item: pytest.Item) -> bool:
    return "neo4j_settings" in getattr(item, "fixturenames", ())


def _drives_a_program(item: pytest.Item) -> bool:
    """A test that starts a JVM of its own (marked neo4j) or drives the browser: one of the slow ones."""
    return item.get_closest_marker("neo4j") is not None or "browser" in getattr(item, "fixturenames", ())


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Group the tests for ``--dist loadgroup``: every test on the session's Neo4j server in one
    group, so that one worker starts one server; each file's other tests in a group of their own
    (its module fixtures made once). Groups go out in the order of the items: the server's first
    (the longest), then the files with other slow tests, then the rest, so the end of a run is
    not one worker finishing a slow test alone."""
    slow_files = set()
    for item in items:
        file = item.nodeid.split("::")[0]
        if _uses_server(item):
            item.add_marker(pytest.mark.xdist_group("neo4j"))
        else:
            item.add_marker(pytest.mark.xdist_group(file))
            if _drives_a_program(item):
                slow_files.add(file)

    def rank(item: pytest.Item) -> int:
        return 0 if _uses_server(item) else 1 if item.nodeid.split("::")[0] in slow_files else 2

    items.sort(key=rank)  # stable: collection order within each rank


def pytest_collection_finish(session: pytest.Session) -> None:
    """In an xdist worker under ``--dist loadgroup``: refuse to run when the groups did not take
    (pytest-xdist marks a grouped test's id ``...@group``, which pytest 9.2 ignores, pytest-xdist
    issue #1386): two workers would each start a Neo4j server."""
    if getattr(session.config.option, "loadgroup", False) and any("@" not in item.nodeid for item in session.items):
        raise pytest.UsageError("pytest-xdist did not group the tests (--dist loadgroup): use pytest below 9.2")


# -- inputs and built folders -----------------------------------------------------------------


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


@pytest.fixture(scope="session")
def hostile_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example plus the hostile tables and document (hostile.py), built through the CLI (read-only use)."""
    root = tmp_path_factory.mktemp("hostile")
    out = root / "out"
    result = run("build", str(EXAMPLE), str(write_inputs(root / "hostile")), "--out", str(out), "--strict")
    assert result.exit_code == 0, result.output
    return out


# -- a headless browser -----------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Debian's Chromium, headless, shared by the browser tests of a worker (each test opens its own context).

    Skipped with a reason when chromium or playwright is missing, except under CI=true, where that fails."""
    problem = None
    if importlib.util.find_spec("playwright") is None:
        problem = "playwright is not installed (pip install -e '.[test]')"
    elif chromium_path() is None:
        problem = "Debian's chromium is not installed (scripts/ensure-chromium, as root)"
    if problem:
        if os.environ.get("CI") == "true":
            pytest.fail(f"browser tests cannot run under CI: {problem}")
        pytest.skip(problem)
    with launch() as launched:
        yield launched


# -- a real Neo4j server -------------------------------------------------------


@pytest.fixture(scope="session")
def neo4j_settings(tmp_path_factory: pytest.TempPathFactory):
    """Connection settings for a real Neo4j: NEO4J_URI (+ NEO4J_USERNAME/PASSWORD) when set,
    else a server started by scripts/neo4j-test-server and killed after the session (of the
    one xdist worker that runs the tests using it, see pytest_collection_modifyitems).
    Skipped with a reason when it cannot start, except under CI=true, where that fails."""
    from chainkg.graph.engines.neo4j import Neo4jSettings

    if os.environ.get("NEO4J_URI"):
        yield Neo4jSettings.resolve()
        return
    try:
        server = start_test_server(tmp_path_factory.mktemp("neo4j-server"))
    except RuntimeError as exc:
        if os.environ.get("CI") == "true":
            pytest.fail(str(exc))
        pytest.skip(str(exc))
    try:
        yield Neo4jSettings(server["NEO4J_URI"], server["NEO4J_USERNAME"], server["NEO4J_PASSWORD"])
    finally:
        kill_test_server(server)


@pytest.fixture
def neo4j_store(neo4j_settings):
    """A Neo4jStore on an emptied database (the server is shared by the whole session).

    With NEO4J_URI set, that database is wiped: point it at a throw-away server."""
    from chainkg.graph.engines.neo4j import Neo4jStore

    with Neo4jStore(neo4j_settings) as store:
        wipe_neo4j(store)
        yield store


@pytest.fixture(scope="session")
def cypher_shell() -> list[str]:
    """Neo4j's cypher-shell, resolved once with Maven by scripts/cypher-shell."""
    java_or_skip("cypher-shell")
    done = subprocess.run([sys.executable, str(CYPHER_SHELL), "fetch"], capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stderr[-800:]
    return [sys.executable, str(CYPHER_SHELL)]

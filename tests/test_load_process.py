"""The database loader process of a build: what it makes, and how it fails.

Real child processes and a real LadybugDB: the tables of the bundled example go through the
pipe, and the database they make is compared with one loaded in this process.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pyarrow as pa
import pytest
from click.testing import CliRunner

from chainkg.cli import main
from chainkg.errors import EngineError
from chainkg.graph.engines.embedded import EmbeddedStore, load_tables
from chainkg.graph.engines.load_process import LoadingProcess
from chainkg.graph.model import KnowledgeGraph
from chainkg.graph.facts import apply_facts, consume
from chainkg.loaders import load_inputs

from conftest import EXAMPLE

MODULE = "chainkg.graph.engines.load_process"


@pytest.fixture(scope="module")
def example_graph() -> KnowledgeGraph:
    return apply_facts(KnowledgeGraph(), consume(load_inputs([EXAMPLE])))


def dump(folder: Path) -> list[list[object]]:
    """Every node and edge of the database in ``folder``, sorted, with all stored properties."""
    with EmbeddedStore(folder) as store:
        _, nodes = store.query("MATCH (n) RETURN label(n), n.id, n.name, n.aliases, n.evidence")
        _, edges = store.query("MATCH (a)-[r]->(b) RETURN label(r), a.id, b.id, r.evidence, r.evidence_head, "
                               "r.evidence_line, r.evidence_tail")
    return sorted(map(repr, nodes)) + sorted(map(repr, edges))


def loaders_of(parent: int) -> list[int]:
    """Pids of the loader processes (zombies too) whose parent is ``parent``."""
    found = []
    for entry in Path("/proc").iterdir():
        try:
            argv = (entry / "cmdline").read_bytes().split(b"\0")
            ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        if ppid == parent and (MODULE.encode() in argv or not argv[0]):  # a zombie has no command line left
            found.append(int(entry.name))
    return found


def alive(pids: list[int]) -> list[int]:
    """Those of ``pids`` still running (a zombie, ended but not yet reaped, is not)."""
    running = []
    for pid in pids:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except (OSError, IndexError):
            continue
        if state != "Z":
            running.append(pid)
    return running


def test_the_loader_makes_the_database_a_load_in_this_process_makes(tmp_path: Path, example_graph: KnowledgeGraph) -> None:
    with LoadingProcess() as loading, loading.loading_into(tmp_path / "child"):
        loading.send(load_tables(example_graph))
        counts = loading.result()
    EmbeddedStore.create(tmp_path / "here", example_graph).close()
    assert counts == example_graph.counts()
    assert dump(tmp_path / "child") == dump(tmp_path / "here")
    assert loading.peak_rss > 0 and set(loading.seconds) == {"wait", "copy", "checkpoint"}


def test_a_table_the_schema_does_not_have_is_refused(tmp_path: Path) -> None:
    with LoadingProcess() as loading, loading.loading_into(tmp_path / "db"):
        loading.send([("Person) RETURN 1 //", "", pa.table({"id": ["x"]}))])
        with pytest.raises(EngineError, match=r"no such table in the schema: 'Person\) RETURN 1 //'"):
            loading.result()


def test_a_relationship_between_labels_it_does_not_join_is_refused(tmp_path: Path) -> None:
    with LoadingProcess() as loading, loading.loading_into(tmp_path / "db"):
        loading.send([("SUPPLIES", " (from='Region', to='Chain')", pa.table({"from": ["a"], "to": ["b"]}))])
        with pytest.raises(EngineError, match="no such table in the schema: 'SUPPLIES' \\(from='Region', to='Chain'\\)"):
            loading.result()


def test_an_input_that_ends_early_stops_the_loader_at_once_without_a_database(tmp_path: Path, example_graph: KnowledgeGraph) -> None:
    with LoadingProcess() as loading, loading.loading_into(tmp_path / "db"):
        loading.send(load_tables(example_graph)[:3])
        loading._proc.stdin.close()  # what the pipe of a parent that dies does
        assert loading._proc.wait(timeout=60) == 2
        assert b"the build stopped before its database was complete" in loading._proc.stdout.read()


def test_a_folder_that_cannot_be_made_is_an_os_error_in_the_parent(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("not a folder")
    with LoadingProcess() as loading, pytest.raises(OSError) as caught, loading.loading_into(tmp_path / "file" / "db"):
        loading.result()
    assert caught.value.filename == str(tmp_path / "file" / "db")


def test_a_loader_that_dies_fails_the_build_in_one_line_and_leaves_the_output(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out"
    assert CliRunner().invoke(main, ["build", str(EXAMPLE), "--out", str(out)]).exit_code == 0
    before = sorted(p.relative_to(out).as_posix() for p in out.rglob("*"))
    send = LoadingProcess.send

    def send_then_die(self: LoadingProcess, tables: list) -> None:
        send(self, tables)
        self._proc.kill()
        self._proc.wait()

    monkeypatch.setattr(LoadingProcess, "send", send_then_die)
    result = CliRunner().invoke(main, ["build", str(EXAMPLE), "--out", str(out)])
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines()[-1].startswith("Error: the database loader stopped without an answer: ")
    assert result.stderr.strip().endswith(": report this as a bug")
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*")) == before
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.endswith(".lock")) == ["out"]


def test_a_build_that_fails_leaves_no_loader_behind(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The loader is killed and waited for before the staged folder it writes in is removed."""
    from chainkg.graph import atomic

    removing: list[list[int]] = []
    rmtree = atomic.shutil.rmtree

    def recording_rmtree(path: Path, *args: object, **kwargs: object) -> None:
        removing.append(alive(loaders_of(os.getpid())))
        rmtree(path, *args, **kwargs)

    monkeypatch.setattr(atomic.shutil, "rmtree", recording_rmtree)
    bad = tmp_path / "in"
    bad.mkdir()
    (bad / "a_nodes.csv").write_text("label,name\nEnterprise,甲公司\nEnterprise,乙公司\n", "utf-8")
    (bad / "b_edges.csv").write_text("type,source,target\nSUPPLIES,甲公司,乙公司\nSUPPLIES,甲公司,丙公司\n", "utf-8")
    result = CliRunner().invoke(main, ["build", str(bad), "--out", str(tmp_path / "out")])
    assert result.exit_code == 1, result.output
    assert "(in/b_edges.csv:3)" in result.stderr  # after the nodes went to the loader
    assert removing == [[]]  # the staged folder went, with no loader still running
    assert not loaders_of(os.getpid())  # killed and waited for: not even a zombie
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.endswith(".lock")) == ["in"]


def test_a_killed_build_takes_its_loader_with_it(tmp_path: Path) -> None:
    """SIGKILL of the build leaves the loader's pipe at an early end: the loader exits too."""
    fifo = tmp_path / "in" / "held.txt"
    fifo.parent.mkdir()
    os.mkfifo(fifo)
    (tmp_path / "in" / "a_nodes.csv").write_text("label,name\nEnterprise,甲公司\n", "utf-8")
    build = subprocess.Popen([sys.executable, "-c", "from chainkg.cli import main; main()", "build",
                              str(tmp_path / "in"), "--out", str(tmp_path / "out")], stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while not (loaders := loaders_of(build.pid)) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert loaders, "the build started no loader"
    build.kill()
    build.wait()
    while alive(loaders) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not alive(loaders)

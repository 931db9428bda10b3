"""The main job: inputs into ``DIR/graph.json`` and the embedded database ``DIR/db``.

The output folder is built in a staged sibling and swapped in whole, under a
lock, so a failed, killed or concurrent build never leaves ``DIR`` half written.
"""

from __future__ import annotations

import contextlib
import queue
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Generic, Self, TypeVar

import pyarrow as pa

from chainkg.errors import EngineError, ExportError
from chainkg.graph.analysis.data_checks import Finding, check_graph
from chainkg.graph.analysis.report import write_report
from chainkg.graph.engines.embedded import EmbeddedStore
from chainkg.graph.engines.embedded_tables import LoadTable, edge_load_tables, node_load_tables
from chainkg.graph.facts import apply_facts, consume
from chainkg.graph.folder import COLUMNS_FOLDER, DB_FOLDER, GRAPH_FILE
from chainkg.graph.io.atomic import dir_lock, fsync_path, staged_dir
from chainkg.graph.io.columnar import write_columnar
from chainkg.graph.io.columns import GraphColumns
from chainkg.graph.io.nodelink import write_graph_json
from chainkg.graph.model import KnowledgeGraph
from chainkg.graph.schema import Schema
from chainkg.graph.storage.gcpause import paused_gc
from chainkg.graph.views import write_build_views
from chainkg.loaders import DocumentOptions, load_inputs

__all__ = ["BuildResult", "build", "stats"]


@dataclass
class BuildResult:
    """What a build wrote and what it noticed."""

    out: Path
    counts: dict[str, dict[str, int]]
    seconds: float
    files: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)  # the data checks' (chainkg check)


def build(
    inputs: Iterable[Path],
    out: Path,
    *,
    options: DocumentOptions = DocumentOptions(),
    mappings: Iterable[Path] = (),
    skip_bad: bool = False,
    on_skip: Callable[[str], None] = lambda _msg: None,
    on_file: Callable[[str], None] = lambda _display: None,
    wait: float = 0.0,
) -> BuildResult:
    """Load ``inputs`` and write ``out/graph.json`` and ``out/db`` all or nothing.

    If another process is writing ``out``, wait up to ``wait`` seconds for it, else refuse.
    ``mappings`` are YAML files saying how CSV, XLSX and JSON Lines files map to
    the schema; ``skip_bad`` skips (and reports) their bad rows instead of failing.
    """
    started = time.perf_counter()
    out = Path(out)
    files: list[str] = []
    skipped: list[str] = []

    def seen(display: str) -> None:
        files.append(display)
        on_file(display)

    def skip(message: str) -> None:
        skipped.append(message)
        on_skip(message)

    with dir_lock(out, wait=wait), paused_gc():  # millions of objects that all live on: no collections
        facts = load_inputs(inputs, options, mappings=mappings, skip_bad=skip_bad, on_skip=skip, on_file=seen)
        kg = KnowledgeGraph()
        with _written(out), staged_dir(out) as staged:
            feed = _Feed()
            # the engine copies in its own thread (it lets go of the GIL): the nodes while the
            # edges are linked, the edges while graph.json, the report and the views are written
            with _Background(_load_store, staged / DB_FOLDER, kg.schema, feed.tables()) as loading:
                try:
                    apply_facts(
                        kg,
                        consume(facts),
                        on_nodes=feed.nodes_settled,
                        on_edges=feed.edges_settled,
                        on_bad=skip if skip_bad else None,
                    )
                    columns = feed.edges_done()  # every edge type as an Arrow table
                    kg.freeze_edges(
                        columns.edges, columns.node_ids.to_pylist()
                    )  # the edges' dicts go: read from the tables now
                finally:
                    feed.close()  # no more tables (also when the graph failed: the thread ends, the stage goes)
                write_graph_json(
                    kg, staged / GRAPH_FILE, columns, sync=False
                )  # its sorted text made piece by piece as written
                write_columnar(
                    staged / COLUMNS_FOLDER, kg, columns
                )  # the same tables, for the commands that read the graph back
                del columns
                pa.default_memory_pool().release_unused()  # graph.json's lines: back to the system, not kept by the pool
                with _Background(
                    fsync_path, staged / GRAPH_FILE, name="chainkg-fsync"
                ) as syncing:  # on disk before the swap, waited for beside the rest
                    write_report(kg, staged)
                    write_build_views(kg, staged)  # view.html and views/chain-<slug>.html
                syncing.result()
                findings = check_graph(kg)  # while the database may still be copying
            stored = loading.result()
            if stored != kg.counts():
                raise EngineError(
                    "the embedded database does not hold the whole graph", str(out), "report this as a bug"
                )
        conflicts = kg.conflicts
        del kg  # freed while the collector is paused, so that it has nothing left to walk when it resumes
    return BuildResult(out, stored, time.perf_counter() - started, files, skipped, conflicts, findings)


@contextlib.contextmanager
def _written(out: Path) -> Iterator[None]:
    """An OSError while the outputs are written (a full disk, a folder not writable) as one
    ExportError naming what could not be written (the staged folder is gone by then)."""
    try:
        yield
    except OSError as exc:
        raise ExportError(
            f"cannot write the build: {exc.strerror or exc}",
            str(exc.filename or out),
            "free disk space or give --out a folder you can write",
        ) from exc


class _Feed:
    """What the loading thread copies, handed over as the graph settles: the node tables once the
    nodes are, each edge type's tables once its last fact is linked (see :func:`apply_facts`).
    :attr:`columns` gathers the graph's Arrow tables on the way, for graph.json."""

    def __init__(self) -> None:
        self._queue: queue.SimpleQueue[LoadTable | None] = queue.SimpleQueue()
        self.columns: GraphColumns | None = None

    def tables(self) -> Iterator[LoadTable]:
        """The tables, in order, until :meth:`close`."""
        return iter(self._queue.get, None)

    def nodes_settled(self, graph: KnowledgeGraph) -> None:
        tables = node_load_tables(graph)
        nodes = {label: table for label, _, table in tables}  # graph.json's node lines too
        self._send(tables)  # first: the database starts on them at once
        self.columns = GraphColumns(graph, rels=())
        self.columns.nodes = nodes

    def edges_settled(self, graph: KnowledgeGraph, rels: list[str]) -> None:
        assert self.columns is not None, "the nodes settle first"
        self.columns.update(graph, rels)
        self._send(edge_load_tables(graph, self.columns, rels))

    def edges_done(self) -> GraphColumns:
        """After the last edge type: hand over :attr:`columns` (the feed keeps no reference to them)."""
        columns, self.columns = self.columns, None
        assert columns is not None, "the nodes settle first"
        return columns

    def close(self) -> None:
        self._queue.put(None)

    def _send(self, tables: list[LoadTable]) -> None:
        """Hand ``tables`` over in order, keeping no reference to them."""
        tables.reverse()
        while tables:
            self._queue.put(tables.pop())


def _load_store(folder: Path, schema: Schema, tables: Iterable[LoadTable]) -> dict[str, dict[str, int]]:
    """Create the embedded database from ``tables``; return its counts."""
    with EmbeddedStore.create_from(folder, schema, tables) as store:
        return store.counts()


_T = TypeVar("_T")


class _Background(Generic[_T]):
    """Runs ``func(*args)`` in a thread for the length of a ``with`` block; leaving the block
    waits for it (also when the block fails), then :meth:`result` gives its value or raises its error."""

    def __init__(self, func: Callable[..., _T], *args: object, name: str = "chainkg-load") -> None:
        self._value: list[_T] = []
        self._error: list[BaseException] = []
        self._thread = threading.Thread(target=self._run, args=(func, args), name=name, daemon=True)

    def _run(self, func: Callable[..., _T], args: tuple[object, ...]) -> None:
        try:
            self._value.append(func(*args))
        except BaseException as exc:  # handed to the main thread by result()
            self._error.append(exc)

    def __enter__(self) -> Self:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._thread.join()

    def result(self) -> _T:
        if self._error:
            raise self._error[0]
        return self._value[0]


def stats(folder: Path) -> dict[str, dict[str, int]]:
    """Counts per label and relationship type in a built folder's database."""
    with EmbeddedStore(Path(folder) / DB_FOLDER) as store:
        return store.counts()

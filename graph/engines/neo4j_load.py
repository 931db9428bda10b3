"""Loading a whole graph into Neo4j: Arrow columns in, parameter batches out, in parallel.

The rows come from the graph's tables (a table per label in id order; a table per edge type
with its ends as ranks among the sorted node ids), as a built folder holds them in
``DIR/columns/`` or as :class:`~chainkg.graph.io.columns.GraphColumns` makes them from a graph.
A batch travels as one list per column (``$id``, ``$name``, ...), walked by
``UNWIND range(0, size($id) - 1) AS i``: lists of plain values pack and unpack faster than a
map per row, and values still only ever travel as parameters.

Two ways to write, chosen by what the database holds:

* **create**, when it holds nothing under the schema's labels: ``CREATE`` each node (it answers
  with the node's internal id) and each relationship between nodes found by those ids
  (``NodeByIdSeek``, no index lookup). Batches run in parallel write transactions.
* **merge**, when it may hold some of the graph already (a re-run, a push cut off half way):
  ``MERGE`` by ``id`` (and by ``key`` for keyed types) per label and per
  ``(label)-[TYPE]->(label)`` pattern, every property set, one batch at a time in order, as
  before. Pushing twice changes nothing.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa

from chainkg.errors import EngineError
from chainkg.graph.model import KnowledgeGraph
from chainkg.graph.schema import Schema

__all__ = [
    "LoadTables",
    "edge_create_statement",
    "edge_merge_columns_statement",
    "load_create",
    "load_merge",
    "node_create_statement",
    "node_merge_columns_statement",
    "tables_of_folder",
    "tables_of_graph",
]

Write = Callable[[str, dict[str, Any]], list[list[Any]]]
OnBatch = Callable[[str, int], None]


@dataclass
class LoadTables:
    """``node_ids``: every id, sorted; ``nodes``: ``(label, table)`` whose ids, one table after
    the other, are ``node_ids``; ``edges``: ``(type, table)`` with ``source_rank``/``target_rank``
    into ``node_ids``, ``key`` and the type's properties."""

    node_ids: pa.Array
    nodes: list[tuple[str, pa.Table]]
    edges: list[tuple[str, pa.Table]]

    @property
    def rows(self) -> int:
        """Nodes plus edges."""
        return int(sum(t.num_rows for _, t in self.nodes) + sum(t.num_rows for _, t in self.edges))

    def label_codes(self) -> tuple[list[str], np.ndarray]:
        """The labels, and for each node rank the place of its label among them."""
        labels = [label for label, _ in self.nodes]
        sizes = [table.num_rows for _, table in self.nodes]
        return labels, np.repeat(np.arange(len(labels), dtype=np.int32), sizes)


def tables_of_folder(folder: Path, columns_folder: str, fmt: str) -> LoadTables | None:
    """The tables ``chainkg build`` wrote in ``folder/columns_folder`` (format ``fmt``), read
    without making a graph; None when there are none of that format."""
    where = Path(folder) / columns_folder
    try:
        manifest = json.loads((where / "manifest.json").read_text(encoding="utf-8"))
    except (FileNotFoundError, NotADirectoryError):
        return None
    if not isinstance(manifest, dict) or manifest.get("format") != fmt:
        return None
    tables = {
        stem: _read(where / name) for stem, name in manifest["files"].items() if stem.startswith(("nodes-", "edges-"))
    }
    nodes = sorted(
        ((stem[6:], t) for stem, t in tables.items() if stem.startswith("nodes-")), key=lambda item: item[0] + ":"
    )
    ids = pa.chunked_array([t["id"] for _, t in nodes], pa.string()).combine_chunks()
    edges = sorted((stem[6:], t) for stem, t in tables.items() if stem.startswith("edges-"))
    return LoadTables(ids, nodes, edges)


def tables_of_graph(kg: KnowledgeGraph) -> LoadTables:
    """The same tables made from a :class:`~chainkg.graph.model.KnowledgeGraph`."""
    from chainkg.graph.engines.embedded_tables import node_load_tables
    from chainkg.graph.io.columns import GraphColumns

    columns = GraphColumns(kg)
    nodes = {label: table for label, _, table in node_load_tables(kg)}
    runs = [(label, nodes[label]) for label in sorted(nodes, key=lambda label: label + ":")]  # ids are "<label>:<name>"
    return LoadTables(columns.node_ids, runs, list(columns.edges.items()))


def _read(path: Path) -> pa.Table:
    with pa.memory_map(str(path), "rb") as source:
        return pa.ipc.open_file(source).read_all()


# -- statements ---------------------------------------------------------------------------


def _props(names: list[str]) -> str:
    return ", ".join(f"{name}: ${name}[i]" for name in names)


def node_create_statement(label: str, names: list[str], marker: str) -> str:
    """Create one batch of nodes (``$id`` and a list per property); answer their internal ids."""
    return (
        f"UNWIND range(0, size($id) - 1) AS i CREATE (n:{label}:{marker} {{{_props(names)}}}) "
        "RETURN collect(i) AS i, collect(id(n)) AS node"
    )


def edge_create_statement(rel: str, names: list[str]) -> str:
    """Create one batch of relationships between nodes given by internal id (``$s``, ``$t``)."""
    props = f" {{{_props(names)}}}" if names else ""
    return (
        f"UNWIND range(0, size($s) - 1) AS i MATCH (a) WHERE id(a) = $s[i] MATCH (b) WHERE id(b) = $t[i] "
        f"CREATE (a)-[:{rel}{props}]->(b)"
    )


def node_merge_columns_statement(label: str, names: list[str], marker: str) -> str:
    """Upsert one batch of nodes by ``id``; every property set (a null one removed)."""
    sets = ", ".join(f"n.{name} = ${name}[i]" for name in names if name != "id")
    return f"UNWIND range(0, size($id) - 1) AS i MERGE (n:{label} {{id: $id[i]}}) SET n:{marker}, {sets}"


def edge_merge_columns_statement(rel: str, source: str, target: str, names: list[str], keyed: bool) -> str:
    """Upsert one batch of ``(source)-[rel]->(target)`` by the ends' ``id`` (``$s``, ``$t``), and ``key`` when keyed."""
    key = " {key: $key[i]}" if keyed else ""
    sets = ", ".join(f"r.{name} = ${name}[i]" for name in names if name != "key")
    return (
        f"UNWIND range(0, size($s) - 1) AS i MATCH (a:{source} {{id: $s[i]}}) MATCH (b:{target} {{id: $t[i]}}) "
        f"MERGE (a)-[r:{rel}{key}]->(b)" + (f" SET {sets}" if sets else "")
    )


# -- batches ------------------------------------------------------------------------------


def _node_names(schema: Schema, label: str) -> list[str]:
    return [p.name for p in schema.node_props(label)]


def _edge_names(schema: Schema, rel: str) -> list[str]:
    return (["key"] if schema.rel(rel).key else []) + [p.name for p in schema.edge_props(rel)]


def _columns(table: pa.Table, names: list[str], start: int, size: int) -> dict[str, list[Any]]:
    piece = table.slice(start, size)
    return {name: piece[name].to_pylist() if name in piece.column_names else [None] * piece.num_rows for name in names}


def _run_parallel(jobs: Iterator[tuple[Callable[[], Any], str, int]], workers: int, on_batch: OnBatch) -> None:
    """Run ``(work, what, rows)`` jobs on ``workers`` threads, a bounded number in flight;
    report each finished batch on the calling thread; the first failure stops the rest."""
    with ThreadPoolExecutor(max_workers=workers) as pool:
        pending: dict[Future[Any], tuple[str, int]] = {}
        try:
            for work, what, rows in jobs:
                while len(pending) >= 2 * workers:
                    _finish(pending, on_batch)
                pending[pool.submit(work)] = (what, rows)
            while pending:
                _finish(pending, on_batch)
        except BaseException:
            for future in pending:
                future.cancel()
            raise


def _finish(pending: dict[Future[Any], tuple[str, int]], on_batch: OnBatch) -> None:
    done, _ = wait(pending, return_when=FIRST_COMPLETED)
    for future in done:
        what, rows = pending.pop(future)
        future.result()
        on_batch(what, rows)


def load_create(
    write: Write, schema: Schema, tables: LoadTables, marker: str, *, batch_size: int, workers: int, on_batch: OnBatch
) -> None:
    """Create every node, then every relationship, in parallel batches (an empty database)."""
    internal = _create_nodes(write, schema, tables, marker, batch_size, workers, on_batch)

    def edge_job(rel: str, table: pa.Table, start: int) -> Callable[[], None]:
        def work() -> None:
            piece = table.slice(start, batch_size)
            params = _columns(piece, _edge_names(schema, rel), 0, batch_size)
            params["s"] = internal[piece["source_rank"].to_numpy()].tolist()
            params["t"] = internal[piece["target_rank"].to_numpy()].tolist()
            write(edge_create_statement(rel, _edge_names(schema, rel)), params)

        return work

    def edge_jobs() -> Iterator[tuple[Callable[[], Any], str, int]]:
        for rel, table in tables.edges:
            for start in range(0, table.num_rows, batch_size):
                yield edge_job(rel, table, start), rel, min(batch_size, table.num_rows - start)

    _run_parallel(edge_jobs(), workers, on_batch)


def _create_nodes(
    write: Write, schema: Schema, tables: LoadTables, marker: str, batch_size: int, workers: int, on_batch: OnBatch
) -> np.ndarray:
    """Create every node; return each node rank's internal id on the server."""
    internal = np.full(len(tables.node_ids), -1, dtype=np.int64)
    offsets = np.cumsum([0] + [t.num_rows for _, t in tables.nodes])

    def node_job(label: str, table: pa.Table, base: int, start: int) -> Callable[[], None]:
        def work() -> None:
            params = _columns(table, _node_names(schema, label), start, batch_size)
            ((order, made),) = write(node_create_statement(label, _node_names(schema, label), marker), params)
            internal[base + start + np.asarray(order, dtype=np.int64)] = made  # batches fill disjoint places

        return work

    def node_jobs() -> Iterator[tuple[Callable[[], Any], str, int]]:
        for (label, table), base in zip(tables.nodes, offsets):
            for start in range(0, table.num_rows, batch_size):
                yield node_job(label, table, int(base), start), label, min(batch_size, table.num_rows - start)

    _run_parallel(node_jobs(), workers, on_batch)
    if (internal < 0).any():
        raise EngineError(
            "Neo4j did not create every node",
            None,
            "push again: the database now holds part of the graph, and a re-run merges",
        )
    return internal


def load_merge(
    write: Write, schema: Schema, tables: LoadTables, marker: str, *, batch_size: int, on_batch: OnBatch
) -> None:
    """Upsert every node, then every relationship, one batch at a time (data may be there already)."""
    for label, table in tables.nodes:
        names = _node_names(schema, label)
        for start in range(0, table.num_rows, batch_size):
            write(node_merge_columns_statement(label, names, marker), _columns(table, names, start, batch_size))
            on_batch(label, min(batch_size, table.num_rows - start))
    labels, codes = tables.label_codes()
    for rel, table in tables.edges:
        names = _edge_names(schema, rel)
        ends = (
            codes[table["source_rank"].to_numpy()].astype(np.int64) * len(labels)
            + codes[table["target_rank"].to_numpy()]
        )
        for pair in np.unique(ends).tolist():
            rows = table.take(pa.array(np.flatnonzero(ends == pair)))
            statement = edge_merge_columns_statement(
                rel, labels[pair // len(labels)], labels[pair % len(labels)], names, bool(schema.rel(rel).key)
            )
            for start in range(0, rows.num_rows, batch_size):
                piece = rows.slice(start, batch_size)
                params = _columns(piece, names, 0, batch_size)
                params["s"] = tables.node_ids.take(piece["source_rank"]).to_pylist()
                params["t"] = tables.node_ids.take(piece["target_rank"]).to_pylist()
                write(statement, params)
                on_batch(rel, piece.num_rows)

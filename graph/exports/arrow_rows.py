"""The graph as Arrow tables for the streaming export writers, and its values as text.

GraphML, GEXF and CSV write every node and edge as a line of text. Made one Python object at a
time, a 100k-enterprise graph took 25-55 s and GraphML was held whole (3 GB). Here the lines are
made column by column with Arrow's string kernels, a piece of :data:`CHUNK` lines at a time, from
the tables the graph holds already (:class:`~chainkg.graph.io.columns.GraphColumns`, frozen edges)
and the nodes' tables (:func:`~chainkg.graph.engines.embedded.node_load_tables`). Each value
is turned into text once per distinct value where values repeat (ids, keys, products, numbers).
The writers that call this give the bytes their line-by-line twins give (tests/test_exports_fast.py).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from chainkg.graph.exports.common import EVIDENCE, float_text
from chainkg.graph.io.columns import GraphColumns, sort_order
from chainkg.graph.io.edge_lines import field_texts, large
from chainkg.graph.model import KnowledgeGraph
from chainkg.graph.schema import Prop, PropType

__all__ = [
    "CHUNK",
    "GraphTables",
    "Piece",
    "edge_pieces",
    "escape",
    "graph_tables",
    "joined_lines",
    "ordered_lines",
    "unsafe_rows",
    "value_texts",
]

CHUNK = 1 << 16

# (type, its table's rows in the piece, their places among the piece's lines)
Piece = list[tuple[str, pa.Table, np.ndarray]]


@dataclass
class GraphTables:
    """``nodes``: ``(label, table)`` in the order of the ids (a table per label, rows in id order,
    columns ``id`` and the label's properties); ``edges``: ``(type, table)``, each sorted, with
    ``source_rank``/``target_rank`` into ``node_ids`` (every id, sorted)."""

    node_ids: pa.Array
    nodes: list[tuple[str, pa.Table]]
    edges: list[tuple[str, pa.Table]]


def graph_tables(kg: KnowledgeGraph) -> GraphTables | None:
    """The tables of ``kg``; None when it holds what Arrow cannot (a lone surrogate, an integer
    beyond 64 bits): the line-by-line writers take it."""
    from chainkg.graph.engines.embedded_tables import node_load_tables  # the tables the database copies

    try:
        columns = GraphColumns(kg)
        nodes = {label: table for label, _, table in node_load_tables(kg)}
    except (UnicodeError, OverflowError):
        return None
    runs = [(label, nodes[label]) for label in sorted(nodes, key=lambda label: label + ":")]  # ids are "<label>:<name>"
    return GraphTables(columns.node_ids, runs, list(columns.edges.items()))


def edge_pieces(tables: GraphTables) -> Iterator[tuple[int, Piece]]:
    """The edges in graph.json's order (by source, target, key across types), :data:`CHUNK` at a
    time: the place of the piece's first edge, and per type its rows in the piece."""
    if not tables.edges:
        return
    index = pa.concat_tables(
        [
            table.select(["source_rank", "target_rank", "key"])
            .append_column("part", pa.array(np.full(table.num_rows, part, np.int32)))
            .append_column("row", pa.array(np.arange(table.num_rows, dtype=np.int64)))
            for part, (_, table) in enumerate(tables.edges)
        ]
    )
    order = sort_order(index)
    parts, rows = index["part"].to_numpy()[order], index["row"].to_numpy()[order]
    del index, order
    for start in range(0, len(rows), CHUNK):
        part, row = parts[start : start + CHUNK], rows[start : start + CHUNK]
        piece = []
        for which in np.unique(part).tolist():
            place = np.flatnonzero(part == which)
            rel, table = tables.edges[which]
            piece.append((rel, table.take(row[place]), place))
        yield start, piece


def ordered_lines(piece: Piece, lines: Callable[[str, pa.Table, np.ndarray], pa.Array]) -> pa.LargeStringArray:
    """``lines(type, rows, places)`` of each type's rows, put in the piece's order."""
    made = [large(lines(rel, table, place)) for rel, table, place in piece]
    places = np.concatenate([place for _, _, place in piece])
    return pa.concat_arrays(made).take(np.argsort(places))


def joined_lines(lines: pa.Array, end: str = "\n") -> pa.Buffer | bytes:
    """Lines as UTF-8, each followed by ``end``."""
    lines = large(lines)
    if not len(lines):
        return b""
    ended = pc.binary_join_element_wise(lines, pa.scalar(end, pa.large_string()), pa.scalar("", pa.large_string()))
    whole = pa.LargeListArray.from_arrays(pa.array([0, len(lines)], pa.int64()), ended)
    return pc.binary_join(whole, pa.scalar("", pa.large_string()))[0].as_buffer()


def value_texts(
    column: pa.ChunkedArray | pa.Array, prop: Prop, *, inf: str = "INF", join: str | None = None
) -> pa.Array:
    """A property's values as text (null where there is none): strings as they are; lists as
    JSON array text (evidence records as objects), or with ``join`` their items joined by it
    (an empty list: none); booleans ``true``/``false``; integers in decimal; floats as
    :func:`~.common.float_text` writes them with ``inf``."""
    if prop.type == PropType.STRING:
        return _flat(column)
    if prop.type == PropType.STRING_LIST:
        if join is None:
            return field_texts(column, prop.type, prop.name == EVIDENCE)
        lists = _flat(column)
        return pc.if_else(
            pc.equal(pc.list_value_length(lists), 0), pa.scalar(None, pa.string()), pc.binary_join(lists, join)
        )
    if prop.type == PropType.BOOL:
        return pc.if_else(_flat(column), "true", "false")
    if prop.type == PropType.INT:
        return pc.cast(_flat(column), pa.string())
    encoded = pc.dictionary_encode(
        column
    )  # floats: each distinct value written once (-0.0 and NaN as float_text has them)
    if isinstance(encoded, pa.ChunkedArray):
        encoded = encoded.combine_chunks()
    texts = [None if value is None else float_text(value, inf=inf) for value in encoded.dictionary.to_pylist()]
    return pa.array(texts, pa.string()).take(encoded.indices)


def escape(column: pa.Array, table: dict[str, str], distinct: bool = False) -> pa.Array:
    """Each string with the characters of ``table`` replaced (``&`` first), each distinct value
    once when ``distinct``."""
    if distinct:
        encoded = pc.dictionary_encode(column)
        if isinstance(encoded, pa.ChunkedArray):
            encoded = encoded.combine_chunks()
        return escape(encoded.dictionary, table).take(encoded.indices)
    for char, reference in table.items():
        if pc.any(pc.match_substring(column, char)).as_py():
            column = pc.replace_substring(column, char, reference)
    return column


def _flat(column: pa.ChunkedArray | pa.Array) -> pa.Array:
    return column.combine_chunks() if isinstance(column, pa.ChunkedArray) else column


def unsafe_rows(columns: list[Any], pattern: str) -> np.ndarray:
    """Rows where any of ``columns`` (string arrays; a scalar is skipped) matches ``pattern``."""
    hit = None
    for column in columns:
        if isinstance(column, (str, pa.Scalar)):
            continue
        found = pc.fill_null(pc.match_substring_regex(column, pattern), False)
        hit = found if hit is None else pc.or_(hit, found)
    return np.zeros(0, np.int64) if hit is None else np.flatnonzero(hit.to_numpy(zero_copy_only=False))

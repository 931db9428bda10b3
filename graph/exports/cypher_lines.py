"""The Cypher script's ``:param rows => [...]`` lines, made column by column (see :mod:`.arrow_rows`).

Each line is what :func:`.cypher.cypher_script` writes for a batch of rows: the rows of
:func:`~chainkg.graph.engines.neo4j.node_rows` / ``edge_rows`` as Cypher map literals, every
value through :func:`.cypher.cypher_literal`'s rules. A string of printable ASCII or common CJK
ideographs only is quoted by Arrow (``\\`` and ``'`` escaped); any other string, and every
float, is written by the literal writer itself, once per distinct value.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from chainkg.graph.exports.arrow_rows import CHUNK, GraphTables
from chainkg.graph.schema import Prop, PropType, Schema

__all__ = ["edge_batches", "node_batches"]

# characters Python's str.isprintable() holds printable in every Unicode version Python uses, and
# that the literal writer leaves as they are but for "\\" and "'"
_PLAIN = r"^[\x20-\x7e\x{4e00}-\x{9fa5}]*$"


def node_batches(
    schema: Schema, tables: GraphTables, size: int, literal: Callable[[Any], str], statement: Callable[[str], str]
) -> Iterator[pa.Buffer | bytes]:
    """Every label's batches (the schema's order of labels), each line and its statement."""
    nodes = dict(tables.nodes)
    for label in schema.label_names:
        table = nodes.get(label)
        for rows in _slices(table, size):
            made = _rows(
                [(p.name, _value_literals(rows[p.name], p, literal)) for p in schema.node_props(label)], literal
            )
            yield from _batches(made, size, statement(label))


def edge_batches(
    schema: Schema,
    tables: GraphTables,
    size: int,
    literal: Callable[[Any], str],
    statement: Callable[[str, str, str], str],
) -> Iterator[pa.Buffer | bytes]:
    """Every ``(type, source label, target label)``'s batches, in the order of ``edge_rows``."""
    labels = [label for label, _ in tables.nodes]
    label_of = np.repeat(np.arange(len(labels)), [table.num_rows for _, table in tables.nodes])  # by rank
    ids = _literals(tables.node_ids, literal)
    edges = dict(tables.edges)
    for rel in schema.rel_names:
        table = edges.get(rel)
        if table is None:
            continue
        ends = [label_of[table[f"{end}_rank"].to_numpy()] for end in ("source", "target")]
        pair = ends[0] * len(labels) + ends[1]
        for code in sorted(
            np.unique(pair).tolist(), key=lambda code: (labels[code // len(labels)], labels[code % len(labels)])
        ):
            yield from _pattern_batches(
                schema,
                rel,
                table.take(np.flatnonzero(pair == code)),
                ids,
                size,
                literal,
                statement(rel, labels[code // len(labels)], labels[code % len(labels)]),
            )


def _pattern_batches(
    schema: Schema, rel: str, table: pa.Table, ids: pa.Array, size: int, literal: Callable[[Any], str], statement: str
) -> Iterator[pa.Buffer | bytes]:
    """The batches of one ``(type, source label, target label)``'s rows."""
    for rows in _slices(table, size):
        columns: list[tuple[str, Any]] = [
            ("source", ids.take(rows["source_rank"])),
            ("target", ids.take(rows["target_rank"])),
        ]
        if schema.rel(rel).key:
            columns.append(("key", _value_literals(rows["key"], None, literal)))
        columns += [(p.name, _value_literals(rows[p.name], p, literal)) for p in schema.edge_props(rel)]
        yield from _batches(_rows(columns, literal), size, statement)


def _slices(table: pa.Table | None, size: int) -> Iterator[pa.Table]:
    """``table`` in slices of whole batches, about :data:`~.arrow_rows.CHUNK` rows each."""
    if table is None:
        return
    step = max(1, CHUNK // size) * size
    for start in range(0, table.num_rows, step):
        yield table.slice(start, step)


def _rows(columns: list[tuple[str, pa.Array]], literal: Callable[[Any], str]) -> pa.Array:
    """A map literal per row, ``{name: value, ...}``, from each column's literals, in their order."""
    parts: list[Any] = []
    for index, (name, texts) in enumerate(columns):
        parts += [("{" if index == 0 else ", ") + _key(name, literal) + ": ", texts]
    return pc.binary_join_element_wise(*parts, "}", "")


def _key(name: str, literal: Callable[[Any], str]) -> str:
    """A map key as the literal writer writes it (a name of the schema: as it is)."""
    text = literal({name: None})
    return text[1 : text.index(": null}")]


def _value_literals(column: Any, prop: Prop | None, literal: Callable[[Any], str]) -> pa.Array:
    """Each value of a column as a Cypher literal (null as ``null``)."""
    column = column.combine_chunks() if isinstance(column, pa.ChunkedArray) else column
    kind = PropType.STRING if prop is None else prop.type
    if kind == PropType.STRING:
        encoded = pc.dictionary_encode(column)
        texts = _literals(encoded.dictionary, literal).take(encoded.indices)
    elif kind == PropType.STRING_LIST:
        first, last = column.offsets[0].as_py(), column.offsets[-1].as_py()
        items = _literals(column.values.slice(first, last - first), literal)
        lists = pa.ListArray.from_arrays(
            pc.subtract(column.offsets, pa.scalar(first, pa.int32())), items, mask=column.is_null()
        )
        texts = pc.binary_join_element_wise("[", pc.binary_join(lists, ", "), "]", "")
    elif kind == PropType.BOOL:
        texts = pc.if_else(column, "true", "false")
    elif kind == PropType.INT:
        texts = pc.cast(column, pa.string())
    else:
        encoded = pc.dictionary_encode(column)
        texts = pa.array([literal(value) for value in encoded.dictionary.to_pylist()], pa.string()).take(
            encoded.indices
        )
    return pc.fill_null(texts, "null")


def _literals(values: pa.Array, literal: Callable[[Any], str]) -> pa.Array:
    """Each string of ``values`` as a Cypher string literal (null stays null)."""
    plain = pc.fill_null(pc.match_substring_regex(values, _PLAIN), True)
    quoted = pc.binary_join_element_wise(
        "'", pc.replace_substring(pc.replace_substring(values, "\\", "\\\\"), "'", "\\'"), "'", ""
    )
    if pc.all(plain).as_py():
        return quoted
    rows = np.flatnonzero(~plain.to_numpy(zero_copy_only=False))
    made = pa.array([literal(value) for value in values.take(rows).to_pylist()], pa.string())
    return pc.replace_with_mask(quoted, pc.invert(plain), made)


def _batches(rows: pa.Array, size: int, statement: str) -> Iterator[pa.Buffer | bytes]:
    """``:param rows => [...];`` lines of ``size`` rows, each followed by ``statement;``, as UTF-8:
    every batch of the rows joined at once."""
    if isinstance(rows, pa.ChunkedArray):
        rows = rows.combine_chunks()
    offsets = np.append(np.arange(0, len(rows), size, dtype=np.int64), len(rows))
    large = pa.large_string()
    batches = pc.binary_join(pa.LargeListArray.from_arrays(pa.array(offsets), rows.cast(large)), pa.scalar(", ", large))
    lines = pc.binary_join_element_wise(
        pa.scalar(":param rows => [", large), batches, pa.scalar(f"];\n{statement};", large), pa.scalar("", large)
    )
    whole = pa.LargeListArray.from_arrays(pa.array([0, len(lines)], pa.int64()), lines)
    yield pc.binary_join(whole, pa.scalar("\n", pa.large_string()))[0].as_buffer()
    yield b"\n"

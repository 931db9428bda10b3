"""Edges of one type held in a sorted Arrow table instead of a dict per edge.

Once a build has made its Arrow tables (:class:`~chainkg.graph.io.columns.GraphColumns`), the
model lets go of its per-edge dicts (half a kilobyte an edge) and answers from the table:
:class:`FrozenEdges` gives the ends as the model's own id strings, and each edge's attributes
as a read-only mapping that reads the table when asked.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator, Mapping, Sequence, Sized
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from chainkg.graph.schema import Prop, PropType, Schema
from chainkg.graph.storage.coded import LineRecords, arrow_column, distinct, line_records, ranks_of

__all__ = [
    "ARROW_TYPES",
    "EdgeAttrs",
    "FrozenEdges",
    "frozen_from_rows",
    "holds",
    "joined",
    "sort_order",
    "triple_order",
]

ARROW_TYPES = {
    PropType.STRING: pa.string(),
    PropType.BOOL: pa.bool_(),
    PropType.INT: pa.int64(),
    PropType.FLOAT: pa.float64(),
    PropType.STRING_LIST: pa.list_(pa.string()),
}

_MISSING = object()
_FIXED = ("source", "target", "key", "source_rank", "target_rank", "evidence")


class FrozenEdges:
    """The edges of type ``rel``, read only (an :class:`~chainkg.graph.storage.edges.EdgeStore`):
    ``table`` is an edge table with ranks (see :func:`~chainkg.graph.io.columns.edge_table`),
    ``node_ids`` the sorted ids the ranks index. Store order is the table's (sorted)."""

    def __init__(self, rel: str, table: pa.Table, node_ids: list[str]) -> None:
        self.rel = rel
        self.table = table.combine_chunks()
        self.node_ids = node_ids
        self.props = [name for name in self.table.column_names if name not in _FIXED]

    def __len__(self) -> int:
        rows: int = self.table.num_rows
        return rows

    @functools.cached_property
    def sources(self) -> list[str]:
        return list(map(self.node_ids.__getitem__, self.table["source_rank"].to_pylist()))

    @functools.cached_property
    def targets(self) -> list[str]:
        return list(map(self.node_ids.__getitem__, self.table["target_rank"].to_pylist()))

    @functools.cached_property
    def keys(self) -> list[str]:
        return _shared_list(self.table["key"])

    @functools.cached_property
    def values_of(self) -> dict[str, list[Any]]:
        """Property -> its value per row (None where the edge has none)."""
        return {
            name: _shared_list(self.table[name])
            if pa.types.is_string(self.table[name].type)
            else self.table[name].to_pylist()
            for name in self.props
        }

    @functools.cached_property
    def evidence(self) -> pa.Array:
        return (
            self.table["evidence"].combine_chunks()
            if isinstance(self.table["evidence"], pa.ChunkedArray)
            else self.table["evidence"]
        )

    def pairs(self) -> list[tuple[str, str]]:
        return list(zip(self.sources, self.targets))

    def values(self, name: str, rows: Sequence[int] | None = None) -> list[Any]:
        if rows is not None:  # taken from the table as it is
            held = name == "evidence" or name in self.props
            return self.table[name].take(pa.array(rows, pa.int64())).to_pylist() if held else [None] * len(rows)
        if name == "evidence":
            return self.evidence.to_pylist()  # type: ignore[no-any-return]
        return list(self.values_of.get(name) or [None] * len(self))

    def ranked(
        self, props: Sequence[Prop], ranks: Callable[[], tuple[list[str], Mapping[str, int]]]
    ) -> tuple[list[str], pa.Table]:
        return self.node_ids, self.table.select(["source_rank", "target_rank", *(prop.name for prop in props)])

    def items(self) -> Iterator[tuple[str, str, str, EdgeAttrs]]:
        """``(source, target, key, attrs)`` in the table's order (sorted)."""
        sources, targets, keys = self.sources, self.targets, self.keys
        return ((sources[row], targets[row], keys[row], EdgeAttrs(self, row)) for row in range(len(self)))

    def arrow(self, schema: Schema, node_ids: pa.Array) -> pa.Table:
        return self.table


class EdgeAttrs(Mapping[str, Any]):
    """One frozen edge's attributes (``type``, ``evidence`` and the properties it has), read
    from the table when asked; ``evidence`` is a new list each time."""

    __slots__ = ("_edges", "_row")

    def __init__(self, edges: FrozenEdges, row: int) -> None:
        self._edges, self._row = edges, row

    def __getitem__(self, name: str) -> Any:
        value = self.get(name, _MISSING)
        if value is _MISSING:
            raise KeyError(name)
        return value

    def get(self, name: str, default: Any = None) -> Any:
        if name == "type":
            return self._edges.rel
        if name == "evidence":
            return self._edges.evidence[self._row].as_py()
        values = self._edges.values_of.get(name)
        value = None if values is None else values[self._row]
        return default if value is None else value

    def __iter__(self) -> Iterator[str]:
        yield "type"
        yield "evidence"
        for name, values in self._edges.values_of.items():
            if values[self._row] is not None:
                yield name

    def __len__(self) -> int:
        return sum(1 for _ in self)


def _shared_list(column: pa.ChunkedArray | pa.Array) -> list[Any]:
    """A string column as a list holding one Python string per distinct value."""
    encoded = pc.dictionary_encode(column)
    if isinstance(encoded, pa.ChunkedArray):
        encoded = encoded.combine_chunks()
    distinct = encoded.dictionary.to_pylist()
    return [None if index is None else distinct[index] for index in encoded.indices.to_pylist()]


def frozen_from_rows(
    rel: str,
    schema: Schema,
    node_ids: tuple[list[str], pa.Array],
    ends: tuple[np.ndarray, np.ndarray],
    keys: Sequence[str],
    columns: Sequence[tuple[str, Sequence[Any]]],
    evidence: Sequence[str],
) -> FrozenEdges | None:
    """Rows of new ``rel`` edges (ends as ranks among the sorted ``node_ids``, their keys,
    property values already checked, one evidence record each) as a frozen table sorted like
    :func:`~chainkg.graph.io.columns.edge_table`'s; None when two rows are one edge (they merge:
    the caller's dict path does that). ``node_ids``: the ids as a list and as an Arrow array;
    ``ends``: the rows' sources' and targets' places in them (see :func:`ranks_of`)."""
    source, target = ends
    count = len(source)
    known = sorted(distinct(keys))
    key = ranks_of(keys, dict(zip(known, range(len(known)))))
    order = _unique_order(source, target, key)
    if order is None:
        return None
    id_list, ids = node_ids
    given = dict(columns)
    table: dict[str, Any] = {
        "source": ids.take(source[order]),
        "target": ids.take(target[order]),
        "key": pa.array(known, pa.string()).take(key[order]),
    }
    lines = line_records(evidence)
    if lines is not None:  # a table's rows: the lines put in order, the records made from them
        lines = LineRecords(lines.head, lines.tail, np.asarray(lines.lines, np.int64)[order])
        records = lines.arrow()
    else:
        records = arrow_column(evidence, pa.string()).take(order)
    for prop in schema.edge_props(rel):
        if prop.name == "evidence":
            table["evidence"] = pa.ListArray.from_arrays(pa.array(np.arange(count + 1, dtype=np.int32)), records)
        else:
            values = given.get(prop.name)
            column = (
                pa.nulls(count, ARROW_TYPES[prop.type])
                if values is None
                else arrow_column(values, ARROW_TYPES[prop.type])
            )
            table[prop.name] = column.take(order)
    table["source_rank"] = pa.array(source[order], pa.int32())  # as pc.index_in gives them
    table["target_rank"] = pa.array(target[order], pa.int32())
    return FrozenEdges(rel, pa.table(table), id_list)


def joined(old: Sized | None, new: FrozenEdges) -> FrozenEdges | None:
    """The store of a type once ``new`` rows come into it, when it can stay a table: ``new`` into
    a type without edges, or with ``old`` a table over the same node ids and no edge in common;
    None otherwise (the caller's dict path merges)."""
    if old is None or not len(old):
        return new
    if not isinstance(old, FrozenEdges) or old.node_ids is not new.node_ids:
        return None
    return _merged(old, new)


def _merged(old: FrozenEdges, new: FrozenEdges) -> FrozenEdges | None:
    """Two frozen tables of one type (made over the same node ids) as one, sorted; None when
    they hold an edge in common."""
    table = pa.concat_tables([old.table, new.table]).combine_chunks()
    distinct = pc.unique(table["key"])
    distinct = distinct.take(pc.sort_indices(distinct))
    key = pc.index_in(table["key"], value_set=distinct).to_numpy(zero_copy_only=False).astype(np.int64)
    order = _unique_order(
        table["source_rank"].to_numpy().astype(np.int64), table["target_rank"].to_numpy().astype(np.int64), key
    )
    return None if order is None else FrozenEdges(old.rel, table.take(order), old.node_ids)


def _unique_order(source: np.ndarray, target: np.ndarray, key: np.ndarray) -> np.ndarray | None:
    """Row order by (source, target, key) ranks, or None when two rows have all three equal."""
    order = triple_order(source, target, key)
    if len(order) > 1:
        ends, keys = (source[order], target[order]), key[order]
        same = (ends[0][1:] == ends[0][:-1]) & (ends[1][1:] == ends[1][:-1]) & (keys[1:] == keys[:-1])
        if bool(same.any()):
            return None
    return order


def triple_order(source: np.ndarray, target: np.ndarray, key: np.ndarray) -> np.ndarray:
    """The stable row order by (source, target, key), three arrays of ranks (int64)."""
    if not len(source):
        return np.arange(0, dtype=np.int64)
    spans = [int(part.max()) + 1 for part in (target, key)]
    if (
        min(int(source.min()), int(target.min()), int(key.min())) >= 0
        and (int(source.max()) + 1) * spans[0] * spans[1] < 2**62
    ):
        return np.argsort(
            (source * spans[0] + target) * spans[1] + key, kind="stable"
        )  # one integer a row, ordered as the triple
    return np.lexsort((key, target, source))


def sort_order(table: pa.Table) -> np.ndarray:
    """Row order of ``table`` by ``(source, target, key)``: by the ends' ranks (columns
    ``source_rank``, ``target_rank``) and the keys' ranks among their own sorted distinct
    values, sorted as integers (Arrow's sort of three string columns took seconds)."""
    source = table["source_rank"].to_numpy()
    target = table["target_rank"].to_numpy()
    keys = pc.unique(table["key"])
    keys = keys.take(pc.sort_indices(keys))
    key = pc.index_in(table["key"], value_set=keys).to_numpy(zero_copy_only=False)
    return triple_order(source.astype(np.int64), target.astype(np.int64), key.astype(np.int64))


def holds(store: object, table: pa.Table) -> bool:
    """Whether ``store`` is a table store reading ``table`` itself."""
    return isinstance(store, FrozenEdges) and store.table is table

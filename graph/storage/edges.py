"""How the model holds the edges of one type: the interface, and the plain store of dicts.

:class:`~chainkg.graph.model.KnowledgeGraph` keeps each edge type in an :class:`EdgeStore` and
answers every edge read through it. Two stores keep it:

- :class:`DictEdges`, the plain one (and the reference): ``(source, target, key) -> attrs``;
  the only one that takes changes;
- :class:`~chainkg.graph.storage.frozen.FrozenEdges`, a sorted Arrow table that a bulk load
  or a built folder's tables give (no dict per edge), read only: :func:`thawed` turns it into
  a :class:`DictEdges` before a change.

Both answer the same reads in the same order (``tests/test_frozen.py`` holds them to it).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from operator import itemgetter
from typing import Any, Protocol

import pyarrow as pa
import pyarrow.compute as pc

from chainkg.graph.schema import Prop, Schema
from chainkg.graph.storage.frozen import ARROW_TYPES, sort_order

__all__ = ["DictEdges", "EdgeItem", "EdgeKey", "EdgeStore", "thawed"]

EdgeKey = tuple[str, str, str]  # (source, target, key)
EdgeItem = tuple[str, str, str, Mapping[str, Any]]  # (source, target, key, attrs)


class EdgeStore(Protocol):
    """The reads every store of one type's edges answers. "Store order": the order of
    :meth:`pairs`, which :meth:`values` and :meth:`ranked` share."""

    def __len__(self) -> int: ...

    def pairs(self) -> list[tuple[str, str]]:
        """``(source, target)`` of every edge, in store order."""
        ...

    def values(self, name: str, rows: Sequence[int] | None = None) -> list[Any]:
        """Property ``name`` of every edge (None where it has none) in store order; of the edges at ``rows`` only."""
        ...

    def ranked(
        self, props: Sequence[Prop], ranks: Callable[[], tuple[list[str], Mapping[str, int]]]
    ) -> tuple[list[str], pa.Table]:
        """Sorted node ids, and a row per edge in store order: ``source_rank``, ``target_rank`` (int32,
        places among those ids; ``ranks()`` gives them with each id's place) and ``props``."""
        ...

    def items(self) -> Iterator[EdgeItem]:
        """``(source, target, key, attrs)`` sorted by ``(source, target, key)``; attrs read only."""
        ...

    def arrow(self, schema: Schema, node_ids: pa.Array) -> pa.Table:
        """The edges as the writers' table, sorted: ``source``, ``target``, ``key``, each property of
        the type in the schema's order, ``source_rank`` and ``target_rank`` (places in ``node_ids``),
        and possibly more columns the embedded engine reads (see ``frozen_from_rows``)."""
        ...


class DictEdges:
    """The edges of one type as plain dicts: ``by_key[(source, target, key)]`` is an edge's own
    attribute dict (``type``, ``evidence``, its properties). Store order is insertion order."""

    __slots__ = ("_sorted", "by_key", "rel")

    def __init__(self, rel: str, by_key: dict[EdgeKey, dict[str, Any]] | None = None) -> None:
        self.rel = rel
        self.by_key: dict[EdgeKey, dict[str, Any]] = {} if by_key is None else by_key
        self._sorted: list[EdgeItem] | None = None

    def __len__(self) -> int:
        return len(self.by_key)

    def changed(self) -> None:
        """Forget the sorted order (after an edge came or went through :attr:`by_key`)."""
        self._sorted = None

    def get(self, edge: EdgeKey) -> dict[str, Any] | None:
        return self.by_key.get(edge)

    def put(self, edge: EdgeKey, attrs: dict[str, Any]) -> None:
        self.by_key[edge] = attrs
        self._sorted = None

    def pop(self, edge: EdgeKey) -> dict[str, Any]:
        self._sorted = None
        return self.by_key.pop(edge)

    def pairs(self) -> list[tuple[str, str]]:
        return [(s, t) for s, t, _ in self.by_key]

    def values(self, name: str, rows: Sequence[int] | None = None) -> list[Any]:
        values = [attrs.get(name) for attrs in self.by_key.values()]
        return values if rows is None else [values[row] for row in rows]

    def ranked(
        self, props: Sequence[Prop], ranks: Callable[[], tuple[list[str], Mapping[str, int]]]
    ) -> tuple[list[str], pa.Table]:
        ids, rank = ranks()
        columns = {
            "source_rank": pa.array([rank[s] for s, _, _ in self.by_key], pa.int32()),
            "target_rank": pa.array([rank[t] for _, t, _ in self.by_key], pa.int32()),
        }
        for prop in props:
            columns[prop.name] = pa.array(
                [attrs.get(prop.name) for attrs in self.by_key.values()], ARROW_TYPES[prop.type]
            )
        return ids, pa.table(columns)

    def items(self) -> Iterator[EdgeItem]:
        if self._sorted is None:
            self._sorted = sorted(((s, t, k, attrs) for (s, t, k), attrs in self.by_key.items()), key=_ends_and_key)
        return iter(self._sorted)

    def arrow(self, schema: Schema, node_ids: pa.Array) -> pa.Table:
        keys = list(self.by_key)
        columns: dict[str, Any] = {
            "source": pa.array([k[0] for k in keys], pa.string()),
            "target": pa.array([k[1] for k in keys], pa.string()),
            "key": pa.array([k[2] for k in keys], pa.string()),
        }
        del keys
        attrs = list(self.by_key.values())
        for prop in schema.edge_props(self.rel):
            columns[prop.name] = pa.array([a.get(prop.name) for a in attrs], ARROW_TYPES[prop.type])
        for end in ("source", "target"):
            columns[f"{end}_rank"] = pc.index_in(columns[end], value_set=node_ids)
        table = pa.table(columns)
        return table.take(sort_order(table)) if table.num_rows > 1 else table


_ends_and_key = itemgetter(0, 1, 2)


def thawed(store: EdgeStore | None, rel: str) -> DictEdges:
    """``store`` as a :class:`DictEdges` (itself if it is one; a new one for None): what a change needs."""
    if isinstance(store, DictEdges):
        return store
    if store is None:
        return DictEdges(rel)
    return DictEdges(rel, {(s, t, k): dict(attrs) for s, t, k, attrs in store.items()})

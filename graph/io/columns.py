"""The graph's edges as Arrow tables, column by column, for the writers that want every edge.

A bulk writer (``graph.json``, the embedded engine's ``COPY``) used to walk the edges one
Python tuple at a time after sorting them in Python: seconds per million edges. Here each type's
edges become one Arrow table, sorted by ``(source, target, key)`` in Arrow (UTF-8 byte order is
code point order, so the order is Python's), with the schema's properties as typed columns.

>>> from chainkg.graph.model import KnowledgeGraph
>>> kg = KnowledgeGraph()
>>> a, b = kg.add_node("Enterprise", "乙"), kg.add_node("Enterprise", "甲")
>>> _ = kg.add_edge("SUPPLIES", b, a, product="钢", volume=2.0)
>>> _ = kg.add_edge("SUPPLIES", a, b, product="轴")
>>> edge_table(kg, "SUPPLIES").select(["source", "product", "volume"]).to_pylist()
[{'source': 'Enterprise:乙', 'product': '轴', 'volume': None}, {'source': 'Enterprise:甲', 'product': '钢', 'volume': 2.0}]
"""

from __future__ import annotations

from collections.abc import Iterable

import pyarrow as pa

from chainkg.graph.model import KnowledgeGraph
from chainkg.graph.storage.frozen import ARROW_TYPES, sort_order

__all__ = ["ARROW_TYPES", "GraphColumns", "edge_table", "sort_order", "sorted_node_ids"]


def edge_table(kg: KnowledgeGraph, rel: str, node_ids: pa.Array | None = None, ranks: bool = False) -> pa.Table:
    """Every ``rel`` edge: ``source``, ``target``, ``key``, then each property of the type in
    the schema's order (``evidence`` last), sorted by ``(source, target, key)``; with ``ranks``
    also ``source_rank`` and ``target_rank``, the ends' places among the sorted node ids.

    ``node_ids``: :func:`sorted_node_ids` of ``kg``, when the caller makes several tables."""
    table = kg.edge_table(rel, node_ids)
    return table if ranks else table.drop_columns(["source_rank", "target_rank"])


class GraphColumns:
    """A graph's sorted node ids and every type's :func:`edge_table` (with ranks), made once
    for the writers that share them (``graph.json`` and the embedded engine's COPY)."""

    def __init__(self, kg: KnowledgeGraph, rels: Iterable[str] | None = None) -> None:
        """``rels``: the types to make now (default: every type the graph holds); :meth:`update`
        adds others, as their edges settle."""
        self.node_ids = sorted_node_ids(kg)
        self.edges: dict[str, pa.Table] = {}
        self.nodes: dict[str, pa.Table] | None = None  # label -> its nodes' load table, when the caller made them
        self._labels: pa.Array | None = None
        self.update(kg, sorted(kg.counts()["types"]) if rels is None else rels)

    def update(self, kg: KnowledgeGraph, rels: Iterable[str]) -> None:
        """Make (or make again) the tables of ``rels`` (a type without edges gets none)."""
        for rel in rels:
            table = edge_table(kg, rel, self.node_ids, ranks=True)
            if table.num_rows:
                self.edges[rel] = table
            else:
                self.edges.pop(rel, None)
        self.edges = dict(sorted(self.edges.items()))

    def labels(self, kg: KnowledgeGraph) -> pa.Array:
        """The label of each of :attr:`node_ids` (made once)."""
        if self._labels is None:
            self._labels = pa.array([kg.label_of(nid) for nid in self.node_ids.to_pylist()], pa.string())
        return self._labels


def sorted_node_ids(kg: KnowledgeGraph) -> pa.Array:
    """Every node id, sorted: the rank of an id in it orders the edges."""
    return pa.array([nid for nid, _ in kg.node_items()], pa.string())

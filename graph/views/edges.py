"""Edges between drawn nodes, with their attributes, for any number of views at once.

The edges between the nodes of all the views asked about are found on arrays of node
numbers (:class:`~chainkg.graph.views.numbered.NumberedGraph`), one pass per type for all of
them; only those edges' properties and evidence are read from the model
(``kg.edge_values(rel, name, rows)``), as one small column per property.

>>> from chainkg.graph.model import KnowledgeGraph
>>> from chainkg.graph.views.numbered import NumberedGraph
>>> kg = KnowledgeGraph()
>>> a, b = kg.add_node("Enterprise", "甲"), kg.add_node("Enterprise", "乙")
>>> _ = kg.add_edge("SUPPLIES", a, b, product="泵"), kg.add_edge("SUPPLIES", a, b, product="阀")
>>> [(s, t, attrs["product"]) for s, t, attrs in EdgeReader(NumberedGraph(kg)).among([{a, b}, {a}])[0]]
[('Enterprise:甲', 'Enterprise:乙', '泵'), ('Enterprise:甲', 'Enterprise:乙', '阀')]
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from chainkg.graph.views.numbered import NumberedGraph

__all__ = ["EdgeReader", "Row"]

Row = tuple[str, str, Mapping[str, Any]]


class EdgeReader:
    """Edges between given nodes, sorted as the model sorts them; the graph is only read."""

    def __init__(self, graph: NumberedGraph) -> None:
        self.graph = graph
        self.kg = graph.kg

    @property
    def rels(self) -> list[str]:
        """The relationship types that have edges, sorted."""
        return self.graph.rels

    def among(self, keeps: list[set[str]]) -> list[list[Row]]:
        """For each of ``keeps``, the edges whose both ends are in it, sorted by (source, target,
        key), parallel edges included; each type is read once for all of them."""
        graph = self.graph
        masks = [graph.mask(keep) for keep in keeps]
        union = np.logical_or.reduce(masks) if masks else np.zeros(len(graph.ids), dtype=bool)
        sources: list[np.ndarray] = []
        targets: list[np.ndarray] = []
        keys: list[str] = []
        found: list[Mapping[str, Any]] = []
        for rel in self.rels:
            ends = graph.ends(rel)
            rows = np.flatnonzero(union[ends[0]] & union[ends[1]])
            if rows.size:
                attrs = self._attrs(rel, rows.tolist())
                sources.append(ends[0][rows])
                targets.append(ends[1][rows])
                keys += self._keys(rel, attrs)
                found += attrs
        if not found:
            return [[] for _ in keeps]
        source, target = np.concatenate(sources), np.concatenate(targets)
        names = sorted(set(keys))
        code = dict(zip(names, range(len(names))))
        order = np.lexsort(
            (np.fromiter(map(code.__getitem__, keys), np.int64, len(keys)), target, source)
        )  # node numbers sort as ids
        source, target = source[order], target[order]
        found = [found[i] for i in order.tolist()]
        answers = []
        for mask in masks:
            picked = np.flatnonzero(mask[source] & mask[target]).tolist()
            pairs = zip(graph.names(source[picked]), graph.names(target[picked]))
            answers.append([(s, t, found[i]) for (s, t), i in zip(pairs, picked)])
        return answers

    def _attrs(self, rel: str, rows: list[int]) -> list[dict[str, Any]]:
        """The attributes of the ``rel`` edges at ``rows`` as the model gives an edge's: its type,
        evidence and the properties it has (no None)."""
        found: list[dict[str, Any]] = [{"type": rel} for _ in rows]
        for prop in self.kg.schema.edge_props(rel):  # column by column: keys go in in the same order
            name = prop.name
            for attrs, value in zip(found, self.kg.edge_values(rel, name, rows)):
                if value is not None:
                    attrs[name] = value
        return found

    def _keys(self, rel: str, found: list[dict[str, Any]]) -> list[str]:
        """The edges' keys as the model makes them: the type, then the values of its key
        properties, joined by "|" (tests check the order against kg.edges(), which carries the keys)."""
        names = self.kg.schema.rel(rel).key
        if not names:
            return [rel] * len(found)
        return ["|".join([rel, *(str(attrs.get(name, "")) for name in names)]) for attrs in found]

"""Edges between drawn nodes, with their attributes, for any number of views at once.

The attributes come only from the model's per-type iterator
(``kg.edge_attrs``), so a type is read whole to find the few edges a view
draws. Small types are indexed once, with their attributes; a large one (who
supplies whom: 500k edges at the reference size) is scanned once per request,
and a request can hold every view of a build (:meth:`EdgeReader.among`).

>>> from chainkg.graph.model import KnowledgeGraph
>>> kg = KnowledgeGraph()
>>> a, b = kg.add_node("Enterprise", "甲"), kg.add_node("Enterprise", "乙")
>>> _ = kg.add_edge("SUPPLIES", a, b, product="泵"), kg.add_edge("SUPPLIES", a, b, product="阀")
>>> [(s, t, attrs["product"]) for s, t, attrs in EdgeReader(kg).among([{a, b}, {a}])[0]]
[('Enterprise:甲', 'Enterprise:乙', '泵'), ('Enterprise:甲', 'Enterprise:乙', '阀')]
"""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Iterator, Mapping
from operator import itemgetter
from typing import Any

from ..model import KnowledgeGraph

__all__ = ["EdgeReader", "Row", "SMALL_TYPE"]

Row = tuple[str, str, Mapping[str, Any]]
_Typed = tuple[str, str, str, Mapping[str, Any]]
SMALL_TYPE = 20_000
"""Types with at most this many edges are indexed whole, with their attributes, on first use;
larger ones are scanned for the nodes asked about."""


class EdgeReader:
    """Edges between given nodes, sorted as the model sorts them; the graph is only read."""

    def __init__(self, kg: KnowledgeGraph) -> None:
        self.kg = kg
        self._small: dict[str, dict[str, list[tuple[str, Mapping[str, Any]]]]] = {}  # TYPE -> source -> [(target, attrs)]

    @functools.cached_property
    def rels(self) -> list[str]:
        """The relationship types that have edges, sorted."""
        return list(self.kg.counts()["types"])

    def among(self, keeps: list[set[str]]) -> list[list[Row]]:
        """For each of ``keeps``, the edges whose both ends are in it, sorted by (source, target,
        key), parallel edges included; a large type is read once for all of them."""
        nodes = set().union(*keeps)
        by_source: defaultdict[str, list[_Typed]] = defaultdict(list)
        for rel in self.rels:
            for source, target, attrs in self._between(rel, nodes):
                by_source[source].append((source, target, rel, attrs))
        answers = []
        for keep in keeps:
            rows = [row for s in keep for row in by_source.get(s, ()) if row[1] in keep]
            answers.append([(s, t, a) for s, t, _, a in self._ordered(rows)])
        return answers

    def edge_attrs(self, rel: str) -> Iterator[Row]:
        """``(source, target, attrs)`` of every ``rel`` edge, unsorted, no copies."""
        edge_attrs = getattr(self.kg, "edge_attrs", None)
        if edge_attrs is not None:
            return edge_attrs(rel)
        return ((s, t, a) for s, t, _, a in self.kg.edge_items(rel))

    def _between(self, rel: str, nodes: set[str]) -> list[Row]:
        """``rel`` edges with both ends in ``nodes``."""
        if self.kg.counts()["types"].get(rel, 0) > SMALL_TYPE:
            return [(s, t, a) for s, t, a in self.edge_attrs(rel) if s in nodes and t in nodes]
        out = self._small.get(rel)
        if out is None:
            built: defaultdict[str, list[tuple[str, Mapping[str, Any]]]] = defaultdict(list)
            for source, target, attrs in self.edge_attrs(rel):
                built[source].append((target, attrs))
            out = self._small[rel] = dict(built)
        return [(s, t, a) for s in nodes if s in out for t, a in out[s] if t in nodes]

    def _ordered(self, rows: list[_Typed]) -> list[_Typed]:
        """``rows`` (source, target, TYPE, attrs) sorted by the edges' (source, target, key)."""
        keyed = {rel: names for rel in {r[2] for r in rows} if (names := self.kg.schema.rel(rel).key)}
        if not keyed:
            return sorted(rows, key=itemgetter(0, 1, 2))

        def key(row: _Typed) -> tuple[str, str, str]:
            # the key as the model makes it: the type, then the values of its key properties,
            # joined by "|" (tests check the order against kg.edges(), which carries the keys)
            names = keyed.get(row[2])
            if names is None:
                return row[0], row[1], row[2]
            return row[0], row[1], "|".join([row[2], *(str(row[3].get(name, "")) for name in names)])

        return sorted(rows, key=key)

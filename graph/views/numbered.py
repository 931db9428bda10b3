"""The graph as numbers for the views: nodes numbered in id order, edges as arrays of those numbers.

Each type's ends come from the model's rank columns (:meth:`KnowledgeGraph.edge_ranks
<chainkg.graph.model.KnowledgeGraph.edge_ranks>`: no string per edge, and on a frozen type
no copy), so who-points-where, degrees and the edges between drawn nodes are numpy work
over whole types (which lets go of the GIL while a build's database COPY runs), and Python
only touches the few nodes and edges a page draws. Numbers compare as the ids do.

>>> from chainkg.graph.model import KnowledgeGraph
>>> kg = KnowledgeGraph()
>>> a, b = kg.add_node("Enterprise", "甲"), kg.add_node("Enterprise", "乙")
>>> _ = kg.add_edge("SUPPLIES", a, b, product="泵"), kg.add_edge("SUPPLIES", a, b, product="阀")
>>> graph = NumberedGraph(kg)
>>> graph.ids, graph.others("SUPPLIES", True, a).tolist(), graph.degree_array.tolist()
(['Enterprise:乙', 'Enterprise:甲'], [0, 0], [1, 1])
"""

from __future__ import annotations

import bisect
import functools
from collections.abc import Iterable, Iterator, Mapping

import numpy as np

from chainkg.graph.arrays import csr, distinct
from chainkg.graph.model import KnowledgeGraph

__all__ = ["NumberedGraph"]

_Rows = tuple[np.ndarray, np.ndarray]  # compressed rows: offsets per node, then the other ends


class NumberedGraph:
    """Nodes numbered 0..n-1 in id order, each type's edges as arrays; the graph is only read."""

    def __init__(self, kg: KnowledgeGraph) -> None:
        self.kg = kg
        rels = list(kg.counts()["types"])
        # number -> id: the sorted ids the model's ranks index (its own list on a frozen graph)
        self.ids: list[str] = kg.edge_ranks(rels[0])[0] if rels else [nid for nid, _ in kg.node_items()]
        self._ends: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        self._rows: dict[tuple[str, bool], _Rows] = {}

    @functools.cached_property
    def rels(self) -> list[str]:
        """The relationship types that have edges, sorted."""
        return list(self.kg.counts()["types"])

    def label_numbers(self, label: str) -> np.ndarray:
        """The numbers of the nodes of ``label``, ascending. An id is ``Label:name``
        (:func:`~chainkg.graph.identity.node_id`), so they are one run of the sorted ids
        (found by bisection; listed from the model should that ever not hold)."""
        start, stop = bisect.bisect_left(self.ids, f"{label}:"), bisect.bisect_left(self.ids, f"{label};")
        if stop - start == self.kg.counts()["labels"].get(label, 0):
            return np.arange(start, stop)
        return np.sort(self.numbers(nid for nid, _ in self.kg.node_items(label)))

    @functools.cached_property
    def number(self) -> _Numbers:
        """id -> its number."""
        return _Numbers(self.ids)

    def numbers(self, nids: Iterable[str]) -> np.ndarray:
        """The numbers of ``nids`` (all in the graph), in their order."""
        return np.fromiter(map(self.number.__getitem__, nids), dtype=np.int64)

    def mask(self, nids: Iterable[str]) -> np.ndarray:
        """A boolean per node: whether it is one of ``nids`` (ids not in the graph are ignored)."""
        found = np.zeros(len(self.ids), dtype=bool)
        number = self.number.get
        found[[at for at in map(number, nids) if at is not None]] = True
        return found

    def names(self, numbers: np.ndarray | list[int]) -> list[str]:
        """The ids of ``numbers`` (remembered: they are looked up by id next)."""
        numbers = numbers.tolist() if isinstance(numbers, np.ndarray) else numbers
        found = list(map(self.ids.__getitem__, numbers))
        self.number.known.update(zip(found, numbers))
        return found

    def ends(self, rel: str) -> tuple[np.ndarray, np.ndarray]:
        """Sources and targets of every ``rel`` edge as numbers, in the model's order of its edges."""
        found = self._ends.get(rel)
        if found is None:
            _, table = self.kg.edge_ranks(rel)
            found = self._ends[rel] = (
                table["source_rank"].to_numpy().astype(np.int64),
                table["target_rank"].to_numpy().astype(np.int64),
            )
        return found

    def rows(self, rel: str, outgoing: bool) -> _Rows:
        """The ``rel`` edges grouped by source (``outgoing``) or target: per node, the other ends
        (parallel edges repeated), in the model's order."""
        found = self._rows.get((rel, outgoing))
        if found is None:
            sources, targets = self.ends(rel)
            near, far = (sources, targets) if outgoing else (targets, sources)
            found = self._rows[(rel, outgoing)] = csr(len(self.ids), near, far)
        return found

    def others(self, rel: str, outgoing: bool, nid: str) -> np.ndarray:
        """The other ends of the ``rel`` edges leaving (or arriving at) ``nid``, as numbers."""
        at = self.number.get(nid)
        offsets, far = self.rows(rel, outgoing)
        if at is None:
            return far[:0]
        return far[offsets[at] : offsets[at + 1]]

    @functools.cached_property
    def degree_array(self) -> np.ndarray:
        """Per node, its neighbours either direction counted once per neighbour and direction
        (parallel edges once; a self-loop twice)."""
        counts = np.zeros(len(self.ids), dtype=np.int64)
        size = max(len(self.ids), 1)
        for group in self._sharing():
            ends = [self.ends(rel) for rel in group]
            sources = np.concatenate([s for s, _ in ends])
            targets = np.concatenate([t for _, t in ends])
            if len(group) > 1 or self.kg.schema.rel(group[0]).key:  # one pair, however many edges join it
                pairs = distinct(sources * size + targets)
                sources, targets = pairs // size, pairs % size
            counts += np.bincount(sources, minlength=len(self.ids))
            counts += np.bincount(targets, minlength=len(self.ids))
        return counts

    def _sharing(self) -> list[list[str]]:
        """The types in groups such that only types of one group can join the same two nodes
        (they share a (source label, target label) pattern; chained: a shares with b, b with c)."""
        groups: list[tuple[set[tuple[str, str]], list[str]]] = []
        for rel in self.rels:
            patterns, members = set(self.kg.schema.rel(rel).endpoints), [rel]
            for group in [g for g in groups if g[0] & patterns]:
                groups.remove(group)
                patterns |= group[0]
                members += group[1]
            groups.append((patterns, members))
        return [members for _, members in groups]

    @functools.cached_property
    def _linked(self) -> _Rows:
        """Every edge of every type, both directions, grouped by node."""
        ends = [self.ends(rel) for rel in self.rels]
        near = np.concatenate([np.concatenate([s, t]) for s, t in ends]) if ends else np.zeros(0, np.int64)
        far = np.concatenate([np.concatenate([t, s]) for s, t in ends]) if ends else np.zeros(0, np.int64)
        return csr(len(self.ids), near, far)

    def linked(self, nid: str) -> np.ndarray:
        """Numbers of the nodes joined to ``nid`` by any edge, either direction (with repeats)."""
        offsets, far = self._linked
        at = self.number[nid]
        return far[offsets[at] : offsets[at + 1]]


class _Numbers(Mapping[str, int]):
    """id -> number, by bisection in the sorted ids, each found once (a dict of all 130k ids
    cost 70 ms to build, more than the views look up); ids handed out by
    :meth:`NumberedGraph.names` are known already."""

    def __init__(self, ids: list[str]) -> None:
        self._ids = ids
        self.known: dict[str, int] = {}

    def __getitem__(self, nid: str) -> int:
        found = self.known.get(nid)
        if found is None:
            at = bisect.bisect_left(self._ids, nid) if type(nid) is str else len(self._ids)
            if at == len(self._ids) or self._ids[at] != nid:
                raise KeyError(nid)
            found = self.known[nid] = at
        return found

    def get(self, nid: str, default: int | None = None) -> int | None:  # type: ignore[override]
        found = self.known.get(nid)
        if found is not None:
            return found
        try:
            return self[nid]
        except KeyError:
            return default

    def __iter__(self) -> Iterator[str]:
        return iter(self._ids)

    def __len__(self) -> int:
        return len(self._ids)

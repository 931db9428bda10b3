"""One read-only index over a KnowledgeGraph that every view of a build shares.

Only the model's public API is read, and as little of it as the views need: at
the reference size (778k edges) a pass over every edge in Python costs about a
second. So whole types are read as arrays of node numbers
(:class:`~chainkg.graph.views.numbered.NumberedGraph`, from the model's rank
columns):

* node degrees and who-points-where (per type and direction, compressed rows)
  are numpy work over those arrays; a lookup slices them for one node;
* edges between drawn nodes, with their attributes, come from
  :class:`~chainkg.graph.views.edges.EdgeReader`; inside
  :meth:`GraphIndex.batch` the requests of all the views of a build are
  answered together, one pass over each type for all of them, and only the
  drawn edges' attributes are read.

Names resolve through the model; tooltips are made once per node and edge; the
source sentences behind evidence records are gathered once, on first need.
"""

from __future__ import annotations

import contextlib
import functools
import operator
from collections.abc import Callable, Iterable, Iterator, Mapping
from itertools import repeat
from typing import Any

import numpy as np
import pyarrow.compute as pc

from chainkg.errors import QueryError, SchemaError
from chainkg.graph.analysis.supply import reach as walk
from chainkg.graph.arrays import csr, distinct
from chainkg.graph.lookup import the_one
from chainkg.graph.model import KnowledgeGraph
from chainkg.graph.views.edges import EdgeReader, Row
from chainkg.graph.views.numbered import NumberedGraph
from chainkg.graph.views.text import edge_text, node_text, sentence_index

__all__ = ["GraphIndex"]

_EMPTY: frozenset[str] = frozenset()


class GraphIndex:
    """Lookups over one graph for building views; the graph is only read, never changed."""

    def __init__(self, kg: KnowledgeGraph) -> None:
        self.kg = kg
        self.graph = NumberedGraph(kg)
        self.edges = EdgeReader(self.graph)
        self._attrs: dict[str, Mapping[str, Any]] = {}
        self._node_texts: dict[str, str] = {}
        self._edge_texts: dict[int, tuple[Mapping[str, Any], str]] = {}
        self._waiting: list[tuple[set[str], Callable[[list[Row]], None]]] | None = None

    # -- who points where --------------------------------------------------------

    @property
    def rels(self) -> list[str]:
        """The relationship types that have edges, sorted."""
        return self.graph.rels

    def _other_ends(self, rel: str, outgoing: bool, nid: str) -> list[int]:
        """Numbers of the other ends of the ``rel`` edges leaving (or arriving at) ``nid``,
        parallel edges repeated."""
        others: list[int] = self.graph.others(rel, outgoing, nid).tolist()
        return others

    def out(self, rel: str, nid: str) -> list[str]:
        """Targets of ``rel`` edges leaving ``nid`` (sorted, unique)."""
        return self.graph.names(sorted(set(self._other_ends(rel, True, nid))))  # numbers sort as ids

    def into(self, rel: str, nid: str) -> list[str]:
        """Sources of ``rel`` edges arriving at ``nid`` (sorted, unique)."""
        return self.graph.names(sorted(set(self._other_ends(rel, False, nid))))

    def sources(self, rel: str, nid: str) -> set[str]:
        """Sources of ``rel`` edges arriving at ``nid``, unsorted."""
        return set(self.graph.names(self._other_ends(rel, False, nid)))

    def has_in(self, rel: str, nid: str) -> bool:
        """Whether any ``rel`` edge arrives at ``nid``."""
        return bool(self.graph.others(rel, False, nid).size)

    @functools.cached_property
    def degrees(self) -> Mapping[str, int]:
        """node id -> :meth:`degree` (0 for a node with no edge), for ranking many nodes; read only."""
        return dict(zip(self.graph.ids, self.graph.degree_array.tolist()))

    def degree(self, nid: str) -> int:
        """Number of neighbours, either direction (parallel edges count once: enough to rank)."""
        return self.degrees[nid]

    def neighbours(self, nid: str) -> list[str]:
        """Every node linked to ``nid`` by any edge, either direction (sorted, unique)."""
        if nid not in self.graph.number:
            return []
        return self.graph.names(sorted(set(self.graph.linked(nid).tolist())))

    def neighbours_of(self, nids: list[str]) -> dict[str, list[str]]:
        """:meth:`neighbours` of each of ``nids`` (a database-backed index reads them together)."""
        return {nid: self.neighbours(nid) for nid in nids}

    # -- edges between drawn nodes --------------------------------------------------

    def edges_among(self, keep: Iterable[str]) -> list[Row]:
        """Edges whose both ends are in ``keep``, sorted by (source, target, key), parallel edges included."""
        return self.edges.among([set(keep)])[0]

    def edges_among_then(self, keep: Iterable[str], then: Callable[[list[Row]], None]) -> None:
        """``then(edges_among(keep))``: at once, or inside :meth:`batch` when the batch ends."""
        if self._waiting is None:
            then(self.edges_among(keep))
        else:
            self._waiting.append((set(keep), then))

    @contextlib.contextmanager
    def batch(self) -> Iterator[GraphIndex]:
        """Collect :meth:`edges_among_then` requests and answer them together on the way out
        (in reverse order of asking, so that a scene can insert each answer where it asked)."""
        if self._waiting is not None:
            yield self
            return
        self._waiting = []
        try:
            yield self
            waiting = self._waiting
        finally:
            self._waiting = None
        answers = self.edges.among([keep for keep, _ in waiting])
        for (_, then), rows in reversed(list(zip(waiting, answers))):
            then(rows)

    def parts(self, chain: str) -> list[str]:
        """Everything PART_OF ``chain``, also through products of products (产品小类), sorted."""
        found: set[str] = set()
        todo = [chain]
        while todo:
            for part in self.into("PART_OF", todo.pop()):
                if part not in found and part != chain:
                    found.add(part)
                    todo.append(part)
        return sorted(found)

    # -- nodes ---------------------------------------------------------------

    def label(self, nid: str) -> str:
        return self.kg.label_of(nid)

    def name(self, nid: str) -> str:
        return self.kg.name_of(nid)

    def attrs(self, nid: str) -> Mapping[str, Any]:
        """A node's properties (a copy, read once per node: views draw few of the nodes)."""
        found = self._attrs.get(nid)
        if found is None:
            found = self._attrs[nid] = self.kg.node(nid)
        return found

    def read_nodes(self, nids: Iterable[str]) -> None:
        """Nothing to do: the model holds every node (a database-backed index reads them together)."""

    def of_label(self, label: str) -> list[str]:
        """Ids of the nodes with this label, sorted."""
        return self.graph.names(self.graph.label_numbers(label))

    def __contains__(self, nid: object) -> bool:
        return nid in self.kg

    def __len__(self) -> int:
        return len(self.kg)

    # -- names ---------------------------------------------------------------

    def lookup(self, name: str) -> str:
        """The id of the one node called ``name`` (an id, a canonical name or an alias, any label)."""
        if name in self.kg:
            return name
        found: set[str] = set()
        for label in self.kg.schema.label_names:
            try:
                found.add(self.kg.resolve(label, name))
            except SchemaError as exc:
                if "several" in exc.what:  # an alias shared by several nodes of one label
                    raise QueryError(exc.what, fix="give the canonical name or the id (Label:name)") from exc
        return the_one(name, found)

    def chain(self, name: str) -> str:
        """The id of the chain called ``name`` (or an alias)."""
        nid = self.kg.find("Chain", name)
        if nid is None:
            known = ", ".join(self.name(c) for c in self.of_label("Chain")[:12])
            raise QueryError(f"no chain is called {name!r}", fix=f"use one of: {known or '(the graph has no chains)'}")
        return nid

    # -- text ----------------------------------------------------------------

    @functools.cached_property
    def sentences(self) -> dict[tuple[str, int], str]:
        """``(doc, sentence) -> text`` from every edge's evidence that carries the sentence; built
        on first use, i.e. only when a drawn node cites a sentence of a document."""
        return sentence_index(
            raw
            for rel in self.rels
            for records in self.kg.edge_values(rel, "evidence")
            for raw in records or ()
            if '"text":' in raw and '"sentence":' in raw
        )

    def node_text(self, nid: str) -> str:
        """A node's tooltip, made once per index (a build's pages share many nodes)."""
        text = self._node_texts.get(nid)
        if text is None:
            attrs = self.attrs(nid)
            text = self._node_texts[nid] = node_text(attrs, self._cited(attrs.get("evidence")))
        return text

    def edge_text(self, source: str, target: str, attrs: Mapping[str, Any]) -> str:
        """An edge's tooltip, made once per index (a build's pages share many edges)."""
        known = self._edge_texts.get(id(attrs))  # one attrs object per edge read (a batch reads each edge once)
        if known is not None:
            return known[1]
        name = self.kg.name_of
        text = edge_text(attrs["type"], name(source), name(target), attrs, self._cited(attrs.get("evidence")))
        self._edge_texts[id(attrs)] = (attrs, text)  # holding attrs keeps its id from being reused
        return text

    def _cited(self, records: list[str] | None) -> Mapping[tuple[str, int], str]:
        """The source sentences when one of the evidence ``records`` cites a sentence without
        its text (looked for in C first: few records cite any), else none."""
        if records and any(map(operator.contains, records, repeat('"sentence":'))):
            if any('"sentence":' in raw and '"text":' not in raw for raw in records):
                return self.sentences
        return {}

    # -- places --------------------------------------------------------------

    @functools.cached_property
    def _located(self) -> Mapping[str, list[str]]:
        return _Ends(self.graph, "LOCATED_IN", True)

    @functools.cached_property
    def _places(self) -> list[int]:
        """Numbers of the nodes that something is located in."""
        return np.flatnonzero(np.diff(self.graph.rows("LOCATED_IN", False)[0])).tolist()

    @functools.cached_property
    def _reach(self) -> Callable[[str], frozenset[str]]:
        """node id -> it and every node it is in, directly or not (a walk: places may form a cycle)."""
        located = self._located

        @functools.cache
        def reach(nid: str) -> frozenset[str]:
            return frozenset(walk(located, nid) | {nid})

        return reach

    @functools.cached_property
    def _region_names(self) -> Callable[[frozenset[str]], frozenset[str]]:
        """node ids -> the names of the regions among them."""
        label_of, name_of = self.kg.label_of, self.kg.name_of

        @functools.cache
        def names(nids: frozenset[str]) -> frozenset[str]:
            return frozenset(name_of(n) for n in nids if label_of(n) == "Region")

        return names

    @functools.cached_property
    def regions_of(self) -> Callable[[str], frozenset[str]]:
        """node id -> names of the regions it is in (through parks and parent regions)."""
        located, reach, names = self._located, self._reach, self._region_names

        @functools.cache
        def regions_of(nid: str) -> frozenset[str]:
            parents = located.get(nid)
            if not parents:
                return _EMPTY
            # what nid is in = what its parents reach; nid itself only through a cycle, and a
            # node does not count as being in itself
            if len(parents) == 1 and nid not in (up := reach(parents[0])):
                return names(up)
            above = frozenset().union(*(reach(p) for p in parents)) - {nid}
            return names(above)

        return regions_of

    def suppliers(self, product: str) -> np.ndarray:
        """The numbers of the enterprises that supply ``product`` (a SUPPLIES edge whose ``product``
        is its name, as :func:`~chainkg.graph.analysis.analytics.suppliers_of` counts them), sorted, once each."""
        code, (offsets, sources) = self._supplied
        at = code.get(self.kg.name_of(product))
        return sources[:0] if at is None else distinct(sources[offsets[at] : offsets[at + 1]])

    def supplied(self) -> Mapping[str, int]:
        """The ``product`` texts of the SUPPLIES edges (each with its number among them)."""
        return self._supplied[0]

    @functools.cached_property
    def _supplied(self) -> tuple[dict[str, int], tuple[np.ndarray, np.ndarray]]:
        """SUPPLIES grouped by the text of their ``product`` (read once, in Arrow): a number per
        text, and per number the suppliers (compressed rows)."""
        if "SUPPLIES" not in self.rels:
            return {}, (np.zeros(1, dtype=np.int64), np.zeros(0, dtype=np.int64))
        encoded = pc.dictionary_encode(self.kg.edge_ranks("SUPPLIES")[1]["product"].combine_chunks())
        texts = encoded.dictionary.to_pylist()
        codes = pc.fill_null(encoded.indices, -1).to_numpy(zero_copy_only=False).astype(np.int64)
        named = codes >= 0
        rows = csr(len(texts), codes[named], self.graph.ends("SUPPLIES")[0][named])
        return dict(zip(texts, range(len(texts)))), rows

    def away(self, local: frozenset[str]) -> np.ndarray:
        """Per node number: whether it is in none of the regions named ``local``, i.e.
        ``local.isdisjoint(regions_of(node))`` for every node at once. A node that no LOCATED_IN
        edge arrives at cannot be in itself, so it is in just what its parents reach: only the
        places (where such edges arrive) are walked."""
        graph, (reached, inside) = self.graph, self._places_by_region
        sources, targets = graph.ends("LOCATED_IN")
        hit = np.zeros(len(graph.ids), dtype=bool)  # a place that is, or is in, a local region
        hit[[place for name in local for place in reached.get(name, ())]] = True
        near = np.zeros(len(graph.ids), dtype=bool)
        near[sources[hit[targets]]] = True
        near[self._places] = False
        near[[place for name in local for place in inside.get(name, ())]] = True
        return ~near

    @functools.cached_property
    def _places_by_region(self) -> tuple[dict[str, list[int]], dict[str, list[int]]]:
        """Region name -> the places that are it or are in it; and -> the places in it (by
        :meth:`regions_of`: a place is not in itself)."""
        reached: dict[str, list[int]] = {}
        inside: dict[str, list[int]] = {}
        reach, names = self._reach, self._region_names
        for place in self._places:
            nid = self.graph.ids[place]
            for name in names(reach(nid)):
                reached.setdefault(name, []).append(place)
            for name in self.regions_of(nid):
                inside.setdefault(name, []).append(place)
        return reached, inside


class _Ends(Mapping[str, list[str]]):
    """node id -> the other ends of its ``rel`` edges leaving (or arriving at) it, parallel edges
    repeated; only nodes that have such edges are keys."""

    def __init__(self, graph: NumberedGraph, rel: str, outgoing: bool) -> None:
        self._graph, self._rel, self._outgoing = graph, rel, outgoing

    def __getitem__(self, nid: str) -> list[str]:
        found = self._graph.others(self._rel, self._outgoing, nid)
        if not found.size:
            raise KeyError(nid)
        return self._graph.names(found)

    def __iter__(self) -> Iterator[str]:
        offsets, _ = self._graph.rows(self._rel, self._outgoing)
        return iter(self._graph.names(np.flatnonzero(np.diff(offsets))))

    def __len__(self) -> int:
        return int(np.count_nonzero(np.diff(self._graph.rows(self._rel, self._outgoing)[0])))

"""One read-only index over a KnowledgeGraph that every view of a build shares.

Only the model's public API is read, and as little of it as the views need: at
the reference size (778k edges) each pass over every edge costs about a second
in Python. So:

* node degrees are counted in C (``Counter``) from each type's ``(source,
  target)`` pairs, deduplicated only where two edges can join the same ends
  (parallel edges of a keyed type, types that share endpoint labels);
* who-points-where is indexed per type and direction on first use, from those
  pairs, without attributes; who supplies a set of enterprises is read in one
  pass for the whole set (:meth:`GraphIndex.prefetch`) rather than indexing
  all 500k SUPPLIES edges;
* edges between drawn nodes, with their attributes, come from
  :class:`~chainkg.graph.views.edges.EdgeReader`; inside
  :meth:`GraphIndex.batch` the requests of all the views of a build are
  answered together, one scan of each large type for all of them.

Names resolve through the model; tooltips are made once per node and edge; the
source sentences behind evidence records are gathered once, on first need.
"""

from __future__ import annotations

import contextlib
import functools
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from itertools import chain, compress
from operator import itemgetter
from typing import Any

from chainkg.errors import QueryError, SchemaError

from ..model import KnowledgeGraph
from ..supply import reach as walk
from .edges import EdgeReader, Row
from .text import edge_text, node_text, sentence_index

__all__ = ["GraphIndex"]

_EMPTY: frozenset[str] = frozenset()


class GraphIndex:
    """Lookups over one graph for building views; the graph is only read, never changed."""

    def __init__(self, kg: KnowledgeGraph) -> None:
        self.kg = kg
        self.edges = EdgeReader(kg)
        self._ends: dict[tuple[str, bool], dict[str, list[str]]] = {}  # (TYPE, outgoing) -> node -> other ends
        self._some: dict[tuple[str, bool], tuple[set[str], dict[str, list[str]]]] = {}  # the same, for some nodes
        self._attrs: dict[str, Mapping[str, Any]] = {}
        self._labelled: dict[str, list[str]] = {}
        self._node_texts: dict[str, str] = {}
        self._edge_texts: dict[int, tuple[Mapping[str, Any], str]] = {}
        self._waiting: list[tuple[set[str], Callable[[list[Row]], None]]] | None = None

    # -- who points where --------------------------------------------------------

    @property
    def rels(self) -> list[str]:
        """The relationship types that have edges, sorted."""
        return self.edges.rels

    def _whole(self, rel: str, outgoing: bool) -> dict[str, list[str]]:
        """node -> the other ends of the ``rel`` edges leaving (or arriving at) it, parallel edges
        repeated: the whole type, indexed on first use."""
        ends = self._ends.get((rel, outgoing))
        if ends is None:
            built: defaultdict[str, list[str]] = defaultdict(list)
            if outgoing:
                for source, target in self.kg.pairs(rel):
                    built[source].append(target)
            else:
                for source, target in self.kg.pairs(rel):
                    built[target].append(source)
            ends = self._ends[(rel, outgoing)] = dict(built)
        return ends

    def _other_ends(self, rel: str, outgoing: bool, nid: str) -> list[str]:
        if (rel, outgoing) not in self._ends:
            some = self._some.get((rel, outgoing))
            if some is not None and nid in some[0]:
                return some[1].get(nid, [])
        return self._whole(rel, outgoing).get(nid, [])

    def prefetch(self, rel: str, outgoing: bool, nodes: Iterable[str]) -> None:
        """Read the ``rel`` edges leaving (or arriving at) ``nodes`` in one pass over the type's
        pairs, so that :meth:`out` (or :meth:`into`) answers for them without indexing the type."""
        if (rel, outgoing) in self._ends:
            return
        covered, found = self._some.setdefault((rel, outgoing), (set(), {}))
        need = set(nodes) - covered
        if not need:
            return
        pairs = self.kg.pairs(rel)
        near = map(itemgetter(0 if outgoing else 1), pairs)
        for source, target in compress(pairs, map(need.__contains__, near)):  # filtered in C
            if outgoing:
                found.setdefault(source, []).append(target)
            else:
                found.setdefault(target, []).append(source)
        covered |= need

    def out(self, rel: str, nid: str) -> list[str]:
        """Targets of ``rel`` edges leaving ``nid`` (sorted, unique)."""
        return sorted(set(self._other_ends(rel, True, nid)))

    def into(self, rel: str, nid: str) -> list[str]:
        """Sources of ``rel`` edges arriving at ``nid`` (sorted, unique)."""
        return sorted(set(self._other_ends(rel, False, nid)))

    def sources(self, rel: str, nid: str) -> set[str]:
        """Sources of ``rel`` edges arriving at ``nid``, unsorted."""
        return set(self._other_ends(rel, False, nid))

    def has_in(self, rel: str, nid: str) -> bool:
        """Whether any ``rel`` edge arrives at ``nid``."""
        return bool(self._other_ends(rel, False, nid))

    @functools.cached_property
    def degrees(self) -> Mapping[str, int]:
        """node id -> :meth:`degree` (0 for a node with no edge), for ranking many nodes; read only."""
        counts: Counter[str] = Counter()
        for group in self._sharing():
            pairs = chain.from_iterable(self.kg.pairs(rel) for rel in group)
            if len(group) > 1 or self.kg.schema.rel(group[0]).key:
                pairs = iter(dict.fromkeys(pairs))  # one pair, however many edges join it
            counts.update(chain.from_iterable(pairs))
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

    def degree(self, nid: str) -> int:
        """Number of neighbours, either direction (parallel edges count once: enough to rank)."""
        return self.degrees[nid]

    @functools.cached_property
    def _neighbours(self) -> dict[str, set[str]]:
        found: defaultdict[str, set[str]] = defaultdict(set)
        for rel in self.rels:
            for source, target in self.kg.pairs(rel):
                found[source].add(target)
                found[target].add(source)
        return dict(found)

    def neighbours(self, nid: str) -> list[str]:
        """Every node linked to ``nid`` by any edge, either direction (sorted, unique)."""
        return sorted(self._neighbours.get(nid, ()))

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

    def of_label(self, label: str) -> list[str]:
        """Ids of the nodes with this label, sorted."""
        ids = self._labelled.get(label)
        if ids is None:
            ids = self._labelled[label] = [nid for nid, _ in self.kg.node_items(label)]
        return list(ids)

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
        if len(found) == 1:
            return found.pop()
        if not found:
            raise QueryError(f"no node is called {name!r}", fix="give a name or alias from the graph (chainkg query search -p text ...)")
        raise QueryError(f"{name!r} names several nodes: {', '.join(sorted(found))}", fix="give the id (Label:name) of the one you mean")

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
            for _, _, attrs in self.edges.edge_attrs(rel)
            for raw in attrs.get("evidence") or ()
            if '"text":' in raw and '"sentence":' in raw
        )

    def node_text(self, nid: str) -> str:
        """A node's tooltip, made once per index (a build's pages share many nodes)."""
        text = self._node_texts.get(nid)
        if text is None:
            attrs = self.attrs(nid)
            cites = any('"sentence":' in raw and '"text":' not in raw for raw in attrs.get("evidence") or ())
            text = self._node_texts[nid] = node_text(attrs, self.sentences if cites else {})
        return text

    def edge_text(self, source: str, target: str, attrs: Mapping[str, Any]) -> str:
        """An edge's tooltip, made once per index (a build's pages share many edges)."""
        known = self._edge_texts.get(id(attrs))  # one attrs object per edge read (a batch reads each edge once)
        if known is not None:
            return known[1]
        cites = any('"sentence":' in raw and '"text":' not in raw for raw in attrs.get("evidence") or ())
        text = edge_text(attrs["type"], self.name(source), self.name(target), attrs, self.sentences if cites else {})
        self._edge_texts[id(attrs)] = (attrs, text)  # holding attrs keeps its id from being reused
        return text

    # -- places --------------------------------------------------------------

    @functools.cached_property
    def regions_of(self) -> Callable[[str], frozenset[str]]:
        """node id -> names of the regions it is in (through parks and parent regions)."""
        located = self._whole("LOCATED_IN", True)
        label_of, name_of = self.kg.label_of, self.kg.name_of

        @functools.cache
        def reach(nid: str) -> frozenset[str]:
            """``nid`` and every node it is in, directly or not (a walk: places may form a cycle)."""
            return frozenset(walk(located, nid) | {nid})

        @functools.cache
        def names(nids: frozenset[str]) -> frozenset[str]:
            return frozenset(name_of(n) for n in nids if label_of(n) == "Region")

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

"""One read-only index over a KnowledgeGraph that every view of a build shares.

Only the model's public API is read. Adjacency is built lazily, per
relationship type and direction, the first time a view asks for it (most views
need a few small types; the chain views also need who supplies whom), from the
model's unsorted per-type iterators, so no pass sorts the edges. Degrees come
from one pass over the ``(source, target)`` pairs of every type. Names resolve
through the model; the source sentences behind evidence records are gathered
once, on first need, and shared by every view of a build.
"""

from __future__ import annotations

import functools
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from operator import itemgetter
from typing import Any

from chainkg.errors import QueryError, SchemaError

from ..model import KnowledgeGraph
from .text import edge_text, node_text, sentence_index

__all__ = ["GraphIndex", "FORWARD"]

Adjacency = dict[str, list[tuple[str, Mapping[str, Any]]]]
_EMPTY: frozenset[str] = frozenset()
FORWARD = frozenset({"LOCATED_IN", "UPSTREAM_OF"})
"""Types the views walk forwards (where things are, what lies downstream); the others they walk
backwards (who makes, supplies, belongs to, blocks ...). :meth:`GraphIndex.edges_among` builds
that same direction for a type not read yet, so that no type is indexed both ways for nothing."""


class GraphIndex:
    """Lookups over one graph for building views; the graph is only read, never changed."""

    def __init__(self, kg: KnowledgeGraph) -> None:
        self.kg = kg
        self._adjacency: dict[tuple[str, bool], Adjacency] = {}  # (TYPE, outgoing) -> node -> [(other end, attrs)]

    # -- adjacency -------------------------------------------------------------

    def _edge_attrs(self, rel: str) -> Iterator[tuple[str, str, Mapping[str, Any]]]:
        """``(source, target, attrs)`` of every ``rel`` edge, unsorted, no copies."""
        edge_attrs = getattr(self.kg, "edge_attrs", None)
        if edge_attrs is not None:
            return edge_attrs(rel)
        return ((s, t, a) for s, t, _, a in self.kg.edge_items(rel))

    def _adj(self, rel: str, outgoing: bool) -> Adjacency:
        """node -> [(other end, attrs)] of ``rel`` edges leaving (or arriving at) it; built on first use."""
        adjacency = self._adjacency.get((rel, outgoing))
        if adjacency is None:
            built: defaultdict[str, list[tuple[str, Mapping[str, Any]]]] = defaultdict(list)
            if outgoing:
                for source, target, attrs in self._edge_attrs(rel):
                    built[source].append((target, attrs))
            else:
                for source, target, attrs in self._edge_attrs(rel):
                    built[target].append((source, attrs))
            adjacency = self._adjacency[(rel, outgoing)] = dict(built)
        return adjacency

    def out(self, rel: str, nid: str) -> list[str]:
        """Targets of ``rel`` edges leaving ``nid`` (sorted, unique)."""
        return sorted({t for t, _ in self._adj(rel, True).get(nid, ())})

    def into(self, rel: str, nid: str) -> list[str]:
        """Sources of ``rel`` edges arriving at ``nid`` (sorted, unique)."""
        return sorted({s for s, _ in self._adj(rel, False).get(nid, ())})

    def has_in(self, rel: str, nid: str) -> bool:
        """Whether any ``rel`` edge arrives at ``nid``."""
        return nid in self._adj(rel, False)

    @functools.cached_property
    def rels(self) -> list[str]:
        """The relationship types that have edges, sorted."""
        return list(self.kg.counts()["types"])

    @functools.cached_property
    def degrees(self) -> Mapping[str, int]:
        """node id -> :meth:`degree` (0 for a node with no edge), for ranking many nodes; read only."""
        # distinct (source, target) pairs over every type: parallel edges and two types between
        # the same ends count once, as neighbours do
        pairs: set[tuple[str, str]] = set()
        for rel in self.rels:
            pairs.update(self.kg.pairs(rel))
        degrees = Counter(map(itemgetter(0), pairs))
        degrees.update(map(itemgetter(1), pairs))
        return degrees

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

    def edges_among(self, keep: Iterable[str]) -> list[tuple[str, str, Mapping[str, Any]]]:
        """Edges whose both ends are in ``keep``, sorted by (source, target, key), parallel edges included."""
        keep = set(keep)
        rows: list[tuple[str, str, str, Mapping[str, Any]]] = []
        for rel in self.rels:
            if (rel, True) not in self._adjacency and ((rel, False) in self._adjacency or rel not in FORWARD):
                into = self._adj(rel, False)
                rows += [(s, t, rel, a) for t in keep if t in into for s, a in into[t] if s in keep]
            else:
                out = self._adj(rel, True)
                rows += [(s, t, rel, a) for s in keep if s in out for t, a in out[s] if t in keep]
        return [(s, t, a) for s, t, _, a in self._ordered(rows)]

    def _ordered(self, rows: list[tuple[str, str, str, Mapping[str, Any]]]) -> list[tuple[str, str, str, Mapping[str, Any]]]:
        """``rows`` (source, target, TYPE, attrs) sorted by the edges' (source, target, key)."""
        keyed = {rel: names for rel in {r[2] for r in rows} if (names := self.kg.schema.rel(rel).key)}
        if not keyed:
            return sorted(rows, key=itemgetter(0, 1, 2))

        def key(row: tuple[str, str, str, Mapping[str, Any]]) -> tuple[str, str, str]:
            # the key as the model makes it: the type, then the values of its key properties,
            # joined by "|" (tests check the order against kg.edges(), which carries the keys)
            names = keyed.get(row[2])
            if names is None:
                return row[0], row[1], row[2]
            return row[0], row[1], "|".join([row[2], *(str(row[3].get(name, "")) for name in names)])

        return sorted(rows, key=key)

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

    @functools.cached_property
    def _nodes(self) -> tuple[dict[str, Mapping[str, Any]], dict[str, list[str]]]:
        """(id -> the model's own attribute dict, label -> ids sorted)."""
        attrs: dict[str, Mapping[str, Any]] = {}
        by_label: dict[str, list[str]] = {}
        for label in self.kg.schema.label_names:
            items = list(self.kg.node_items(label))
            if items:
                attrs.update(items)
                by_label[label] = [nid for nid, _ in items]
        return attrs, by_label

    def label(self, nid: str) -> str:
        return self.kg.label_of(nid)

    def name(self, nid: str) -> str:
        return self.kg.name_of(nid)

    def attrs(self, nid: str) -> Mapping[str, Any]:
        return self._nodes[0][nid]

    def of_label(self, label: str) -> list[str]:
        """Ids of the nodes with this label, sorted."""
        return list(self._nodes[1].get(label, ()))

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
            for _, _, attrs in self._edge_attrs(rel)
            for raw in attrs.get("evidence") or ()
            if '"text":' in raw and '"sentence":' in raw
        )

    def node_text(self, nid: str) -> str:
        attrs = self.attrs(nid)
        cites = any('"sentence":' in raw and '"text":' not in raw for raw in attrs.get("evidence") or ())
        return node_text(attrs, self.sentences if cites else {})

    def edge_text(self, source: str, target: str, attrs: Mapping[str, Any]) -> str:
        cites = any('"sentence":' in raw and '"text":' not in raw for raw in attrs.get("evidence") or ())
        return edge_text(attrs["type"], self.name(source), self.name(target), attrs, self.sentences if cites else {})

    # -- places --------------------------------------------------------------

    @functools.cached_property
    def regions_of(self) -> Callable[[str], frozenset[str]]:
        """node id -> names of the regions it is in (through parks and parent regions)."""
        located = self._adj("LOCATED_IN", True)
        label_of, name_of = self.kg.label_of, self.kg.name_of

        @functools.cache
        def reach(nid: str) -> frozenset[str]:
            """``nid`` and every node it is in, directly or not (a walk: places may form a cycle)."""
            seen, todo = {nid}, [nid]
            while todo:
                for other, _ in located.get(todo.pop(), ()):
                    if other not in seen:
                        seen.add(other)
                        todo.append(other)
            return frozenset(seen)

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
            if len(parents) == 1 and nid not in (up := reach(parents[0][0])):
                return names(up)
            above = frozenset().union(*(reach(p) for p, _ in parents)) - {nid}
            return names(above)

        return regions_of

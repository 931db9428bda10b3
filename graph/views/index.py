"""One read-only index over a KnowledgeGraph that every view of a build shares.

Edges by relationship type are read per node from a frozen view of the model's
graph (no copy); names resolve through the model; the source sentences behind
evidence records are gathered once, on first need, and shared by every view of
a build.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from typing import Any

import networkx as nx

from chainkg.errors import QueryError, SchemaError

from ..analytics import located_regions
from ..model import KnowledgeGraph
from .text import edge_text, node_text, sentence_index

__all__ = ["GraphIndex"]


class GraphIndex:
    """Lookups over one graph for building views; the graph is only read, never changed."""

    def __init__(self, kg: KnowledgeGraph) -> None:
        self.kg = kg
        # A frozen view of the model's own graph rather than kg.to_networkx(): copying took
        # seconds at 20k enterprises, and through the view nodes and edges cannot be added or
        # removed. Attributes are only read here; pyvis gets a graph of its own (page.py).
        self.g: nx.MultiDiGraph = nx.graphviews.generic_graph_view(kg._g)  # noqa: SLF001

    # -- adjacency, read per node (a pass over every edge took 11 s at 700k edges) ---------

    def _succ(self, nid: str) -> dict[str, dict[str, dict[str, Any]]]:
        # networkx's own dicts: its views wrap every neighbour and made this three times slower
        return self.g._succ.get(nid, {})  # noqa: SLF001

    def _pred(self, nid: str) -> dict[str, dict[str, dict[str, Any]]]:
        return self.g._pred.get(nid, {})  # noqa: SLF001

    def out(self, rel: str, nid: str) -> list[str]:
        """Targets of ``rel`` edges leaving ``nid`` (sorted, unique)."""
        return sorted({v for v, keyed in self._succ(nid).items() for a in keyed.values() if a["type"] == rel})

    def into(self, rel: str, nid: str) -> list[str]:
        """Sources of ``rel`` edges arriving at ``nid`` (sorted, unique)."""
        return sorted({u for u, keyed in self._pred(nid).items() for a in keyed.values() if a["type"] == rel})

    def has_in(self, rel: str, nid: str) -> bool:
        """Whether any ``rel`` edge arrives at ``nid``."""
        return any(a["type"] == rel for keyed in self._pred(nid).values() for a in keyed.values())

    def around(self, nid: str) -> list[tuple[str, str, bool]]:
        """Every edge at ``nid`` as ``(other end, TYPE, outgoing)``."""
        return [(v, a["type"], True) for v, keyed in self._succ(nid).items() for a in keyed.values()] + [
            (u, a["type"], False) for u, keyed in self._pred(nid).items() for a in keyed.values()
        ]

    def label(self, nid: str) -> str:
        return self.g.nodes[nid]["label"]

    def name(self, nid: str) -> str:
        return self.g.nodes[nid]["name"]

    def attrs(self, nid: str) -> dict[str, Any]:
        return self.g.nodes[nid]

    @functools.cached_property
    def _by_label(self) -> dict[str, list[str]]:
        by_label: dict[str, list[str]] = {}
        for nid, attrs in self.g.nodes(data=True):
            by_label.setdefault(attrs["label"], []).append(nid)
        return {label: sorted(ids) for label, ids in by_label.items()}

    def of_label(self, label: str) -> list[str]:
        """Ids of the nodes with this label, sorted."""
        return list(self._by_label.get(label, ()))

    def degree(self, nid: str) -> int:
        """Number of neighbours, either direction (parallel edges count once: enough to rank)."""
        return len(self._succ(nid)) + len(self._pred(nid))

    def edges_among(self, keep: Iterable[str]) -> list[tuple[str, str, dict[str, Any]]]:
        """Edges whose both ends are in ``keep``, sorted by (source, target, key)."""
        keep = set(keep)
        rows = [
            (s, t, k, d)
            for s in keep
            for _, t, k, d in self.g.out_edges(s, keys=True, data=True)
            if t in keep
        ]
        return [(s, t, d) for s, t, _, d in sorted(rows, key=lambda r: (r[0], r[1], r[2]))]

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

    # -- names ---------------------------------------------------------------

    def lookup(self, name: str) -> str:
        """The id of the one node called ``name`` (an id, a canonical name or an alias, any label)."""
        if name in self.g:
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
            for _, targets in self.g.adjacency()
            for keyed in targets.values()
            for attrs in keyed.values()
            for raw in attrs.get("evidence") or ()
            if '"text":' in raw and '"sentence":' in raw
        )

    def node_text(self, nid: str) -> str:
        attrs = self.g.nodes[nid]
        cites = any('"sentence":' in raw and '"text":' not in raw for raw in attrs.get("evidence") or ())
        return node_text(attrs, self.sentences if cites else {})

    def edge_text(self, source: str, target: str, attrs: dict[str, Any]) -> str:
        cites = any('"sentence":' in raw and '"text":' not in raw for raw in attrs.get("evidence") or ())
        return edge_text(attrs["type"], self.name(source), self.name(target), attrs, self.sentences if cites else {})

    @functools.cached_property
    def regions_of(self):  # noqa: ANN201 - a cached lookup function
        """node id -> names of the regions it is in (through parks and parent regions)."""
        return located_regions(self.kg)

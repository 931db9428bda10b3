"""What a view shows, before it becomes a page: nodes with positions, edges, notes.

A :class:`Scene` holds graph nodes (by their graph id) and two kinds of stand-ins
that are not in the graph: *slots* (a dashed red place where something is
missing, e.g. a product with no local maker or supplier) and *aggregates* (``+N`` nodes that
stand for nodes left out of a large view). Notes say what was left out or how a
term is meant, and are shown at the top of the page.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from chainkg.graph.views.index import GraphIndex
from chainkg.graph.views.stored import StoredIndex

__all__ = ["MARKS", "Scene", "ViewEdge", "ViewNode"]

MARKS = ("gap", "unsolved", "tackling", "aggregate")
"""Ways a node or edge can be marked: a gap slot, an unsolved or tackled bottleneck, a ``+N`` stand-in."""


@dataclass(slots=True)
class ViewNode:
    """One drawn node: a graph node, a slot or an aggregate."""

    key: str
    label: str
    name: str
    text: str
    kind: str = "node"
    mark: str = ""
    names: list[str] = field(default_factory=list)
    x: float | None = None
    y: float | None = None


@dataclass(slots=True)
class ViewEdge:
    """One drawn edge, with its tooltip text and an optional mark."""

    source: str
    target: str
    rel: str
    text: str
    mark: str = ""
    caption: str = ""


@dataclass
class Scene:
    """A view's content: nodes in drawing order, edges, notes, background decor."""

    kind: str
    title: str
    nodes: dict[str, ViewNode] = field(default_factory=dict)
    edges: list[ViewEdge] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    decor: list[dict[str, Any]] = field(default_factory=list)
    physics: bool = False
    focus: int | None = None

    def add(self, index: GraphIndex | StoredIndex, nid: str, mark: str = "") -> ViewNode:
        """Add graph node ``nid`` (once; a later mark overrides an empty one)."""
        node = self.nodes.get(nid)
        if node is None:
            attrs = index.attrs(nid)
            names = [attrs["name"], *attrs.get("aliases", ())]
            node = ViewNode(nid, attrs["label"], _display_name(attrs), index.node_text(nid), names=names)
            self.nodes[nid] = node
        if mark and not node.mark:
            node.mark = mark
        return node

    def stand_in(self, key: str, label: str, name: str, text: str, kind: str, mark: str) -> ViewNode:
        """Add a slot or aggregate node that is not in the graph."""
        node = ViewNode(key, label, name, text, kind=kind, mark=mark, names=[name])
        self.nodes[key] = node
        return node

    def add_edges(
        self,
        index: GraphIndex | StoredIndex,
        marks: dict[tuple[str, str, str], str] | None = None,
        *,
        captions: bool = False,
    ) -> None:
        """Add every graph edge between graph nodes of the scene, where the edges stand now; with
        ``captions``, a supplied product or a breakthrough year is written on the edge."""
        marks = marks or {}
        graph_nodes = [key for key, node in self.nodes.items() if node.kind == "node"]
        at = len(self.edges)

        def put(rows: list[tuple[str, str, Mapping[str, Any]]]) -> None:
            text = index.edge_text
            if marks or captions:
                edges = [
                    ViewEdge(
                        s,
                        t,
                        a["type"],
                        text(s, t, a),
                        marks.get((s, t, a["type"]), ""),
                        _caption(a) if captions else "",
                    )
                    for s, t, a in rows
                ]
            else:
                edges = [ViewEdge(s, t, a["type"], text(s, t, a)) for s, t, a in rows]
            self.edges[at:at] = edges

        index.edges_among_then(graph_nodes, put)  # at once, or with the other views of a build (GraphIndex.batch)

    def unplaced(self, keys: list[str] | None = None) -> list[str]:
        """Keys (of ``keys``, else all) that have no position yet."""
        return [k for k in (self.nodes if keys is None else keys) if self.nodes[k].x is None]

    def graph_node_count(self) -> int:
        """How many graph nodes (not slots or aggregates) the scene draws."""
        return sum(1 for node in self.nodes.values() if node.kind == "node")


def _caption(attrs: Mapping[str, Any]) -> str:
    """What is written on an edge: a supplied product or a breakthrough year."""
    return str(attrs.get("product") or attrs.get("year") or "")


def _display_name(attrs: Mapping[str, Any]) -> str:
    """The text under a node: the name, or a document's title rather than its hash."""
    if attrs["label"] == "Document" and attrs.get("title"):
        return str(attrs["title"])
    return str(attrs["name"])

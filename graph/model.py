"""The in-memory knowledge graph: validated, merging, a multigraph keyed by edge type.

Every node and edge is checked against :data:`~chainkg.graph.schema.SCHEMA`.
Adding a node that already exists (same label and canonical name, or a name
that is an alias of exactly one node) merges into it: aliases and evidence are
unioned, missing properties filled in, differing ones kept and recorded in
:attr:`KnowledgeGraph.conflicts`.

>>> kg = KnowledgeGraph()
>>> sany = kg.add_node("Enterprise", "三一重工", aliases=["Sany Heavy Industry"])
>>> kg.add_node("Enterprise", "Sany Heavy Industry", region="湖南") == sany
True
>>> kg.node(sany)["aliases"], kg.node(sany)["region"]
(['Sany Heavy Industry'], '湖南')
"""

from __future__ import annotations

import heapq
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

import pyarrow as pa

from chainkg.errors import SchemaError
from chainkg.graph.checks import RESERVED_EDGE, RESERVED_NODE, checked
from chainkg.graph.evidence import encode_evidence, union_evidence
from chainkg.graph.identity import node_id, normalise_name
from chainkg.graph.names import add_owner, clean_name, name_props, spelled
from chainkg.graph.schema import SCHEMA, Prop, Schema
from chainkg.graph.storage import bulk
from chainkg.graph.storage.coded import Cells
from chainkg.graph.storage.edges import DictEdges, EdgeItem, EdgeKey, EdgeStore, thawed
from chainkg.graph.storage.frozen import FrozenEdges, holds, joined
from chainkg.graph.storage.order import NodeOrder

if TYPE_CHECKING:  # networkx is imported where a copy is made: ~0.13 s off every start
    import networkx as nx

__all__ = ["Edge", "KnowledgeGraph"]


Edge = tuple[str, str, str, dict[str, Any]]


class KnowledgeGraph:
    """A validating, merging directed multigraph.

    Nodes are ``id -> attrs``; the edges of each type are an
    :class:`~chainkg.graph.storage.edges.EdgeStore`: plain dicts ``(source, target, key) -> attrs``,
    or a sorted Arrow table a bulk load made (read the same; a change turns it into dicts).
    (A networkx MultiDiGraph held every edge three times over and cost ~850 bytes an edge.)

    Reads: nodes by :meth:`node_items` (sorted) and :meth:`node`, :meth:`name_of`, :meth:`label_of`;
    edges by :meth:`edge_items` (sorted), a type's :meth:`pairs` with its :meth:`edge_values`
    and :meth:`edge_ranks` in one order, :meth:`edge_table` for writers.
    :meth:`to_networkx` gives a networkx copy for algorithms that want one."""

    def __init__(self, schema: Schema = SCHEMA) -> None:
        self.schema = schema
        self._nodes: dict[str, dict[str, Any]] = {}
        # node id -> the (type, (source, target, key)) of its edges: built by the first fold that
        # meets edges, then kept in step; dropped when a table of edges comes in (a bulk load)
        self._incident: dict[str, set[tuple[str, EdgeKey]]] | None = None
        self._edges: dict[str, EdgeStore] = {}  # type -> its edges
        # (label, normalised name or alias) -> the id of the one node it names, or a set of ids
        # when several (a set for every name cost 200 bytes a name)
        self._names: dict[tuple[str, str], str | set[str]] = {}
        self._labelled: dict[str, set[str]] = defaultdict(set)  # node ids per label, kept in step
        # sorted ids (all, and per label) and what comes of them: made when first asked for, dropped when nodes change
        self._order = NodeOrder(self._nodes, schema.label_names)
        self._node_allowed: dict[str, dict[str, Any]] = {}  # label -> its properties by name
        self._edge_allowed: dict[str, dict[str, Prop]] = {}  # type -> its properties by name
        self._endpoints: dict[str, set[tuple[str, str]]] = {}  # type -> label pairs checked allowed
        self.conflicts: list[str] = []
        self._folded: dict[str, str] = {}  # id of a folded node -> the node it was folded into

    # -- nodes ---------------------------------------------------------------

    def add_node(
        self,
        label: str,
        name: str,
        *,
        aliases: Iterable[str] = (),
        evidence: Iterable[Mapping[str, Any] | str] = (),
        by_alias: bool = True,
        **props: Any,
    ) -> str:
        """Add or merge a node; return its id.

        With ``by_alias=False`` a name that is only an alias of another node makes a node of its
        own, left for :meth:`finalise` to fold: what :func:`~chainkg.graph.facts.apply_facts` does,
        so that the result does not depend on the order of the facts.
        """
        self._thaw()
        name = clean_name(label, name)
        clean = self._check_node_props(label, props)
        alias_list = [clean_name(label, alias) for alias in [*aliases, *name_props(clean)] if str(alias).strip()]
        records = [encode_evidence(record) for record in evidence]
        target = self._merge_target(label, name) if by_alias else self._present(node_id(label, name))
        if target is None:
            target = node_id(label, name)
            self._nodes[target] = {"label": label, "name": name, "aliases": [], "evidence": []}
            self._labelled[label].add(target)
            self._order.clear()
            self._index(label, name, target)
        self._merge_into(target, [name, *alias_list], records, clean)
        return target

    def restore_node(
        self,
        nid: str,
        label: str,
        name: str,
        *,
        aliases: Iterable[str] = (),
        evidence: Iterable[Mapping[str, Any] | str] = (),
        **props: Any,
    ) -> None:
        """Insert a saved node exactly as stored, without merging by alias."""
        self._thaw()
        name = clean_name(label, name)
        clean = self._check_node_props(label, props)
        if node_id(label, name) != nid:
            raise SchemaError(f"node id {nid!r} does not match its label and name", fix="rebuild the graph")
        if nid in self._nodes:
            raise SchemaError(f"node id {nid!r} appears twice", fix="rebuild the graph")
        self._nodes[nid] = {"label": label, "name": name, "aliases": [], "evidence": []}
        self._labelled[label].add(nid)
        self._order.clear()
        self._index(label, name, nid)
        alias_list = [clean_name(label, alias) for alias in aliases]
        self._merge_into(nid, alias_list, [encode_evidence(record) for record in evidence], clean)

    def restore_nodes(self, label: str, ids: list[str], attrs: list[dict[str, Any]]) -> None:
        """Insert saved nodes of one label, unchecked (a graph's own saved tables): ``attrs[i]`` as
        :meth:`restore_node` leaves node ``ids[i]`` (label, name, aliases, evidence, then the
        properties it has, sorted). Their names are indexed by :meth:`restore_names`."""
        self._thaw()
        self._nodes.update(zip(ids, attrs))
        self._labelled[label].update(ids)
        self._order.clear()

    def restore_names(
        self, alone: Iterable[tuple[tuple[str, str], str]], shared: Iterable[tuple[tuple[str, str], str]]
    ) -> None:
        """Restore the name index (see :meth:`name_index`): ``(label, key) -> id`` of the names
        one node answers to, then ``((label, key), id)`` of each node a shared name names."""
        self._names.update(alone)
        for key, owner in shared:
            add_owner(self._names, key, owner)

    def add_node_columns(
        self,
        labels: Cells,
        names: Cells,
        aliases: list[tuple[str, ...]],
        props: Mapping[str, Cells],
        evidence: Cells,
        where: Callable[[int], str],
    ) -> None:
        """Add nodes given column by column, as :meth:`add_node` with ``by_alias=False`` would one
        by one (row ``i``: ``labels[i]``, ``names[i]``, ``aliases[i]``, ``props[name][i]`` with None
        or blank for none, one canonical evidence record ``evidence[i]``), without its per-call costs
        for a node that is new. An error is raised located at ``where(i)``."""
        bulk.add_node_columns(self, labels, names, aliases, props, evidence, where)

    def find(self, label: str, name: str) -> str | None:
        """The id of the node with this canonical name or unique alias, else None."""
        try:
            return self._merge_target(label, str(name))
        except SchemaError:
            return None

    def shared_names(self) -> Iterator[tuple[str, str, set[str]]]:
        """``(label, normalised name, node ids)`` of every name or alias that several nodes of a
        label answer to: where :meth:`find` gives the node so named, if any, else none (a few
        entries of the index it resolves by, in no order)."""
        for (label, key), owners in self._names.items():
            if type(owners) is set and len(owners) > 1:
                yield label, key, set(owners)

    def resolve(self, label: str, name: str) -> str:
        """Like :meth:`find`, but unknown or ambiguous names raise SchemaError."""
        self.schema.label(label)
        found = self._merge_target(label, str(name))
        if found is None:
            raise SchemaError(f"unknown {label} {name!r}", fix=f"add the {label} first or use its canonical name")
        return found

    def node(self, nid: str) -> dict[str, Any]:
        """A copy of a node's attributes (with its ``id``)."""
        if nid not in self._nodes:
            raise SchemaError(f"no node with id {nid!r}", fix="add the node before linking to it")
        return {"id": nid, **_copy_attrs(self._nodes[nid])}

    def name_of(self, nid: str) -> str:
        """The canonical name of node ``nid`` (no copy)."""
        name: str = self._nodes[nid]["name"]
        return name

    def name_index(self) -> Mapping[tuple[str, str], str | set[str]]:
        """``(label, normalised name or alias) -> `` the id of the one node it names, or the ids of
        several: the index :meth:`find` resolves by, read only (for writers)."""
        return MappingProxyType(self._names)

    # -- edge reads ------------------------------------------------------------

    def pairs(self, rel: str) -> list[tuple[str, str]]:
        """``(source, target)`` of every edge of one type, unsorted, in the order :meth:`edge_values`
        and :meth:`edge_ranks` share: for analytics. Costs O(edges of that type)."""
        return self._store(rel).pairs()

    def edge_values(self, rel: str, name: str, rows: list[int] | None = None) -> list[Any]:
        """The property ``name`` of every ``rel`` edge (None where it has none), in the order of
        :meth:`pairs`: a column, without an attribute mapping per edge. With ``rows`` (places in
        that order), of those edges only: the evidence of the few edges a view draws."""
        return self._store(rel).values(name, rows)

    def edge_ranks(self, rel: str) -> tuple[list[str], pa.Table]:
        """The sorted node ids, and every ``rel`` edge as a row (in the order of :meth:`pairs`):
        ``source_rank`` and ``target_rank`` (int32: the ends' places among those ids), then each
        property of the type but evidence (null where an edge has none). For analytics on
        arrays, without a string per edge (read only)."""
        props = [prop for prop in self.schema.edge_props(rel) if prop.name != "evidence"]
        return self._store(rel).ranked(props, lambda: (self._order.ids(), self._order.ranks()))

    def edge_table(self, rel: str, node_ids: pa.Array | None = None) -> pa.Table:
        """Every ``rel`` edge as a row, sorted by ``(source, target, key)``: ``source``, ``target``,
        ``key``, each property of the type in the schema's order (``evidence`` last), then
        ``source_rank`` and ``target_rank`` (places among ``node_ids``, the sorted node ids as an
        Arrow array), and perhaps the embedded engine's evidence parts. Read only: see
        :func:`~chainkg.graph.io.columns.edge_table`."""
        return self._store(rel).arrow(self.schema, self._order.array() if node_ids is None else node_ids)

    def edge_items(self, rel: str | None = None) -> Iterator[EdgeItem]:
        """``(source, target, key, attrs)`` sorted, optionally of one type: the graph's own
        attribute mappings, not copies, for writers that only read them (never change them)."""
        if rel is not None:
            return self._store(rel).items()
        runs = [store.items() for _, store in sorted(self._edges.items())]
        return runs[0] if len(runs) == 1 else heapq.merge(*runs, key=_ends_and_key)

    def edges(self, rel: str | None = None) -> Iterator[Edge]:
        """Edges as ``(source, target, key, attrs copy)``, sorted, optionally of one type
        (O(edges of that type))."""
        for source, target, key, attrs in self.edge_items(rel):
            yield source, target, key, _copy_attrs(attrs)

    def number_of_edges(self) -> int:
        return sum(len(store) for store in self._edges.values())

    def freeze_edges(self, tables: Mapping[str, pa.Table], node_ids: list[str]) -> None:
        """Let go of the per-edge dicts: from now on the edges are read from ``tables`` (every
        type's :meth:`edge_table`, made from this graph, with ``node_ids`` its sorted node ids).
        Reading answers as before; a change first brings the dicts back (:meth:`_thaw`). Half a
        kilobyte an edge saved while a build writes its outputs."""
        given = {rel: table for rel, table in tables.items() if table.num_rows}
        if (
            given
            and given.keys() == self._edges.keys()
            and all(holds(self._edges[rel], table) for rel, table in given.items())
        ):
            return  # frozen already, in these very tables
        ids = {nid: nid for nid in self._nodes}
        shared = [ids[nid] for nid in node_ids]  # the model's own id strings
        self._order.adopt(shared)
        self._edges = {rel: FrozenEdges(rel, table, shared) for rel, table in given.items()}
        self._incident = None

    def _store(self, rel: str) -> EdgeStore:
        """The edges of ``rel`` (an empty store when it has none)."""
        store = self._edges.get(rel)
        return DictEdges(rel) if store is None else store

    def _writable(self, rel: str) -> DictEdges:
        """The edges of ``rel`` as dicts, to change (a table turned into dicts first)."""
        store = self._edges.get(rel)
        if type(store) is not DictEdges:
            store = self._edges[rel] = thawed(store, rel)
        return store

    def _put_table(self, rel: str, new: FrozenEdges) -> bool:
        """Hold the new edges ``new`` of ``rel`` as a table, with its edges: False (nothing done)
        when they do not make one table (the type holds dicts, or one of the same edges)."""
        table = joined(self._edges.get(rel), new)
        if table is None:
            return False
        self._edges[rel] = table
        self._incident = None  # the index of incident edges covers dicts only
        return True

    def _thaw(self) -> None:
        """Every type's edges back to dicts (before the nodes change: a table's ranks index the ids)."""
        for rel, store in list(self._edges.items()):
            if type(store) is not DictEdges:
                self._edges[rel] = thawed(store, rel)

    def label_of(self, nid: str) -> str:
        """The label of node ``nid``."""
        label: str = self._nodes[nid]["label"]
        return label

    def nodes(self, label: str | None = None) -> Iterator[dict[str, Any]]:
        """Nodes (copies), sorted by id, optionally of one label (O(nodes of that label))."""
        for nid, attrs in self.node_items(label):
            yield {"id": nid, **_copy_attrs(attrs)}

    def node_items(self, label: str | None = None) -> Iterator[tuple[str, Mapping[str, Any]]]:
        """``(id, attrs)`` sorted by id, optionally of one label: the graph's own attribute
        dicts, not copies, for writers that only read them (never change them)."""
        nodes = self._nodes
        return ((nid, nodes[nid]) for nid in self._order.ids(label))

    def __contains__(self, nid: object) -> bool:
        return nid in self._nodes

    def __len__(self) -> int:
        return len(self._nodes)

    # -- edges ---------------------------------------------------------------

    def add_edge(
        self,
        rel: str,
        source: str,
        target: str,
        *,
        evidence: Iterable[Mapping[str, Any] | str] = (),
        **props: Any,
    ) -> str:
        """Add or merge an edge between two node ids; return its key."""
        try:
            self._check_labels(rel, source, target)
        except (KeyError, TypeError):
            for nid in (source, target):
                if nid not in self._nodes:
                    raise SchemaError(f"no node with id {nid!r}", fix="add the node before linking to it") from None
            raise
        clean = self._check_edge_props(rel, props) if props else {}
        key = self._edge_key(rel, clean)
        records = [encode_evidence(record) for record in evidence]
        edges = self._writable(rel)
        attrs = edges.get((source, target, key))
        if attrs is not None:
            self._fill(attrs, clean, f"{rel} {source} -> {target}")
            attrs["evidence"] = union_evidence(attrs["evidence"], records)
        else:
            edges.put((source, target, key), {"type": rel, "evidence": union_evidence(records), **clean})
            self._added(rel, [(source, target, key)])
        return key

    def _added(self, rel: str, new: Iterable[EdgeKey]) -> None:
        """Keep the index of incident edges (if built) in step with new edges of ``rel``."""
        incident = self._incident
        if incident is not None:
            for edge in new:
                incident[edge[0]].add((rel, edge))
                incident[edge[1]].add((rel, edge))

    def add_edge_columns(
        self,
        rel: str,
        sources: Cells,
        targets: Cells,
        props: Mapping[str, Cells],
        evidence: Cells,
        where: Callable[[int], str],
    ) -> None:
        """Add edges of one type given column by column: ``sources[i] -> targets[i]`` (node ids),
        properties ``props[name][i]`` (None or blank: none) and one canonical evidence record
        ``evidence[i]`` each. What :meth:`add_edge` does edge by edge, without its per-call costs;
        an error is raised located at ``where(i)`` of the row that broke the schema."""
        bulk.add_edge_columns(self, rel, sources, targets, props, evidence, where)

    def _check_labels(self, rel: str, source: str, target: str) -> None:
        """Raise SchemaError unless ``rel`` may join these nodes' labels (each pair checked once)."""
        labels = (self._nodes[source]["label"], self._nodes[target]["label"])
        if labels not in self._endpoints.setdefault(rel, set()):
            self.schema.check_endpoints(rel, *labels)  # raises unless allowed
            self._endpoints[rel].add(labels)

    def link(
        self,
        rel: str,
        source: tuple[str, str],
        target: tuple[str, str],
        *,
        evidence: Iterable[Mapping[str, Any] | str] = (),
        **props: Any,
    ) -> str:
        """Add an edge between nodes given as ``(label, name)``; names may be aliases."""
        return self.add_edge(rel, self.resolve(*source), self.resolve(*target), evidence=evidence, **props)

    # -- whole graph ---------------------------------------------------------

    def counts(self) -> dict[str, dict[str, int]]:
        """Number of nodes per label and edges per type, each sorted by name."""
        labels = {label: len(ids) for label, ids in self._labelled.items() if ids}
        types = {rel: len(edges) for rel, edges in self._edges.items() if len(edges)}
        return {"labels": dict(sorted(labels.items())), "types": dict(sorted(types.items()))}

    def to_networkx(self) -> nx.MultiDiGraph[str]:
        """A copy of the graph as a networkx MultiDiGraph (nodes and edges sorted), safe to hand
        to other libraries."""
        import networkx as nx

        graph: nx.MultiDiGraph[str] = nx.MultiDiGraph()
        graph.add_nodes_from((nid, _copy_attrs(attrs)) for nid, attrs in self.node_items())
        for source, target, key, attrs in self.edge_items():
            graph.add_edge(source, target, key, **_copy_attrs(attrs))
        return graph

    def finalise(self) -> int:
        """Fold short-name nodes into the one node that lists that name as an alias.

        A node created from a short name (``中联``) before the full record
        (``中联重科`` with alias ``中联``) is merged into it, whatever the load
        order. Names that are aliases of several nodes stay apart. Returns the
        number of nodes folded.
        """
        folded, before = 0, -1
        while folded != before:  # a fold can leave a name with one owner fewer: again until none folds
            before = folded
            # Only a node whose name has other owners too can fold, and a fold gives no name
            # that had one owner a second: the others are not looked at.
            shared = {nid for owners in self._names.values() if type(owners) is set for nid in owners}
            for nid in sorted(shared):
                if nid not in self._nodes:
                    continue
                attrs = self._nodes[nid]
                key = (attrs["label"], normalise_name(attrs["name"]))
                if self._names.get(key) == nid:  # its name is its own alone: the usual case, no sets made
                    continue
                owners = self._owners(*key) - {nid}
                if len(owners) == 1:
                    self._fold(nid, owners.pop())
                    folded += 1
        return folded

    # -- internals -----------------------------------------------------------

    def _present(self, nid: str) -> str | None:
        """``nid`` if it is a node, the node it was folded into, or None."""
        while nid in self._folded:
            nid = self._folded[nid]
        return nid if nid in self._nodes else None

    def _merge_target(self, label: str, name: str) -> str | None:
        nid = node_id(label, name)
        if nid in self._nodes:
            return nid
        owners = self._owners(label, normalise_name(name))
        if len(owners) > 1:
            names = ", ".join(sorted(self._nodes[o]["name"] for o in owners))
            raise SchemaError(
                f"{label} name {name!r} is an alias of several nodes ({names})",
                fix="use the canonical name of the one you mean",
            )
        return next(iter(owners), None)

    def _merge_into(self, nid: str, names: list[str], records: list[str], props: dict[str, Any]) -> None:
        attrs = self._nodes[nid]
        known = {normalise_name(a): a for a in attrs["aliases"]}
        for key in spelled(attrs, known, names):
            add_owner(self._names, (attrs["label"], key), nid)
        attrs["aliases"] = sorted(known.values())
        attrs["evidence"] = union_evidence(attrs["evidence"], records)
        self._fill(attrs, props, nid)

    def _fold(self, source: str, into: str) -> None:
        """Merge node ``source`` into node ``into`` and remove ``source``."""
        self._thaw()
        self._folded[source] = into
        attrs = self._nodes.pop(source)
        moved = []
        incident = self._incidence() if self.number_of_edges() else {}
        for rel, edge in sorted(incident.pop(source, ())):
            data = self._writable(rel).pop(edge)
            moved.append((edge, data))
            other = edge[1] if edge[0] == source else edge[0]
            if other != source:
                incident[other].discard((rel, edge))
        self._order.clear()
        props = {k: v for k, v in attrs.items() if k not in RESERVED_NODE}
        self._labelled[attrs["label"]].discard(source)
        for name in [attrs["name"], *attrs["aliases"]]:  # every name it was indexed under
            self._unindex(attrs["label"], normalise_name(name), source)
        self._merge_into(into, [attrs["name"], *attrs["aliases"]], attrs["evidence"], props)
        for (u, v, _), data in moved:
            extra = {k: v2 for k, v2 in data.items() if k not in RESERVED_EDGE}
            u, v = (into if u == source else u), (into if v == source else v)
            self.add_edge(data["type"], u, v, evidence=data["evidence"], **extra)

    def _incidence(self) -> dict[str, set[tuple[str, EdgeKey]]]:
        """Node id -> its edges, built on first need (the edges in dicts) and kept in step from then on."""
        if self._incident is None:
            self._thaw()
            self._incident = defaultdict(set)
            for rel in list(self._edges):
                for edge in self._writable(rel).by_key:
                    self._incident[edge[0]].add((rel, edge))
                    self._incident[edge[1]].add((rel, edge))
        return self._incident

    def _index(self, label: str, name: str, nid: str) -> None:
        add_owner(self._names, (label, normalise_name(name)), nid)

    def _owners(self, label: str, key: str) -> set[str]:
        """Ids of the nodes of ``label`` that ``key`` (a normalised name) names."""
        owners = self._names.get((label, key))
        return set() if owners is None else {owners} if type(owners) is str else set(owners)

    def _unindex(self, label: str, key: str, nid: str) -> None:
        owners = self._names.get((label, key))
        if owners == nid:
            del self._names[(label, key)]
        elif type(owners) is set:
            owners.discard(nid)

    def _fill(self, attrs: dict[str, Any], props: dict[str, Any], where: str) -> None:
        for key, value in props.items():
            old = attrs.get(key)
            if old is None:
                attrs[key] = value
            elif old != value:
                self.conflicts.append(f"{where}: {key} is {old!r}, ignored {value!r}")

    def _check_node_props(self, label: str, props: Mapping[str, Any]) -> dict[str, Any]:
        allowed = self._node_allowed.get(label)
        if allowed is None:
            allowed = self._node_allowed[label] = {p.name: p for p in self.schema.node_props(label)}
        return checked(props, allowed, RESERVED_NODE, label)

    def _check_edge_props(self, rel: str, props: Mapping[str, Any]) -> dict[str, Any]:
        return checked(props, self._edge_props(rel), RESERVED_EDGE, rel)

    def _edge_props(self, rel: str) -> dict[str, Prop]:
        """The properties ``rel`` may have, by name."""
        allowed = self._edge_allowed.get(rel)
        if allowed is None:
            allowed = self._edge_allowed[rel] = {p.name: p for p in self.schema.edge_props(rel)}
        return allowed

    def _edge_key(self, rel: str, props: Mapping[str, Any]) -> str:
        names = self.schema.rel(rel).key
        if not names:
            return rel
        return "|".join([rel, *(str(props.get(name, "")) for name in names)])


def _ends_and_key(item: EdgeItem) -> tuple[str, str, str]:
    return item[0], item[1], item[2]


def _copy_attrs(attrs: Mapping[str, Any]) -> dict[str, Any]:
    return {k: (list(v) if isinstance(v, list) else v) for k, v in attrs.items()}

"""The lookups of an ego view, read from a built folder's database instead of the whole graph.

An ego view draws a few nodes; reading all of graph.json to find them cost 25 s at the reference
size, where the database answers a node's neighbours by its indexed id in about a millisecond.
:class:`StoredIndex` offers what :func:`~chainkg.graph.views.scenes.ego_scene` and
:class:`~chainkg.graph.views.scene.Scene` ask of a :class:`~chainkg.graph.views.index.GraphIndex`
(names, labels, neighbours, properties, tooltips, the edges between drawn nodes), with the same
answers: an ego page from the database is the page from the graph (tests compare them).

``store`` is anything with ``query(cypher, params) -> (columns, rows)`` over the embedded
engine's tables (:class:`~chainkg.graph.engines.embedded.EmbeddedStore`): nodes by label with an
indexed ``id``, each node and edge with its properties as graph.json holds them.
"""

from __future__ import annotations

import json
import operator
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from itertools import repeat
from typing import Any

from chainkg.errors import QueryError, SchemaError
from chainkg.graph.engines.store import Queryable
from chainkg.graph.evidence import decode_evidence
from chainkg.graph.identity import node_id, normalise_name
from chainkg.graph.lookup import the_one
from chainkg.graph.schema import SCHEMA, Schema
from chainkg.graph.views.edges import Row
from chainkg.graph.views.text import edge_text, node_text, sentence_index

__all__ = ["StoredIndex"]


class StoredIndex:
    """What an ego view reads, from a database; the database is only read."""

    def __init__(self, store: Queryable, schema: Schema = SCHEMA) -> None:
        self.store = store
        self.schema = schema
        self._labels = set(schema.label_names)
        self._attrs: dict[str, dict[str, Any]] = {}
        self._node_texts: dict[str, str] = {}
        self._sentences: dict[tuple[str, int], str] = {}
        self._docs: set[str] = set()

    # -- nodes ---------------------------------------------------------------

    def label(self, nid: str) -> str:
        return nid.split(":", 1)[0]  # an id is Label:name (identity.node_id)

    def name(self, nid: str) -> str:
        return str(self.attrs(nid)["name"])

    def attrs(self, nid: str) -> Mapping[str, Any]:
        """A node's properties as the model gives them (``label`` added, no None)."""
        if nid not in self._attrs:
            self.read_nodes([nid])
        return self._attrs[nid]

    def read_nodes(self, nids: Iterable[str]) -> None:
        """Read the properties of ``nids`` not read yet: one query per label (the ids joined to the
        label's index: 2 ms for 300 nodes)."""
        for label, group in self._by_label(n for n in nids if n not in self._attrs):
            props = [p.name for p in self.schema.node_props(label)]
            columns = ", ".join(f"n.{p}" for p in props)
            cypher = f"UNWIND $ids AS i MATCH (n:{label} {{id: i}}) RETURN {columns}"
            for values in self.store.query(cypher, {"ids": group})[1]:
                attrs = {"label": label, **{p: v for p, v in zip(props, values) if v is not None}}
                attrs.setdefault("aliases", [])
                self._attrs[attrs["id"]] = attrs

    def __contains__(self, nid: object) -> bool:
        if not isinstance(nid, str) or self.label(nid) not in self._labels:
            return False
        if nid not in self._attrs:
            self.read_nodes([nid])
        return nid in self._attrs

    def lookup(self, name: str) -> str:
        """The id of the one node called ``name`` (an id, a canonical name or an alias, any label),
        as :meth:`GraphIndex.lookup <chainkg.graph.views.index.GraphIndex.lookup>` finds it."""
        if name in self:
            return name
        key = normalise_name(name)
        found: set[str] = set()
        for label in self.schema.label_names:
            try:
                nid = node_id(label, name)
            except SchemaError:
                break  # an empty name names nothing
            if nid in self:
                found.add(nid)
                continue
            owners = self._alias_owners(label, key)
            if len(owners) > 1:
                names = ", ".join(sorted(self.name(o) for o in owners))
                raise QueryError(
                    f"{label} name {name!r} is an alias of several nodes ({names})",
                    fix="give the canonical name or the id (Label:name)",
                )
            found |= owners
        return the_one(name, found)

    def _alias_owners(self, label: str, key: str) -> set[str]:
        """The nodes of ``label`` with an alias whose normal form is ``key`` (matched without case
        in the database, then checked here)."""
        cypher = f"WITH $key AS key MATCH (n:{label}) WHERE any(a IN n.aliases WHERE toLower(a) = key) RETURN n.id, n.aliases"
        rows = self.store.query(cypher, {"key": key})[1]
        return {nid for nid, aliases in rows if any(normalise_name(a) == key for a in aliases or ())}

    # -- who points where ------------------------------------------------------

    def neighbours(self, nid: str) -> list[str]:
        """Every node linked to ``nid`` by any edge, either direction (sorted, unique)."""
        return self.neighbours_of([nid])[nid]

    def neighbours_of(self, nids: list[str]) -> dict[str, list[str]]:
        """:meth:`neighbours` of each of ``nids``, read together."""
        found: dict[str, set[str]] = {nid: set() for nid in nids}
        for _, rows in self._per_label(nids, "MATCH (n)-[]-(m) RETURN n.id, m.id"):
            for nid, other in rows:
                found[nid].add(other)
        return {nid: sorted(others) for nid, others in found.items()}

    def edges_among(self, keep: Iterable[str]) -> list[Row]:
        """Edges whose both ends are in ``keep``, sorted by (source, target, key), parallel edges included."""
        keep = set(keep)
        rows = []
        for _, found in self._per_label(sorted(keep), "MATCH (n)-[r]->(m) RETURN n.id, m.id, label(r), r"):
            rows += [(s, t, rel, r) for s, t, rel, r in found if t in keep]
        edges = [(s, t, self._edge_attrs(rel, r)) for s, t, rel, r in rows]
        keyed = [(s, t, self._key(a), i) for i, (s, t, a) in enumerate(edges)]
        return [edges[i] for *_, i in sorted(keyed)]

    def edges_among_then(self, keep: Iterable[str], then: Callable[[list[Row]], None]) -> None:
        then(self.edges_among(keep))

    def _edge_attrs(self, rel: str, stored: Mapping[str, Any]) -> dict[str, Any]:
        """An edge's attributes as the model gives them: its type, evidence, the properties it has."""
        attrs: dict[str, Any] = {"type": rel}
        for prop in self.schema.edge_props(rel):
            value = stored.get(prop.name)
            if value is not None:
                attrs[prop.name] = value
        return attrs

    def _key(self, attrs: Mapping[str, Any]) -> str:
        """The edge's key as the model makes it (see EdgeReader._keys)."""
        names = self.schema.rel(attrs["type"]).key
        return "|".join([attrs["type"], *(str(attrs.get(name, "")) for name in names)])

    def _per_label(self, nids: list[str], pattern: str) -> Iterable[tuple[str, list[list[Any]]]]:
        """``pattern`` (a ``MATCH (n)...`` about node ``n``) for each of ``nids``, label by label:
        (label, rows). One lookup by the indexed id per node: for a walk from a node, a millisecond
        each where one query over many ids scanned the label (0.9 s for 300 enterprises)."""
        for label, group in self._by_label(nids):
            cypher = pattern.replace("(n)", f"(n:{label} {{id: $id}})", 1)
            yield label, [row for nid in group for row in self.store.query(cypher, {"id": nid})[1]]

    def _by_label(self, nids: Iterable[str]) -> list[tuple[str, list[str]]]:
        by_label: dict[str, list[str]] = defaultdict(list)
        for nid in nids:
            if self.label(nid) in self._labels:
                by_label[self.label(nid)].append(nid)
        return sorted(by_label.items())

    # -- text ----------------------------------------------------------------

    def node_text(self, nid: str) -> str:
        text = self._node_texts.get(nid)
        if text is None:
            attrs = self.attrs(nid)
            text = self._node_texts[nid] = node_text(attrs, self._cited(attrs.get("evidence")))
        return text

    def edge_text(self, source: str, target: str, attrs: Mapping[str, Any]) -> str:
        return edge_text(attrs["type"], self.name(source), self.name(target), attrs, self._cited(attrs.get("evidence")))

    def _cited(self, records: list[str] | None) -> Mapping[tuple[str, int], str]:
        """The source sentences when one of ``records`` cites a sentence without its text: read
        from the evidence of the edges of that document (once per document)."""
        if not records or not any(map(operator.contains, records, repeat('"sentence":'))):
            return {}
        docs = set()
        for raw in records:
            if '"sentence":' in raw and '"text":' not in raw:
                doc = decode_evidence(raw).get("doc")
                if isinstance(doc, str) and doc not in self._docs:
                    docs.add(doc)
        for doc in sorted(docs):
            self._docs.add(doc)
            needle = '"doc":' + json.dumps(doc, ensure_ascii=False)
            cypher = (
                "WITH $needle AS needle MATCH ()-[r]->() WHERE r.evidence IS NOT NULL "
                "AND any(x IN r.evidence WHERE x CONTAINS needle) RETURN label(r), r.evidence"
            )
            rows = sorted(
                self.store.query(cypher, {"needle": needle})[1], key=operator.itemgetter(0)
            )  # types in order, as GraphIndex reads them
            found = sentence_index(
                raw for _, evidence in rows for raw in evidence if '"text":' in raw and '"sentence":' in raw
            )
            for at, text in found.items():
                self._sentences.setdefault(at, text)
        return self._sentences

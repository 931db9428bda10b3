"""What the explorer reads from a store: a node, its neighbours by type and direction with the
evidence of every edge, names for search, and supply paths.

Labels and relationship types come from the schema only (checked before they reach Cypher);
every value reaches the engine as a parameter. Where the two engines' dialects differ, the
text is kept per engine side by side.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from chainkg.errors import QueryError
from chainkg.graph.engines.store import Store
from chainkg.graph.evidence import decode_evidence
from chainkg.graph.identity import node_id
from chainkg.graph.schema import SCHEMA
from chainkg.queries.runner import run_named

__all__ = ["DIRECTIONS", "EXPAND_LIMIT", "Reads"]

DIRECTIONS = ("out", "in")
EXPAND_LIMIT = 200

_TEXT = {
    "embedded": {
        "names": "MATCH (n) RETURN label(n), n.id, n.name, n.aliases",
        "scan": (
            "WITH toLower($text) AS needle MATCH (n) WHERE toLower(n.name) CONTAINS needle "
            "OR any(a IN n.aliases WHERE toLower(a) CONTAINS needle) RETURN label(n), n.id, n.name LIMIT $limit"
        ),
        "out": "MATCH (n:{label} {{id: $id}})-[r]->(m) RETURN label(r), label(m), count(*)",
        "in": "MATCH (n:{label} {{id: $id}})<-[r]-(m) RETURN label(r), label(m), count(*)",
        "expand_out": "MATCH (n:{label} {{id: $id}})-[r:{rel}]->(m) RETURN m.id, m.name, label(m), r ORDER BY m.id{order} LIMIT $limit",
        "expand_in": "MATCH (n:{label} {{id: $id}})<-[r:{rel}]-(m) RETURN m.id, m.name, label(m), r ORDER BY m.id{order} LIMIT $limit",
        "between": "MATCH (a:Enterprise {id: $a})-[r:SUPPLIES]->(b:Enterprise {id: $b}) RETURN r",
    },
    "neo4j": {
        "names": "MATCH (n:ChainKG) RETURN [l IN labels(n) WHERE l <> 'ChainKG'][0], n.id, n.name, n.aliases",
        "scan": (
            "WITH toLower($text) AS needle MATCH (n:ChainKG) WHERE toLower(n.name) CONTAINS needle "
            "OR any(a IN n.aliases WHERE toLower(a) CONTAINS needle) "
            "RETURN [l IN labels(n) WHERE l <> 'ChainKG'][0], n.id, n.name LIMIT $limit"
        ),
        "out": (
            "MATCH (n:{label} {{id: $id}})-[r]->(m) RETURN type(r), [l IN labels(m) WHERE l <> 'ChainKG'][0], count(*)"
        ),
        "in": (
            "MATCH (n:{label} {{id: $id}})<-[r]-(m) RETURN type(r), [l IN labels(m) WHERE l <> 'ChainKG'][0], count(*)"
        ),
        "expand_out": (
            "MATCH (n:{label} {{id: $id}})-[r:{rel}]->(m) "
            "RETURN m.id, m.name, [l IN labels(m) WHERE l <> 'ChainKG'][0], properties(r) ORDER BY m.id{order} LIMIT $limit"
        ),
        "expand_in": (
            "MATCH (n:{label} {{id: $id}})<-[r:{rel}]-(m) "
            "RETURN m.id, m.name, [l IN labels(m) WHERE l <> 'ChainKG'][0], properties(r) ORDER BY m.id{order} LIMIT $limit"
        ),
        "between": "MATCH (a:Enterprise {id: $a})-[r:SUPPLIES]->(b:Enterprise {id: $b}) RETURN properties(r)",
    },
}


class Reads:
    """Read-only lookups over ``store`` (anything with ``query(cypher, params)``) on ``engine``."""

    def __init__(self, store: Store, engine: str) -> None:
        self.store, self.engine = store, engine
        self._text = _TEXT[engine]

    def query(self, cypher: str, params: Mapping[str, Any] | None = None) -> list[list[Any]]:
        return self.store.query(cypher, dict(params or {}))[1]

    # -- names -----------------------------------------------------------------

    def all_names(self) -> list[list[Any]]:
        """(label, id, name, aliases) of every node."""
        return self.query(self._text["names"])

    def scan_names(self, needle: str, limit: int) -> list[dict[str, str]]:
        """Search by scanning the database (before the in-memory index is ready)."""
        if not needle.strip():
            return []
        rows = self.query(self._text["scan"], {"text": needle.strip(), "limit": limit})
        return [{"label": label, "id": nid, "name": name, "matched": name} for label, nid, name in rows]

    # -- one node --------------------------------------------------------------

    def node(self, nid: str) -> dict[str, Any]:
        """A node's properties, evidence and the relation menu: edges per (type, direction, other label)."""
        label = _label_of(nid)
        props = [p.name for p in SCHEMA.node_props(label)]
        cypher = f"MATCH (n:{label} {{id: $id}}) RETURN " + ", ".join(f"n.{p}" for p in props)
        rows = self.query(cypher, {"id": nid})
        if not rows:
            raise QueryError(f"no node {nid!r}", fix="search for it on the home page")
        values = dict(zip(props, rows[0]))
        menu = []
        for direction in DIRECTIONS:
            for rel, other, count in self.query(self._text[direction].format(label=label), {"id": nid}):
                menu.append({"type": rel, "direction": direction, "label": other, "count": count})
        menu.sort(key=lambda m: (m["type"], m["direction"], m["label"] or ""))
        return {
            "id": nid,
            "label": label,
            "name": values.get("name"),
            "aliases": values.get("aliases") or [],
            "properties": {
                k: v for k, v in values.items() if k not in {"id", "name", "aliases", "evidence"} and v is not None
            },
            "evidence": self.records(values.get("evidence") or []),
            "relations": menu,
        }

    def expand(self, nid: str, rel: str, direction: str, limit: int = EXPAND_LIMIT) -> dict[str, Any]:
        """The neighbours of ``nid`` over ``rel`` edges in ``direction``, each edge with its evidence."""
        label = _label_of(nid)
        SCHEMA.rel(rel)
        if direction not in DIRECTIONS:
            raise QueryError(f"direction must be one of {', '.join(DIRECTIONS)}", fix="use out or in")
        # parallel edges (a document mentioning a node in several sentences) in one order on both engines
        order = "".join(f", r.{p.name}" for p in SCHEMA.edge_props(rel) if not p.type.endswith("[]"))
        cypher = self._text[f"expand_{direction}"].format(label=label, rel=rel, order=order)
        rows = self.query(cypher, {"id": nid, "limit": int(limit) + 1})
        edges = [
            {
                "id": other,
                "name": name,
                "label": other_label,
                "type": rel,
                "direction": direction,
                **self._edge(rel, stored),
            }
            for other, name, other_label, stored in rows[:limit]
        ]
        return {"id": nid, "type": rel, "direction": direction, "edges": edges, "more": len(rows) > limit}

    # -- paths -----------------------------------------------------------------

    def path(self, source: str, target: str) -> dict[str, Any]:
        """The shortest supply path between two enterprises (names or aliases), each hop with its edges' evidence."""
        _, rows = run_named(self.store, self.engine, "supply_path", {"source": source, "target": target})
        if not rows:
            return {"hops": None, "nodes": [], "edges": []}
        hops, names = rows[0]
        ids = [node_id("Enterprise", name) for name in names]
        edges = []
        for a, b in zip(ids, ids[1:]):
            for (stored,) in self.query(self._text["between"], {"a": a, "b": b}):
                edges.append({"source": a, "target": b, "type": "SUPPLIES", **self._edge("SUPPLIES", stored)})
        return {
            "hops": hops,
            "nodes": [{"id": i, "name": n, "label": "Enterprise"} for i, n in zip(ids, names)],
            "edges": edges,
        }

    # -- evidence --------------------------------------------------------------

    def _edge(self, rel: str, stored: Mapping[str, Any]) -> dict[str, Any]:
        """An ``rel`` edge's properties (the schema's, in its order: not how an engine stores them,
        such as Neo4j's merge ``key``) and its evidence records."""
        records = stored.get("evidence") or []
        props = {
            p.name: stored[p.name]
            for p in SCHEMA.edge_props(rel)
            if p.name != "evidence" and stored.get(p.name) is not None
        }
        return {"properties": props, "evidence": self.records(records)}

    @staticmethod
    def records(raw: list[str]) -> list[dict[str, Any]]:
        """Evidence records as plain fields: where (file:line, or document and sentence), note, sentence text."""
        found = []
        for text in raw:
            try:
                record = decode_evidence(text)
            except (ValueError, json.JSONDecodeError):
                record = {"note": text}
            where = str(record.get("path") or record.get("doc") or "")
            if record.get("line") is not None:
                where += f":{record['line']}"
            found.append(
                {
                    "where": where,
                    "document": record.get("doc"),
                    "sentence": record.get("sentence"),
                    "text": record.get("text"),
                    "note": record.get("note"),
                    "rule": record.get("rule"),
                }
            )
        return found


def _label_of(nid: str) -> str:
    """The label of a node id (``Label:name``), checked against the schema."""
    label = nid.split(":", 1)[0] if ":" in nid else ""
    if label not in SCHEMA.label_names:
        raise QueryError(f"not a node id: {nid[:80]!r}", fix="node ids look like Label:name (search for the node)")
    return label

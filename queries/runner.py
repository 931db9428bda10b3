"""Opening a query engine by name: the embedded database of a built folder, or Neo4j."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from chainkg.errors import QueryError
from chainkg.graph.engines.embedded import EmbeddedStore
from chainkg.graph.engines.store import Answer, Queryable, Store
from chainkg.graph.folder import DB_FOLDER
from chainkg.graph.identity import node_id
from chainkg.graph.lookup import unknown_name
from chainkg.graph.schema import SCHEMA
from chainkg.queries.library import get_query
from chainkg.queries.readonly import check_read_only

__all__ = ["ANY_LABEL", "open_store", "resolve_id", "resolve_name", "run_named", "run_read_only"]

ANY_LABEL = "name"  # `// params: node: name`: a name or alias of any label becomes the canonical name


def open_store(engine: str, folder: Path, neo4j: Mapping[str, Any] | None = None) -> Store:
    """A read-only store: ``embedded`` reads ``folder/db``, ``neo4j`` connects with ``neo4j`` options."""
    if engine == "embedded":
        return EmbeddedStore(Path(folder) / DB_FOLDER)
    from chainkg.graph.engines.neo4j import Neo4jSettings, Neo4jStore

    return Neo4jStore(Neo4jSettings.resolve(**dict(neo4j or {})))


def run_named(
    store: Queryable, engine: str, name: str, params: Mapping[str, str], *, every_row: bool = False
) -> Answer:
    """Run library query ``name`` with string parameters typed by its header (names resolved to ids).
    A query whose header names an ``unscoped`` summary answers with that summary when no optional
    parameter narrows it, unless ``every_row``."""
    query = get_query(name)
    if query.unscoped and not every_row and not any(params.get(p.name, "") for p in query.params if p.optional):
        query = get_query(query.unscoped)
        params = {}
    bound = query.bind(params)
    for param, label in query.resolve.items():
        if bound[param] == "":  # an optional name left out stays '' (no filter)
            continue
        if label == ANY_LABEL:
            bound[param] = resolve_name(store, str(bound[param]))
        else:
            bound[param] = resolve_id(store, label, str(bound[param]))
    return store.query(query.text(engine), bound)


def resolve_id(store: Queryable, label: str, name: str) -> str:
    """The id of the ``label`` node called ``name`` or having it as an alias: by the indexed id
    first, then through the aliases; unknown and ambiguous names raise QueryError."""
    SCHEMA.label(label)  # labels only ever come from the schema
    key = node_id(label, name)
    if store.query(f"MATCH (n:{label} {{id: $key}}) RETURN n.id", {"key": key})[1]:
        return key
    _, rows = store.query(
        f"WITH toLower($name) AS wanted MATCH (n:{label}) WHERE any(a IN n.aliases WHERE toLower(a) = wanted) RETURN n.id ORDER BY n.id",
        {"name": name},
    )
    if len(rows) == 1:
        return str(rows[0][0])
    if not rows:
        raise unknown_name(label, name, _names(store, label))
    raise QueryError(
        f"{name!r} is an alias of several nodes ({', '.join(r[0] for r in rows)})", fix="use the canonical name"
    )


def resolve_name(store: Queryable, name: str) -> str:
    """The canonical name of the nodes (of any label) called ``name`` or having it as an alias:
    by the indexed ids first; an alias is looked up only when no id matches. Unknown names stay
    as given (the query then finds nothing); an alias of nodes with different names is an error."""
    for label in SCHEMA.label_names:
        rows = store.query(f"MATCH (n:{label} {{id: $key}}) RETURN n.name", {"key": node_id(label, name)})[1]
        if rows:
            return str(rows[0][0])
    names: set[str] = set()
    for label in SCHEMA.label_names:
        if any(p.name == "aliases" for p in SCHEMA.node_props(label)):
            query = f"WITH toLower($name) AS wanted MATCH (n:{label}) WHERE any(a IN n.aliases WHERE toLower(a) = wanted) RETURN n.name"
            names.update(row[0] for row in store.query(query, {"name": name})[1])
    if len(names) > 1:
        raise QueryError(
            f"{name!r} is an alias of several nodes ({', '.join(sorted(names))})", fix="use the canonical name"
        )
    if not names:
        raise unknown_name(
            "node", name, [n for label in SCHEMA.label_names if label != "Document" for n in _names(store, label)]
        )
    return names.pop()


def _names(store: Queryable, label: str) -> list[tuple[str, str]]:
    """Every (name or alias, canonical name) of the ``label`` nodes (read only when a name was not found)."""
    aliases = any(p.name == "aliases" for p in SCHEMA.node_props(label))
    found = store.query(f"MATCH (n:{label}) RETURN n.name{', n.aliases' if aliases else ''}")[1]
    return [(text, row[0]) for row in found for text in [row[0], *((row[1] or []) if aliases else [])] if text]


def run_read_only(store: Queryable, cypher: str, params: Mapping[str, Any] | None = None) -> Answer:
    """Run ad-hoc Cypher, refusing anything that writes before it reaches the engine."""
    check_read_only(cypher)
    return store.query(cypher, dict(params or {}))

"""The Neo4j engine: a graph on a Neo4j server, through the official driver.

Everything engine-specific is derived from the schema: a uniqueness
constraint on ``id`` and an index on ``name`` per label, and one
``UNWIND $rows ... MERGE`` statement per label and per
``(source label, TYPE, target label)`` pattern. Values only ever travel as
``$parameters``; labels and types come from the schema alone.

What chainkg writes is marked: every node it pushes also carries the label
``ChainKG`` (:data:`MARKER`). ``replace`` deletes only nodes with that label
(and so their relationships); other data on the server is left alone. A
relationship type with key properties (``SUPPLIES`` by ``product``) also
stores the edge's model key in the property ``key``, the same string as
``graph.json``'s edge ``key``, so that re-pushing merges instead of adding.

Writes run as managed write transactions, one per batch; re-pushing a graph
changes nothing, and a push interrupted half way completes on a re-run
without duplicates. Reads run in read transactions.
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit, urlunsplit

import neo4j
from neo4j.exceptions import AuthError, DriverError, Neo4jError, ServiceUnavailable

from chainkg.errors import EngineError, SchemaError
from chainkg.graph.model import KnowledgeGraph
from chainkg.graph.schema import SCHEMA, Schema

if TYPE_CHECKING:  # the loader brings in Arrow and numpy: imported when a push runs
    from chainkg.graph.engines.neo4j_load import LoadTables

__all__ = [
    "DEFAULT_BATCH_SIZE",
    "DEFAULT_WORKERS",
    "MARKER",
    "Neo4jSettings",
    "Neo4jStore",
    "edge_merge_statement",
    "edge_rows",
    "neo4j_schema_statements",
    "node_merge_statement",
    "node_rows",
]

MARKER = "ChainKG"
DEFAULT_BATCH_SIZE = 5000
DEFAULT_WORKERS = 2
_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_EDGE_KEY_PROP = "key"

# The driver logs each retry as a warning; without a handler Python would print them to stderr,
# and the library never prints. Applications that configure logging still receive them.
logging.getLogger("neo4j").addHandler(logging.NullHandler())


@dataclass(frozen=True)
class Neo4jSettings:
    """Where and how to connect; unset fields fall back to the NEO4J_* variables."""

    uri: str
    user: str = "neo4j"
    password: str = field(default="", repr=False)
    database: str | None = None

    @classmethod
    def resolve(
        cls, uri: str | None = None, user: str | None = None, password: str | None = None, database: str | None = None
    ) -> Neo4jSettings:
        """Settings from arguments, else NEO4J_URI/NEO4J_USERNAME/NEO4J_PASSWORD/NEO4J_DATABASE."""
        uri = uri or os.environ.get("NEO4J_URI")
        if not uri:
            raise EngineError("no Neo4j URI given", None, "pass --uri bolt://host:7687 or set NEO4J_URI")
        return cls(
            uri,
            user or os.environ.get("NEO4J_USERNAME", "neo4j"),
            password if password is not None else os.environ.get("NEO4J_PASSWORD", ""),
            database or os.environ.get("NEO4J_DATABASE") or None,
        )

    def __repr__(self) -> str:
        return f"Neo4jSettings(uri={self.where!r}, user={self.user!r}, database={self.database!r})"

    @property
    def where(self) -> str:
        """The URI as safe to print: any user:password@ part removed."""
        parts = urlsplit(self.uri)
        host = parts.netloc.rsplit("@", 1)[-1]
        return urlunsplit((parts.scheme, host, parts.path, "", ""))


def _name(name: str) -> str:
    """A label or type name, checked before it is written into Cypher."""
    if not _NAME.match(name):
        raise SchemaError(f"{name!r} cannot be a Neo4j label or type", fix="use letters, digits and _ in the schema")
    return name


def neo4j_schema_statements(schema: Schema = SCHEMA) -> list[str]:
    """Constraints and indexes for the whole schema (idempotent: IF NOT EXISTS).

    The name index is a TEXT index: a range index refuses values over 8,167 bytes, and a name may
    be longer (ids are kept short by :func:`~chainkg.graph.identity.node_id`).
    """
    statements = []
    for label in map(_name, schema.label_names):
        statements.append(f"CREATE CONSTRAINT chainkg_{label}_id IF NOT EXISTS FOR (n:{label}) REQUIRE n.id IS UNIQUE")
        statements.append(f"CREATE TEXT INDEX chainkg_{label}_name IF NOT EXISTS FOR (n:{label}) ON (n.name)")
    return statements


def node_merge_statement(label: str, schema: Schema = SCHEMA) -> str:
    """The batched upsert of nodes of one label; rows are flat ``{id, <props>}`` (see :func:`node_rows`).

    Every schema property is set, so one that is null in the row is removed.
    """
    sets = ", ".join(f"n.{_name(p.name)} = row.{p.name}" for p in schema.node_props(label) if p.name != "id")
    return f"UNWIND $rows AS row MERGE (n:{_name(label)} {{id: row.id}}) SET n:{MARKER}, {sets}"


def edge_merge_statement(schema: Schema, rel: str, source: str, target: str) -> str:
    """The batched upsert of one ``(source)-[rel]->(target)`` pattern; rows are flat ``{source, target, key, <props>}``."""
    keyed = f" {{{_EDGE_KEY_PROP}: row.key}}" if schema.rel(rel).key else ""
    sets = ", ".join(f"r.{_name(p.name)} = row.{p.name}" for p in schema.edge_props(rel))
    return (
        f"UNWIND $rows AS row MATCH (a:{_name(source)} {{id: row.source}}) MATCH (b:{_name(target)} {{id: row.target}}) "
        f"MERGE (a)-[r:{_name(rel)}{keyed}]->(b) SET {sets}"
    )


def node_rows(schema: Schema, kg: KnowledgeGraph) -> dict[str, list[dict[str, Any]]]:
    """Parameter rows per label, one pass over the graph; every schema property present (null when unset)."""
    names = {label: [p.name for p in schema.node_props(label)] for label in schema.label_names}
    grouped: dict[str, list[dict[str, Any]]] = {label: [] for label in schema.label_names}
    for node in kg.nodes():
        grouped[node["label"]].append({name: node.get(name) for name in names[node["label"]]})
    return grouped


def edge_rows(schema: Schema, kg: KnowledgeGraph) -> dict[tuple[str, str, str], list[dict[str, Any]]]:
    """Parameter rows per ``(TYPE, source label, target label)``, one pass over the graph."""
    names = {rel: [p.name for p in schema.edge_props(rel)] for rel in schema.rel_names}
    grouped: dict[tuple[str, str, str], list[dict[str, Any]]] = {}
    for source, target, key, attrs in kg.edges():
        rel = attrs["type"]
        row = {"source": source, "target": target, "key": key, **{n: attrs.get(n) for n in names[rel]}}
        grouped.setdefault((rel, kg.label_of(source), kg.label_of(target)), []).append(row)
    order = {rel: index for index, rel in enumerate(schema.rel_names)}
    return dict(sorted(grouped.items(), key=lambda item: (order[item[0][0]], item[0][1:])))


class Neo4jStore:
    """A chainkg graph on a Neo4j server; the same ``query``/``counts`` as EmbeddedStore."""

    def __init__(self, settings: Neo4jSettings, *, schema: Schema = SCHEMA) -> None:
        self.settings = settings
        self.schema = schema
        self._driver: neo4j.Driver | None = None
        self.last_mode: str | None = None  # "create" or "merge": how the last push wrote
        try:
            self._driver = neo4j.GraphDatabase.driver(
                settings.uri,
                auth=(settings.user, settings.password),
                connection_timeout=10,
                max_transaction_retry_time=15,
                notifications_min_severity="OFF",
            )
            self._driver.verify_connectivity()
        except (Neo4jError, DriverError, ValueError, OSError) as exc:
            self.close()
            raise self._error(exc) from None

    @classmethod
    def connect(
        cls, uri: str | None = None, user: str | None = None, password: str | None = None, database: str | None = None
    ) -> Neo4jStore:
        """Connect with arguments or the NEO4J_* environment variables."""
        return cls(Neo4jSettings.resolve(uri, user, password, database))

    # -- writing -------------------------------------------------------------

    def ensure_schema(self) -> None:
        """Create the constraints and indexes derived from the schema."""
        for statement in neo4j_schema_statements(self.schema):
            self._write(statement, {})
        self._run("CALL db.awaitIndexes(600)", {}, write=False)

    def push(
        self,
        graph: KnowledgeGraph | LoadTables,
        *,
        batch_size: int = DEFAULT_BATCH_SIZE,
        replace: bool = False,
        workers: int = DEFAULT_WORKERS,
        on_batch: Callable[[str, int], None] = lambda _what, _n: None,
    ) -> dict[str, dict[str, int]]:
        """Write ``graph`` in batches; with ``replace`` first delete what chainkg wrote. Return stored counts.

        Into a database holding nothing under the schema's labels it ``CREATE``s, ``workers``
        transactions at a time, and then makes the constraints and indexes that are missing (built
        once over the loaded nodes, not updated node by node); otherwise it makes them first and
        ``MERGE``s, one batch after another (:mod:`.neo4j_load`)."""
        from chainkg.graph.engines.neo4j_load import LoadTables, load_create, load_merge, tables_of_graph

        if batch_size < 1:
            raise EngineError(
                f"batch size must be at least 1, got {batch_size}",
                self.settings.where,
                "pass --batch-size 1000 or more",
            )
        if workers < 1:
            raise EngineError(
                f"workers must be at least 1, got {workers}", self.settings.where, "pass --workers 1 or more"
            )
        try:
            tables = graph if isinstance(graph, LoadTables) else tables_of_graph(graph)
        except (UnicodeError, OverflowError) as exc:
            raise EngineError(
                f"the graph holds a value Neo4j cannot store: {exc}",
                self.settings.where,
                "fix the value in the source data and rebuild",
            ) from exc
        if replace:
            self.clear(batch_size=batch_size)
        self.last_mode = "merge" if self.holds_schema_labels() else "create"
        if self.last_mode == "create":  # the indexes are built once after the load when they are not there yet
            load_create(
                self._write, self.schema, tables, MARKER, batch_size=batch_size, workers=workers, on_batch=on_batch
            )
            self.ensure_schema()
        else:
            self.ensure_schema()
            load_merge(self._write, self.schema, tables, MARKER, batch_size=batch_size, on_batch=on_batch)
        return self.counts()

    def holds_schema_labels(self) -> bool:
        """Whether any node has one of the schema's labels or chainkg's marker (then a push merges)."""
        for label in map(_name, [*self.schema.label_names, MARKER]):
            if self.query(f"MATCH (n:{label}) RETURN count(*) > 0 AS found LIMIT 1")[1][0][0]:
                return True
        return False

    def clear(self, *, batch_size: int = DEFAULT_BATCH_SIZE) -> int:
        """Delete every node chainkg wrote (label ``ChainKG``) with its relationships; return how many."""
        statement = f"MATCH (n:{MARKER}) WITH n LIMIT $limit DETACH DELETE n RETURN count(*) AS deleted"
        total = 0
        while True:
            deleted = int(self._write(statement, {"limit": batch_size})[0][0])
            total += deleted
            if deleted < batch_size:
                return total

    # -- reading -------------------------------------------------------------

    def query(self, cypher: str, params: Mapping[str, Any] | None = None) -> tuple[list[str], list[list[Any]]]:
        """Run Cypher in a read transaction; return column names and rows."""
        return self._run(cypher, dict(params or {}), write=False)

    def counts(self) -> dict[str, dict[str, int]]:
        """Nodes per label and edges per type that chainkg wrote (empty ones left out)."""
        labels, types = {}, {}
        for label in map(_name, self.schema.label_names):
            n = self.query(f"MATCH (n:{MARKER}:{label}) RETURN count(n)")[1][0][0]
            if n:
                labels[label] = n
        for rel in map(_name, self.schema.rel_names):
            n = self.query(f"MATCH (:{MARKER})-[r:{rel}]->(:{MARKER}) RETURN count(r)")[1][0][0]
            if n:
                types[rel] = n
        return {"labels": dict(sorted(labels.items())), "types": dict(sorted(types.items()))}

    def pull(self) -> KnowledgeGraph:
        """Read everything chainkg wrote back into a new KnowledgeGraph."""
        kg = KnowledgeGraph(self.schema)
        try:
            for label in map(_name, self.schema.label_names):
                allowed = {p.name for p in self.schema.node_props(label)} - {"id", "name", "aliases", "evidence"}
                _, rows = self.query(f"MATCH (n:{MARKER}:{label}) RETURN n.id, properties(n)")
                for nid, props in rows:
                    extra = {k: v for k, v in props.items() if k in allowed}
                    kg.restore_node(
                        nid,
                        label,
                        props.get("name"),
                        aliases=props.get("aliases") or [],
                        evidence=props.get("evidence") or [],
                        **extra,
                    )
            for rel in map(_name, self.schema.rel_names):
                allowed = {p.name for p in self.schema.rel(rel).props}
                _, rows = self.query(f"MATCH (a:{MARKER})-[r:{rel}]->(b:{MARKER}) RETURN a.id, b.id, properties(r)")
                for source, target, props in rows:
                    extra = {k: v for k, v in props.items() if k in allowed}
                    kg.add_edge(rel, source, target, evidence=props.get("evidence") or [], **extra)
        except SchemaError as exc:
            raise EngineError(
                f"the graph on Neo4j breaks the schema: {exc.what}",
                self.settings.where,
                "push it again from a built folder",
            ) from exc
        return kg

    # -- plumbing ------------------------------------------------------------

    def close(self) -> None:
        """Close the driver and its connections."""
        if self._driver is not None:
            self._driver.close()
            self._driver = None

    def __enter__(self) -> Neo4jStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def write(self, cypher: str, params: Mapping[str, Any] | None = None) -> tuple[list[str], list[list[Any]]]:
        """Run Cypher in a write transaction (for callers' own writes); return columns and rows."""
        return self._run(cypher, dict(params or {}), write=True)

    def _write(self, cypher: str, params: dict[str, Any]) -> list[list[Any]]:
        return self._run(cypher, params, write=True)[1]

    def _run(self, cypher: str, params: dict[str, Any], *, write: bool) -> tuple[list[str], list[list[Any]]]:
        def work(tx: neo4j.ManagedTransaction) -> tuple[list[str], list[list[Any]]]:
            result = tx.run(cypher, params)
            return list(result.keys()), [list(record.values()) for record in result]

        if self._driver is None:
            raise EngineError("the Neo4j connection is closed", self.settings.where, "open a new Neo4jStore")
        try:
            with self._driver.session(database=self.settings.database) as session:
                return session.execute_write(work) if write else session.execute_read(work)
        except (Neo4jError, DriverError, OSError) as exc:
            raise self._error(exc) from None

    def _error(self, exc: BaseException) -> EngineError:
        """A driver error as one EngineError naming the URI (never the password)."""
        where = self.settings.where
        if isinstance(exc, AuthError):
            return EngineError(
                "Neo4j refused the user name or password",
                where,
                "check --user/--password or NEO4J_USERNAME/NEO4J_PASSWORD",
            )
        if isinstance(exc, ServiceUnavailable):
            return EngineError(
                "cannot reach the Neo4j server", where, "start the server or check --uri; a re-run completes the push"
            )
        if isinstance(exc, Neo4jError):
            message = self._scrub(exc.message or str(exc))
            return EngineError(f"Neo4j: {message}", where, "check the query, its parameters and the server log")
        return EngineError(
            f"Neo4j driver: {self._scrub(str(exc) or type(exc).__name__)}",
            where,
            "check --uri and that the server is running",
        )

    def _scrub(self, text: str) -> str:
        """The first line of a driver message with the raw URI and the password masked."""
        line = text.strip().splitlines()[0] if text.strip() else "unknown error"
        line = line.replace(self.settings.uri, self.settings.where)
        return line.replace(self.settings.password, "***") if self.settings.password else line

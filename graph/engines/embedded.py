"""The embedded engine: a LadybugDB database on disk, in process.

Tables are generated from the schema, and hold nothing else: a node's or an edge's
``evidence`` is the list of its records as graph.json holds them, so any Cypher reads the
same values here as on Neo4j. A graph is bulk-loaded with ``COPY`` from Arrow tables (the
engine's native fast path), never row by row. Queries run read-only with ``$parameters``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import ladybug

from chainkg.errors import EngineError
from chainkg.graph.schema import SCHEMA, PropType, Schema

if TYPE_CHECKING:
    import pyarrow as pa

    from chainkg.graph.engines.embedded_tables import LoadTable
    from chainkg.graph.model import KnowledgeGraph

__all__ = ["DB_FILE", "EmbeddedStore", "ladybug_ddl"]

DB_FILE = "graph.lbdb"

_LADYBUG_TYPES = {
    PropType.STRING: "STRING",
    PropType.BOOL: "BOOLEAN",
    PropType.INT: "INT64",
    PropType.FLOAT: "DOUBLE",
    PropType.STRING_LIST: "STRING[]",
}


def ladybug_ddl(schema: Schema = SCHEMA) -> list[str]:
    """``CREATE NODE/REL TABLE`` statements for the whole schema (its properties only)."""
    statements = []
    for label in schema.labels:
        columns = [f"{p.name} {_LADYBUG_TYPES[p.type]}" for p in schema.node_props(label.name)]
        statements.append(f"CREATE NODE TABLE {label.name}({', '.join(columns)}, PRIMARY KEY (id))")
    for rel in schema.rels:
        pairs = [f"FROM {source} TO {target}" for source, target in rel.endpoints]
        columns = [f"{p.name} {_LADYBUG_TYPES[p.type]}" for p in schema.edge_props(rel.name)]
        statements.append(f"CREATE REL TABLE {rel.name}({', '.join(pairs + columns)})")
    return statements


class EmbeddedStore:
    """A LadybugDB database in ``folder`` (the ``DIR/db`` of a build)."""

    def __init__(self, folder: Path, *, read_only: bool = True, schema: Schema = SCHEMA, bulk: bool = False) -> None:
        self.folder = Path(folder)
        self.schema = schema
        path = self.folder / DB_FILE
        if read_only and not path.exists():
            raise EngineError(
                "no embedded database", str(self.folder), "run chainkg build --out on the parent folder first"
            )
        self.folder.mkdir(parents=True, exist_ok=True)
        try:
            # A bulk load checkpoints once at the end instead of after every COPY, and leaves its
            # write-ahead log without checksums: it is empty once the load is done, and a load that
            # stops before is thrown away whole (a build writes in a staged folder). That saves a
            # tenth of the load's CPU; the database is opened with checksums again afterwards.
            self._db = ladybug.Database(
                str(path), read_only=read_only, auto_checkpoint=not bulk, enable_checksums=not bulk
            )
            self._conn = ladybug.Connection(self._db)
        except RuntimeError as exc:
            raise EngineError(
                f"cannot open the embedded database: {exc}", str(path), "rebuild it with chainkg build"
            ) from exc
        if read_only:
            self._check_tables()

    def _check_tables(self) -> None:
        """Refuse a database whose tables are not the ones this version makes (built by another,
        such as one that kept an edge's evidence record apart, in a table of its own)."""
        _, rows = self.query("CALL show_tables() RETURN name")
        expected = {label.name for label in self.schema.labels} | {rel.name for rel in self.schema.rels}
        if expected != {name for (name,) in rows}:
            self.close()
            raise EngineError(
                "the embedded database was built by another version of chainkg",
                str(self.folder),
                "rebuild it with chainkg build",
            )

    @classmethod
    def create(cls, folder: Path, kg: KnowledgeGraph) -> EmbeddedStore:
        """Create a new database in an empty ``folder`` and bulk-load ``kg``."""
        from chainkg.graph.engines.embedded_tables import load_tables  # Arrow: only to write

        return cls.create_from(folder, kg.schema, load_tables(kg))

    @classmethod
    def create_from(cls, folder: Path, schema: Schema, tables: Iterable[LoadTable]) -> EmbeddedStore:
        """Create a new database in an empty ``folder`` and ``COPY`` each of :func:`load_tables`
        into it, in order, as ``tables`` gives them (:mod:`.embedded_tables` makes them) (touches no KnowledgeGraph: it may run in a
        thread, fed by a queue, while others build or read the graph; the engine lets go of the
        GIL while it copies). A list given is emptied: each table is let go once copied."""
        store = cls(folder, read_only=False, schema=schema, bulk=True)
        store._execute("BEGIN TRANSACTION")
        for statement in ladybug_ddl(schema):
            store._execute(statement)
        store._execute("COMMIT")
        for name, options, table in _drained(tables) if isinstance(tables, list) else tables:
            store._copy(name, table, options)
            del table
        store._execute("CHECKPOINT")
        return store

    def query(self, cypher: str, params: Mapping[str, Any] | None = None) -> tuple[list[str], list[list[Any]]]:
        """Run Cypher with parameters; return column names and rows."""
        result = self._execute(cypher, dict(params or {}))
        if isinstance(result, list):  # LadybugDB ran several ';'-separated statements
            raise EngineError("several statements in one query", str(self.folder), "run one statement at a time")
        return result.get_column_names(), result.get_all()

    def counts(self) -> dict[str, dict[str, int]]:
        """Nodes per label and edges per type, as stored (empty ones left out): a count per table
        (12 ms at the reference size, where one scan of every node and edge took 100 ms)."""
        labels = {name: self._count(f"MATCH (n:{name}) RETURN count(*)") for name in self.schema.label_names}
        types = {name: self._count(f"MATCH ()-[r:{name}]->() RETURN count(*)") for name in self.schema.rel_names}
        return {
            "labels": dict(sorted((k, n) for k, n in labels.items() if n)),
            "types": dict(sorted((k, n) for k, n in types.items() if n)),
        }

    def _count(self, cypher: str) -> int:
        return int(self.query(cypher)[1][0][0])

    def close(self) -> None:
        """Release the database (files stay on disk)."""
        self._conn.close()
        self._db.close()

    def __enter__(self) -> EmbeddedStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _execute(self, cypher: str, params: dict[str, Any] | None = None) -> Any:
        try:
            return self._conn.execute(cypher, params or {})
        except RuntimeError as exc:
            raise EngineError(
                f"embedded engine: {exc}", str(self.folder), "check the query and its parameters"
            ) from exc

    def _copy(self, table_name: str, arrow_table: pa.Table, options: str = "") -> None:
        # LadybugDB finds ``arrow_table`` among this frame's locals by name.
        self._execute(f"COPY {table_name} FROM arrow_table{options}")


def _drained(tables: list[LoadTable]) -> Iterator[LoadTable]:
    """The tables in order, each taken out of the list as it is given."""
    tables.reverse()
    while tables:
        yield tables.pop()

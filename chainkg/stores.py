"""Opening a query engine by name: the embedded database of a built folder, or Neo4j."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from chainkg.build import DB_FOLDER
from chainkg.errors import QueryError
from chainkg.graph.engines.embedded import EmbeddedStore
from chainkg.queries.library import get_query, write_keyword

__all__ = ["open_store", "run_named", "run_read_only"]


def open_store(engine: str, folder: Path, neo4j: Mapping[str, Any] | None = None) -> Any:
    """A read-only store: ``embedded`` reads ``folder/db``, ``neo4j`` connects with ``neo4j`` options."""
    if engine == "embedded":
        return EmbeddedStore(Path(folder) / DB_FOLDER)
    from chainkg.graph.engines.neo4j import Neo4jSettings, Neo4jStore

    return Neo4jStore(Neo4jSettings.resolve(**dict(neo4j or {})))


def run_named(store: Any, engine: str, name: str, params: Mapping[str, str]) -> tuple[list[str], list[list[Any]]]:
    """Run library query ``name`` with string parameters typed by its header."""
    query = get_query(name)
    return store.query(query.text(engine), query.bind(params))


def run_read_only(store: Any, cypher: str, params: Mapping[str, Any] | None = None) -> tuple[list[str], list[list[Any]]]:
    """Run ad-hoc Cypher, refusing anything that writes before it reaches the engine."""
    keyword = write_keyword(cypher)
    if keyword:
        raise QueryError(f"chainkg cypher is read-only; the query writes ({keyword})", fix="run writes with the engine's own tools")
    return store.query(cypher, dict(params or {}))

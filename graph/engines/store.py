"""What every store answers, whichever engine holds the graph.

:class:`~chainkg.graph.engines.embedded.EmbeddedStore` and
:class:`~chainkg.graph.engines.neo4j.Neo4jStore` both satisfy :class:`Store`; code that only
runs Cypher (the query runner, the explorer's reads) asks for no more than :class:`Queryable`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Protocol, Self

__all__ = ["Answer", "Queryable", "Store"]

Answer = tuple[list[str], list[list[Any]]]
"""Column names and rows: the cells are whatever values the engine returns."""


class Queryable(Protocol):
    """Runs one Cypher statement with ``$params``."""

    def query(self, cypher: str, params: Mapping[str, Any] | None = None) -> Answer:
        """Column names and rows of ``cypher`` run with ``params``."""
        ...


class Store(Queryable, Protocol):
    """An open store of the graph: queries, counts, and a close (also as a context manager)."""

    def counts(self) -> dict[str, dict[str, int]]:
        """Nodes per label and edges per type, as stored."""
        ...

    def close(self) -> None:
        """Release the engine's resources."""
        ...

    def __enter__(self) -> Self: ...

    def __exit__(self, *exc: object) -> None: ...

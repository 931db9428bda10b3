"""Exports of the knowledge graph for other tools, and readers that bring them back.

- ``graphml``: Gephi, Cytoscape, yEd, networkx (one file);
- ``gexf``: Gephi's GEXF 1.3 (one file);
- ``json``: node-link JSON, the ``graph.json`` form, for networkx, D3, pandas (one file);
- ``csv``: ``neo4j-admin database import full`` (a folder, with README.md and the command);
- ``cypher``: a script for ``cypher-shell -f`` on Neo4j 5, MERGE only, safe to replay (one file).

Every export is derived from :mod:`chainkg.graph.schema` and written all or
nothing: a file through a temp file and a rename, the CSV folder staged and
swapped, so a failed export leaves what was there before unchanged.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING

from chainkg.errors import ExportError

if TYPE_CHECKING:  # the CLI reads FORMATS without loading the model
    from chainkg.graph.model import KnowledgeGraph

__all__ = ["FORMATS", "READABLE", "export", "export_built", "read_export"]

# format -> (module, writer, reader); modules are imported on use, so that the CLI starts fast.
_FORMATS: dict[str, tuple[str, str, str | None]] = {
    "graphml": ("graphml", "write_graphml", "read_graphml"),
    "gexf": ("gexf", "write_gexf", "read_gexf"),
    "json": ("nodelink_json", "write_json", "read_json"),
    "csv": ("neo4j_csv", "write_neo4j_csv", "read_neo4j_csv"),
    "cypher": ("cypher", "write_cypher", None),
}
FORMATS = tuple(_FORMATS)
READABLE = tuple(name for name, (_, _, reader) in _FORMATS.items() if reader)


def _function(fmt: str, index: int, verb: str, choices: tuple[str, ...]) -> tuple[ModuleType, str]:
    """The module of format ``fmt`` and the name of its writer (``index`` 1) or reader (2)."""
    entry = _FORMATS.get(fmt)
    name = entry[index] if entry is not None else None
    if entry is None or name is None:
        raise ExportError(f"cannot {verb} format {fmt!r}", None, f"use one of: {', '.join(choices)}")
    return importlib.import_module(f"{__name__}.{entry[0]}"), name


def _writer(fmt: str) -> Callable[[KnowledgeGraph, Path], object]:
    module, name = _function(fmt, 1, "export", FORMATS)
    writer: Callable[[KnowledgeGraph, Path], object] = getattr(module, name)
    return writer


def _reader(fmt: str) -> Callable[[Path], KnowledgeGraph]:
    module, name = _function(fmt, 2, "read", READABLE)
    reader: Callable[[Path], KnowledgeGraph] = getattr(module, name)
    return reader


def export(kg: KnowledgeGraph, fmt: str, path: Path) -> Path:
    """Write ``kg`` in format ``fmt`` to ``path`` (a folder for csv); return ``path``."""
    _writer(fmt)(kg, Path(path))
    return Path(path)


def export_built(folder: Path, fmt: str, path: Path) -> dict[str, dict[str, int]]:
    """Export the graph of a folder ``chainkg build`` wrote; return its counts. ``json`` copies its
    ``graph.json`` (what :func:`export` writes for the graph, byte for byte); the others read the
    graph from its tables (:func:`~chainkg.graph.io.columnar.read_built`)."""
    from chainkg.graph.folder import GRAPH_FILE
    from chainkg.graph.io.columnar import read_built

    if fmt == "json":
        from chainkg.graph.exports.nodelink_json import copy_json

        return copy_json(Path(folder) / GRAPH_FILE, Path(path))
    _writer(fmt)  # an unknown format fails before the graph is read
    kg = read_built(Path(folder))
    export(kg, fmt, path)
    return kg.counts()


def read_export(fmt: str, path: Path) -> KnowledgeGraph:
    """Read an export back into a KnowledgeGraph (every format but cypher, which replays into Neo4j)."""
    return _reader(fmt)(Path(path))

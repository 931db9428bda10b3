"""Node-link JSON export: the ``graph.json`` form, for networkx, D3 and pandas.

``networkx.node_link_graph(data, edges="edges")`` reads it as a MultiDiGraph;
evidence records are JSON objects, lists are JSON arrays (see
:mod:`chainkg.graph.nodelink`).
"""

from __future__ import annotations

from pathlib import Path

from ..model import KnowledgeGraph
from ..nodelink import read_graph_json, write_graph_json
from .common import check_file_target, write_error

__all__ = ["write_json", "read_json"]


def write_json(kg: KnowledgeGraph, path: Path) -> Path:
    """Write the node-link JSON to ``path`` atomically; return the path."""
    path = Path(path)
    check_file_target(path)
    try:
        write_graph_json(kg, path)
    except (OSError, UnicodeError) as exc:
        raise write_error(exc, path) from exc
    return path


def read_json(path: Path) -> KnowledgeGraph:
    """Read it back into a validated KnowledgeGraph."""
    return read_graph_json(Path(path))

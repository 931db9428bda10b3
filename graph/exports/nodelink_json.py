"""Node-link JSON export: the ``graph.json`` form, for networkx, D3 and pandas.

``networkx.node_link_graph(data, edges="edges")`` reads it as a MultiDiGraph;
evidence records are JSON objects, lists are JSON arrays (see
:mod:`chainkg.graph.io.nodelink`). A built folder's export is its ``graph.json``
copied (:func:`copy_json`): the very bytes :func:`write_json` gives for its graph.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from chainkg.errors import LoadError
from chainkg.graph.exports.common import check_file_target, write_error
from chainkg.graph.io.atomic import atomic_write_bytes
from chainkg.graph.io.nodelink import read_graph_json, write_graph_json
from chainkg.graph.model import KnowledgeGraph

__all__ = ["copy_json", "read_json", "write_json"]

_BLOCK = 1 << 20
_FORMAT = "chainkg-graph/1"


def write_json(kg: KnowledgeGraph, path: Path) -> Path:
    """Write the node-link JSON to ``path`` atomically; return the path."""
    path = Path(path)
    check_file_target(path)
    try:
        write_graph_json(kg, path)
    except (OSError, UnicodeError) as exc:
        raise write_error(exc, path) from exc
    return path


def copy_json(source: Path, path: Path) -> dict[str, dict[str, int]]:
    """Copy a built ``graph.json`` to ``path`` atomically, block by block; return the counts its
    first line gives (a file that does not start as chainkg's graph.json is a LoadError)."""
    source, path = Path(source), Path(path)
    check_file_target(path)
    try:
        handle = open(source, "rb")  # noqa: SIM115  (closed by the copy below)
    except FileNotFoundError as exc:
        raise LoadError("no graph.json", str(source), "run chainkg build --out on this folder first") from exc
    except OSError as exc:
        raise LoadError(
            f"cannot read graph.json: {exc.strerror or exc}", str(source), "rebuild it with chainkg build"
        ) from exc
    with handle:
        counts = _counts(handle.readline(), source)
        handle.seek(0)
        try:
            atomic_write_bytes(path, _blocks(handle))
        except OSError as exc:
            raise write_error(exc, path) from exc
    return counts


def _counts(first: bytes, source: Path) -> dict[str, dict[str, int]]:
    """The counts in graph.json's first line (its head up to ``"nodes"``, see :mod:`..nodelink`)."""
    try:
        head: Any = json.loads(first.decode("utf-8").rstrip("\n").removesuffix(",") + "}")
        if head["graph"]["format"] != _FORMAT:
            raise ValueError(f"format {head['graph']['format']!r}")
        counts: dict[str, dict[str, int]] = head["graph"]["counts"]
        return counts
    except (UnicodeError, ValueError, KeyError, TypeError) as exc:
        raise LoadError(f"not a chainkg graph.json: {exc}", str(source), "rebuild it with chainkg build") from exc


def _blocks(handle: Any) -> Iterator[bytes]:
    return iter(lambda: handle.read(_BLOCK), b"")


def read_json(path: Path) -> KnowledgeGraph:
    """Read it back into a validated KnowledgeGraph."""
    return read_graph_json(Path(path))

"""``graph.json``: the knowledge graph in networkx node-link form.

The file is what :func:`networkx.node_link_data` would give for a
``MultiDiGraph`` (``edges="edges"``): nodes carry ``id``, ``label``, ``name``,
``aliases``, their properties and ``evidence`` (a list of objects); edges carry
``source``, ``target``, ``key``, ``type`` and their properties. Nodes and edges
are sorted and keys are sorted, one record per line, so the same graph always
gives the same bytes. :func:`networkx.node_link_graph` reads it back as is.
"""

from __future__ import annotations

import itertools
import json
import json.encoder
import math
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from chainkg.errors import ChainKGError, LoadError
from chainkg.graph.evidence import decode_evidence, encode_evidence
from chainkg.graph.io.atomic import atomic_write_bytes
from chainkg.graph.io.columns import GraphColumns
from chainkg.graph.io.edge_lines import CHUNK, edge_section
from chainkg.graph.io.node_lines import node_section
from chainkg.graph.model import KnowledgeGraph
from chainkg.graph.storage.gcpause import paused_gc

__all__ = ["dumps_graph_json", "graph_from_node_link", "graph_to_node_link", "read_graph_json", "write_graph_json"]

_FORMAT = "chainkg-graph/1"
# One encoder for every record (json.dumps with options builds a new one per call).
_ENCODE = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode
# The encoder's own string escaping (C), for writing a record field by field.
_ESCAPE = json.encoder.encode_basestring


def graph_to_node_link(kg: KnowledgeGraph) -> dict[str, Any]:
    """The graph as a node-link dict (sorted, evidence decoded into objects)."""
    nodes = [_public(node) for node in kg.nodes()]
    edges = [
        {"source": source, "target": target, "key": key, **_public(attrs)} for source, target, key, attrs in kg.edges()
    ]
    return {
        "directed": True,
        "multigraph": True,
        "graph": {"format": _FORMAT, "counts": kg.counts()},
        "nodes": nodes,
        "edges": edges,
    }


def dumps_graph_json(kg: KnowledgeGraph) -> str:
    """The deterministic text of ``graph.json``: one node or edge per line.

    The same text as dumping :func:`graph_to_node_link` record by record, written
    straight from the graph without copying it."""
    parts = _arrow_parts(kg)
    return "".join(_parts(kg)) if parts is None else b"".join(parts).decode("utf-8")


def write_graph_json(kg: KnowledgeGraph, path: Path, columns: GraphColumns | None = None, *, sync: bool = True) -> None:
    """Write ``graph.json`` atomically (the edges' lines made in Arrow, see :mod:`.edge_lines`;
    ``columns``: the graph's Arrow tables if the caller has them already; ``sync``: as
    :func:`~chainkg.graph.io.atomic.atomic_write_bytes` has it)."""
    parts = _arrow_parts(kg, columns)
    pieces = [part.encode("utf-8") for part in _parts(kg)] if parts is None else parts
    atomic_write_bytes(Path(path), pieces, sync=sync)


def _arrow_parts(kg: KnowledgeGraph, columns: GraphColumns | None = None) -> Iterator[Any] | None:
    """graph.json as UTF-8 pieces, the edges' lines made in Arrow (and the nodes', when
    ``columns`` holds the nodes' load tables, see :mod:`.node_lines`); None for a graph holding what
    Arrow cannot (a lone surrogate, an integer beyond 64 bits): it is written line by line."""
    with paused_gc():
        try:
            edges = edge_section(kg, columns)
        except (UnicodeError, OverflowError):  # what Arrow refuses to hold (pyarrow's own errors are bugs: raised)
            return None
    nodes = (
        _node_pieces(kg)
        if columns is None or columns.nodes is None
        else itertools.chain([_head(kg).encode("utf-8")], node_section(kg, columns.nodes))
    )
    return itertools.chain(nodes, [_EDGES.encode()], edges, [_END.encode()])


def _node_pieces(kg: KnowledgeGraph) -> Iterator[bytes]:
    """The head and the nodes' lines of graph.json as UTF-8, :data:`CHUNK` lines a piece."""
    batch: list[str] = []
    for part in _parts(kg, with_edges=False):
        if part is _EDGES:
            break
        batch.append(part)
        if len(batch) == CHUNK:
            yield "".join(batch).encode("utf-8")
            batch.clear()
    yield "".join(batch).encode("utf-8")


_EDGES = '\n],\n"edges":[\n'
_END = "\n]\n}\n"


def _parts(kg: KnowledgeGraph, with_edges: bool = True) -> Iterator[str]:
    """The text of graph.json in pieces: the head, then each node and edge on its line."""
    yield _head(kg)
    for index, (nid, attrs) in enumerate(kg.node_items()):
        yield (",\n" if index else "") + _line({"id": nid, **attrs})
    yield _EDGES
    if with_edges:
        for index, (source, target, key, attrs) in enumerate(kg.edge_items()):
            yield (",\n" if index else "") + _line({"source": source, "target": target, "key": key, **attrs})
    yield _END


def _head(kg: KnowledgeGraph) -> str:
    """The text of graph.json up to its first node."""
    head = {"directed": True, "multigraph": True, "graph": {"format": _FORMAT, "counts": kg.counts()}}
    return json.dumps(head, ensure_ascii=False, sort_keys=True)[:-1] + ',\n"nodes":[\n'


def graph_from_node_link(data: dict[str, Any], where: str = "graph.json") -> KnowledgeGraph:
    """Rebuild a validated :class:`KnowledgeGraph` from node-link data."""
    kg = KnowledgeGraph()
    try:
        for index, node in enumerate(data["nodes"]):
            _add_node(kg, node, f"{where}: node {index + 1}")
        for index, edge in enumerate(data.get("edges", data.get("links", []))):
            _add_edge(kg, edge, f"{where}: edge {index + 1}")
    except (KeyError, TypeError, AttributeError) as exc:
        raise LoadError(
            f"not a chainkg node-link graph: missing {exc}", where, "rebuild it with chainkg build"
        ) from exc
    return kg


def read_graph_json(path: Path) -> KnowledgeGraph:
    """Read and validate ``graph.json``."""
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise LoadError("no graph.json", str(path), "run chainkg build --out on this folder first") from exc
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise LoadError(f"cannot read graph.json: {exc}", str(path), "rebuild it with chainkg build") from exc
    return graph_from_node_link(data, str(path))


def _add_node(kg: KnowledgeGraph, node: dict[str, Any], where: str) -> None:
    props = {k: v for k, v in node.items() if k not in {"id", "label", "name", "aliases", "evidence"}}
    try:
        evidence = [encode_evidence(record) for record in node.get("evidence", [])]
        kg.restore_node(
            node["id"], node["label"], node["name"], aliases=node.get("aliases", []), evidence=evidence, **props
        )
    except ChainKGError as exc:
        raise exc.at(where) from exc


def _add_edge(kg: KnowledgeGraph, edge: dict[str, Any], where: str) -> None:
    props = {k: v for k, v in edge.items() if k not in {"source", "target", "key", "type", "evidence"}}
    try:
        evidence = [encode_evidence(record) for record in edge.get("evidence", [])]
        kg.add_edge(edge["type"], edge["source"], edge["target"], evidence=evidence, **props)
    except ChainKGError as exc:
        raise exc.at(where) from exc


def _public(attrs: dict[str, Any]) -> dict[str, Any]:
    out = dict(attrs)
    out["evidence"] = [decode_evidence(record) for record in attrs.get("evidence", [])]
    return out


def _line(record: dict[str, Any]) -> str:
    """``record`` as one line of graph.json: what the encoder gives for it with its evidence
    decoded, written field by field with the stored (canonical JSON) records put in as they are."""
    shape = tuple(record)
    plan = _PLANS.get(shape)
    if plan is None:  # the fields in sorted order, each with its '"name":' written once
        plan = _PLANS[shape] = [(name, _ESCAPE(name) + ":") for name in sorted(shape)]
    fields = []
    for name, prefix in plan:
        value = record[name]
        if type(value) is str:
            fields.append(prefix + _ESCAPE(value))
        elif name == "evidence":
            fields.append(prefix + "[" + ",".join(value) + "]")
        else:
            text = _scalar(value)
            if text is None:  # a value of another type: let the encoder do the whole record
                return _ENCODE({**record, "evidence": [decode_evidence(r) for r in record["evidence"]]})
            fields.append(prefix + text)
    return "{" + ",".join(fields) + "}"


_PLANS: dict[tuple[str, ...], list[tuple[str, str]]] = {}


def _scalar(value: Any) -> str | None:
    """A string, number, bool, None or list of strings as the encoder writes it; None otherwise."""
    kind = type(value)
    if kind is str:
        return _ESCAPE(value)
    if kind is list and all(type(item) is str for item in value):
        return "[" + ",".join(map(_ESCAPE, value)) + "]"
    if kind is float:
        return float.__repr__(value) if math.isfinite(value) else _ENCODE(value)
    if kind is bool:
        return "true" if value else "false"
    if kind is int:
        return int.__repr__(value)
    return "null" if value is None else None

"""``graph.json``: the knowledge graph in networkx node-link form.

The file is what :func:`networkx.node_link_data` would give for a
``MultiDiGraph`` (``edges="edges"``): nodes carry ``id``, ``label``, ``name``,
``aliases``, their properties and ``evidence`` (a list of objects); edges carry
``source``, ``target``, ``key``, ``type`` and their properties. Nodes and edges
are sorted and keys are sorted, one record per line, so the same graph always
gives the same bytes. :func:`networkx.node_link_graph` reads it back as is.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from chainkg.errors import ChainKGError, LoadError

from .atomic import atomic_write_text
from .evidence import decode_evidence, encode_evidence
from .model import KnowledgeGraph

__all__ = ["graph_to_node_link", "graph_from_node_link", "write_graph_json", "read_graph_json", "dumps_graph_json"]

_FORMAT = "chainkg-graph/1"


def graph_to_node_link(kg: KnowledgeGraph) -> dict[str, Any]:
    """The graph as a node-link dict (sorted, evidence decoded into objects)."""
    nodes = [_public(node) for node in kg.nodes()]
    edges = [
        {"source": source, "target": target, "key": key, **_public(attrs)}
        for source, target, key, attrs in kg.edges()
    ]
    return {
        "directed": True,
        "multigraph": True,
        "graph": {"format": _FORMAT, "counts": kg.counts()},
        "nodes": nodes,
        "edges": edges,
    }


def dumps_graph_json(kg: KnowledgeGraph) -> str:
    """The deterministic text of ``graph.json``: one node or edge per line."""
    data = graph_to_node_link(kg)
    head = {k: data[k] for k in ("directed", "multigraph", "graph")}
    lines = [json.dumps(head, ensure_ascii=False, sort_keys=True)[:-1] + ","]
    for part in ("nodes", "edges"):
        records = [_dump(record) for record in data[part]]
        body = ",\n".join(records)
        lines.append(f'"{part}":[\n{body}\n]' + ("," if part == "nodes" else ""))
    lines.append("}")
    return "\n".join(lines) + "\n"


def write_graph_json(kg: KnowledgeGraph, path: Path) -> None:
    """Write ``graph.json`` atomically."""
    atomic_write_text(Path(path), dumps_graph_json(kg))


def graph_from_node_link(data: dict[str, Any], where: str = "graph.json") -> KnowledgeGraph:
    """Rebuild a validated :class:`KnowledgeGraph` from node-link data."""
    kg = KnowledgeGraph()
    try:
        for index, node in enumerate(data["nodes"]):
            _add_node(kg, node, f"{where}: node {index + 1}")
        for index, edge in enumerate(data.get("edges", data.get("links", []))):
            _add_edge(kg, edge, f"{where}: edge {index + 1}")
    except (KeyError, TypeError, AttributeError) as exc:
        raise LoadError(f"not a chainkg node-link graph: missing {exc}", where, "rebuild it with chainkg build") from exc
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


def _dump(record: dict[str, Any]) -> str:
    return json.dumps(record, ensure_ascii=False, sort_keys=True, separators=(",", ":"))

"""The attribute rows that GraphML and GEXF both write, and the reader they share.

A node carries ``labels`` (its chainkg label, e.g. ``Enterprise``), ``label``
(its name again: the text Gephi and Cytoscape show) and its schema properties;
an edge carries ``type``, ``label`` (the type again, for display), ``edge_key``
(``graph.json``'s edge key; networkx's GEXF reader reserves ``key``) and its
properties. Values are typed
from the schema (``STRING`` string, ``BOOL`` boolean, ``INT64`` long, ``DOUBLE``
double); ``STRING[]`` values are JSON array text (see :mod:`.common`).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import networkx as nx

from chainkg.errors import LoadError
from chainkg.graph.exports.common import (
    check_xml,
    decode_list,
    edge_columns,
    encode_list,
    float_text,
    graph_from_records,
    node_columns,
    xml_unsafe,
)
from chainkg.graph.model import KnowledgeGraph
from chainkg.graph.schema import Prop, PropType, Schema

__all__ = [
    "ATTR_ESCAPES",
    "TEXT_ESCAPES",
    "XML_TYPES",
    "Attr",
    "edge_attrs",
    "edge_pairs",
    "edge_values",
    "kg_from_networkx",
    "node_attrs",
    "node_pairs",
    "node_values",
    "xml_attr",
    "xml_text",
]

XML_TYPES = {
    PropType.STRING: "string",
    PropType.BOOL: "boolean",
    PropType.INT: "long",
    PropType.FLOAT: "double",
    PropType.STRING_LIST: "string",
}
Attr = tuple[str, str, str]  # name, XML type, description
_NODE_EXTRA = (("labels", "string", "chainkg label"), ("label", "string", "the name, for display"))
_EDGE_EXTRA = (
    ("type", "string", "relationship type"),
    ("label", "string", "the type, for display"),
    ("edge_key", "string", "graph.json's edge key: the type plus the properties that tell parallel edges apart"),
)
_LIST_DOC = "JSON array of strings (evidence: of objects)"
TEXT_ESCAPES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;"}  # "&" first: the others' references hold one
ATTR_ESCAPES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "\n": "&#10;", "\r": "&#13;", "\t": "&#9;"}
_TEXT = str.maketrans(TEXT_ESCAPES)
_ATTR = str.maketrans(ATTR_ESCAPES)


def xml_text(text: str) -> str:
    """``text`` escaped for element content (a CR as a reference, so that parsers keep it)."""
    return text.translate(_TEXT)


def xml_attr(text: str) -> str:
    """``text`` as a double-quoted attribute value; newlines and tabs as references, so they survive."""
    return '"' + text.translate(_ATTR) + '"'


def _attr(prop: Prop) -> Attr:
    doc = _LIST_DOC if prop.type == PropType.STRING_LIST else prop.doc
    return prop.name, XML_TYPES[prop.type], doc


def node_attrs(schema: Schema) -> tuple[Attr, ...]:
    """Node attribute declarations: labels, label, then every schema property but ``id``."""
    return _NODE_EXTRA + tuple(_attr(p) for p in node_columns(schema) if p.name != "id")


def edge_attrs(schema: Schema) -> tuple[Attr, ...]:
    """Edge attribute declarations: type, label, key, then every schema property."""
    return _EDGE_EXTRA + tuple(_attr(p) for p in edge_columns(schema))


def _text(prop: Prop, value: Any) -> str:
    if prop.type == PropType.STRING:
        return str(value)
    if prop.type == PropType.STRING_LIST:
        return encode_list(prop.name, value)
    if prop.type == PropType.BOOL:
        return "true" if value else "false"
    if prop.type == PropType.FLOAT:
        return float_text(value)
    return str(value)


def _pairs(
    props: tuple[Prop, ...], attrs: Mapping[str, Any], extra: list[tuple[str, str]], what: str
) -> list[tuple[str, str]]:
    """``(attribute, text)`` pairs of one node or edge; ExportError naming a value XML cannot carry."""
    pairs = extra + [(p.name, _text(p, attrs[p.name])) for p in props if attrs.get(p.name) is not None]
    if xml_unsafe("".join(text for _, text in pairs)):  # one scan; find the culprit only on a hit
        for name, text in pairs:
            check_xml(text, f"{what}: {name}")
    return pairs


def node_values(kg: KnowledgeGraph) -> Iterator[tuple[str, list[tuple[str, str]]]]:
    """Per node, sorted: its id and ``(attribute, text)`` pairs, checked for XML."""
    props = {label: tuple(p for p in kg.schema.node_props(label) if p.name != "id") for label in kg.schema.label_names}
    for node in kg.nodes():
        yield node["id"], node_pairs(props[node["label"]], node)


def node_pairs(props: tuple[Prop, ...], node: dict[str, Any]) -> list[tuple[str, str]]:
    """One node's ``(attribute, text)`` pairs (``props``: its label's but ``id``), checked for XML."""
    nid = check_xml(node["id"], f"node {node['id']!r}: id")
    return _pairs(props, node, [("labels", node["label"]), ("label", node["name"])], f"node {nid!r}")


def edge_values(kg: KnowledgeGraph) -> Iterator[tuple[str, str, list[tuple[str, str]]]]:
    """Per edge, sorted: source, target and ``(attribute, text)`` pairs, checked for XML."""
    props = {rel: kg.schema.edge_props(rel) for rel in kg.schema.rel_names}
    for source, target, key, attrs in kg.edges():
        yield source, target, edge_pairs(props[attrs["type"]], source, target, key, attrs)


def edge_pairs(
    props: tuple[Prop, ...], source: str, target: str, key: str, attrs: Mapping[str, Any]
) -> list[tuple[str, str]]:
    """One edge's ``(attribute, text)`` pairs (``props``: its type's), checked for XML."""
    rel = attrs["type"]
    extra = [("type", rel), ("label", rel), ("edge_key", key)]
    return _pairs(props, attrs, extra, f"{rel} edge {source!r} -> {target!r}")


def kg_from_networkx(graph: nx.Graph[Any], schema: Schema, path: Path) -> KnowledgeGraph:
    """Rebuild a KnowledgeGraph from what networkx read out of a GraphML or GEXF export."""
    node_types = {p.name: p for p in node_columns(schema)}
    edge_types = {p.name: p for p in edge_columns(schema)}
    try:
        nodes = [(nid, data["labels"], _typed(data, node_types)) for nid, data in graph.nodes(data=True)]
        edges = [(u, v, data["type"], _typed(data, edge_types)) for u, v, data in graph.edges(data=True)]
    except (KeyError, ValueError, TypeError) as exc:
        raise LoadError(f"not a chainkg export: {exc}", str(path), "export it again with chainkg export") from exc
    return graph_from_records(schema, nodes, edges, str(path))


def _typed(data: dict[str, Any], props: dict[str, Prop]) -> dict[str, Any]:
    out = {}
    for name, value in data.items():
        if name in props:
            out[name] = decode_list(name, value) if props[name].type == PropType.STRING_LIST else value
    return out

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

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import networkx as nx

from chainkg.errors import LoadError

from ..model import KnowledgeGraph
from ..schema import Prop, PropType, Schema
from .common import check_xml, decode_list, edge_columns, encode_list, float_text, graph_from_records, node_columns

__all__ = ["Attr", "node_attrs", "edge_attrs", "node_values", "edge_values", "kg_from_networkx", "XML_TYPES"]

XML_TYPES = {PropType.STRING: "string", PropType.BOOL: "boolean", PropType.INT: "long",
             PropType.FLOAT: "double", PropType.STRING_LIST: "string"}
Attr = tuple[str, str, str]  # name, XML type, description
_NODE_EXTRA = (("labels", "string", "chainkg label"), ("label", "string", "the name, for display"))
_EDGE_EXTRA = (("type", "string", "relationship type"), ("label", "string", "the type, for display"),
               ("edge_key", "string", "graph.json's edge key: the type plus the properties that tell parallel edges apart"))
_LIST_DOC = "JSON array of strings (evidence: of objects)"


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
    if prop.type == PropType.STRING_LIST:
        return encode_list(prop.name, value)
    if prop.type == PropType.BOOL:
        return "true" if value else "false"
    if prop.type == PropType.FLOAT:
        return float_text(value)
    return str(value)


def _values(props: tuple[Prop, ...], attrs: dict[str, Any], extra: dict[str, str], what: str) -> Iterator[tuple[str, str]]:
    for name, value in extra.items():
        yield name, check_xml(value, f"{what}: {name}")
    for prop in props:
        value = attrs.get(prop.name)
        if value is not None and prop.name != "id":
            yield prop.name, check_xml(_text(prop, value), f"{what}: {prop.name}")


def node_values(kg: KnowledgeGraph) -> Iterator[tuple[str, list[tuple[str, str]]]]:
    """Per node, sorted: its id and ``(attribute, text)`` pairs, checked for XML."""
    props = node_columns(kg.schema)
    for node in kg.nodes():
        nid = check_xml(node["id"], f"node {node['id']!r}: id")
        extra = {"labels": node["label"], "label": node["name"]}
        yield nid, list(_values(props, node, extra, f"node {nid!r}"))


def edge_values(kg: KnowledgeGraph) -> Iterator[tuple[str, str, list[tuple[str, str]]]]:
    """Per edge, sorted: source, target and ``(attribute, text)`` pairs, checked for XML."""
    props = edge_columns(kg.schema)
    for source, target, key, attrs in kg.edges():
        what = f"{attrs['type']} edge {source!r} -> {target!r}"
        extra = {"type": attrs["type"], "label": attrs["type"], "edge_key": key}
        yield source, target, list(_values(props, attrs, extra, what))


def kg_from_networkx(graph: nx.MultiDiGraph, schema: Schema, path: Path) -> KnowledgeGraph:
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


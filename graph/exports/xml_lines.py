"""GraphML's and GEXF's node and edge lines, made column by column (see :mod:`.arrow_rows`).

A line is what :func:`.graphml.graphml_text` or :func:`.gexf.gexf_text` writes for the node or
edge: the same attributes in the same order, the same escapes (:data:`.xmlgraph.TEXT_ESCAPES`
in element content, :data:`.xmlgraph.ATTR_ESCAPES` in attribute values). A value XML cannot
carry is found by one pattern over a piece's texts; the writer's own check of that one node or
edge then raises the error it always raised.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from chainkg.errors import ExportError
from chainkg.graph.exports.arrow_rows import (
    CHUNK,
    GraphTables,
    Piece,
    edge_pieces,
    escape,
    joined_lines,
    ordered_lines,
    unsafe_rows,
    value_texts,
)
from chainkg.graph.exports.xmlgraph import ATTR_ESCAPES, TEXT_ESCAPES, edge_pairs, node_pairs, xml_attr, xml_text
from chainkg.graph.model import KnowledgeGraph
from chainkg.graph.schema import Prop

__all__ = ["GEXF", "GRAPHML", "Markup", "element_pieces"]

# what XML 1.0 cannot carry, in RE2's syntax (a surrogate cannot be in Arrow's UTF-8)
_UNSAFE = r"[\x00-\x08\x0b\x0c\x0e-\x1f\x{fffe}\x{ffff}]"


@dataclass(frozen=True)
class Markup:
    """How one format writes a node's or an edge's line around its ``(attribute, text)`` pairs."""

    node_open: Callable[[Any, Any], list[Any]]  # (quoted id, its name's text) -> parts
    node_close: str
    edge_open: Callable[[Any, Any, Any, str], list[Any]]  # (number, quoted source, quoted target, type) -> parts
    edge_close: str
    value: Callable[[str, str, Any], list[Any]]  # (node or edge, attribute, its text) -> parts
    skip: str | None  # an attribute the open part holds instead


def _graphml_value(kind: str, name: str, text: Any) -> list[Any]:
    head = f'<data key="{kind[0]}_{name}">'
    if isinstance(text, str):
        return [head + xml_text(text) + "</data>"]
    return [head, escape(text, TEXT_ESCAPES), "</data>"]


def _gexf_value(kind: str, name: str, text: Any) -> list[Any]:
    head = f'<attvalue for="{name}" value='
    if isinstance(text, str):
        return [head + xml_attr(text) + "/>"]
    return [head + '"', escape(text, ATTR_ESCAPES), '"/>']


GRAPHML = Markup(
    node_open=lambda nid, name: ["    <node id=", nid, ">"],
    node_close="</node>",
    edge_open=lambda number, source, target, rel: [
        '    <edge id="e',
        number,
        '" source=',
        source,
        " target=",
        target,
        ">",
    ],
    edge_close="</edge>",
    value=_graphml_value,
    skip=None,
)
GEXF = Markup(
    node_open=lambda nid, name: ["      <node id=", nid, ' label="', escape(name, ATTR_ESCAPES, True), '"><attvalues>'],
    node_close="</attvalues></node>",
    edge_open=lambda number, source, target, rel: [
        '      <edge id="',
        number,
        '" source=',
        source,
        " target=",
        target,
        " label=" + xml_attr(rel) + "><attvalues>",
    ],
    edge_close="</attvalues></edge>",
    value=_gexf_value,
    skip="label",
)


def element_pieces(kg: KnowledgeGraph, tables: GraphTables, markup: Markup) -> Iterator[pa.Buffer | bytes]:
    """Every node's line, then every edge's, in graph.json's order, as UTF-8 pieces."""
    quoted = pc.binary_join_element_wise('"', escape(tables.node_ids, ATTR_ESCAPES), '"', "")  # ids are distinct
    schema = kg.schema
    for label, table in tables.nodes:
        props = tuple(p for p in schema.node_props(label) if p.name != "id")
        for start in range(0, table.num_rows, CHUNK):
            yield joined_lines(_node_lines(kg, label, props, table.slice(start, CHUNK), markup))
    for start, piece in edge_pieces(tables):
        yield joined_lines(_edge_piece(kg, tables, start, piece, quoted, markup))


def _edge_piece(
    kg: KnowledgeGraph, tables: GraphTables, start: int, piece: Piece, quoted: pa.Array, markup: Markup
) -> pa.Array:
    """The lines of a piece of edges (the first the ``start``-th), in order."""
    bad: list[tuple[int, str, pa.Table, int]] = []

    def lines(rel: str, rows: pa.Table, place: np.ndarray) -> pa.Array:
        made, unsafe = _edge_lines(kg.schema.edge_props(rel), rel, rows, start + place, quoted, markup)
        if len(unsafe):
            bad.append((int(place[unsafe[0]]), rel, rows, int(unsafe[0])))
        return made

    made = ordered_lines(piece, lines)
    if bad:
        _, rel, rows, row = min(bad, key=lambda hit: hit[0])
        _raise_edge(kg, tables, rel, rows, row)
    return made


def _node_lines(kg: KnowledgeGraph, label: str, props: tuple[Prop, ...], table: pa.Table, markup: Markup) -> pa.Array:
    ids, names = table["id"].combine_chunks(), table["name"].combine_chunks()
    texts = [("labels", label), ("label", names), *((p.name, value_texts(table[p.name], p)) for p in props)]
    unsafe = unsafe_rows([ids, *(text for _, text in texts)], _UNSAFE)
    if len(unsafe):
        node_pairs(props, kg.node(ids[int(unsafe[0])].as_py()))  # raises the error naming it
        raise ExportError(
            "a value holds a character XML 1.0 cannot carry",
            None,
            "remove control characters from the input and rebuild, or export to json or csv",
        )
    quoted = pc.binary_join_element_wise('"', escape(ids, ATTR_ESCAPES), '"', "")
    parts = markup.node_open(quoted, names)
    for name, text in texts:
        if name != markup.skip:
            parts += _optional(markup.value("node", name, text))
    return _assembled([*parts, markup.node_close])


def _edge_lines(
    props: tuple[Prop, ...], rel: str, rows: pa.Table, places: np.ndarray, quoted: pa.Array, markup: Markup
) -> tuple[pa.Array, np.ndarray]:
    keys = rows["key"].combine_chunks()
    texts = [
        ("type", rel),
        ("label", rel),
        ("edge_key", keys),
        *((p.name, value_texts(rows[p.name], p)) for p in props),
    ]
    unsafe = unsafe_rows([keys, *(text for _, text in texts)], _UNSAFE)
    number = pc.cast(pa.array(places, pa.int64()), pa.string())
    source, target = (quoted.take(rows[f"{end}_rank"]) for end in ("source", "target"))
    parts = markup.edge_open(number, source, target, rel)
    for name, text in texts:
        if name != markup.skip:
            parts += _optional(markup.value("edge", name, text))
    return _assembled([*parts, markup.edge_close]), unsafe


def _optional(parts: list[Any]) -> list[Any]:
    """A value's parts as one part that is empty where the value is null, or as they are."""
    if all(isinstance(part, str) or part.null_count == 0 for part in parts):
        return parts
    return [pc.fill_null(pc.binary_join_element_wise(*parts, ""), "")]


def _assembled(parts: list[Any]) -> pa.Array:
    """The parts (strings, and arrays of one length: a line always holds an id) joined per row."""
    return pc.binary_join_element_wise(*parts, "")


def _raise_edge(kg: KnowledgeGraph, tables: GraphTables, rel: str, rows: pa.Table, row: int) -> None:
    """Raise the writer's own error for row ``row`` of ``rows`` (edges of ``rel``)."""
    ids = tables.node_ids
    source, target = (ids[rows[f"{end}_rank"][row].as_py()].as_py() for end in ("source", "target"))
    key = rows["key"][row].as_py()
    for s, t, k, attrs in kg.edge_items(rel):
        if (s, t, k) == (source, target, key):
            edge_pairs(kg.schema.edge_props(rel), s, t, k, attrs)  # raises the error naming it
    raise ExportError(
        f"{rel} edge {source!r} -> {target!r} holds a character XML 1.0 cannot carry",
        None,
        "remove control characters from the input and rebuild, or export to json or csv",
    )

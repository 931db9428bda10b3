"""The node lines of ``graph.json``, made column by column in Arrow from the nodes' load tables.

Each node's line is what :func:`chainkg.graph.io.nodelink._line` writes for it: its fields in
sorted order (``id``, ``label`` and the properties it has), strings escaped as the JSON encoder
escapes them, evidence records put in as stored. The tables are the ones the database copies
(:func:`~chainkg.graph.engines.embedded.node_load_tables`: one per label, rows in id order).
"""

from __future__ import annotations

import json.encoder
from collections.abc import Iterator, Mapping
from typing import Any

import pyarrow as pa

from chainkg.graph.io.edge_lines import CHUNK, assembled, escaped, field_texts, joined_pieces, large
from chainkg.graph.model import KnowledgeGraph

__all__ = ["node_section"]

_ESCAPE = json.encoder.encode_basestring


def node_section(
    kg: KnowledgeGraph, tables: Mapping[str, pa.Table], separator: str = ",\n"
) -> Iterator[pa.Buffer | bytes]:
    """The lines of every node in id order, joined by ``separator``, as UTF-8 pieces of
    :data:`~chainkg.graph.io.edge_lines.CHUNK` lines; ``tables``: label -> its nodes' table."""
    # an id is "<label>:<name>": the labels' runs of ids come in the order of "<label>:"
    runs = [
        _lines(kg, label, tables[label])
        for label in sorted(tables, key=lambda label: label + ":")
        if tables[label].num_rows
    ]
    if not runs:
        return iter(())
    lines = pa.concat_arrays(runs)
    return joined_pieces((lines.slice(start, CHUNK) for start in range(0, len(lines), CHUNK)), separator)


def _lines(kg: KnowledgeGraph, label: str, table: pa.Table) -> pa.LargeStringArray:
    fields: dict[str, Any] = {"id": escaped(table["id"]), "label": pa.scalar(_ESCAPE(label))}
    for prop in kg.schema.node_props(label):
        if prop.name != "id":
            fields[prop.name] = field_texts(table[prop.name], prop.type, prop.name == "evidence")
    return large(assembled(fields))

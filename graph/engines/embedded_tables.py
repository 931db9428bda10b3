"""The Arrow tables a build copies into the embedded database: one per label, one per relationship
type and pair of end labels, and the evidence frames (see :mod:`chainkg.graph.engines.record_parts`)."""

from __future__ import annotations

from collections.abc import Iterable

import pyarrow as pa
import pyarrow.compute as pc

from chainkg.graph.engines.evidence_layout import FRAME_LABEL, PARTS, STORED
from chainkg.graph.engines.record_parts import Frames, stored_evidence
from chainkg.graph.io.columns import ARROW_TYPES, GraphColumns
from chainkg.graph.model import KnowledgeGraph
from chainkg.graph.schema import Schema
from chainkg.graph.storage.gcpause import paused_gc

__all__ = ["LoadTable", "edge_load_tables", "frame_load_tables", "load_tables", "node_load_tables"]

LoadTable = tuple[str, str, pa.Table]
"""A table name, the COPY options (``from``/``to`` labels of a relationship) and its rows."""


def load_tables(kg: KnowledgeGraph, columns: GraphColumns | None = None) -> list[LoadTable]:
    """What a bulk load COPYs: one Arrow table per label, then per relationship type and pair
    of end labels, then the evidence frames, made from ``kg`` (nodes sorted by id, edges by
    source, target and key; ``columns``: the graph's Arrow tables if the caller has them already)."""
    frames = Frames()
    return node_load_tables(kg) + edge_load_tables(kg, frames, columns) + frame_load_tables(frames)


def frame_load_tables(frames: Frames) -> list[LoadTable]:
    """The table of the evidence frames the edge tables made with ``frames`` point to (they go
    last; none if no edge has a frame)."""
    table = frames.table()
    return [(FRAME_LABEL, "", table)] if table.num_rows else []


def node_load_tables(kg: KnowledgeGraph) -> list[LoadTable]:
    """The node tables of :func:`load_tables` (the edges' can follow later: nodes come first)."""
    schema = kg.schema
    with paused_gc():
        return [
            (label.name, "", table)
            for label in schema.labels
            if (table := _node_table(schema, kg, label.name)).num_rows
        ]


def edge_load_tables(
    kg: KnowledgeGraph, frames: Frames, columns: GraphColumns | None = None, rels: Iterable[str] | None = None
) -> list[LoadTable]:
    """The edge tables of :func:`load_tables` (of the types ``rels`` only, if given), their
    evidence frames numbered by ``frames``."""
    tables = []
    with paused_gc():
        columns = columns or GraphColumns(kg)
        for rel in kg.schema.rels:
            if rels is not None and rel.name not in rels:
                continue
            for (source_label, target_label), table in _edge_tables(kg, rel.name, columns, frames).items():
                tables.append((rel.name, f" (from='{source_label}', to='{target_label}')", table))
    return tables


def _node_table(schema: Schema, kg: KnowledgeGraph, label: str) -> pa.Table:
    props = [p for p in schema.node_props(label) if p.name != "id"]
    names = [p.name for p in props]
    ids, rows = [], []
    for nid, attrs in kg.node_items(
        label
    ):  # one pass over the nodes' dicts (a pass per property cost 7 times the misses)
        ids.append(nid)
        rows.append(tuple(map(attrs.get, names)))
    cells = list(zip(*rows)) if rows else [()] * len(props)
    del rows
    columns = {"id": pa.array(ids, pa.string())}
    columns.update({p.name: pa.array(values, ARROW_TYPES[p.type]) for p, values in zip(props, cells)})
    return pa.table({p.name: columns[p.name] for p in schema.node_props(label)})


def _edge_tables(
    kg: KnowledgeGraph, rel: str, columns: GraphColumns, frames: Frames
) -> dict[tuple[str, str], pa.Table]:
    """One Arrow table per (source label, target label) pair, rows sorted by (source, target, key)."""
    schema = kg.schema
    table = columns.edges.get(rel)
    if table is None:
        return {}
    rows = table.select(["source", "target"]).rename_columns(["from", "to"])
    known = [table[name] for name in PARTS] if PARTS[0] in table.column_names else None
    evidence, *stored = stored_evidence(table["evidence"], known, frames)
    for prop in schema.edge_props(rel):  # in the order of the DDL
        rows = rows.append_column(prop.name, evidence if prop.name == "evidence" else table[prop.name])
    for name, column in zip(STORED, stored):
        rows = rows.append_column(name, column)
    endpoints = schema.rel(rel).endpoints
    if len(endpoints) == 1:
        return {endpoints[0]: rows}
    labels = columns.labels(kg)
    sources, targets = labels.take(table["source_rank"]), labels.take(table["target_rank"])
    tables = {}
    for source_label, target_label in sorted(endpoints):
        mask = pc.and_(pc.equal(sources, source_label), pc.equal(targets, target_label))
        if pc.any(mask).as_py():
            tables[(source_label, target_label)] = rows.filter(mask)
    return tables

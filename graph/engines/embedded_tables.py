"""The Arrow tables a build copies into the embedded database: one per label, and one per
relationship type and pair of end labels. Each holds the schema's properties as graph.json does,
``evidence`` included (a list of the records' canonical JSON text), and nothing else."""

from __future__ import annotations

from collections.abc import Iterable

import pyarrow as pa
import pyarrow.compute as pc

from chainkg.graph.io.columns import ARROW_TYPES, GraphColumns
from chainkg.graph.model import KnowledgeGraph
from chainkg.graph.schema import Schema
from chainkg.graph.storage.gcpause import paused_gc

__all__ = ["LoadTable", "edge_load_tables", "load_tables", "node_load_tables"]

LoadTable = tuple[str, str, pa.Table]
"""A table name, the COPY options (``from``/``to`` labels of a relationship) and its rows."""


def load_tables(kg: KnowledgeGraph, columns: GraphColumns | None = None) -> list[LoadTable]:
    """What a bulk load COPYs: one Arrow table per label, then per relationship type and pair
    of end labels, made from ``kg`` (nodes sorted by id, edges by source, target and key;
    ``columns``: the graph's Arrow tables if the caller has them already)."""
    return node_load_tables(kg) + edge_load_tables(kg, columns)


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
    kg: KnowledgeGraph, columns: GraphColumns | None = None, rels: Iterable[str] | None = None
) -> list[LoadTable]:
    """The edge tables of :func:`load_tables` (of the types ``rels`` only, if given)."""
    tables = []
    with paused_gc():
        columns = columns or GraphColumns(kg)
        for rel in kg.schema.rels:
            if rels is not None and rel.name not in rels:
                continue
            for (source_label, target_label), table in _edge_tables(kg, rel.name, columns).items():
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


def _edge_tables(kg: KnowledgeGraph, rel: str, columns: GraphColumns) -> dict[tuple[str, str], pa.Table]:
    """One Arrow table per (source label, target label) pair, rows sorted by (source, target, key)."""
    schema = kg.schema
    table = columns.edges.get(rel)
    if table is None:
        return {}
    names = [prop.name for prop in schema.edge_props(rel)]  # in the order of the DDL
    rows = table.select(["source", "target", *names]).rename_columns(["from", "to", *names])
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

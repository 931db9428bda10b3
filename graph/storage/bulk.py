"""Column-wise loading: a table's nodes or edges added in one call, what the model's
``add_node`` and ``add_edge`` do row by row, without their per-row costs.

The model's :meth:`~chainkg.graph.model.KnowledgeGraph.add_node_columns` and
:meth:`~chainkg.graph.model.KnowledgeGraph.add_edge_columns` call the functions here (apart only to
keep each module short). They reach the edges through the model's stores only (:mod:`.edges`:
``_writable``, ``_put_table``, ``_added``), and the nodes through the model's dicts and indexes.
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from chainkg.errors import ChainKGError, SchemaError
from chainkg.graph.checks import RESERVED_EDGE, RESERVED_NODE, AtRow, convert_column
from chainkg.graph.evidence import union_evidence
from chainkg.graph.identity import node_id
from chainkg.graph.names import add_owner, clean_name, name_props, spelled
from chainkg.graph.storage.coded import Cells, by_value, per_value, ranks_of, single
from chainkg.graph.storage.edges import EdgeKey
from chainkg.graph.storage.frozen import frozen_from_rows

if TYPE_CHECKING:
    from chainkg.graph.model import KnowledgeGraph

__all__ = ["add_edge_columns", "add_node_columns"]


def add_node_columns(
    kg: KnowledgeGraph,
    labels: Cells,
    names: Cells,
    aliases: list[tuple[str, ...]],
    props: Mapping[str, Cells],
    evidence: Cells,
    where: Callable[[int], str],
) -> None:
    """What :meth:`~chainkg.graph.model.KnowledgeGraph.add_node_columns` does."""
    kg._thaw()
    columns = _node_columns(kg, labels, props)
    try:
        if columns is None:
            _add_nodes_checking(kg, labels, names, aliases, sorted(props.items()), evidence)
        else:
            _add_new_nodes(kg, labels, names, aliases, columns, evidence)
    except AtRow as exc:
        if exc.error.where:
            raise exc.error from None
        raise exc.error.at(where(exc.row)) from exc.error
    finally:
        kg._order.clear()


def _node_columns(kg: KnowledgeGraph, labels: Cells, props: Mapping[str, Cells]) -> list[tuple[str, list[Any]]] | None:
    """The property columns converted for the one label of every row (None: blank), sorted by
    name; None when the rows have several labels or a cell breaks the schema (then the rows are
    checked one by one, for the error of the first bad row)."""
    if not single(labels):
        return None
    first = labels[0]
    try:
        allowed = {p.name: p for p in kg.schema.node_props(first)}
    except ChainKGError:
        return None
    columns = []
    for name, cells in sorted(props.items()):
        values, failure = convert_column(first, allowed, RESERVED_NODE, name, cells)
        if failure is not None:
            return None
        columns.append((name, values))
    return columns


def _add_nodes_checking(
    kg: KnowledgeGraph,
    labels: Sequence[str],
    names: Sequence[str],
    aliases: Sequence[tuple[str, ...]],
    columns: list[tuple[str, Sequence[Any]]],
    evidence: Sequence[str],
) -> None:
    """Add nodes row by row, checking each row's properties (the first bad row raises)."""
    nodes, labelled = kg._nodes, kg._labelled
    for row, (label, name, more, record) in enumerate(zip(labels, names, aliases, evidence)):
        try:
            given = {column: value for column, values in columns if (value := values[row]) is not None and value != ""}
            name = clean_name(label, name)
            clean = kg._check_node_props(label, given)
            nid = node_id(label, name)
            if nid in nodes or nid in kg._folded:
                kg.add_node(label, name, aliases=more, evidence=[record], by_alias=False, **clean)
                continue
            nodes[nid] = {"label": label, "name": name, "aliases": [], "evidence": []}
            labelled[label].add(nid)
            alias_list = [clean_name(label, alias) for alias in [*more, *name_props(clean)] if str(alias).strip()]
            kg._merge_into(nid, [name, *alias_list], [record], clean)
        except ChainKGError as exc:
            raise AtRow(row, exc) from exc


def _add_new_nodes(
    kg: KnowledgeGraph,
    labels: Sequence[str],
    names: Sequence[str],
    aliases: Sequence[tuple[str, ...]],
    columns: list[tuple[str, list[Any]]],
    evidence: Sequence[str],
) -> None:
    """Add nodes whose properties are converted and valid: a new node is made in place (what
    :meth:`_merge_into` makes of it), a known one merges through :meth:`add_node`."""
    nodes, labelled, index = kg._nodes, kg._labelled, kg._names
    for row, (label, name, more, record) in enumerate(zip(labels, names, aliases, evidence)):
        try:
            given = {column: value for column, values in columns if (value := values[row]) is not None}
            name = clean_name(label, name)
            nid = node_id(label, name)
            if nid in nodes or nid in kg._folded:
                kg.add_node(label, name, aliases=more, evidence=[record], by_alias=False, **given)
                continue
            spellings = [clean_name(label, alias) for alias in [*more, *name_props(given)] if str(alias).strip()]
            attrs = nodes[nid] = {"label": label, "name": name, "aliases": [], "evidence": [record], **given}
            labelled[label].add(nid)
            known: dict[str, str] = {}
            for key in spelled(attrs, known, [name, *spellings]):
                add_owner(index, (label, key), nid)
            if known:
                attrs["aliases"] = sorted(known.values()) if len(known) > 1 else list(known.values())
        except ChainKGError as exc:
            raise AtRow(row, exc) from exc


def add_edge_columns(
    kg: KnowledgeGraph,
    rel: str,
    sources: Cells,
    targets: Cells,
    props: Mapping[str, Cells],
    evidence: Cells,
    where: Callable[[int], str],
) -> None:
    """What :meth:`~chainkg.graph.model.KnowledgeGraph.add_edge_columns` does: rows that all pass
    the schema and hold no edge twice, into a type that holds no edges yet or only a table of
    others, go straight into a table (:mod:`.frozen`), no dict per edge; others into its dicts."""
    kg.schema.rel(rel)
    columns, (bad_row, bad) = _edge_columns(kg, rel, props)
    keys = _key_column(kg, rel, columns, len(sources))
    rank = kg._order.ranks()
    ends = (ranks_of(sources, rank), ranks_of(targets, rank))
    checked = _all_allowed(kg, rel, ends)
    if checked and bad is None:
        try:
            ids = (kg._order.ids(), kg._order.array())
            table = frozen_from_rows(rel, kg.schema, ids, ends, keys, columns, evidence)
        except (UnicodeError, OverflowError):  # text or numbers Arrow cannot hold: the dicts can
            table = None
        if table is not None and kg._put_table(rel, table):
            return
    edges = kg._writable(rel)
    new: list[EdgeKey] = []
    row = 0
    try:
        for row, (source, target, record, key) in enumerate(zip(sources, targets, evidence, keys)):
            if not checked:
                kg._check_labels(rel, source, target)
            if row == bad_row and bad is not None:
                raise bad
            edge = (source, target, key)
            attrs = edges.by_key.get(edge)
            if attrs is None:
                attrs = edges.by_key[edge] = {"type": rel, "evidence": [record]}
                for name, values in columns:
                    if (value := values[row]) is not None:
                        attrs[name] = value
                new.append(edge)
            else:
                clean = {name: value for name, values in columns if (value := values[row]) is not None}
                kg._fill(attrs, clean, f"{rel} {source} -> {target}")
                attrs["evidence"] = union_evidence(attrs["evidence"], [record])
    except ChainKGError as exc:
        if exc.where:
            raise
        raise exc.at(where(row)) from exc
    finally:
        edges.changed()
        kg._added(rel, new)


def _all_allowed(kg: KnowledgeGraph, rel: str, ends: tuple[np.ndarray, np.ndarray]) -> bool:
    """Whether the schema allows ``rel`` between the labels of every row's ends (given as
    ranks among the sorted ids): then no row needs checking. Each pair of labels is asked once."""
    label_of, labels = kg._order.label_codes(), kg.schema.labels
    pairs = np.unique(label_of[ends[0]] * len(labels) + label_of[ends[1]]).tolist()
    return all(
        kg.schema.allows(rel, labels[pair // len(labels)].name, labels[pair % len(labels)].name) for pair in pairs
    )


def _key_column(kg: KnowledgeGraph, rel: str, columns: list[tuple[str, Sequence[Any]]], rows: int) -> Sequence[str]:
    """The edge key of every row, as :meth:`_edge_key` makes it, each distinct key made once."""
    names = kg.schema.rel(rel).key
    given = dict(columns)
    if not any(name in given for name in names):
        return [kg._edge_key(rel, {}) if names else rel] * rows
    if len(names) == 1:  # one key column: a key per value
        name = names[0]
        return per_value(given[name], lambda value: kg._edge_key(rel, {} if value is None else {name: value}))
    made: dict[tuple[Any, ...], str] = {}
    keys = []
    for values in zip(*(given.get(name) or itertools.repeat(None, rows) for name in names)):
        key = made.get(values)
        if key is None:
            key = made[values] = kg._edge_key(rel, {n: v for n, v in zip(names, values) if v is not None})
        keys.append(key)
    return keys


def _edge_columns(
    kg: KnowledgeGraph, rel: str, props: Mapping[str, Cells]
) -> tuple[list[tuple[str, Sequence[Any]]], tuple[int, SchemaError | None]]:
    """``(name, values)`` per property column, sorted by name, each value converted to the
    schema's type (None: blank), and the first row whose value broke the schema with its error
    (-1, None if none), raised when the loop reaches that row so that an earlier row's error wins."""
    allowed = kg._edge_props(rel)
    columns, failures = [], []
    for name, cells in sorted(props.items()):
        values, failure = by_value(cells, functools.partial(convert_column, rel, allowed, RESERVED_EDGE, name))
        columns.append((name, values))
        if failure is not None:
            failures.append(failure)
    return columns, min(failures, key=lambda failure: failure[0], default=(-1, None))

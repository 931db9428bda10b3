"""Column-wise loading: a table's nodes or edges added in one call, what the model's
``add_node`` and ``add_edge`` do row by row, without their per-row costs.

:class:`ColumnLoading` is part of :class:`~chainkg.graph.model.KnowledgeGraph` (a base class
of it, apart only to keep each module short). It reaches the edges only through the model's
stores (:mod:`.edges`: ``_writable``, ``_put_table``), and the nodes through the model's dicts.
"""

from __future__ import annotations

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

if TYPE_CHECKING:  # the methods are the model's: ``self`` is one
    from chainkg.graph.model import KnowledgeGraph

__all__ = ["ColumnLoading"]


class ColumnLoading:
    """The column-wise ways in of :class:`~chainkg.graph.model.KnowledgeGraph`."""

    def add_node_columns(
        self: KnowledgeGraph,
        labels: Cells,
        names: Cells,
        aliases: list[tuple[str, ...]],
        props: Mapping[str, Cells],
        evidence: Cells,
        where: Callable[[int], str],
    ) -> None:
        """Add nodes given column by column, as :meth:`add_node` with ``by_alias=False`` would one
        by one (row ``i``: ``labels[i]``, ``names[i]``, ``aliases[i]``, ``props[name][i]`` with None
        or blank for none, one canonical evidence record ``evidence[i]``), without its per-call costs
        for a node that is new. An error is raised located at ``where(i)``."""
        self._thaw()
        columns = self._node_columns(labels, props)
        try:
            if columns is None:
                self._add_nodes_checking(labels, names, aliases, sorted(props.items()), evidence)
            else:
                self._add_new_nodes(labels, names, aliases, columns, evidence)
        except AtRow as exc:
            if exc.error.where:
                raise exc.error from None
            raise exc.error.at(where(exc.row)) from exc.error
        finally:
            self._node_order.clear()

    def _node_columns(
        self: KnowledgeGraph, labels: Cells, props: Mapping[str, Cells]
    ) -> list[tuple[str, list[Any]]] | None:
        """The property columns converted for the one label of every row (None: blank), sorted by
        name; None when the rows have several labels or a cell breaks the schema (then the rows are
        checked one by one, for the error of the first bad row)."""
        if not single(labels):
            return None
        first = labels[0]
        try:
            allowed = {p.name: p for p in self.schema.node_props(first)}
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
        self: KnowledgeGraph,
        labels: Sequence[str],
        names: Sequence[str],
        aliases: Sequence[tuple[str, ...]],
        columns: list[tuple[str, Sequence[Any]]],
        evidence: Sequence[str],
    ) -> None:
        """Add nodes row by row, checking each row's properties (the first bad row raises)."""
        nodes, labelled = self._nodes, self._labelled
        for row, (label, name, more, record) in enumerate(zip(labels, names, aliases, evidence)):
            try:
                given = {
                    column: value for column, values in columns if (value := values[row]) is not None and value != ""
                }
                name = clean_name(label, name)
                clean = self._check_node_props(label, given)
                nid = node_id(label, name)
                if nid in nodes or nid in self._folded:
                    self.add_node(label, name, aliases=more, evidence=[record], by_alias=False, **clean)
                    continue
                nodes[nid] = {"label": label, "name": name, "aliases": [], "evidence": []}
                labelled[label].add(nid)
                alias_list = [clean_name(label, alias) for alias in [*more, *name_props(clean)] if str(alias).strip()]
                self._merge_into(nid, [name, *alias_list], [record], clean)
            except ChainKGError as exc:
                raise AtRow(row, exc) from exc

    def _add_new_nodes(
        self: KnowledgeGraph,
        labels: Sequence[str],
        names: Sequence[str],
        aliases: Sequence[tuple[str, ...]],
        columns: list[tuple[str, list[Any]]],
        evidence: Sequence[str],
    ) -> None:
        """Add nodes whose properties are converted and valid: a new node is made in place (what
        :meth:`_merge_into` makes of it), a known one merges through :meth:`add_node`."""
        nodes, labelled, index = self._nodes, self._labelled, self._names
        for row, (label, name, more, record) in enumerate(zip(labels, names, aliases, evidence)):
            try:
                given = {column: value for column, values in columns if (value := values[row]) is not None}
                name = clean_name(label, name)
                nid = node_id(label, name)
                if nid in nodes or nid in self._folded:
                    self.add_node(label, name, aliases=more, evidence=[record], by_alias=False, **given)
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
        self: KnowledgeGraph,
        rel: str,
        sources: Cells,
        targets: Cells,
        props: Mapping[str, Cells],
        evidence: Cells,
        where: Callable[[int], str],
    ) -> None:
        """Add edges of one type given column by column: ``sources[i] -> targets[i]`` (node ids),
        properties ``props[name][i]`` (None or blank: none) and one canonical evidence record
        ``evidence[i]`` each. What :meth:`add_edge` does edge by edge, without its per-call costs;
        an error is raised located at ``where(i)`` of the row that broke the schema.

        Rows that all pass the schema and hold no edge twice, into a type that holds no edges yet
        or only a table of others, go straight into a table (:mod:`.frozen`), no dict per edge."""
        self.schema.rel(rel)
        columns, (bad_row, bad) = self._edge_columns(rel, props)
        keys = self._key_column(rel, columns, len(sources))
        rank = self._ranks()
        ends = (ranks_of(sources, rank), ranks_of(targets, rank))
        checked = self._all_allowed(rel, ends)
        if checked and bad is None:
            try:
                ids = (self._sorted_ids(), self._id_array())
                table = frozen_from_rows(rel, self.schema, ids, ends, keys, columns, evidence)
            except (UnicodeError, OverflowError):  # text or numbers Arrow cannot hold: the dicts can
                table = None
            if table is not None and self._put_table(rel, table):
                return
        edges = self._writable(rel)
        new: list[EdgeKey] = []
        row = 0
        try:
            for row, (source, target, record, key) in enumerate(zip(sources, targets, evidence, keys)):
                if not checked:
                    self._check_labels(rel, source, target)
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
                    self._fill(attrs, clean, f"{rel} {source} -> {target}")
                    attrs["evidence"] = union_evidence(attrs["evidence"], [record])
        except ChainKGError as exc:
            if exc.where:
                raise
            raise exc.at(where(row)) from exc
        finally:
            edges.changed()
            self._added(rel, new)

    def _all_allowed(self: KnowledgeGraph, rel: str, ends: tuple[np.ndarray, np.ndarray]) -> bool:
        """Whether the schema allows ``rel`` between the labels of every row's ends (given as
        ranks among the sorted ids): then no row needs checking. Each pair of labels is asked once."""
        label_of, labels = self._label_codes(), self.schema.labels
        pairs = np.unique(label_of[ends[0]] * len(labels) + label_of[ends[1]]).tolist()
        return all(
            self.schema.allows(rel, labels[pair // len(labels)].name, labels[pair % len(labels)].name) for pair in pairs
        )

    def _key_column(self: KnowledgeGraph, rel: str, columns: list[tuple[str, Sequence[Any]]], rows: int) -> Cells:
        """The edge key of every row, as :meth:`_edge_key` makes it, each distinct key made once."""
        names = self.schema.rel(rel).key
        given = dict(columns)
        if not any(name in given for name in names):
            return [self._edge_key(rel, {}) if names else rel] * rows
        if len(names) == 1:  # one key column: a key per value
            name = names[0]
            return per_value(given[name], lambda value: self._edge_key(rel, {} if value is None else {name: value}))
        made: dict[tuple[Any, ...], str] = {}
        keys = []
        for values in zip(*(given.get(name) or itertools.repeat(None, rows) for name in names)):
            key = made.get(values)
            if key is None:
                key = made[values] = self._edge_key(rel, {n: v for n, v in zip(names, values) if v is not None})
            keys.append(key)
        return keys

    def _edge_columns(
        self: KnowledgeGraph, rel: str, props: Mapping[str, Cells]
    ) -> tuple[list[tuple[str, Sequence[Any]]], tuple[int, SchemaError | None]]:
        """``(name, values)`` per property column, sorted by name, each value converted to the
        schema's type (None: blank), and the first row whose value broke the schema with its error
        (-1, None if none), raised when the loop reaches that row so that an earlier row's error wins."""
        allowed = self._edge_props(rel)
        columns, failures = [], []
        for name, cells in sorted(props.items()):
            values, failure = by_value(
                cells, lambda values, name=name: convert_column(rel, allowed, RESERVED_EDGE, name, values)
            )
            columns.append((name, values))
            if failure is not None:
                failures.append(failure)
        return columns, min(failures, key=lambda failure: failure[0], default=(-1, None))

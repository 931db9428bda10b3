"""Applying a mapping to the rows of a file: facts with provenance, or the list of bad rows.

Every row is checked against the schema here, before anything is loaded:
labels and types, key columns, property names and types, allowed endpoint
patterns. A file with bad rows fails as a whole with :class:`BadRowsError`,
which lists them all (``file:line:column: rule``); with ``skip_bad`` they are
reported through ``on_skip`` and the other rows load. Each fact's evidence
names the file (content hash and path), the line and, for a workbook, the sheet.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from chainkg.errors import BadRowsError, LoadError, SchemaError
from chainkg.graph.facts import EdgeBlock, EdgeFact, NodeBlock, NodeFact, NodeRef
from chainkg.graph.schema import SCHEMA, Prop, Schema
from chainkg.graph.storage.gcpause import paused_gc
from chainkg.loaders.mapped_columns import columnar, entry_blocks
from chainkg.loaders.mapping import (
    LIST_SEPARATOR,
    RESERVED_PROPS,
    Condition,
    Endpoint,
    FileSpec,
    Lookup,
    NodeEntry,
    Pick,
    RelEntry,
    Unnest,
    default_entries,
    holds,
    list_items,
    match_text,
)
from chainkg.loaders.records import Record, RecordFile, Where, has_control, read_records

__all__ = ["LIST_SEPARATOR", "BadRowsError", "facts_from_records", "load_file", "read_lookup", "unnested"]


Fact = NodeFact | EdgeFact
Problem = tuple[Where, str]


def bad_rows(problems: list[Problem], display: str) -> BadRowsError:
    """One error for all ``problems`` of the file ``display``, the first one in front."""
    lines = {where.line for where, _ in problems}
    first, rule = problems[0]
    if len(lines) == 1:
        fix = f"1 bad row in {display}{', listed below' if len(problems) > 1 else ''}; fix it, or build with --skip-bad to load the other rows"
    else:
        fix = f"{len(lines)} bad rows in {display}, listed below; fix them, or build with --skip-bad to load the other rows"
    return BadRowsError(rule, str(first), fix, [f"{where}: {text}" for where, text in problems])


def load_file(
    spec: FileSpec,
    display: str,
    *,
    skip_bad: bool = False,
    on_skip: Callable[[str], None] = lambda _msg: None,
    schema: Schema = SCHEMA,
) -> list[Fact | NodeBlock | EdgeBlock]:
    """Facts of one mapped file; bad rows raise, or are skipped and reported."""
    with paused_gc():  # records and facts form no cycles; the collector took half the mapping time
        rows = read_records(spec.path, display, spec.format, spec.sheet)
        lookups = {lookup.name: read_lookup(lookup) for lookup in spec.lookups}
        facts, problems = facts_from_records(spec, rows, schema, lookups)
    if problems and not skip_bad:
        raise bad_rows(problems, display)
    for where, rule in problems:
        on_skip(f"skipped {where}: {rule}")
    for where, text in rows.cleaned:
        on_skip(f"cleaned {where}: control characters taken out of {text!r}")
    return facts


def read_lookup(lookup: Lookup) -> dict[str, str]:
    """A lookup's table as ``{code: name}``; a code given two names is an error naming both lines."""
    rows = read_records(lookup.path, lookup.display, lookup.format, lookup.sheet)
    table: dict[str, str] = {}
    lines: dict[str, int] = {}
    for record in rows.records:
        values = record.values or {}
        key, value = values.get(lookup.key), values.get(lookup.value)
        if key is None or value is None or isinstance(key, (dict, list)) or isinstance(value, (dict, list)):
            continue
        key, value = match_text(key), str(value).strip()
        if table.setdefault(key, value) != value:
            raise LoadError(
                f"lookup {lookup.name!r}: {lookup.key} {key!r} is {table[key]!r} on line {lines[key]} and {value!r} here",
                str(rows.where(record, lookup.key)),
                "keep one row per code in the lookup's file",
            )
        lines.setdefault(key, record.line)
    return table


def unnested(rows: RecordFile, unnest: Unnest) -> tuple[RecordFile, list[Problem]]:
    """``rows`` with one row per item of the column ``unnest.column`` (an object: a row per key
    and value; a list, or a CSV cell split at ``|``: a row per item); an empty one gives none."""
    records: list[Record] = []
    problems: list[Problem] = []
    for record in rows.records:
        if record.values is None or unnest.column not in record.values:
            records.append(record)
            continue
        rest = {k: v for k, v in record.values.items() if k != unnest.column}
        items = record.values[unnest.column]
        if isinstance(items, str):
            items = list(list_items(items))
        if isinstance(items, dict) and unnest.key is not None:
            pairs = [{**rest, unnest.key: key, unnest.value: value} for key, value in items.items()]
        elif isinstance(items, list) and unnest.key is None:
            pairs = [{**rest, unnest.value: item} for item in items]
        else:
            want = (
                "an object (unnest with key: and value:)"
                if unnest.key is not None
                else "a list (or give key: to unnest an object)"
            )
            problems.append(
                (rows.where(record, unnest.column), f"{unnest.column} must be {want}, got {type(items).__name__}")
            )
            continue
        records.extend(Record(record.line, values, raw=record.raw) for values in pairs)
    derived = {unnest.value: unnest.column} | ({unnest.key: unnest.column} if unnest.key else {})
    columns = None if rows.columns is None else [*rows.columns, *derived]
    return RecordFile(
        rows.display, rows.doc, rows.format, records, columns, rows.sheet, derived, rows.cleaned
    ), problems


def facts_from_records(
    spec: FileSpec, rows: RecordFile, schema: Schema = SCHEMA, lookups: dict[str, dict[str, str]] | None = None
) -> tuple[list[Fact | NodeBlock | EdgeBlock], list[Problem]]:
    """The facts of every good row (blocks of columns for the ordinary ones, see
    :mod:`.mapped_columns`), and the problems of every bad one."""
    problems: list[Problem] = []
    if spec.unnest is not None:
        rows, problems = unnested(rows, spec.unnest)
    nodes, rels = _entries(spec, rows)
    lookups = lookups or {}
    blocks, plain = entry_blocks(spec, rows, schema, lookups) if columnar(spec) else ([], range(len(rows.records)))
    shared = _Shared(schema, lookups, {lookup.name: lookup for lookup in spec.lookups})
    facts: list[Fact | NodeBlock | EdgeBlock] = list(blocks)
    for record in map(rows.records.__getitem__, plain):
        if record.values is None:
            problems.append(
                (Where(rows.display, record.line, record.error_column, rows.sheet), record.error or "unreadable row")
            )
            continue
        row = _Row(rows, record, shared)
        found: list[Fact | None] = [row.node(e) for e in nodes if row.matches(e.where)]
        found += [row.edge(e) for e in rels if row.matches(e.where)]
        if not found and spec.unmatched == "error":
            row.unmatched((*nodes, *rels), spec.default)
        if row.problems:
            problems.extend(row.problems)
        else:
            facts.extend(f for f in found if f is not None)
    problems.sort(key=lambda problem: problem[0].line)
    return facts, problems


def _entries(spec: FileSpec, rows: RecordFile) -> tuple[tuple[NodeEntry, ...], tuple[RelEntry, ...]]:
    if not spec.default:
        _check_columns(spec, rows)
        return spec.nodes, spec.relationships
    nodes, rels = default_entries(rows.columns)
    if not nodes and not rels:
        raise LoadError(
            "cannot tell what this table holds",
            str(Where(rows.display, 1, None, rows.sheet)),
            "give a header with label,name (nodes) or type,source,target (edges), or map the columns in the mapping",
        )
    return nodes, rels


def _check_columns(spec: FileSpec, rows: RecordFile) -> None:
    """Every column the mapping names must be in the header (JSON Lines: in some row)."""
    if rows.columns is not None:
        header, missing = rows.columns, "is not in the header of"
    else:
        keys: dict[str, None] = {}
        for record in rows.records:
            keys.update(dict.fromkeys(record.values or ()))
        header, missing = list(keys), "is in no row of"
    entries: tuple[NodeEntry | RelEntry, ...] = (*spec.nodes, *spec.relationships)
    for entry in entries:
        spots = dict(entry.column_spots)
        for column in _named_columns(entry):
            if header and column not in header:
                raise LoadError(
                    f"column {column!r} {missing} {rows.display}",
                    spots.get(column, entry.spot),
                    f"use one of: {', '.join(c for c in header if c)}",
                )


def _named_columns(entry: NodeEntry | RelEntry) -> list[str]:
    """The columns an entry needs: those the mapping names, and a node's key column."""
    columns = [column for column, _ in entry.column_spots]
    return columns + [entry.name] if isinstance(entry, NodeEntry) else columns


class _Shared:
    """What every row of a file looks up: properties by owner, the columns an entry uses."""

    def __init__(self, schema: Schema, lookups: dict[str, dict[str, str]], specs: dict[str, Lookup]) -> None:
        self.schema = schema
        self.lookups, self.lookup_specs = lookups, specs
        self._known: dict[tuple[str, bool], dict[str, Prop]] = {}
        self._used: dict[int, set[str | None]] = {}
        self._fits: dict[tuple[str, str | None, str | None], bool] = {}

    def fits(self, rel: str, source: str | None, target: str | None) -> bool:
        """Whether ``rel`` may join these labels (None: any label)."""
        key = (rel, source, target)
        if key not in self._fits:
            endpoints = self.schema.rel(rel).endpoints
            self._fits[key] = any(source in (None, s) and target in (None, t) for s, t in endpoints)
        return self._fits[key]

    def known(self, owner: str, node_side: bool) -> dict[str, Prop]:
        if (owner, node_side) not in self._known:
            props = self.schema.node_props(owner) if node_side else self.schema.edge_props(owner)
            self._known[(owner, node_side)] = {p.name: p for p in props if p.name not in RESERVED_PROPS}
        return self._known[(owner, node_side)]

    def used(self, entry: NodeEntry | RelEntry) -> set[str | None]:
        """Columns an entry reads for other things than properties."""
        if id(entry) not in self._used:
            used = {entry.note, *(c.column for c in entry.where)}
            if isinstance(entry, NodeEntry):
                used |= {entry.name, entry.aliases, entry.label.column}
            else:
                used |= {entry.type.column, entry.source.column, entry.target.column}
                used |= {e.label.column for e in (entry.source, entry.target) if e.label}
            self._used[id(entry)] = used
        return self._used[id(entry)]


class _Row:
    """One record being turned into facts; problems are collected, not raised."""

    def __init__(self, rows: RecordFile, record: Record, shared: _Shared) -> None:
        self.rows, self.record, self.shared, self.schema = rows, record, shared, shared.schema
        self.values: dict[str, Any] = record.values or {}
        self.problems: list[Problem] = []

    def fail(self, column: str | None, rule: str) -> None:
        self.problems.append((self.rows.where(self.record, column), rule))

    def get(self, column: str | None) -> Any:
        value = self.values.get(column) if column else None
        if isinstance(value, str) and has_control(value):
            value = self.cleaned(column, value)
        return None if value is None or (isinstance(value, str) and not value.strip()) else value

    def cleaned(self, column: str | None, value: str) -> str:
        """``value`` cleaned (see :func:`.records.without_controls`), noted once per cell."""
        clean = self.values[column or ""] = self.rows.clean(self.record, column, value)
        return clean

    def matches(self, conditions: tuple[Condition, ...]) -> bool:
        return holds(conditions, self.get)

    def unmatched(self, entries: tuple[NodeEntry | RelEntry, ...], default: bool) -> None:
        """Say why no entry takes this row: the filtered column's value and the ones mapped."""
        if default:
            self.fail(None, "no entry of the mapping takes this row (it has neither label nor type)")
            return
        column = next((c.column for e in entries for c in e.where if c.values is not None), None)
        if column is None:
            self.fail(None, "no entry of the mapping takes this row")
            return
        mapped = sorted({v for e in entries for c in e.where if c.column == column for v in c.values or ()})
        value = self.get(column)
        shown = "empty" if value is None else f"{match_text(value)!r}"
        self.fail(column, f"no entry of the mapping takes this row ({column} is {shown}; mapped: {', '.join(mapped)})")

    def evidence(self, note_column: str | None) -> tuple[dict[str, Any], ...]:
        return (self.rows.evidence(self.record.line, self.get(note_column)),)

    def pick(self, pick: Pick, what: str, required: bool) -> str | None:
        """A label or type of this row: fixed, or read from its column and checked."""
        if pick.value or not pick.column:
            return pick.value
        value = self.get(pick.column)
        if value is None:
            if required:
                self.fail(pick.column, f"row has no {what} (column {pick.column!r})")
            return None
        try:
            (self.schema.label if what == "label" else self.schema.rel)(str(value).strip())
        except SchemaError as exc:
            self.fail(pick.column, exc.what)
            return None
        return str(value).strip()

    def key(self, column: str, what: str) -> str | None:
        value = self.get(column)
        if value is None:
            self.fail(column, f"row has no {what} (column {column!r})")
            return None
        if isinstance(value, (dict, list)):
            self.fail(column, f"{what} must be a single value, got {type(value).__name__}")
            return None
        return str(value).strip()

    def node(self, entry: NodeEntry) -> NodeFact | None:
        label = self.pick(entry.label, "label", True)
        name = self.key(entry.name, "name")
        if label is None or name is None:
            return None
        props = self.props(entry, self.shared.known(label, True), label)
        aliases = self.aliases(entry.aliases)
        evidence = self.evidence(entry.note)
        return NodeFact(label, name, aliases, props, evidence, f"{self.rows.display}:{self.record.line}")

    def edge(self, entry: RelEntry) -> EdgeFact | None:
        rel = self.pick(entry.type, "type", True)
        source, target = self.key(entry.source.column, "source"), self.key(entry.target.column, "target")
        source_label = self.pick(entry.source.label, "label", False) if entry.source.label else None
        target_label = self.pick(entry.target.label, "label", False) if entry.target.label else None
        source, target = self.looked_up(entry.source, source), self.looked_up(entry.target, target)
        if rel is None or source is None or target is None:
            return None
        ends = [(source, source_label), (target, target_label)]
        if entry.reverse:
            ends.reverse()
        if not self._pattern(rel, entry, ends[0][1], ends[1][1]):
            return None
        props = self.props(entry, self.shared.known(rel, False), rel)
        refs = [NodeRef(name, label) for name, label in ends]
        columns = [self.rows.column_of(self.record, e.column) or 1 for e in (entry.source, entry.target)]
        if entry.reverse:
            columns.reverse()
        where = f"{self.rows.display}:{self.record.line}"
        return EdgeFact(rel, refs[0], refs[1], props, self.evidence(entry.note), where, (columns[0], columns[1]))

    def looked_up(self, end: Endpoint, value: str | None) -> str | None:
        """The name an endpoint's value stands for, through its lookup if it has one."""
        if end.lookup is None or value is None:
            return value
        found = self.shared.lookups[end.lookup].get(match_text(value))
        if found is None:
            spec = self.shared.lookup_specs[end.lookup]
            self.fail(end.column, f"no {spec.key} {value!r} in {spec.display} (lookup {end.lookup!r})")
        return found

    def _pattern(self, rel: str, entry: RelEntry, source: str | None, target: str | None) -> bool:
        if self.shared.fits(rel, source, target):
            return True
        endpoints = self.schema.rel(rel).endpoints
        allowed = ", ".join(f"{s}->{t}" for s, t in endpoints)
        column = next((p.column for p in (entry.type, entry.source.label, entry.target.label) if p and p.column), None)
        self.fail(column, f"{rel} cannot go from {source or 'any'} to {target or 'any'} (it allows {allowed})")
        return False

    def props(self, entry: NodeEntry | RelEntry, known: dict[str, Prop], owner: str) -> dict[str, Any]:
        """Checked properties: the mapped columns, else those named like a property, and the constants."""
        pairs = entry.properties
        if pairs is None:
            used = self.shared.used(entry)
            pairs = tuple((c, c) for c in self.values if c not in used and (entry.strict or c in known))
        found: dict[str, Any] = {}
        for prop, column in pairs:
            value = self.get(column)
            if value is not None:
                self._prop(found, known, owner, prop, column, value)
        for prop, value in entry.constants:
            self._prop(found, known, owner, prop, None, value)
        return found

    def _prop(
        self, found: dict[str, Any], known: dict[str, Prop], owner: str, prop: str, column: str | None, value: Any
    ) -> None:
        if prop not in known:
            self.fail(column, f"{owner} has no property {prop!r}")
            return
        try:
            found[prop] = known[prop].check(value)
        except SchemaError as exc:
            self.fail(column, exc.what)

    def aliases(self, column: str | None) -> tuple[str, ...]:
        value = self.get(column)
        return () if value is None else list_items(value)

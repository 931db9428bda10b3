"""A mapped file's rows as blocks of columns: what :mod:`.structured` gives row by row, at bulk speed.

The rows an entry takes are read column by column into a
:class:`~chainkg.graph.facts.NodeBlock` or :class:`~chainkg.graph.facts.EdgeBlock`
(the model adds those without a fact object per row). A row is read the plain way,
one :class:`~chainkg.graph.facts.NodeFact` or ``EdgeFact`` at a time with every
check, whenever it may be bad: a missing or blank key, a value that is neither text
nor a number, a code its lookup does not know, a property value that does not
convert, a row no entry takes. So every problem is reported as the plain way reports
it, and since a bad row gives no facts, the facts come in the order of the rows.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from chainkg.graph.evidence import encode_evidence
from chainkg.graph.facts import EdgeBlock, NodeBlock
from chainkg.graph.schema import Prop, PropType, Schema
from chainkg.graph.storage.coded import LineRecords
from chainkg.loaders.mapping import RESERVED_PROPS, FileSpec, NodeEntry, RelEntry, holds, list_items
from chainkg.loaders.records import RecordFile, has_control

__all__ = ["columnar", "entry_blocks"]

Block = NodeBlock | EdgeBlock


def columnar(spec: FileSpec) -> bool:
    """Whether the entries of ``spec`` can be read column by column: labels and types fixed by
    the mapping (not read from each row), not the strict entries of chainkg's own table format."""
    if spec.default:
        return False
    ends = [end for rel in spec.relationships for end in (rel.source, rel.target)]
    return (
        all(entry.label.value for entry in spec.nodes)
        and all(entry.type.value for entry in spec.relationships)
        and all(end.label is None or end.label.value for end in ends)
    )


def entry_blocks(
    spec: FileSpec, rows: RecordFile, schema: Schema, lookups: dict[str, dict[str, str]]
) -> tuple[list[Block], list[int]]:
    """Blocks for the ordinary rows of every entry, and the indexes (into ``rows.records``) of the
    rows to be read the plain way: every entry's rows of such a row are left out of the blocks."""
    records = rows.records
    plans: list[_NodePlan | _EdgePlan] = [_NodePlan(entry, rows, schema) for entry in spec.nodes]
    plans += [_EdgePlan(entry, rows, schema, lookups) for entry in spec.relationships]
    plain: set[int] = {i for i, record in enumerate(records) if record.values is None}
    taken = [False] * len(records)
    for plan in plans:
        for i in plan.rows:
            taken[i] = True
        plain |= plan.plain
    if spec.unmatched == "error":
        plain |= {i for i, took in enumerate(taken) if not took and records[i].values is not None}
    blocks = [plan.block(plain) for plan in plans]
    return [block for block in blocks if block is not None and len(block.lines)], sorted(plain)


class _Plan:
    """One entry's rows and cells, read column by column."""

    def __init__(
        self, entry: NodeEntry | RelEntry, rows: RecordFile, owner: str, node_side: bool, schema: Schema
    ) -> None:
        self.file = rows
        records = rows.records
        self.rows = [
            i for i, record in enumerate(records) if record.values is not None and _passes(record.values, entry)
        ]
        self.values = [records[i].values or {} for i in self.rows]
        self.plain: set[int] = set()
        props = schema.node_props(owner) if node_side else schema.edge_props(owner)
        self.known = {p.name: p for p in props if p.name not in RESERVED_PROPS}
        self.notes = self.column(entry.note) if entry.note else None
        self.props = self.property_columns(entry)

    def column(self, name: str) -> list[Any]:
        """The cells of column ``name`` (None: none), text without control characters (noted)."""
        cells = [values.get(name) for values in self.values]
        for position, cell in enumerate(cells):
            if type(cell) is str and has_control(cell):
                record = self.file.records[self.rows[position]]
                cells[position] = record.values[name] = self.file.clean(record, name, cell)  # type: ignore[index]
        return cells

    def evidence(self, kept: list[int], lines: list[int]) -> list[str] | LineRecords:
        """The canonical evidence record of the rows ``kept``, as the plain way makes it."""
        rows = self.file
        notes = (
            [self.notes[k] for k in kept] if self.notes is not None and any(n is not None for n in self.notes) else None
        )
        if rows.sheet is None and notes is None:
            head, tail = encode_evidence({"doc": rows.doc, "line": 0, "path": rows.display}).split('"line":0')
            return LineRecords(head + '"line":', tail, lines)
        return [encode_evidence(rows.evidence(line, notes[k] if notes else None)) for k, line in enumerate(lines)]

    def flag(self, cells: list[Any], ordinary: Callable[[Any], bool]) -> None:
        """Rows whose cell is not ``ordinary`` go the plain way."""
        self.plain.update(row for row, cell in zip(self.rows, cells) if not ordinary(cell))

    def key_column(self, name: str) -> list[str | None]:
        """A key's cells as the plain way reads them; a blank or a cell that is not one value goes that way."""
        cells = [_text(value) for value in self.column(name)]
        self.flag(cells, lambda cell: cell is not None)
        return cells

    def property_columns(self, entry: NodeEntry | RelEntry) -> dict[str, list[Any]]:
        pairs = entry.properties
        if pairs is None:  # the columns named like a property, in the rows that have them
            used = {entry.note, *(c.column for c in entry.where)}
            if isinstance(entry, NodeEntry):
                used |= {entry.name, entry.aliases}
            else:
                used |= {entry.source.column, entry.target.column}
            present: dict[str, None] = {}
            for values in self.values:
                present.update(dict.fromkeys(values))
            pairs = tuple((c, c) for c in present if c not in used and c in self.known)
        columns = {prop: self.property_column(self.known[prop], self.column(column)) for prop, column in pairs}
        for prop, value in entry.constants:
            cells = columns.setdefault(prop, [None] * len(self.rows))
            for row in range(len(cells)):
                cells[row] = value
        return columns

    def property_column(self, prop: Prop, cells: list[Any]) -> list[Any]:
        """``cells`` as ``prop`` values (None: blank); a cell that does not convert goes the plain way."""
        converted: list[Any] = []
        for row, cell in zip(self.rows, cells):
            if _blank(cell):
                converted.append(None)
                continue
            if prop.type == PropType.STRING and type(cell) is str and not prop.choices:
                converted.append(cell)
                continue
            try:
                converted.append(prop.check(cell))
            except Exception:  # SchemaError: the plain way reports it
                self.plain.add(row)
                converted.append(None)
        return converted

    def kept(self, plain: set[int]) -> list[int]:
        """Positions (into :attr:`rows`) of the rows read here."""
        return [k for k, i in enumerate(self.rows) if i not in plain] if plain else list(range(len(self.rows)))


class _NodePlan(_Plan):
    def __init__(self, entry: NodeEntry, rows: RecordFile, schema: Schema) -> None:
        self.entry = entry
        super().__init__(entry, rows, entry.label.value or "", True, schema)
        self.names = self.key_column(entry.name)
        self.aliases = (
            [() if _blank(cell) else list_items(cell) for cell in self.column(entry.aliases)] if entry.aliases else None
        )

    def block(self, plain: set[int]) -> NodeBlock | None:
        kept = self.kept(plain)
        lines = [self.file.records[self.rows[k]].line for k in kept]
        no_aliases: tuple[str, ...] = ()
        aliases = [self.aliases[k] for k in kept] if self.aliases is not None else [no_aliases] * len(kept)
        return NodeBlock(
            self.file.display,
            lines,
            [self.entry.label.value or ""] * len(kept),
            [self.names[k] or "" for k in kept],
            aliases,
            {prop: [cells[k] for k in kept] for prop, cells in self.props.items()},
            self.evidence(kept, lines),
        )


class _EdgePlan(_Plan):
    def __init__(self, entry: RelEntry, rows: RecordFile, schema: Schema, lookups: dict[str, dict[str, str]]) -> None:
        self.entry = entry
        super().__init__(entry, rows, entry.type.value or "", False, schema)
        self.ends = [self.end_column(end, lookups) for end in (entry.source, entry.target)]

    def end_column(self, end: Any, lookups: dict[str, dict[str, str]]) -> list[str | None]:
        cells = self.key_column(end.column)
        if end.lookup is not None:
            table = lookups[end.lookup]
            cells = [table.get(cell) if cell is not None else None for cell in cells]
            self.flag(cells, lambda cell: cell is not None)
        return cells

    def block(self, plain: set[int]) -> EdgeBlock | None:
        kept = self.kept(plain)
        entry, rows = self.entry, self.file
        lines = [rows.records[self.rows[k]].line for k in kept]
        ends = [[cells[k] or "" for k in kept] for cells in self.ends]
        labels = [[end.label.value or ""] * len(kept) if end.label else None for end in (entry.source, entry.target)]
        columns = [entry.source.column, entry.target.column]
        if entry.reverse:
            ends.reverse()
            labels.reverse()
            columns.reverse()
        records, positions = rows.records, [self.rows[k] for k in kept]

        def spot(row: int, end: str) -> str:
            """``file:line:column`` of one end's cell in row ``row``."""
            return str(rows.where(records[positions[row]], columns[0 if end == "source" else 1]))

        return EdgeBlock(
            rows.display,
            lines,
            [entry.type.value or ""] * len(kept),
            ends[0],
            ends[1],
            labels[0],
            labels[1],
            {prop: [cells[k] for k in kept] for prop, cells in self.props.items()},
            self.evidence(kept, lines),
            spot,
        )


def _text(value: Any) -> str | None:
    """A key cell as the plain way reads it (``str(value).strip()``), or None when that way must
    read it: a blank, or not one value."""
    if type(value) is str:
        return value.strip() or None
    if type(value) in (int, float, bool):
        return str(value)
    return None


def _blank(cell: Any) -> bool:
    """No value, as the plain way reads a cell: missing, or text of spaces only."""
    return cell is None or (type(cell) is str and not cell.strip())


def _passes(values: dict[str, Any], entry: NodeEntry | RelEntry) -> bool:
    """Whether a row's values pass the entry's ``where``, blanks counting as no value."""
    return holds(entry.where, lambda column: None if _blank(cell := values.get(column)) else cell)

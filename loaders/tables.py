"""chainkg's native tables: CSV files of nodes and of edges.

A **nodes table** has the columns ``label`` and ``name``; an **edges table**
has ``type``, ``source`` and ``target``. What a table holds is told by its
header, not its file name. Other columns:

- ``aliases``: other names, separated by ``|``;
- ``source_label`` / ``target_label`` (edges, optional): needed only where the
  endpoint's name could be several labels;
- ``note``: where the fact comes from, kept in the evidence;
- any property the schema declares for the label or type (``stage``,
  ``level``, ``year``, ``product`` ...). Empty cells are absent values.

Every row becomes one fact whose evidence names the file (content hash and
path) and line.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path
from chainkg.errors import LoadError
from chainkg.graph.evidence import encode_evidence
from chainkg.graph.facts import EdgeBlock, NodeBlock
from chainkg.graph.gcpause import paused_gc

from .reading import read_bytes
from .records import csv_rows, decode_table

__all__ = ["read_table", "LIST_SEPARATOR"]

LIST_SEPARATOR = "|"
_NODE_COLUMNS = {"label", "name"}
_EDGE_COLUMNS = {"type", "source", "target"}
_META = {"label", "name", "aliases", "note", "type", "source", "target", "source_label", "target_label"}


def read_table(path: Path, display: str | None = None) -> list[NodeBlock | EdgeBlock]:
    """Read one CSV table into one block of columns (:class:`NodeBlock` or :class:`EdgeBlock`).
    ``display`` is the path shown in evidence."""
    path = Path(path)
    display = display or path.name
    data = read_bytes(path)
    doc = hashlib.sha256(data).hexdigest()[:16]
    text = decode_table(data, display)
    rows = csv_rows(text, display)
    header = next(rows, None)
    if header is None:
        raise LoadError("empty table", display, "give a header row: label,name,... or type,source,target,...")
    columns = [column.strip() for column in header[1]]
    kind = _kind(columns, display)
    with paused_gc():
        if kind == "edges":
            return [_edge_block(rows, columns, doc, display)]
        return [_node_block(rows, columns, doc, display)]


def _node_block(rows: Iterator[tuple[int, list[str]]], columns: list[str], doc: str, display: str) -> NodeBlock:
    """A nodes table as one block of columns."""
    lines, cells_of = _columns(rows, columns, display, ("name", "label"))
    aliases = [tuple(a.strip() for a in cell.split(LIST_SEPARATOR) if a.strip()) if cell else () for cell in cells_of.get("aliases", [""] * len(lines))]
    return NodeBlock(
        display, lines, cells_of["label"], cells_of["name"], aliases,
        {column: cells for column, cells in cells_of.items() if column not in _META},
        _table_evidence(doc, display, lines, cells_of.get("note")),
    )


def _edge_block(rows: Iterator[tuple[int, list[str]]], columns: list[str], doc: str, display: str) -> EdgeBlock:
    """An edges table as one block of columns."""
    lines, cells_of = _columns(rows, columns, display, ("type", "source", "target"))
    notes = cells_of.get("note")
    return EdgeBlock(
        display, lines, cells_of["type"], cells_of["source"], cells_of["target"],
        cells_of.get("source_label"), cells_of.get("target_label"),
        {column: cells for column, cells in cells_of.items() if column not in _META},
        _table_evidence(doc, display, lines, notes),
    )


def _columns(
    rows: Iterator[tuple[int, list[str]]], columns: list[str], display: str, required: tuple[str, ...]
) -> tuple[list[int], dict[str, list[str]]]:
    """The lines of a table's rows and its cells column by column, stripped, with blank rows left
    out; a row with a wrong number of cells or an empty ``required`` cell raises LoadError."""
    lines, table = [], []
    width = len(columns)
    for line, cells in rows:
        if len(cells) != width:
            if not any(cell.strip() for cell in cells):
                continue
            raise LoadError(f"row has {len(cells)} cells, header has {width}", f"{display}:{line}", "quote cells that contain commas")
        lines.append(line)
        table.append(cells)
    cells_of = {column: _shared(list(map(str.strip, cells))) for column, cells in zip(columns, zip(*table))}
    if not table:
        cells_of = {column: [] for column in columns}
    del table
    first = cells_of[required[0]]
    blank = [row for row, cell in enumerate(first) if not cell and not any(cells[row] for cells in cells_of.values())]
    if blank:  # rows of only spaces: as if they were not there
        keep = sorted(set(range(len(lines))) - set(blank))
        lines = [lines[row] for row in keep]
        cells_of = {column: [cells[row] for row in keep] for column, cells in cells_of.items()}
    empty = [(cells_of[column].index(""), order, column) for order, column in enumerate(required) if "" in cells_of[column]]
    if empty:
        row, _, column = min(empty)
        raise LoadError(f"row has no {column}", f"{display}:{lines[row]}", f"fill in the {column} column")
    return lines, cells_of


def _shared(cells: list[str]) -> list[str]:
    """``cells`` with equal values made one string object when they repeat much (types, labels,
    products, names that recur): a column of 500k cells holds a few thousand strings, not 500k."""
    sample = cells[:2048]
    if len(set(sample)) > len(sample) // 2:
        return cells
    seen: dict[str, str] = {}
    return [seen.setdefault(cell, cell) for cell in cells]


def _table_evidence(doc: str, display: str, lines: list[int], notes: list[str] | None) -> list[str]:
    """The canonical evidence record of each row: what :func:`encode_evidence` gives for
    ``{"doc", "path", "line"[, "note"]}``, made with the repeated parts encoded once."""
    head, tail = encode_evidence({"doc": doc, "line": 0, "path": display}).split('"line":0')
    if notes is None:
        return [f'{head}"line":{line}{tail}' for line in lines]
    return [
        f'{head}"line":{line}{tail}' if not note else encode_evidence({"doc": doc, "line": line, "note": note, "path": display})
        for line, note in zip(lines, notes)
    ]


def _kind(columns: list[str], display: str) -> str:
    if _NODE_COLUMNS <= set(columns):
        return "nodes"
    if _EDGE_COLUMNS <= set(columns):
        return "edges"
    raise LoadError(
        "cannot tell what this table holds",
        f"{display}:1",
        "give a header with label,name (a nodes table) or type,source,target (an edges table)",
    )

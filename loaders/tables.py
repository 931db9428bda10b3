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
import threading
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from chainkg.errors import LoadError
from chainkg.graph.evidence import encode_evidence
from chainkg.graph.facts import EdgeBlock, NodeBlock
from chainkg.graph.storage.coded import LineRecords
from chainkg.graph.storage.gcpause import paused_gc
from chainkg.loaders.arrow_csv import Cells, read_cells
from chainkg.loaders.reading import read_bytes
from chainkg.loaders.records import csv_rows, decode_table

if TYPE_CHECKING:
    from chainkg.graph.storage.coded import Cells as Column

__all__ = ["LIST_SEPARATOR", "read_table"]

LIST_SEPARATOR = "|"
_NODE_COLUMNS = {"label", "name"}
_EDGE_COLUMNS = {"type", "source", "target"}
_REQUIRED = {"nodes": ("name", "label"), "edges": ("type", "source", "target")}
_THREADED_HASH = 1 << 20  # bytes: a smaller table is hashed at once
_ARROW_BYTES = 1 << 17  # bytes: a smaller table is read by the csv module unless told otherwise
_META = {"label", "name", "aliases", "note", "type", "source", "target", "source_label", "target_label"}


def read_table(path: Path, display: str | None = None, *, fast: bool | None = None) -> list[NodeBlock | EdgeBlock]:
    """Read one CSV table into one block of columns (:class:`NodeBlock` or :class:`EdgeBlock`).
    ``display`` is the path shown in evidence. The table is read with Arrow when that is sure to
    be exact (see :mod:`.arrow_csv`), else with the csv module; ``fast``: True tries Arrow on
    any table, False never, None (the default) on a table of 128 KiB or more (on a smaller one
    Arrow's fixed costs outweigh its speed). The blocks are the same either way."""
    path = Path(path)
    display = display or path.name
    data = read_bytes(path)
    doc = _digest(data)
    with paused_gc():
        arrow = fast if fast is not None else len(data) >= _ARROW_BYTES
        cells = read_cells(data) if arrow else None  # None: the csv module, which names a bad line
        rows = csv_rows(decode_table(data, display), display) if cells is None else iter(())
        header = cells.header if cells is not None else next(rows, (0, None))[1]
        if header is None:
            raise LoadError("empty table", display, "give a header row: label,name,... or type,source,target,...")
        columns = [column.strip() for column in header]
        kind = _kind(columns, display)
        if cells is not None:
            lines, cells_of, evidence = _arrow_columns(
                cells, columns, doc, display, _REQUIRED[kind], coded=kind == "edges"
            )
        else:
            lines, cells_of = _settled(*_columns(rows, columns, display), display, _REQUIRED[kind])
            evidence = _table_evidence(doc(), display, lines, cells_of.get("note"))
        block = _edge_block if kind == "edges" else _node_block
        return [block(lines, cells_of, evidence, display)]


def _arrow_columns(
    cells: Cells,
    columns: list[str],
    doc: Callable[[], str],
    display: str,
    required: tuple[str, ...],
    coded: bool = False,
) -> tuple[list[int], dict[str, Column], list[str] | LineRecords]:
    """Lines, cells by column and evidence of a table read by Arrow, as the csv module's gives
    (with ``coded``, as :class:`~chainkg.graph.storage.coded.Coded` columns: each value's work done once)."""
    lines = list(range(2, cells.rows + 2))
    # Made while Arrow encodes the columns in threads; the same again if rows are left out below.
    evidence = None if "note" in columns else _table_evidence(doc(), display, lines, None)
    read = list(cells.columns(coded))
    cells_of: dict[str, Column] = dict(zip(columns, [values for values, _ in read]))
    empty = dict(zip(columns, [has_empty for _, has_empty in read]))
    if any(empty[column] for column in required):  # a blank row or a missing value: the general way
        lines, cells_of = _settled(lines, cells_of, display, required)
        evidence = None
    if evidence is None:
        evidence = _table_evidence(doc(), display, lines, cells_of.get("note"))
    return lines, cells_of, evidence


def _digest(data: bytes) -> Callable[[], str]:
    """A callable giving the table's content hash (16 hex digits), for a big table computed in a
    thread beside the parse (hashlib lets go of the GIL)."""
    if len(data) < _THREADED_HASH:
        doc = _hash(data)
        return lambda: doc
    done: list[str] = []
    thread = threading.Thread(target=lambda: done.append(_hash(data)), name="chainkg-table-hash", daemon=True)
    thread.start()

    def result() -> str:
        thread.join()
        return done[0] if done else _hash(data)

    return result


def _hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:16]


def _node_block(
    lines: list[int], cells_of: dict[str, Column], evidence: list[str] | LineRecords, display: str
) -> NodeBlock:
    """A nodes table as one block of columns."""
    aliases = [
        tuple(a.strip() for a in cell.split(LIST_SEPARATOR) if a.strip()) if cell else ()
        for cell in cells_of.get("aliases", [""] * len(lines))
    ]
    return NodeBlock(
        display,
        lines,
        cells_of["label"],
        cells_of["name"],
        aliases,
        {column: cells for column, cells in cells_of.items() if column not in _META},
        evidence,
    )


def _edge_block(
    lines: list[int], cells_of: dict[str, Column], evidence: list[str] | LineRecords, display: str
) -> EdgeBlock:
    """An edges table as one block of columns."""
    return EdgeBlock(
        display,
        lines,
        cells_of["type"],
        cells_of["source"],
        cells_of["target"],
        cells_of.get("source_label"),
        cells_of.get("target_label"),
        {column: cells for column, cells in cells_of.items() if column not in _META},
        evidence,
    )


def _columns(
    rows: Iterator[tuple[int, list[str]]], columns: list[str], display: str
) -> tuple[list[int], dict[str, Column]]:
    """The lines of a table's rows and its cells column by column, stripped, rows of no cells
    left out; a row with a wrong number of cells raises LoadError."""
    lines, table = [], []
    width = len(columns)
    for line, cells in rows:
        if len(cells) != width:
            if not any(cell.strip() for cell in cells):
                continue
            raise LoadError(
                f"row has {len(cells)} cells, header has {width}",
                f"{display}:{line}",
                "quote cells that contain commas",
            )
        lines.append(line)
        table.append(cells)
    cells_of: dict[str, Column] = {
        column: _shared(list(map(str.strip, cells))) for column, cells in zip(columns, zip(*table))
    }
    if not table:
        cells_of = {column: [] for column in columns}
    return lines, cells_of


def _settled(
    lines: list[int], cells_of: dict[str, Column], display: str, required: tuple[str, ...]
) -> tuple[list[int], dict[str, Column]]:
    """``lines`` and ``cells_of`` with blank rows left out; an empty ``required`` cell raises LoadError."""
    first = cells_of[required[0]]
    blank = (
        [row for row, cell in enumerate(first) if not cell and not any(cells[row] for cells in cells_of.values())]
        if "" in first
        else []
    )
    if blank:  # rows of only spaces: as if they were not there
        keep = sorted(set(range(len(lines))) - set(blank))
        lines = [lines[row] for row in keep]
        cells_of = {column: [cells[row] for row in keep] for column, cells in cells_of.items()}
    empty = [
        (cells_of[column].index(""), order, column) for order, column in enumerate(required) if "" in cells_of[column]
    ]
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


def _table_evidence(doc: str, display: str, lines: list[int], notes: Sequence[str] | None) -> list[str] | LineRecords:
    """The canonical evidence record of each row: what :func:`encode_evidence` gives for
    ``{"doc", "path", "line"[, "note"]}``, made with the repeated parts encoded once (rows
    without notes: a :class:`LineRecords`, each record made when read)."""
    head, tail = encode_evidence({"doc": doc, "line": 0, "path": display}).split('"line":0')
    if notes is None:
        return LineRecords(head + '"line":', tail, lines)
    return [
        f'{head}"line":{line}{tail}'
        if not note
        else encode_evidence({"doc": doc, "line": line, "note": note, "path": display})
        for line, note in zip(lines, notes)
    ]


def _kind(columns: list[str], display: str) -> str:
    if set(columns) >= _NODE_COLUMNS:
        return "nodes"
    if set(columns) >= _EDGE_COLUMNS:
        return "edges"
    raise LoadError(
        "cannot tell what this table holds",
        f"{display}:1",
        "give a header with label,name (a nodes table) or type,source,target (an edges table)",
    )

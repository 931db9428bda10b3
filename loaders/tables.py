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
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from chainkg.errors import LoadError
from chainkg.graph.facts import EdgeFact, NodeFact, NodeRef
from chainkg.graph.gcpause import paused_gc

from .reading import read_bytes
from .records import csv_rows, decode_table

__all__ = ["read_table", "LIST_SEPARATOR"]

LIST_SEPARATOR = "|"
_NODE_COLUMNS = {"label", "name"}
_EDGE_COLUMNS = {"type", "source", "target"}
_META = {"label", "name", "aliases", "note", "type", "source", "target", "source_label", "target_label"}


def read_table(path: Path, display: str | None = None) -> list[NodeFact | EdgeFact]:
    """Read one CSV table into facts. ``display`` is the path shown in evidence."""
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
        return _facts(rows, columns, _node_fact if kind == "nodes" else _EdgeFacts().make, doc, display)


_Make = Callable[[dict[str, str], tuple[dict[str, Any], ...], str], "NodeFact | EdgeFact"]


def _facts(rows: Iterator[tuple[int, list[str]]], columns: list[str], make: _Make, doc: str, display: str) -> list[NodeFact | EdgeFact]:
    """The facts of a table's rows; strings repeated down a column are kept once."""
    facts: list[NodeFact | EdgeFact] = []
    seen: dict[str, str] = {}  # one string object per distinct value (types, labels, products ...)
    for line, cells in rows:
        cells = [seen.setdefault(text, text) for text in (cell.strip() for cell in cells)]
        if not any(cells):
            continue
        where = f"{display}:{line}"
        if len(cells) != len(columns):
            raise LoadError(f"row has {len(cells)} cells, header has {len(columns)}", where, "quote cells that contain commas")
        record = {column: cell for column, cell in zip(columns, cells) if cell}
        facts.append(make(record, _evidence(doc, display, line, record.get("note")), where))
    return facts


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


def _evidence(doc: str, display: str, line: int, note: str | None) -> tuple[dict[str, Any], ...]:
    record: dict[str, Any] = {"doc": doc, "path": display, "line": line}
    if note:
        record["note"] = note
    return (record,)


def _node_fact(record: dict[str, str], evidence: tuple[dict[str, Any], ...], where: str) -> NodeFact:
    if "name" not in record:
        raise LoadError("row has no name", where, "fill in the name column")
    if "label" not in record:
        raise LoadError("row has no label", where, "fill in the label column")
    aliases = tuple(a.strip() for a in record.get("aliases", "").split(LIST_SEPARATOR) if a.strip())
    props = {k: v for k, v in record.items() if k not in _META}
    return NodeFact(record["label"], record["name"], aliases, props, evidence, where)


class _EdgeFacts:
    """Makes the edge facts of one table, sharing one NodeRef per endpoint name."""

    def __init__(self) -> None:
        self.refs: dict[tuple[str, str | None], NodeRef] = {}

    def ref(self, name: str, label: str | None) -> NodeRef:
        found = self.refs.get((name, label))
        if found is None:
            found = self.refs[(name, label)] = NodeRef(name, label)
        return found

    def make(self, record: dict[str, str], evidence: tuple[dict[str, Any], ...], where: str) -> EdgeFact:
        for column in ("type", "source", "target"):
            if column not in record:
                raise LoadError(f"row has no {column}", where, f"fill in the {column} column")
        source = self.ref(record["source"], record.get("source_label"))
        target = self.ref(record["target"], record.get("target_label"))
        props = {k: v for k, v in record.items() if k not in _META}
        return EdgeFact(record["type"], source, target, props, evidence, where)

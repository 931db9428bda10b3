"""Rows to text: table, JSON, JSON Lines or CSV.

>>> print(render(["name", "n"], [["三一重工", 1]], "table"))
name      n
--------  -
三一重工  1
"""

from __future__ import annotations

import csv
import io
import json
import unicodedata
from collections.abc import Sequence
from typing import Any

from chainkg.graph.io.printable import printable

__all__ = ["FORMATS", "fact_rows", "render"]

FORMATS = ("table", "json", "jsonl", "csv")


def render(columns: Sequence[str], rows: Sequence[Sequence[Any]], fmt: str) -> str:
    """Render rows in one of :data:`FORMATS` (no trailing newline)."""
    if fmt == "json":
        return json.dumps([dict(zip(columns, row)) for row in rows], ensure_ascii=False, indent=2, default=str)
    if fmt == "jsonl":
        return "\n".join(json.dumps(dict(zip(columns, row)), ensure_ascii=False, default=str) for row in rows)
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows([[_raw(value) for value in row] for row in rows])
        return buffer.getvalue().rstrip("\n")
    return _table(columns, rows)


def _table(columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    cells = [[_cell(value) for value in row] for row in rows]
    widths = [max([_width(c)] + [_width(row[i]) for row in cells]) for i, c in enumerate(columns)]
    lines = [_line(columns, widths), "  ".join("-" * w for w in widths)]
    lines += [_line(row, widths) for row in cells]
    return "\n".join(line.rstrip() for line in lines)


def _line(values: Sequence[str], widths: Sequence[int]) -> str:
    return "  ".join(value + " " * (width - _width(value)) for value, width in zip(values, widths))


def _raw(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False, default=str)
    return str(value)


def _cell(value: Any) -> str:
    """A value on one terminal line (see :func:`printable`)."""
    return printable(_raw(value))


def _width(text: str) -> int:
    """Display width in a terminal: East Asian wide characters take two cells."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def fact_rows(facts: Sequence[Any], *, mentions: bool = False) -> tuple[list[str], list[list[Any]]]:
    """Facts (nodes and edges) as rows: what, label or type, name, properties, where."""
    columns = ["kind", "label", "name", "props", "source", "sentence", "char_start", "char_end", "rule"]
    rows: list[list[Any]] = []
    for fact in facts:
        evidence = fact.evidence[0] if fact.evidence else {}
        where = [
            evidence.get("path"),
            evidence.get("sentence"),
            evidence.get("char_start"),
            evidence.get("char_end"),
            evidence.get("rule"),
        ]
        if hasattr(fact, "label"):
            if fact.label != "Document":
                rows.append(["node", fact.label, fact.name, {"aliases": list(fact.aliases), **fact.props}, *where])
        elif mentions or fact.type != "MENTIONED_IN":
            props = dict(fact.props)
            if fact.type == "MENTIONED_IN":
                where[1:4] = [props.pop("sentence", None), props.pop("char_start", None), props.pop("char_end", None)]
            rows.append(["edge", fact.type, f"{fact.source.name} -> {fact.target.name}", props, *where])
    return columns, rows

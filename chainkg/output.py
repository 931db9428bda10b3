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

__all__ = ["FORMATS", "render"]

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
    """A value on one terminal line: whitespace and control characters collapsed."""
    return " ".join(_raw(value).split())


def _width(text: str) -> int:
    """Display width in a terminal: East Asian wide characters take two cells."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)

"""Reading CSV, XLSX and JSON files into records that know where they are.

JSON is read as JSON Lines (one object per line) unless the text is one array
of objects (format ``json``: told apart by content, whatever the file's name).

A :class:`Record` is one row: its line (CSV, JSON Lines) or row number (XLSX)
and its values by column. :meth:`RecordFile.where` gives the place of a value
as ``file:line:column`` (CSV: the cell's 1-based position in the row; JSON
Lines: the character where the key's value starts), or ``file:Sheet!C7`` for a
spreadsheet cell. A line that cannot be read (bad JSON) is a record with an
``error``, so that all bad lines of a file can be reported together.

>>> rows = read_records_from(b'{"name": "x", "code": 7}\\n\\n{"name": ', "c.jsonl", "jsonl")
>>> [(r.line, r.values) for r in rows.records]
[(1, {'name': 'x', 'code': 7}), (3, None)]
>>> str(rows.where(rows.records[0], "code")), rows.records[1].error
('c.jsonl:1:23', 'bad JSON: Expecting value')
"""

from __future__ import annotations

import csv
import datetime
import hashlib
import io
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from chainkg.errors import LoadError
from chainkg.loaders.reading import read_bytes

__all__ = [
    "FORMATS",
    "Record",
    "RecordFile",
    "Where",
    "column_letters",
    "csv_rows",
    "decode_table",
    "has_control",
    "read_records",
    "read_records_from",
    "without_controls",
]

FORMATS = ("csv", "xlsx", "jsonl", "json")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_CONTROL_SPACE = re.compile(r"[\t\n\r\x0b\x0c\x1c-\x1f\x85]+")
has_control = _CONTROL.search


@dataclass(frozen=True)
class Where:
    """A place in a data file: ``file:line:column`` or ``file:Sheet!C7``."""

    path: str
    line: int
    column: int | None = None
    sheet: str | None = None

    def __str__(self) -> str:
        if self.sheet is not None:
            return f"{self.path}:{self.sheet}!{column_letters(self.column or 1)}{self.line}"
        return f"{self.path}:{self.line}" + (f":{self.column}" if self.column else "")


@dataclass
class Record:
    """One row: its line, values by column, or what made the line unreadable."""

    line: int
    values: dict[str, Any] | None
    error: str | None = None
    error_column: int | None = None
    raw: str | None = field(default=None, repr=False)


@dataclass
class RecordFile:
    """The records of one file, with what locates a value in it."""

    display: str
    doc: str
    format: str
    records: list[Record]
    columns: list[str] | None = None
    sheet: str | None = None
    derived: dict[str, str] = field(default_factory=dict)  # a column made from another (unnested) -> that one
    cleaned: list[tuple[Where, str]] = field(default_factory=list)  # cells whose control characters were taken out

    def where(self, record: Record, column: str | None = None) -> Where:
        """Where ``column``'s value of ``record`` is (the row's start when unknown)."""
        return Where(
            self.display, record.line, self._column(record, self.derived.get(column or "", column)), self.sheet
        )

    def evidence(self, line: int, note: Any = None) -> dict[str, Any]:
        """The provenance record of a row of this file on ``line``: the file's content hash, path,
        line, sheet (a workbook's) and the row's note (stripped; a blank one left out)."""
        record: dict[str, Any] = {"doc": self.doc, "path": self.display, "line": line}
        if self.sheet is not None:
            record["sheet"] = self.sheet
        if note is not None and str(note).strip():
            record["note"] = str(note).strip()
        return record

    def clean(self, record: Record, column: str | None, value: str) -> str:
        """``value`` without control characters, noted in :attr:`cleaned` (see :func:`without_controls`)."""
        clean = without_controls(value)
        self.cleaned.append((self.where(record, column), clean))
        return clean

    def column_of(self, record: Record, column: str) -> int | None:
        """The column (as in :meth:`where`) of ``column``'s value in ``record``."""
        return self._column(record, self.derived.get(column, column))

    def _column(self, record: Record, column: str | None) -> int | None:
        if self.columns is not None:
            return self.columns.index(column) + 1 if column in self.columns else 1
        if column is None or record.raw is None:
            return 1
        return _value_start(record.raw, column) or _key_columns(record.raw).get(column, 1)


def read_records(path: Path, display: str, fmt: str, sheet: str | None = None) -> RecordFile:
    """Read one file of format ``fmt`` (csv, xlsx, jsonl)."""
    return read_records_from(read_bytes(Path(path)), display, fmt, sheet)


def read_records_from(data: bytes, display: str, fmt: str, sheet: str | None = None) -> RecordFile:
    """Like :func:`read_records`, from the file's bytes."""
    doc = hashlib.sha256(data).hexdigest()[:16]
    if fmt in ("jsonl", "json"):
        text = decode_table(data, display)
        if fmt == "json" and text.lstrip().startswith("["):
            return RecordFile(display, doc, fmt, list(_array_records(text, display)))
        return RecordFile(display, doc, "jsonl", list(_jsonl_records(text)))
    if fmt == "xlsx":
        return _xlsx_file(data, display, doc, sheet)
    return _csv_file(decode_table(data, display), display, doc)


def decode_table(data: bytes, display: str) -> str:
    """A table's text: UTF-8 with or without a BOM, else LoadError naming the line."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise LoadError(
            "table is not UTF-8", f"{display}:{line}", "save the table as UTF-8 (CSV UTF-8 in Excel)"
        ) from exc


def csv_rows(text: str, display: str) -> Iterator[tuple[int, list[str]]]:
    """``(line, cells)`` of a CSV text; the line is where the row starts."""
    # Lines end only at \r and \n: str.splitlines would also cut at U+2028, \x1c-\x1e, \x85 ... inside a cell.
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    while True:
        line = reader.line_num + 1
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise LoadError(f"malformed CSV: {exc}", f"{display}:{line}", "check the quotes on that line") from exc
        yield line, cells


def _csv_file(text: str, display: str, doc: str) -> RecordFile:
    rows = csv_rows(text, display)
    header = next(rows, None)
    if header is None:
        raise LoadError("empty table", display, "give a header row naming the columns")
    columns = [cell.strip() for cell in header[1]]
    records = []
    for line, cells in rows:
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) != len(columns):
            error = f"row has {len(cells)} cells, header has {len(columns)}"
            records.append(Record(line, None, error, min(len(cells), len(columns)) + 1))
            continue
        records.append(Record(line, {c: v.strip() for c, v in zip(columns, cells) if c and v.strip()}))
    return RecordFile(display, doc, "csv", records, columns)


def _jsonl_records(text: str) -> Iterator[Record]:
    for number, line in enumerate(text.split("\n"), start=1):
        line = line.rstrip("\r")
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except json.JSONDecodeError as exc:
            yield Record(number, None, f"bad JSON: {exc.msg}", exc.colno)
            continue
        if not isinstance(value, dict):
            yield Record(number, None, f"a JSON Lines record must be an object, got {type(value).__name__}", 1)
            continue
        yield Record(number, value, raw=line)


def without_controls(value: str) -> str:
    """``value`` without control characters: no export format can carry them, and they are never
    part of a name. A line break or tab becomes a space between two Latin letters or digits, and
    goes elsewhere (a Chinese word wrapped by its source).

    >>> without_controls("光纤复合\\n架空地线 "), without_controls("CDMA\\nphone\\x7f")
    ('光纤复合架空地线', 'CDMA phone')
    """
    return _CONTROL.sub("", _CONTROL_SPACE.sub(_break, value)).strip()


def _break(match: re.Match[str]) -> str:
    text, start, end = match.string, match.start(), match.end()
    return " " if start > 0 and end < len(text) and text[start - 1].isascii() and text[end].isascii() else ""


def _array_records(text: str, display: str) -> Iterator[Record]:
    """The objects of a JSON array, each with the line where it starts."""
    decoder = json.JSONDecoder()
    i = _skip_space(text, text.index("[") + 1)
    line, counted = 1, 0
    while i < len(text) and text[i] != "]":
        line, counted = line + text.count("\n", counted, i), i
        try:
            value, end = decoder.raw_decode(text, i)
        except json.JSONDecodeError as exc:
            raise LoadError(
                f"bad JSON: {exc.msg}",
                f"{display}:{exc.lineno}:{exc.colno}",
                "fix the JSON (or write one object per line: JSON Lines)",
            ) from exc
        if not isinstance(value, dict):
            yield Record(line, None, f"a JSON record must be an object, got {type(value).__name__}", 1)
        else:
            yield Record(line, value)
        i = _skip_space(text, end)
        if text[i : i + 1] == ",":
            i = _skip_space(text, i + 1)


def _value_start(line: str, key: str) -> int | None:
    """1-based column where ``key``'s value starts in a JSON object line, found by searching
    for the key as written (None when it is written otherwise, e.g. with ``\\u`` escapes)."""
    needle = json.dumps(key, ensure_ascii=False)
    i = line.find(needle)
    while i >= 0:
        j = i - 1
        while j >= 0 and line[j] in " \t":
            j -= 1
        k = _skip_space(line, i + len(needle))
        if j >= 0 and line[j] in "{," and line[k : k + 1] == ":":
            return _skip_space(line, k + 1) + 1
        i = line.find(needle, i + 1)
    return None


def _key_columns(line: str) -> dict[str, int]:
    """1-based column where each top-level key's value starts in a JSON object line."""
    decoder = json.JSONDecoder()
    found: dict[str, int] = {}
    i = _skip_space(line, 0)
    if line[i : i + 1] != "{":
        return found
    i = _skip_space(line, i + 1)
    while line[i : i + 1] == '"':
        # json.decoder.scanstring: the decoder's own string scanner, left out of typeshed's stub
        key, end = json.decoder.scanstring(line, i + 1)  # type: ignore[attr-defined]
        i = _skip_space(line, end)
        if line[i : i + 1] != ":":
            break
        start = _skip_space(line, i + 1)
        found.setdefault(key, start + 1)
        _, end = decoder.raw_decode(line, start)
        i = _skip_space(line, end)
        if line[i : i + 1] != ",":
            break
        i = _skip_space(line, i + 1)
    return found


def _skip_space(text: str, i: int) -> int:
    while i < len(text) and text[i] in " \t\r\n":
        i += 1
    return i


def _xlsx_file(data: bytes, display: str, doc: str, sheet: str | None) -> RecordFile:
    import openpyxl

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types on broken files
        raise LoadError(f"cannot read the workbook: {exc}", display, "check that it is an Excel .xlsx file") from exc
    try:
        if sheet is not None and sheet not in book.sheetnames:
            raise LoadError(f"no sheet {sheet!r}", display, f"use one of: {', '.join(book.sheetnames)}")
        ws = book[sheet] if sheet is not None else book.worksheets[0]
        rows = [(n, row) for n, row in enumerate(ws.iter_rows(min_row=1, min_col=1, values_only=True), start=1)]
        return _sheet_records(rows, display, doc, ws.title)
    finally:
        book.close()


def _sheet_records(rows: list[tuple[int, tuple[Any, ...]]], display: str, doc: str, sheet: str) -> RecordFile:
    filled = [(n, [_cell(v) for v in row]) for n, row in rows if any(_cell(v) is not None for v in row)]
    if not filled:
        raise LoadError("empty sheet", f"{display}:{sheet}", "give a header row naming the columns")
    columns = ["" if v is None else str(v) for v in filled[0][1]]
    records = [Record(n, {c: v for c, v in zip(columns, cells) if c and v is not None}) for n, cells in filled[1:]]
    return RecordFile(display, doc, "xlsx", records, columns, sheet)


def _cell(value: Any) -> Any:
    """A spreadsheet value as a record value: text stripped, dates as ISO text, blanks None."""
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time() else value.isoformat()
    if isinstance(value, (datetime.date, datetime.time)):
        return value.isoformat()
    return value


def column_letters(number: int) -> str:
    """A spreadsheet column's letters: 1 -> A, 28 -> AB."""
    letters = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters

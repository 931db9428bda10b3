"""Provenance records: where a fact comes from.

An evidence record is a flat JSON object, e.g.
``{"doc": "1f13449ba0d09cb5", "path": "nodes.csv", "line": 7, "note": "seed ¶3"}``
or, from a text loader, with ``sentence``, ``start``, ``end``, ``rule`` and
``text``. Records are kept as canonical JSON strings so that they can be
unioned, sorted and stored as a ``STRING[]`` in either engine.

>>> encode_evidence({"line": 3, "path": "a.csv"})
'{"line":3,"path":"a.csv"}'
>>> union_evidence(['{"b":1}'], ['{"a":1}', '{"b":1}'])
['{"a":1}', '{"b":1}']
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any

from chainkg.errors import SchemaError

__all__ = ["decode_evidence", "encode_evidence", "union_evidence"]

_SCALARS = (str, int, float, bool, type(None))
# One encoder for every record: json.dumps with options builds a new one per call.
_ENCODE = json.JSONEncoder(sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode


def encode_evidence(record: object) -> str:
    """A record (a mapping, or its JSON text) as canonical JSON (sorted keys, no spaces, UTF-8
    kept); anything else, or a record holding more than scalars, raises SchemaError."""
    if type(record) is dict and 3 <= len(record) <= 4 and type(record.get("line")) is int:
        fast = _table_record(record)  # the commonest shape: a table row's doc, path, line (and note)
        if fast is not None:
            return fast
    if isinstance(record, str):
        record = decode_evidence(record)
    if not isinstance(record, Mapping) or not all(isinstance(v, _SCALARS) for v in record.values()):
        raise SchemaError(
            f"evidence must be a flat object of scalars, got {record!r}",
            fix="give evidence as {key: text or number}",
        )
    return _ENCODE(dict(record))


def _table_record(record: dict[str, Any]) -> str | None:
    """``{"doc": str, "line": int, "path": str}`` (and ``"note": str``) as the encoder writes
    it, with the encoded doc and path remembered (they repeat on every row of a table);
    None for other shapes."""
    doc, path, note = record.get("doc"), record.get("path"), record.get("note")
    if type(doc) is not str or type(path) is not str or (len(record) == 4) != (type(note) is str):
        return None
    head = _TABLE_HEADS.get((doc, path))
    if head is None:
        if len(_TABLE_HEADS) > 4096:
            _TABLE_HEADS.clear()
        head = _TABLE_HEADS[(doc, path)] = ('{"doc":' + _ENCODE(doc) + ',"line":', ',"path":' + _ENCODE(path) + "}")
    if note is not None:
        return f'{head[0]}{record["line"]},"note":{_ENCODE(note)}{head[1]}'
    return f"{head[0]}{record['line']}{head[1]}"


_TABLE_HEADS: dict[tuple[str, str], tuple[str, str]] = {}


def decode_evidence(text: str) -> dict[str, Any]:
    """A canonical JSON record back into a dict."""
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        raise SchemaError(f"evidence is not JSON: {text[:60]!r}", fix="store evidence records as JSON objects") from exc
    if not isinstance(value, dict):
        raise SchemaError(f"evidence is not a JSON object: {text[:60]!r}", fix="store evidence records as JSON objects")
    return value


def union_evidence(*groups: Iterable[str]) -> list[str]:
    """Sorted union of canonical records."""
    if len(groups) == 1 and type(groups[0]) is list and len(groups[0]) < 2:
        return list(groups[0])  # one record or none: nothing to merge
    merged: set[str] = set()
    for group in groups:
        merged.update(group)
    return sorted(merged)

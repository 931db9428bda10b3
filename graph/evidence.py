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

__all__ = ["encode_evidence", "decode_evidence", "union_evidence"]

_SCALARS = (str, int, float, bool, type(None))


def encode_evidence(record: Mapping[str, Any] | str) -> str:
    """A record as canonical JSON (sorted keys, no spaces, UTF-8 kept)."""
    if isinstance(record, str):
        record = decode_evidence(record)
    if not isinstance(record, Mapping) or not all(isinstance(v, _SCALARS) for v in record.values()):
        raise SchemaError(
            f"evidence must be a flat object of scalars, got {record!r}",
            fix="give evidence as {key: text or number}",
        )
    return json.dumps(dict(record), sort_keys=True, ensure_ascii=False, separators=(",", ":"))


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
    merged: set[str] = set()
    for group in groups:
        merged.update(group)
    return sorted(merged)

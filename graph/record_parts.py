"""How the embedded engine stores an edge's provenance: a table row's record split around its line.

Most edges come from one table row each, and their one evidence record differs from the
table's other rows only in the line: ``{"doc":"d1","line":7,"path":"supplies.csv"}``. Stored
as a one-record ``STRING[]`` such a record costs LadybugDB twice what the rest of the edge does
(a relationship's properties are written once per direction). So the embedded engine stores an
edge whose evidence is exactly one record with an integer ``line`` as three plain columns,
``evidence_head`` (the text up to the line), ``evidence_line`` and ``evidence_tail`` (the text
after it), with ``evidence`` NULL; every other edge keeps ``evidence`` whole and the parts NULL.
The embedded query library joins the parts back (:data:`JOINED_EMBEDDED`), so every query
answers exactly as Neo4j, which stores ``evidence`` as it is.

>>> head, line, tail = split_records(pa.array(['{"doc":"d","line":7,"path":"t.csv"}', '{"text":"x"}']))
>>> head.to_pylist(), line.to_pylist(), tail.to_pylist()
(['{"doc":"d","line":', None], [7, None], [',"path":"t.csv"}', None])
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from .schema import PropType

__all__ = ["PARTS", "PART_TYPES", "JOINED_EMBEDDED", "split_records", "line_parts", "stored_evidence"]

PARTS = ("evidence_head", "evidence_line", "evidence_tail")
"""The columns a stored edge has beyond the schema's properties, in this order."""
PART_TYPES = (PropType.STRING, PropType.INT, PropType.STRING)
"""Their types, as the schema names them (the engine's DDL is made from these)."""

JOINED_EMBEDDED = (
    "CASE WHEN r.evidence_line IS NULL THEN r.evidence "
    "ELSE [r.evidence_head + CAST(r.evidence_line AS STRING) + r.evidence_tail] END"
)
"""Cypher (LadybugDB) for the evidence list of edge ``r`` as the model holds it."""

# The text up to the first '"line":' (in canonical JSON only a key gives that), then an integer
# written as JSON writes one (so that CAST back to text gives the same digits) and in int64.
_SPLIT = r'^(?P<head>\{.*?"line":)(?P<line>0|-?[1-9][0-9]{0,17})(?P<tail>[,}].*)$'
_TYPES = (pa.string(), pa.int64(), pa.string())  # PART_TYPES in Arrow


def split_records(records: pa.Array) -> tuple[pa.Array, pa.Array, pa.Array]:
    """Each record's head, line and tail (all null where it has no integer line)."""
    if not len(records):
        return tuple(pa.array([], kind) for kind in _TYPES)  # type: ignore[return-value]
    parts = pc.extract_regex(records, _SPLIT)
    head, line, tail = (pc.struct_field(parts, name) for name in ("head", "line", "tail"))  # null where no match
    return head, pc.cast(line, pa.int64()), tail


def line_parts(head: str, tail: str, lines: Sequence[int]) -> tuple[pa.Array, pa.Array, pa.Array]:
    """The parts of records ``head + str(line) + tail`` (a table's rows), made without reading
    the records; the same as :func:`split_records` gives them when ``head`` ends at the line
    (``head`` and ``tail`` dictionary-encoded: one string each, whatever the rows)."""
    first = pa.array(np.zeros(len(lines), np.int32))
    return (pa.DictionaryArray.from_arrays(first, pa.array([head], pa.string())), pa.array(lines, pa.int64()),
            pa.DictionaryArray.from_arrays(first, pa.array([tail], pa.string())))


def stored_evidence(evidence: pa.Array | pa.ChunkedArray, parts: Sequence[pa.Array] | None = None) -> list[pa.Array]:
    """The columns ``evidence`` and :data:`PARTS` that store an edge column of evidence lists:
    edges of one record with a line split (``parts``: that split of each row's first record, if
    the caller has it, strings plain or dictionary-encoded), the others whole."""
    if isinstance(evidence, pa.ChunkedArray):
        evidence = evidence.combine_chunks()
    count = len(evidence)
    single = pc.equal(pc.list_value_length(evidence), 1).fill_null(False)
    if parts is None:
        firsts = pc.list_element(pc.if_else(single, evidence, pa.scalar([""], evidence.type)), 0) if count else pa.array([], pa.string())
        parts = split_records(firsts)
    split = pc.and_(single, pc.is_valid(parts[1]))
    if pc.all(split).as_py() and count:
        return [pa.nulls(count, evidence.type), *parts]
    if not pc.any(split).as_py():
        return [evidence, *(pa.nulls(count, kind) for kind in _TYPES)]
    whole = pc.if_else(split, pa.scalar(None, evidence.type), evidence)
    return [whole, *(pc.if_else(split, part.cast(kind), pa.scalar(None, kind)) for part, kind in zip(parts, _TYPES))]

"""How the embedded engine stores an edge's provenance: a table row's record as a frame and a line.

Most edges come from one table row each, and their one evidence record differs from the
table's other rows only in the line: ``{"doc":"d1","line":7,"path":"supplies.csv"}``. Stored
as a one-record ``STRING[]`` such a record costs LadybugDB twice what the rest of the edge does
(a relationship's properties are written once per direction), and even as two strings around
the line it costs an eighth of the whole load. So the record is split around its line into a
*head* (the text up to it) and a *tail* (the text after it), the same for every row of a table;
each distinct (head, tail) pair is stored once, as a node of :data:`FRAME_LABEL` with an integer
``id``, and the edge keeps two integers: ``evidence_frame`` (that id) and ``evidence_line``, with
``evidence`` NULL. Every other edge (several records, one without an integer line, or one of a
table whose rows each have text of their own around the line, see :data:`ROWS_PER_FRAME`) keeps
``evidence`` whole and the two integers NULL. The embedded query library joins them back
(:data:`FRAME_MATCH` then :data:`JOINED_EMBEDDED`), so every query answers exactly as Neo4j, which
stores ``evidence`` as it is.

>>> head, line, tail = split_records(pa.array(['{"doc":"d","line":7,"path":"t.csv"}', '{"text":"x"}']))
>>> head.to_pylist(), line.to_pylist(), tail.to_pylist()
(['{"doc":"d","line":', None], [7, None], [',"path":"t.csv"}', None])
>>> frames = Frames()
>>> frames.number(head, tail).to_pylist(), frames.table().to_pylist()
([0, None], [{'id': 0, 'head': '{"doc":"d","line":', 'tail': ',"path":"t.csv"}'}])
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from chainkg.graph.engines.evidence_layout import (
    FRAME_LABEL,
    FRAME_MATCH,
    FRAME_PROPS,
    JOINED_EMBEDDED,
    PARTS,
    STORED,
    STORED_TYPES,
)

__all__ = [
    "FRAMES_PER_TABLE",
    "FRAME_LABEL",
    "FRAME_MATCH",
    "FRAME_PROPS",
    "JOINED_EMBEDDED",
    "MAX_FRAMES",
    "PARTS",
    "ROWS_PER_FRAME",
    "STORED",
    "STORED_TYPES",
    "Frames",
    "line_parts",
    "split_records",
    "stored_evidence",
]

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
    return (
        pa.DictionaryArray.from_arrays(first, pa.array([head], pa.string())),
        pa.array(lines, pa.int64()),
        pa.DictionaryArray.from_arrays(first, pa.array([tail], pa.string())),
    )


MAX_FRAMES = 1024
"""At most this many frames in a database: a query gathers them all (:data:`FRAME_MATCH`) and
looks each edge's up in that list."""
FRAMES_PER_TABLE = 16
ROWS_PER_FRAME = 1000
"""A column is framed only if it has at most :data:`FRAMES_PER_TABLE` distinct (head, tail) pairs,
or one per this many rows: a table whose rows each say something of their own (a ``note``
column) keeps its records whole instead of making a frame per row."""


class Frames:
    """The distinct (head, tail) pairs of a database's edges, numbered from 0 as first met
    (at most :data:`MAX_FRAMES`)."""

    def __init__(self) -> None:
        self._ids: dict[tuple[str, str], int] = {}

    def number(self, head: pa.Array | pa.ChunkedArray, tail: pa.Array | pa.ChunkedArray) -> pa.Array:
        """The frame id of each row (int64; null where ``head`` or ``tail`` is), strings plain or
        dictionary-encoded; all null if the column has too many pairs (see :data:`ROWS_PER_FRAME`)
        or they would take the frames past :data:`MAX_FRAMES`."""
        head, tail = (
            column.combine_chunks() if isinstance(column, pa.ChunkedArray) else column for column in (head, tail)
        )
        heads, tails = (
            column if pa.types.is_dictionary(column.type) else pc.dictionary_encode(column) for column in (head, tail)
        )
        valid = pc.and_(pc.is_valid(heads), pc.is_valid(tails)).to_numpy(zero_copy_only=False)
        if not valid.any():
            return pa.nulls(len(valid), pa.int64())
        width = len(tails.dictionary)
        pairs = heads.indices.fill_null(0).to_numpy().astype(np.int64) * width + tails.indices.fill_null(0).to_numpy()
        met, where = np.unique(pairs[valid], return_inverse=True)
        head_text, tail_text = heads.dictionary.to_pylist(), tails.dictionary.to_pylist()
        texts = [(head_text[pair // width], tail_text[pair % width]) for pair in met.tolist()]
        new = sum(text not in self._ids for text in texts)
        if len(met) > max(FRAMES_PER_TABLE, int(valid.sum()) // ROWS_PER_FRAME) or len(self._ids) + new > MAX_FRAMES:
            return pa.nulls(len(valid), pa.int64())
        ids = np.array([self._id(*text) for text in texts], np.int64)
        numbered = np.zeros(len(pairs), np.int64)
        numbered[valid] = ids[where]
        return pa.array(numbered, mask=~valid)

    def table(self) -> pa.Table:
        """The frames as a load table of :data:`FRAME_PROPS`."""
        pairs = list(self._ids)
        columns = (
            pa.array(list(self._ids.values()), pa.int64()),
            pa.array([h for h, _ in pairs], pa.string()),
            pa.array([t for _, t in pairs], pa.string()),
        )
        return pa.table(dict(zip((name for name, _ in FRAME_PROPS), columns)))

    def _id(self, head: str, tail: str) -> int:
        return self._ids.setdefault((head, tail), len(self._ids))


def stored_evidence(
    evidence: pa.Array | pa.ChunkedArray, parts: Sequence[pa.Array] | None, frames: Frames
) -> list[pa.Array]:
    """The columns ``evidence`` and :data:`STORED` that store an edge column of evidence lists:
    edges of one record with a line as a frame of ``frames`` and the line (``parts``: the split
    of each row's first record, see :data:`PARTS`, if the caller has it, strings plain or
    dictionary-encoded), the others whole."""
    if isinstance(evidence, pa.ChunkedArray):
        evidence = evidence.combine_chunks()
    whole, head, line, tail = _split_evidence(evidence, parts)
    frame = frames.number(head, tail)
    unframed = pc.and_(pc.is_null(frame), pc.is_valid(line))
    if pc.any(unframed).as_py():  # split, but given no frame: kept whole
        whole = pc.if_else(unframed, evidence, whole)
        line = pc.if_else(unframed, pa.scalar(None, pa.int64()), line)
    return [whole, frame, line]


def _split_evidence(evidence: pa.Array, parts: Sequence[pa.Array] | None = None) -> list[pa.Array]:
    """``evidence`` whole where it is not split, and the :data:`PARTS` where it is."""
    count = len(evidence)
    single = pc.equal(pc.list_value_length(evidence), 1).fill_null(False)
    if parts is None:
        firsts = (
            pc.list_element(pc.if_else(single, evidence, pa.scalar([""], evidence.type)), 0)
            if count
            else pa.array([], pa.string())
        )
        parts = split_records(firsts)
    split = pc.and_(single, pc.is_valid(parts[1]))
    if pc.all(split).as_py() and count:
        return [pa.nulls(count, evidence.type), *parts]
    if not pc.any(split).as_py():
        return [evidence, *(pa.nulls(count, kind) for kind in _TYPES)]
    whole = pc.if_else(split, pa.scalar(None, evidence.type), evidence)
    return [whole, *(pc.if_else(split, part.cast(kind), pa.scalar(None, kind)) for part, kind in zip(parts, _TYPES))]

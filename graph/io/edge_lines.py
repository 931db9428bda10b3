"""The edge lines of ``graph.json``, made column by column in Arrow.

Each edge's line is what :func:`chainkg.graph.io.nodelink._line` writes for it: its fields in
sorted order, strings escaped as the JSON encoder escapes them, evidence records put in as
stored. Strings are escaped once per distinct value (ids once per node) and the lines are
assembled by Arrow kernels, so a million edges take a second, not a minute.
"""

from __future__ import annotations

import json
import json.encoder
import math
from collections.abc import Callable, Iterable, Iterator
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from chainkg.graph.io.columns import GraphColumns, sort_order
from chainkg.graph.model import KnowledgeGraph
from chainkg.graph.schema import PropType

__all__ = ["CHUNK", "assembled", "edge_section", "escaped", "field_texts", "joined_pieces", "large"]

_ESCAPE = json.encoder.encode_basestring
_ENCODE = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode
_ENDS = ("source", "target")


def edge_section(
    kg: KnowledgeGraph, columns: GraphColumns | None = None, separator: str = ",\n"
) -> Iterator[pa.Buffer | bytes]:
    """The lines of every edge, sorted by ``(source, target, key)`` and joined by ``separator``,
    as pieces of UTF-8, one per :data:`CHUNK` lines, each made when it is asked for: no more
    than a piece of text is held at once. What Arrow cannot hold raises here, in the tables
    (:class:`GraphColumns`); a piece is made of what they hold, so it cannot fail."""
    columns = columns or GraphColumns(kg)
    escaped_ids = _quoted(columns.node_ids)  # ids are distinct
    tables = list(columns.edges.items())
    if not tables:
        return iter(())
    index = pa.concat_tables(
        [
            table.select(["source_rank", "target_rank", "key"])
            .append_column("part", pa.array(np.full(table.num_rows, part, np.int32)))
            .append_column("row", pa.array(np.arange(table.num_rows, dtype=np.int64)))
            for part, (_, table) in enumerate(tables)
        ]
    )
    order = sort_order(index)
    parts, rows = index["part"].to_numpy()[order], index["row"].to_numpy()[order]
    del index, order
    return _joined(kg, tables, escaped_ids, parts, rows, separator)


CHUNK = 1 << 17


def _joined(
    kg: KnowledgeGraph,
    tables: list[tuple[str, pa.Table]],
    escaped_ids: pa.Array,
    parts: np.ndarray,
    rows: np.ndarray,
    separator: str,
) -> Iterator[pa.Buffer | bytes]:
    """The lines of rows ``rows`` of ``tables[parts]``, in that order, joined, :data:`CHUNK` at a time."""
    return joined_pieces(
        (
            _piece(kg, tables, escaped_ids, parts[start : start + CHUNK], rows[start : start + CHUNK])
            for start in range(0, len(rows), CHUNK)
        ),
        separator,
    )


def _piece(
    kg: KnowledgeGraph, tables: list[tuple[str, pa.Table]], escaped_ids: pa.Array, part: np.ndarray, row: np.ndarray
) -> pa.LargeStringArray:
    """The lines of rows ``row`` of ``tables[part]``, in that order."""
    made, places = [], []
    for which in np.unique(part).tolist():  # each type's rows of the piece, its lines made together
        place = np.flatnonzero(part == which)
        rel, table = tables[which]
        made.append(large(_lines(kg, rel, table.take(row[place]), escaped_ids)))
        places.append(place)
    return pa.concat_arrays(made).take(np.argsort(np.concatenate(places)))  # (a chunked take is slow)


def joined_pieces(pieces: Iterable[pa.LargeStringArray], separator: str) -> Iterator[pa.Buffer | bytes]:
    """Each piece's lines joined by ``separator`` into one UTF-8 buffer, the separator between pieces too."""
    glue = pa.scalar(separator, pa.large_string())
    for index, piece in enumerate(pieces):
        if index:
            yield separator.encode("utf-8")
        whole = pa.LargeListArray.from_arrays(pa.array([0, len(piece)], pa.int64()), piece)
        yield pc.binary_join(whole, glue)[0].as_buffer()


def large(lines: pa.Array | pa.ChunkedArray) -> pa.LargeStringArray:
    """Lines as one large-string array (a whole piece may pass 2 GiB of text)."""
    lines = lines.cast(pa.large_string())
    return lines.combine_chunks() if isinstance(lines, pa.ChunkedArray) else lines


def _lines(kg: KnowledgeGraph, rel: str, table: pa.Table, escaped_ids: pa.Array) -> pa.Array:
    """One line per row of ``table`` (the edges of ``rel``, with their ranks)."""
    fields: dict[str, Any] = {"type": pa.scalar(_ESCAPE(rel)), "key": escaped(table["key"])}
    for end in _ENDS:
        fields[end] = escaped_ids.take(table[f"{end}_rank"])
    for prop in kg.schema.edge_props(rel):
        fields[prop.name] = field_texts(table[prop.name], prop.type, prop.name == "evidence")
    return assembled(fields)


def assembled(fields: dict[str, Any]) -> pa.Array:
    """One JSON object per row: each field's text (an array, null where the row has none, or a
    scalar for every row) as ``"name":text``, in sorted order of the names."""
    args: list[Any] = []
    for name in sorted(fields):  # each field as ',"name":value'; an absent value as nothing
        value = fields[name]
        if isinstance(value, pa.Scalar) or value.null_count == 0:
            args += ["," + _ESCAPE(name) + ":", value]
        else:
            args.append(pc.fill_null(pc.binary_join_element_wise("," + _ESCAPE(name) + ":", value, ""), ""))
    if isinstance(args[0], str):  # the first field is always there: its comma becomes the brace
        return pc.binary_join_element_wise("{" + args[0][1:], *args[1:], "}", "")
    body = pc.binary_join_element_wise(*args, "")
    return pc.binary_join_element_wise("{", pc.utf8_slice_codeunits(body, 1), "}", "")


def escaped(column: pa.ChunkedArray | pa.Array) -> pa.Array:
    """Each string JSON-escaped, each distinct value once (null stays null)."""
    encoded = pc.dictionary_encode(column)
    if isinstance(encoded, pa.ChunkedArray):
        encoded = encoded.combine_chunks()
    return _quoted(encoded.dictionary).take(encoded.indices)


_NEEDS_ESCAPE = r'[\x00-\x1f"\\]'  # what the encoder escapes with ensure_ascii off: quote, backslash, controls


def _quoted(values: pa.Array) -> pa.Array:
    """Each string as the JSON encoder writes it: quoted by Arrow, and those with a character
    to escape (rare) escaped by the encoder itself."""
    quoted = pc.binary_join_element_wise('"', values, '"', "")
    needs = pc.match_substring_regex(values, _NEEDS_ESCAPE)
    if not pc.any(needs).as_py():
        return quoted
    rows = np.flatnonzero(needs.to_numpy(zero_copy_only=False))
    return pc.replace_with_mask(
        quoted, needs, pa.array([_ESCAPE(value) for value in values.take(rows).to_pylist()], pa.string())
    )


def field_texts(column: pa.ChunkedArray, kind: str, evidence: bool) -> pa.Array:
    """A property's values as the encoder writes them (null where the edge has none)."""
    if evidence:  # stored records are canonical JSON already
        return pc.binary_join_element_wise("[", pc.binary_join(column, ","), "]", "")
    if kind == PropType.STRING:
        return escaped(column)
    if kind == PropType.STRING_LIST:  # each distinct string escaped once, the lists joined by Arrow
        return _string_lists(column)
    write = _WRITERS[kind]
    if kind in (PropType.FLOAT, PropType.INT):  # each distinct number written once (-0.0 and each NaN kept apart)
        encoded = pc.dictionary_encode(column).combine_chunks()
        texts = pa.array([write(value) for value in encoded.dictionary.to_pylist()], pa.string())
        return texts.take(encoded.indices)
    return pa.array([None if value is None else write(value) for value in column.to_pylist()], pa.string())


def _string_lists(column: pa.ChunkedArray | pa.Array) -> pa.Array:
    """Lists of strings as ``["a","b"]`` (null stays null)."""
    lists = column.combine_chunks() if isinstance(column, pa.ChunkedArray) else column
    first, last = lists.offsets[0].as_py(), lists.offsets[-1].as_py()
    items = escaped(lists.values.slice(first, last - first))
    offsets = pc.subtract(lists.offsets, pa.scalar(first, pa.int32()))
    rebuilt = pa.ListArray.from_arrays(offsets, items, mask=lists.is_null())
    return pc.binary_join_element_wise("[", pc.binary_join(rebuilt, ","), "]", "")


def _float(value: float) -> str:
    return float.__repr__(value) if math.isfinite(value) else _ENCODE(value)


def _string_list(value: list[str]) -> str:
    return "[" + ",".join(map(_ESCAPE, value)) + "]"


_WRITERS: dict[str, Callable[[Any], str]] = {
    PropType.FLOAT: _float,
    PropType.INT: int.__repr__,
    PropType.BOOL: lambda value: "true" if value else "false",
    PropType.STRING_LIST: _string_list,
}

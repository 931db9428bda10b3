"""The neo4j-admin CSV files' rows, made column by column (see :mod:`.arrow_rows`).

Each row is what :func:`csv.writer` (RFC 4180 quoting, ``\\r\\n`` line ends) writes for the row
:mod:`.neo4j_csv` makes line by line: a field is quoted, with ``""`` for a quote, when it holds
a comma, a quote, a CR or an LF; a missing value is an empty field.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Sequence

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from chainkg.errors import ExportError
from chainkg.graph.exports.arrow_rows import CHUNK, GraphTables, joined_lines, value_texts
from chainkg.graph.exports.common import NEO4J_INDEX_LIMIT, check_neo4j_indexable, edge_columns, node_columns
from chainkg.graph.model import KnowledgeGraph
from chainkg.graph.schema import PropType, Schema

__all__ = ["Piece", "csv_files", "csv_row"]

Piece = tuple[bytes | pa.Buffer, bool]  # UTF-8 text, and whether a field in it spans lines
_QUOTE = r'[,"\r\n]'
_SPANS = r"[\r\n]"


def csv_row(row: Sequence[str | None]) -> str:
    """One row as :func:`csv.writer` writes it (for the headers)."""
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerow(row)
    return out.getvalue()


def check_indexable(kg: KnowledgeGraph, tables: GraphTables) -> None:
    """:func:`~.common.check_neo4j_indexable` of every node: its error, for the first id too long."""
    for _, table in tables.nodes:
        ids = table["id"].combine_chunks()
        long = np.flatnonzero(pc.greater(pc.binary_length(ids), NEO4J_INDEX_LIMIT).to_numpy(zero_copy_only=False))
        if len(long):
            check_neo4j_indexable([kg.node(ids[int(long[0])].as_py())])


def delimiter_for(schema: Schema, tables: GraphTables, candidates: tuple[str, ...]) -> str:
    """The first of ``candidates`` that no list element holds."""
    lists = {p.name for p in (*node_columns(schema), *edge_columns(schema)) if p.type == PropType.STRING_LIST}
    items = [
        table[name].combine_chunks().flatten()
        for _, table in [*tables.nodes, *tables.edges]
        for name in table.column_names
        if name in lists
    ]
    for candidate in candidates:
        if not any(pc.any(pc.match_substring(values, candidate)).as_py() for values in items if len(values)):
            return candidate
    raise ExportError(
        "every array delimiter (; | U+001F) occurs in a list value", None, "remove U+001F from aliases and rebuild"
    )


def csv_files(
    kg: KnowledgeGraph,
    tables: GraphTables,
    delimiter: str,
    marker: str,
    headers: tuple[dict[str, list[str]], dict[str, list[str]]],
) -> list[tuple[str, Iterator[Piece]]]:
    """``(file name, its pieces)`` of every label and type that has rows, in the schema's order;
    ``headers``: each label's and each type's header row."""
    schema = kg.schema
    nodes, edges = dict(tables.nodes), dict(tables.edges)
    files = [
        (f"nodes_{label}.csv", _node_pieces(schema, label, nodes[label], delimiter, marker, headers[0][label]))
        for label in schema.label_names
        if label in nodes
    ]
    files += [
        (f"relationships_{rel}.csv", _edge_pieces(schema, rel, edges[rel], tables.node_ids, delimiter, headers[1][rel]))
        for rel in schema.rel_names
        if rel in edges
    ]
    return files


def _node_pieces(
    schema: Schema, label: str, table: pa.Table, delimiter: str, marker: str, header: list[str]
) -> Iterator[Piece]:
    yield csv_row(header).encode("utf-8"), False
    props = [p for p in schema.node_props(label) if p.name != "id"]
    fixed = csv_row([f"{label}{delimiter}{marker}"]).rstrip("\r\n")
    for start in range(0, table.num_rows, CHUNK):
        rows = table.slice(start, CHUNK)
        cells = [
            _field(rows["id"].combine_chunks()),
            fixed,
            *(_field(value_texts(rows[p.name], p, inf="Infinity", join=delimiter)) for p in props),
        ]
        yield _lines(cells)


def _edge_pieces(
    schema: Schema, rel: str, table: pa.Table, ids: pa.Array, delimiter: str, header: list[str]
) -> Iterator[Piece]:
    yield csv_row(header).encode("utf-8"), False
    fields = _field(ids)  # each id made a field once
    keyed = bool(schema.rel(rel).key)
    for start in range(0, table.num_rows, CHUNK):
        rows = table.slice(start, CHUNK)
        cells = [fields.take(rows["source_rank"]), fields.take(rows["target_rank"]), csv_row([rel]).rstrip("\r\n")]
        if keyed:
            cells.append(_field(rows["key"].combine_chunks(), distinct=True))
        cells += [_field(value_texts(rows[p.name], p, inf="Infinity", join=delimiter)) for p in schema.edge_props(rel)]
        yield _lines(cells)


def _lines(cells: list[pa.Array | str]) -> Piece:
    spans = any(pc.any(pc.match_substring_regex(cell, _SPANS)).as_py() for cell in cells if not isinstance(cell, str))
    return joined_lines(pc.binary_join_element_wise(*cells, ","), "\r\n"), spans


def _field(texts: pa.Array, distinct: bool = False) -> pa.Array:
    """Each text as a CSV field: quoted where it must be, empty where there is none."""
    if distinct:
        encoded = pc.dictionary_encode(texts)
        return _field(encoded.dictionary).take(encoded.indices)
    needs = pc.fill_null(pc.match_substring_regex(texts, _QUOTE), False)
    if pc.any(needs).as_py():
        quoted = pc.binary_join_element_wise('"', pc.replace_substring(texts, '"', '""'), '"', "")
        texts = pc.if_else(needs, quoted, texts)
    return pc.fill_null(texts, "")

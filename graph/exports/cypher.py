"""A Cypher script that recreates the graph on Neo4j, for ``cypher-shell -f``.

The script is what ``chainkg push`` does, written down: the constraints and
indexes first (``IF NOT EXISTS``), then per label and per
``(label)-[TYPE]->(label)`` pattern, batches of rows set with ``:param rows =>
[...]`` and written by the same ``UNWIND $rows AS row MERGE ...`` statements as
the Neo4j engine (:mod:`chainkg.graph.engines.neo4j`). Replaying it twice changes
nothing. Values are only ever Cypher literals inside ``:param`` lines, never
spliced into a statement; strings are single-quoted with ``\\\\``, ``\\'``, ``\\n``
... escapes, and characters that do not print (controls, U+202E, U+3000 ...) as ``\\uXXXX``.

>>> cypher_literal("x'}) DETACH DELETE n //")
"'x\\\\'}) DETACH DELETE n //'"
>>> cypher_literal({"name": "株洲", "aliases": ["Zhuzhou"], "year": None})
"{name: '株洲', aliases: ['Zhuzhou'], year: null}"
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyarrow as pa

from chainkg.errors import ExportError
from chainkg.graph.engines.neo4j import (
    edge_merge_statement,
    edge_rows,
    neo4j_schema_statements,
    node_merge_statement,
    node_rows,
)
from chainkg.graph.exports import cypher_lines
from chainkg.graph.exports.arrow_rows import graph_tables
from chainkg.graph.exports.common import check_file_target, check_neo4j_indexable, write_error
from chainkg.graph.exports.csv_lines import check_indexable
from chainkg.graph.io.atomic import atomic_write_bytes
from chainkg.graph.model import KnowledgeGraph

__all__ = ["DEFAULT_SCRIPT_BATCH", "cypher_literal", "cypher_pieces", "cypher_script", "write_cypher"]

DEFAULT_SCRIPT_BATCH = 1000
_IDENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_ESCAPES = {"\\": "\\\\", "'": "\\'", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}
_PLAIN = str.maketrans(_ESCAPES)


def _char(ch: str) -> str:
    """One character of a string literal: escaped, as a \\uXXXX escape if not printable, else as is."""
    if ch in _ESCAPES:
        return _ESCAPES[ch]
    if ch.isprintable():
        return ch  # Chinese and other printable text as is
    code = ord(ch)
    if (
        code == 0
    ):  # measured: cypher-shell 5.26's :param reads '\u0000' as six characters (the server itself reads it right)
        raise ExportError(
            "a value holds U+0000 (NUL), which cypher-shell's :param cannot carry",
            None,
            "remove the NUL from the input and rebuild, or use chainkg push, or export to csv or json",
        )
    if 0xD800 <= code <= 0xDFFF:
        raise ExportError(
            f"a value holds U+{code:04X}, a lone surrogate that no Neo4j string can carry",
            None,
            "remove the broken character from the input and rebuild",
        )
    if code > 0xFFFF:  # as a UTF-16 surrogate pair, which is what a Java string holds
        code -= 0x10000
        return f"\\u{0xD800 + (code >> 10):04X}\\u{0xDC00 + (code & 0x3FF):04X}"
    return f"\\u{code:04X}"


def _string(text: str) -> str:
    if text.isprintable():  # the common case, at C speed: only \\ and ' to escape
        return "'" + text.translate(_PLAIN) + "'"
    return "'" + "".join(_char(ch) for ch in text) + "'"


def _float(value: float) -> str:
    if math.isnan(value):
        return "toFloat('NaN')"
    if math.isinf(value):
        return "toFloat('Infinity')" if value > 0 else "-toFloat('Infinity')"
    return repr(float(value))


def cypher_literal(value: Any) -> str:
    """``value`` (None, bool, int, float, str, list, dict with str keys) as a Cypher literal."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return _float(value)
    if isinstance(value, str):
        return _string(value)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(cypher_literal(item) for item in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_key(k)}: {cypher_literal(v)}" for k, v in value.items()) + "}"
    raise ExportError(
        f"cannot write {type(value).__name__} {value!r} as a Cypher literal",
        None,
        "store only strings, numbers, booleans and lists of strings",
    )


def _key(name: str) -> str:
    if not isinstance(name, str):
        raise ExportError(f"map key {name!r} is not a string", None, "use property names from the schema")
    return name if _IDENT.match(name) else "`" + name.replace("`", "``") + "`"


def _batches(statement: str, rows: list[dict[str, Any]], size: int) -> Iterator[str]:
    for start in range(0, len(rows), size):
        yield f":param rows => {cypher_literal(rows[start : start + size])};"
        yield f"{statement};"


def cypher_script(kg: KnowledgeGraph, batch_size: int = DEFAULT_SCRIPT_BATCH) -> str:
    """The whole script, line by line (what :func:`write_cypher` writes a piece at a time):
    constraints and indexes, then node and relationship batches."""
    _check_batch(batch_size)
    schema = kg.schema
    node_batches = node_rows(schema, kg)
    check_neo4j_indexable(row for rows in node_batches.values() for row in rows)
    lines = [_head(kg)]
    for label, rows in node_batches.items():
        lines += _batches(node_merge_statement(label, schema), rows, batch_size)
    for (rel, source, target), rows in edge_rows(schema, kg).items():
        if not schema.rel(rel).key:
            rows = [{k: v for k, v in row.items() if k != "key"} for row in rows]
        lines += _batches(edge_merge_statement(schema, rel, source, target), rows, batch_size)
    return "\n".join(lines) + "\n"


def _check_batch(batch_size: int) -> None:
    if batch_size < 1:
        raise ExportError(f"batch size must be at least 1, got {batch_size}", None, "use 1000 or so")


def _head(kg: KnowledgeGraph) -> str:
    counts = kg.counts()
    nodes, rels = sum(counts["labels"].values()), sum(counts["types"].values())
    return "\n".join(
        [
            f"// chainkg graph: {nodes} nodes, {rels} relationships. Safe to replay: everything is MERGEd.",
            "// Run: cypher-shell -a bolt://localhost:7687 -u neo4j -p PASSWORD -f THIS_FILE",
            *(f"{statement};" for statement in neo4j_schema_statements(kg.schema)),
        ]
    )


def cypher_pieces(kg: KnowledgeGraph, batch_size: int = DEFAULT_SCRIPT_BATCH) -> Iterator[bytes | pa.Buffer]:
    """The text of :func:`cypher_script` as UTF-8 pieces, made column by column a label or a
    pattern at a time (:mod:`.cypher_lines`), or line by line for a graph Arrow cannot hold."""
    _check_batch(batch_size)
    tables = graph_tables(kg)
    if tables is None:
        yield cypher_script(kg, batch_size).encode("utf-8")
        return
    check_indexable(kg, tables)
    schema = kg.schema
    yield (_head(kg) + "\n").encode("utf-8")
    yield from cypher_lines.node_batches(
        schema, tables, batch_size, cypher_literal, lambda label: node_merge_statement(label, schema)
    )
    yield from cypher_lines.edge_batches(
        schema, tables, batch_size, cypher_literal, functools.partial(edge_merge_statement, schema)
    )


def write_cypher(kg: KnowledgeGraph, path: Path, batch_size: int = DEFAULT_SCRIPT_BATCH) -> Path:
    """Write the script to ``path`` atomically, a piece at a time; return the path."""
    path = Path(path)
    check_file_target(path)
    try:
        atomic_write_bytes(path, cypher_pieces(kg, batch_size))
    except (OSError, UnicodeError) as exc:
        raise write_error(exc, path) from exc
    return path

"""CSV for ``neo4j-admin database import full``, and its reader.

One file per label (``nodes_<Label>.csv``) and per relationship type
(``relationships_<TYPE>.csv``), each with the importer's header:
``id:ID,:LABEL,name:string,aliases:string[],...`` for nodes and
``:START_ID,:END_ID,:TYPE,key:string,...`` for relationships, every column typed
from the schema (``STRING`` string, ``BOOL`` boolean, ``INT64`` long, ``DOUBLE``
double, ``STRING[]`` string[]). Node ids are chainkg's ids, unique across labels,
so one global id space serves every file. Nodes also get the label ``ChainKG``
and keyed relationship types the property ``key``, exactly as ``chainkg push``
writes them, so an imported database works with ``chainkg pull`` and queries.

Array elements are joined by the array delimiter: ``;`` (the importer's
default) unless a value holds one, then ``|``, then U+001F. Fields are quoted as
RFC 4180 (``""`` inside quotes), which is the importer's default. The folder
also holds ``README.md`` with the exact import command, ``import.json`` (the
same, for programs) and ``constraints.cypher``. It is written into a staged
sibling and swapped in whole.
"""

from __future__ import annotations

import csv
import io
import json
import shlex
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from chainkg.errors import ExportError, LoadError
from chainkg.graph.engines.neo4j import _EDGE_KEY_PROP as _EDGE_KEY  # the property chainkg push keeps the edge key in
from chainkg.graph.engines.neo4j import MARKER, neo4j_schema_statements
from chainkg.graph.exports.arrow_rows import graph_tables
from chainkg.graph.exports.common import (
    check_neo4j_indexable,
    edge_columns,
    float_text,
    graph_from_records,
    node_columns,
    write_error,
)
from chainkg.graph.exports.csv_lines import check_indexable, csv_files, delimiter_for
from chainkg.graph.io.atomic import dir_lock, staged_dir
from chainkg.graph.model import KnowledgeGraph
from chainkg.graph.schema import SCHEMA, Prop, PropType, Schema

__all__ = ["ADMIN_TYPES", "MANIFEST", "ImportPlan", "edge_header", "node_header", "read_neo4j_csv", "write_neo4j_csv"]

MANIFEST = "import.json"
ADMIN_TYPES = {
    PropType.STRING: "string",
    PropType.BOOL: "boolean",
    PropType.INT: "long",
    PropType.FLOAT: "double",
    PropType.STRING_LIST: "string[]",
}
_DELIMITERS = (";", "|", "\x1f")


@dataclass(frozen=True)
class ImportPlan:
    """What the importer needs: files, array delimiter, whether fields span lines."""

    nodes: tuple[str, ...]
    relationships: tuple[str, ...]
    array_delimiter: str
    multiline: bool

    def command(self, database: str = "neo4j") -> str:
        """The exact ``neo4j-admin database import full`` command, run from the export folder."""
        delimiter = self.array_delimiter if self.array_delimiter != "\x1f" else "U+001F"
        parts = ["neo4j-admin", "database", "import", "full"]
        parts += [f"--nodes={name}" for name in self.nodes]
        parts += [f"--relationships={name}" for name in self.relationships]
        parts.append(f"--array-delimiter={delimiter}")
        if self.multiline:
            parts.append("--multiline-fields=true")
        return " ".join(shlex.quote(part) for part in [*parts, database])


def node_header(schema: Schema, label: str) -> list[str]:
    """The importer header of one label's file."""
    return ["id:ID", ":LABEL", *(_column(p) for p in schema.node_props(label) if p.name != "id")]


def edge_header(schema: Schema, rel: str) -> list[str]:
    """The importer header of one relationship type's file (``key`` for keyed types)."""
    keyed = [f"{_EDGE_KEY}:string"] if schema.rel(rel).key else []
    return [":START_ID", ":END_ID", ":TYPE", *keyed, *(_column(p) for p in schema.edge_props(rel))]


def _column(prop: Prop) -> str:
    return f"{prop.name}:{ADMIN_TYPES[prop.type]}"


def _cell(prop: Prop, value: Any, delimiter: str) -> str | None:
    if value is None:
        return None
    if prop.type == PropType.STRING_LIST:
        return delimiter.join(value) if value else None
    if prop.type == PropType.BOOL:
        return "true" if value else "false"
    if prop.type == PropType.FLOAT:
        return float_text(value, inf="Infinity")
    return str(value)


Nodes = dict[str, list[dict[str, Any]]]
Edges = dict[str, list[tuple[str, str, str, dict[str, Any]]]]


def _grouped(kg: KnowledgeGraph) -> tuple[Nodes, Edges]:
    """Nodes per label and edges per type, in one pass each (sorted as graph.json)."""
    nodes: Nodes = defaultdict(list)
    edges: Edges = defaultdict(list)
    for node in kg.nodes():
        nodes[node["label"]].append(node)
    for edge in kg.edges():
        edges[edge[3]["type"]].append(edge)
    return nodes, edges


def _choose_delimiter(kg: KnowledgeGraph, nodes: Nodes, edges: Edges) -> str:
    """The first candidate that no list element holds."""
    node_lists = [p.name for p in node_columns(kg.schema) if p.type == PropType.STRING_LIST]
    edge_lists = [p.name for p in edge_columns(kg.schema) if p.type == PropType.STRING_LIST]
    items = [item for group in nodes.values() for n in group for name in node_lists for item in n.get(name) or ()]
    items += [item for group in edges.values() for e in group for name in edge_lists for item in e[3].get(name) or ()]
    text = "\n".join(items)
    free = [d for d in _DELIMITERS if d not in text]
    if not free:
        raise ExportError(
            "every array delimiter (; | U+001F) occurs in a list value", None, "remove U+001F from aliases and rebuild"
        )
    return free[0]


def _tables(kg: KnowledgeGraph, nodes: Nodes, edges: Edges, delimiter: str) -> dict[str, list[Sequence[str | None]]]:
    """File name -> rows (header first), for the labels and types that have rows."""
    schema = kg.schema
    tables: dict[str, list[Sequence[str | None]]] = {}
    for label in schema.label_names:
        props = [p for p in schema.node_props(label) if p.name != "id"]
        rows = [
            [n["id"], f"{label}{delimiter}{MARKER}", *(_cell(p, n.get(p.name), delimiter) for p in props)]
            for n in nodes.get(label, ())
        ]
        if rows:
            tables[f"nodes_{label}.csv"] = [node_header(schema, label), *rows]
    for rel in schema.rel_names:
        rel_props, keyed = schema.edge_props(rel), bool(schema.rel(rel).key)
        rows = [
            [s, t, rel, *([k] if keyed else []), *(_cell(p, a.get(p.name), delimiter) for p in rel_props)]
            for s, t, k, a in edges.get(rel, ())
        ]
        if rows:
            tables[f"relationships_{rel}.csv"] = [edge_header(schema, rel), *rows]
    return tables


def _csv_bytes(rows: list[Sequence[str | None]]) -> tuple[bytes, bool]:
    """The file's bytes, and whether a field spans lines (more line ends than rows, or a CR)."""
    out = io.StringIO()
    # a field is quoted when it holds a character of the line terminator: with "\r\n", a field
    # holding a lone CR is quoted too (with "\n" it was not, and the CR ended the row)
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    text = out.getvalue()
    return text.encode("utf-8"), text.count("\r") != len(rows) or text.count("\n") != len(rows)


def write_neo4j_csv(kg: KnowledgeGraph, folder: Path) -> ImportPlan:
    """Write the import folder (staged, then swapped in whole), a piece of each file at a time
    (:mod:`.csv_lines`; line by line for a graph Arrow cannot hold); return the import plan."""
    folder = Path(folder)
    _check_target(folder)
    tables = graph_tables(kg)
    if tables is None:
        files, delimiter = _plain_files(kg)
    else:
        check_indexable(kg, tables)
        delimiter = delimiter_for(kg.schema, tables, _DELIMITERS)
        headers = (
            {label: node_header(kg.schema, label) for label in kg.schema.label_names},
            {rel: edge_header(kg.schema, rel) for rel in kg.schema.rel_names},
        )
        files = csv_files(kg, tables, delimiter, MARKER, headers)
    try:
        with dir_lock(folder), staged_dir(folder) as staged:
            multiline = False
            for name, pieces in files:
                with open(staged / name, "wb") as handle:
                    for data, spans in pieces:
                        handle.write(data)
                        multiline |= spans
            names = [name for name, _ in files]
            plan = ImportPlan(
                tuple(n for n in names if n.startswith("nodes_")),
                tuple(n for n in names if n.startswith("relationships_")),
                delimiter,
                multiline,
            )
            _write_guides(staged, plan, kg)
    except (OSError, UnicodeError) as exc:
        raise write_error(exc, folder) from exc
    return plan


def _plain_files(kg: KnowledgeGraph) -> tuple[list[tuple[str, Iterator[tuple[bytes, bool]]]], str]:
    """The files line by line (every row made before the first is written), and the delimiter."""
    nodes, edges = _grouped(kg)
    check_neo4j_indexable(node for group in nodes.values() for node in group)
    delimiter = _choose_delimiter(kg, nodes, edges)
    return [(name, _encoded(rows)) for name, rows in _tables(kg, nodes, edges, delimiter).items()], delimiter


def _encoded(rows: list[Sequence[str | None]]) -> Iterator[tuple[bytes, bool]]:
    """A file's one piece, made when it is written (an encoding error then fails the write)."""
    yield _csv_bytes(rows)


def _check_target(folder: Path) -> None:
    """Only an empty folder or an earlier CSV export may be replaced."""
    if folder.exists() and not folder.is_dir():
        raise ExportError("the output path is a file", str(folder), "give a folder name for --format csv")
    if folder.is_dir() and any(folder.iterdir()) and not (folder / MANIFEST).is_file():
        raise ExportError(
            "the output folder exists and is not a chainkg CSV export",
            str(folder),
            "choose a new folder; an earlier CSV export (with import.json) is replaced whole",
        )


def _write_guides(staged: Path, plan: ImportPlan, kg: KnowledgeGraph) -> None:
    manifest = {
        "format": "chainkg-neo4j-csv/1",
        "nodes": list(plan.nodes),
        "relationships": list(plan.relationships),
        "array_delimiter": plan.array_delimiter,
        "multiline_fields": plan.multiline,
        "command": plan.command(),
        "counts": kg.counts(),
    }
    (staged / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    (staged / "constraints.cypher").write_text(";\n".join(neo4j_schema_statements(kg.schema)) + ";\n", encoding="utf-8")
    (staged / "README.md").write_text(_readme(plan, kg), encoding="utf-8")


def _readme(plan: ImportPlan, kg: KnowledgeGraph) -> str:
    counts = kg.counts()
    nodes, rels = sum(counts["labels"].values()), sum(counts["types"].values())
    shown = "U+001F" if plan.array_delimiter == "\x1f" else f"`{plan.array_delimiter}`"
    return f"""# chainkg graph for neo4j-admin import

{nodes} nodes and {rels} relationships, one CSV file per label and per relationship type,
with the importer's header (`id:ID`, `:LABEL`, `:START_ID`, `:END_ID`, `:TYPE`, typed columns
such as `aliases:string[]`). Node ids are chainkg ids (`Enterprise:三一重工`), one id space for
all files. Array elements (aliases, evidence, and the labels in `:LABEL`) are separated by
{shown}; each evidence element is one JSON object. Every node also has the label `ChainKG`.

Stop the server, then run from this folder (the database must be empty or absent; add
`--overwrite-destination=true` to replace it):

```sh
{plan.command()}
```

Start the server and create the constraints and indexes chainkg uses:

```sh
cypher-shell -u neo4j -p PASSWORD -f constraints.cypher
```

`import.json` holds the same command and file list for programs.
"""


def read_neo4j_csv(folder: Path, schema: Schema = SCHEMA) -> KnowledgeGraph:
    """Read a CSV export back into a validated KnowledgeGraph (the header types the values)."""
    folder = Path(folder)
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        delimiter = manifest["array_delimiter"]
        nodes = [row for name in manifest["nodes"] for row in _read_nodes(folder / name, delimiter)]
        edges = [row for name in manifest["relationships"] for row in _read_edges(folder / name, delimiter)]
    except (OSError, KeyError, ValueError) as exc:
        raise LoadError(
            f"not a chainkg CSV export: {exc}", str(folder), "export it again with chainkg export --format csv"
        ) from exc
    return graph_from_records(schema, nodes, edges, str(folder))


def _records(path: Path, delimiter: str) -> list[dict[str, Any]]:
    with open(path, encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    header = [_parse_column(column) for column in rows[0]]
    return [
        {name: _value(kind, text, delimiter) for (name, kind), text in zip(header, row) if text != ""}
        for row in rows[1:]
    ]


def _parse_column(column: str) -> tuple[str, str]:
    name, _, kind = column.partition(":")
    return (name or f":{kind}"), (kind or "string")


_PARSE: dict[str, Callable[[str], Any]] = {"boolean": lambda t: t == "true", "long": int, "double": float}


def _value(kind: str, text: str, delimiter: str) -> Any:
    if kind.endswith("[]") or kind == "LABEL":
        return text.split(delimiter)
    return _PARSE.get(kind, str)(text)


def _read_nodes(path: Path, delimiter: str) -> list[tuple[str, str, dict[str, Any]]]:
    out = []
    for record in _records(path, delimiter):
        labels = [label for label in record.pop(":LABEL") if label != MARKER]
        out.append((record.pop("id"), labels[0], record))
    return out


def _read_edges(path: Path, delimiter: str) -> list[tuple[str, str, str, dict[str, Any]]]:
    out = []
    for record in _records(path, delimiter):
        record.pop(_EDGE_KEY, None)
        out.append((record.pop(":START_ID"), record.pop(":END_ID"), record.pop(":TYPE"), record))
    return out

"""A built folder read back fast: the graph's Arrow tables, written beside ``graph.json``.

``graph.json`` is the graph for people and other tools; reading it back rebuilds and validates
every node and edge in Python (25 s at 100k enterprises). So the build also writes the tables it
already holds (:class:`~chainkg.graph.io.columns.GraphColumns`: a table per label, rows in id order;
a table per edge type, sorted, with its ends as ranks among the sorted node ids) as Arrow IPC files
in ``DIR/columns/``, and :func:`read_built` brings them back without re-validating what the build
validated: nodes as the model's dicts, edges as its frozen tables (no dict per edge).

A folder without them (written by an earlier version) or with another format is read from
``graph.json`` as before; tables that disagree with their manifest are a :class:`LoadError`.
``tests/test_columnar.py`` checks that both ways give the same graph.json.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from chainkg.errors import LoadError
from chainkg.graph.folder import COLUMNS_FOLDER, GRAPH_FILE
from chainkg.graph.io.atomic import atomic_write_bytes
from chainkg.graph.io.columns import GraphColumns
from chainkg.graph.io.nodelink import read_graph_json
from chainkg.graph.model import KnowledgeGraph

__all__ = ["FORMAT", "read_built", "read_columnar", "write_columnar"]

FORMAT = "chainkg-columns/1"
_MANIFEST = "manifest.json"
_NODE_FIXED = ("id", "name", "aliases", "evidence")


def read_built(folder: Path) -> KnowledgeGraph:
    """The graph of a folder ``chainkg build`` wrote: from its Arrow tables, else (an earlier
    version's folder) from its ``graph.json``."""
    folder = Path(folder)
    kg = read_columnar(folder / COLUMNS_FOLDER)
    return read_graph_json(folder / GRAPH_FILE) if kg is None else kg


def write_columnar(folder: Path, kg: KnowledgeGraph, columns: GraphColumns | None = None) -> None:
    """Write ``kg``'s tables into ``folder`` (a new folder: the build's staged one). ``columns``:
    its sorted edge tables with ranks and its node tables, when the caller has them. A graph
    holding what Arrow cannot (a lone surrogate, an integer beyond 64 bits) raises UnicodeError
    or OverflowError before anything is written."""
    from chainkg.graph.engines.embedded_tables import node_load_tables  # the tables the database copies

    columns = GraphColumns(kg) if columns is None else columns
    nodes = columns.nodes if columns.nodes is not None else {label: table for label, _, table in node_load_tables(kg)}
    tables = {f"nodes-{label}": table for label, table in sorted(nodes.items()) if table.num_rows}
    for rel, table in columns.edges.items():  # the ends' ids are made again from the ranks
        tables[f"edges-{rel}"] = table.drop_columns(["source", "target"])
    tables["names"] = _name_table(kg)
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    files = {stem: _write_table(folder, stem, table) for stem, table in tables.items()}
    manifest = {"format": FORMAT, "counts": kg.counts(), "files": files}  # last: a folder without it is not read
    atomic_write_bytes(
        folder / _MANIFEST, (json.dumps(manifest, ensure_ascii=False, indent=1) + "\n").encode(), sync=False
    )


def _name_table(kg: KnowledgeGraph) -> pa.Table:
    """The model's name index: a row per (label, normalised name or alias, node that answers to it);
    a name several nodes answer to has a row each, flagged ``shared``."""
    index = kg.name_index()
    keys, owners = list(index), list(index.values())
    shared = [row for row, held in enumerate(owners) if type(held) is not str]
    if shared:  # a few names: a row per owner, after the rest
        many = [(keys[row], owner, len(owners[row]) > 1) for row in shared for owner in sorted(owners[row])]
        keys = [key for key, held in zip(keys, owners) if type(held) is str]
        owners = [held for held in owners if type(held) is str]
        keys += [key for key, _, _ in many]
        owners += [owner for _, owner, _ in many]
        flags = pa.array([False] * (len(owners) - len(many)) + [flag for _, _, flag in many], pa.bool_())
    else:
        flags = pa.nulls(len(owners), pa.bool_()).fill_null(False)
    table = pa.table(
        {
            "label": pa.array([key[0] for key in keys], pa.string()),
            "key": pa.array([key[1] for key in keys], pa.string()),
            "owner": pa.array(owners, pa.string()),
            "shared": flags,
        }
    )
    # sorted: the same bytes whatever the order the facts came in
    table = table.take(pc.sort_indices(table, [("label", "ascending"), ("key", "ascending"), ("owner", "ascending")]))
    return table.set_column(0, "label", table["label"].dictionary_encode())


def _write_table(folder: Path, stem: str, table: pa.Table) -> str:
    name = f"{stem}.arrow"
    with pa.OSFile(str(folder / name), "wb") as sink, pa.ipc.new_file(sink, table.schema) as writer:
        writer.write_table(table)
    return name


def read_columnar(folder: Path) -> KnowledgeGraph | None:
    """The graph in ``folder`` (see :func:`write_columnar`), or None when there is none of
    this format there."""
    folder = Path(folder)
    try:
        manifest = json.loads((folder / _MANIFEST).read_text(encoding="utf-8"))
    except (FileNotFoundError, NotADirectoryError):
        return None
    except (OSError, ValueError) as exc:
        raise LoadError(f"cannot read the graph's tables: {exc}", str(folder), "rebuild it with chainkg build") from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        return None
    try:
        kg = _graph(folder, manifest["files"])
    except (OSError, KeyError, TypeError, ValueError, pa.ArrowException) as exc:
        raise LoadError(f"cannot read the graph's tables: {exc}", str(folder), "rebuild it with chainkg build") from exc
    if kg.counts() != manifest.get("counts"):
        raise LoadError(
            "the graph's tables do not hold what their manifest says", str(folder), "rebuild it with chainkg build"
        )
    return kg


def _graph(folder: Path, files: Mapping[str, str]) -> KnowledgeGraph:
    kg = KnowledgeGraph()
    tables = {what: _read_table(folder / name) for what, name in files.items()}
    labels = {stem[6:]: table for stem, table in tables.items() if stem.startswith("nodes-")}
    # an id is "<label>:<name>" and each table is in id order: the runs in the order of "<label>:" are every id sorted
    runs = [(label, labels[label]) for label in sorted(labels, key=lambda label: label + ":")]
    id_array = pa.chunked_array([table["id"] for _, table in runs], pa.string()).combine_chunks()
    node_ids = id_array.to_pylist()
    at = 0
    for label, table in runs:
        _restore_nodes(kg, label, node_ids[at : at + table.num_rows], table)
        at += table.num_rows
    _restore_names(kg, tables["names"])
    edges = {stem[6:]: _with_ends(table, id_array) for stem, table in tables.items() if stem.startswith("edges-")}
    kg.freeze_edges(edges, node_ids)
    return kg


def _read_table(path: Path) -> pa.Table:
    with pa.OSFile(str(path), "rb") as source:
        return pa.ipc.open_file(source).read_all()


def _with_ends(table: pa.Table, ids: pa.Array) -> pa.Table:
    """An edge table as the build holds it: its ends' ids first, made from the ranks."""
    ends = [ids.take(table[f"{end}_rank"]) for end in ("source", "target")]
    return pa.table([*ends, *table.columns], names=["source", "target", *table.column_names])


def _restore_nodes(kg: KnowledgeGraph, label: str, ids: list[str], table: pa.Table) -> None:
    """The nodes of one label into the model's dicts, as ``restore_node`` leaves them (label, name,
    aliases, evidence, then the properties a node has, sorted), unchecked."""
    names = table["name"].to_pylist()
    aliases = table["aliases"].to_pylist()
    evidence = table["evidence"].to_pylist()
    extra = [(name, table[name].to_pylist()) for name in sorted(table.column_names) if name not in _NODE_FIXED]
    made = []
    for row in range(len(ids)):
        attrs: dict[str, Any] = {
            "label": label,
            "name": names[row],
            "aliases": aliases[row] or [],
            "evidence": evidence[row] or [],
        }
        for name, values in extra:
            if (value := values[row]) is not None:
                attrs[name] = value
        made.append(attrs)
    kg.restore_nodes(label, ids, made)


def _restore_names(kg: KnowledgeGraph, table: pa.Table) -> None:
    """The name index as :func:`_name_table` wrote it (what ``restore_node`` makes of the nodes'
    names and aliases, without normalising each again)."""
    shared = table["shared"].to_numpy(zero_copy_only=False)
    alone = table.filter(pa.array(~shared))
    labels = alone["label"].cast(pa.string()).to_pylist()
    many = table.filter(pa.array(shared))
    kg.restore_names(
        zip(zip(labels, alone["key"].to_pylist()), alone["owner"].to_pylist()),
        zip(zip(many["label"].cast(pa.string()).to_pylist(), many["key"].to_pylist()), many["owner"].to_pylist()),
    )

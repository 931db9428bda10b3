"""Push a built folder to Neo4j and pull a Neo4j graph back into a folder.

``pull`` writes ``DIR/graph.json`` and the embedded database ``DIR/db`` in a
staged sibling folder swapped in whole, under the same lock as a build, so a
failed pull leaves an existing ``DIR`` byte for byte as it was.
"""

from __future__ import annotations

import contextlib
import shlex
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path

import pyarrow as pa

from chainkg.errors import EngineError, LoadError
from chainkg.graph.engines.embedded import EmbeddedStore
from chainkg.graph.engines.neo4j import DEFAULT_BATCH_SIZE, DEFAULT_WORKERS, Neo4jSettings, Neo4jStore
from chainkg.graph.engines.neo4j_load import LoadTables, tables_of_folder, tables_of_graph
from chainkg.graph.folder import COLUMNS_FOLDER, DB_FOLDER, GRAPH_FILE
from chainkg.graph.io.atomic import dir_lock, staged_dir
from chainkg.graph.io.columnar import FORMAT as COLUMNS_FORMAT
from chainkg.graph.io.columnar import read_built, write_columnar
from chainkg.graph.io.nodelink import write_graph_json
from chainkg.graph.model import KnowledgeGraph

__all__ = ["bulk_import", "load_tables", "pull_folder", "push_folder", "write_folder"]


def push_folder(
    folder: Path,
    settings: Neo4jSettings,
    *,
    batch_size: int = DEFAULT_BATCH_SIZE,
    replace: bool = False,
    workers: int = DEFAULT_WORKERS,
    on_start: Callable[[int], None] = lambda _rows: None,
    on_batch: Callable[[str, int], None] = lambda _what, _n: None,
) -> dict[str, dict[str, int]]:
    """Send a built ``folder``'s graph to Neo4j; return the counts stored there.

    The rows stream from the folder's Arrow tables (an earlier build without them: from its
    graph.json); ``on_start`` hears how many rows there are, ``on_batch`` each batch written."""
    tables = load_tables(Path(folder))
    with Neo4jStore(settings) as store:
        on_start(tables.rows)
        return store.push(tables, batch_size=batch_size, replace=replace, workers=workers, on_batch=on_batch)


def load_tables(folder: Path) -> LoadTables:
    """A built folder's tables for a push, read without making the graph when it has them."""
    try:
        tables = tables_of_folder(folder, COLUMNS_FOLDER, COLUMNS_FORMAT)
    except (OSError, KeyError, TypeError, ValueError, pa.ArrowException) as exc:
        raise LoadError(f"cannot read the graph's tables: {exc}", str(folder), "rebuild it with chainkg build") from exc
    return tables_of_graph(read_built(folder)) if tables is None else tables


def bulk_import(
    folder: Path,
    database: str,
    *,
    admin: str = "neo4j-admin",
    overwrite: bool = False,
    csv_folder: Path | None = None,
) -> tuple[dict[str, dict[str, int]], str]:
    """Load a built ``folder`` into the Neo4j ``database`` with ``neo4j-admin database import full``.

    Writes the CSV export (:func:`~chainkg.graph.exports.neo4j_csv.write_neo4j_csv`; into
    ``csv_folder`` when given, else a temporary folder removed after) and runs ``admin`` (the
    ``neo4j-admin`` of the server's installation) from it. The importer writes a new database
    offline: ``database`` must not exist, or be stopped and ``overwrite`` given. Return the
    graph's counts and the importer's last lines."""
    from chainkg.graph.exports.neo4j_csv import write_neo4j_csv

    kg = read_built(Path(folder))
    with tempfile.TemporaryDirectory(prefix="chainkg-import-") as scratch:
        where = Path(csv_folder) if csv_folder is not None else Path(scratch) / "csv"
        plan = write_neo4j_csv(kg, where)
        args = shlex.split(plan.command(database))
        args[0:1] = [admin]
        if overwrite:
            args.insert(-1, "--overwrite-destination=true")
        try:
            done = subprocess.run(args, cwd=where, capture_output=True, text=True)
        except OSError as exc:
            raise EngineError(
                f"cannot run {admin}: {exc.strerror or exc}",
                database,
                "pass --neo4j-admin PATH (the server's bin/neo4j-admin) or set NEO4J_ADMIN",
            ) from exc
    output = (done.stdout + done.stderr).strip()
    if done.returncode != 0:
        last = output.splitlines()[-1] if output else f"exit code {done.returncode}"
        raise EngineError(
            f"neo4j-admin import failed: {last}",
            database,
            "import into a new database name, or stop the server and pass --replace to overwrite it",
        )
    return kg.counts(), "\n".join(output.splitlines()[-4:])


def write_folder(kg: KnowledgeGraph, out: Path) -> dict[str, dict[str, int]]:
    """Write ``out/graph.json``, its tables and ``out/db`` for ``kg`` all or nothing; return the stored counts."""
    out = Path(out)
    with dir_lock(out), staged_dir(out) as staged:
        write_graph_json(kg, staged / GRAPH_FILE)
        with contextlib.suppress(UnicodeError, OverflowError):  # what Arrow cannot hold: graph.json alone serves
            write_columnar(staged / COLUMNS_FOLDER, kg)
        with EmbeddedStore.create(staged / DB_FOLDER, kg) as store:
            stored = store.counts()
        if stored != kg.counts():
            raise EngineError("the embedded database does not hold the whole graph", str(out), "report this as a bug")
    return stored


def pull_folder(settings: Neo4jSettings, out: Path) -> dict[str, dict[str, int]]:
    """Read what chainkg wrote on Neo4j into ``out/graph.json`` and ``out/db``."""
    with Neo4jStore(settings) as store:
        kg = store.pull()
    return write_folder(kg, out)

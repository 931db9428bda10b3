"""Push a built folder to Neo4j and pull a Neo4j graph back into a folder.

``pull`` writes ``DIR/graph.json`` and the embedded database ``DIR/db`` in a
staged sibling folder swapped in whole, under the same lock as a build, so a
failed pull leaves an existing ``DIR`` byte for byte as it was.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from chainkg.build import DB_FOLDER, GRAPH_FILE
from chainkg.errors import EngineError
from chainkg.graph.atomic import dir_lock, staged_dir
from chainkg.graph.engines.embedded import EmbeddedStore
from chainkg.graph.engines.neo4j import DEFAULT_BATCH_SIZE, Neo4jSettings, Neo4jStore
from chainkg.graph.model import KnowledgeGraph
from chainkg.graph.columnar import COLUMNS_FOLDER, read_built, write_columnar
from chainkg.graph.nodelink import write_graph_json

__all__ = ["push_folder", "pull_folder", "write_folder"]


def push_folder(
    folder: Path,
    settings: Neo4jSettings,
    *,
    batch_size: int = DEFAULT_BATCH_SIZE,
    replace: bool = False,
    on_batch: Callable[[str, int], None] = lambda _what, _n: None,
) -> dict[str, dict[str, int]]:
    """Send a built ``folder``'s graph to Neo4j; return the counts stored there."""
    kg = read_built(Path(folder))
    with Neo4jStore(settings) as store:
        return store.push(kg, batch_size=batch_size, replace=replace, on_batch=on_batch)


def write_folder(kg: KnowledgeGraph, out: Path) -> dict[str, dict[str, int]]:
    """Write ``out/graph.json``, its tables and ``out/db`` for ``kg`` all or nothing; return the stored counts."""
    out = Path(out)
    with dir_lock(out), staged_dir(out) as staged:
        write_graph_json(kg, staged / GRAPH_FILE)
        try:
            write_columnar(staged / COLUMNS_FOLDER, kg)
        except (UnicodeError, OverflowError):  # what Arrow cannot hold: graph.json alone serves the commands
            pass
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

"""The ``view`` command (loaded when asked for, see :class:`chainkg.cli.ChainKGGroup`: it imports the
views, which a query does not need)."""

from __future__ import annotations

from pathlib import Path

import click

from chainkg.cli import CONTEXT
from chainkg.graph.views import MAX_NODES as VIEW_MAX_NODES
from chainkg.graph.views import VIEW_KINDS

__all__ = ["view"]


@click.command(context_settings=CONTEXT)
@click.argument("folder", type=click.Path(path_type=Path))
@click.option(
    "--kind",
    type=click.Choice(VIEW_KINDS),
    default="overview",
    show_default=True,
    help="overview (everything), chain (one chain, upstream to downstream), ego (a node and its neighbours), gaps (bottlenecks, empty products).",
)
@click.option("--chain", help="Chain name or alias: required for --kind chain; narrows --kind gaps to one chain.")
@click.option("--node", help="Name, alias or id (Label:name) of the node at the centre of --kind ego.")
@click.option(
    "--depth", type=click.IntRange(0, 6), default=1, show_default=True, help="Hops around --node for --kind ego."
)
@click.option(
    "--region", help="Region whose makers count as local in --kind chain (default: where the chain's clusters are)."
)
@click.option(
    "--max-nodes",
    type=click.IntRange(min=1),
    default=VIEW_MAX_NODES,
    show_default=True,
    help="Most nodes drawn (overview, ego, gaps); the rest are folded or cut, and the page says so.",
)
@click.option(
    "--out",
    "-o",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="HTML file to write; works offline: inside a build folder (or its views/) it uses the build's assets/ and links to its index, elsewhere it is one self-contained file.",
)
def view(
    folder: Path,
    kind: str,
    chain: str | None,
    node: str | None,
    depth: int,
    region: str | None,
    max_nodes: int,
    out: Path,
) -> None:
    """Write an interactive HTML view of a built FOLDER (its graph.json; an ego view reads its database); no network needed."""
    from chainkg.graph.engines.embedded import DB_FILE
    from chainkg.graph.folder import DB_FOLDER
    from chainkg.graph.io.columnar import read_built
    from chainkg.graph.views import StoredIndex, write_view

    options = {"chain": chain, "node": node, "depth": depth, "region": region, "max_nodes": max_nodes}
    store = None
    if (
        kind == "ego" and (folder / DB_FOLDER / DB_FILE).is_file()
    ):  # a few nodes: read from the database, not all of graph.json
        from chainkg.errors import EngineError
        from chainkg.queries.runner import open_store

        try:
            store = open_store("embedded", folder)
        except EngineError:  # made by another version, or damaged: graph.json still serves
            store = None
    if store is not None:
        with store:
            write_view(StoredIndex(store), kind, out, **options)
    else:
        write_view(read_built(folder), kind, out, **options)
    click.echo(f"wrote {out} ({kind} view)", err=True)

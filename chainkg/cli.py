"""The ``chainkg`` command line: a thin shell over the library."""

from __future__ import annotations

import functools
import importlib
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

import click

from chainkg import __version__
from chainkg.errors import BadRowsError, ChainKGError
from chainkg.graph.exports import FORMATS as EXPORT_FORMATS
from chainkg.output import FORMATS, render

if TYPE_CHECKING:
    from click._termui_impl import ProgressBar

    from chainkg.graph.engines.store import Answer, Store

__all__ = ["main"]

CONTEXT = {"help_option_names": ["-h", "--help"]}


class ChainKGGroup(click.Group):
    """A group that turns every ChainKGError into one line and exit code 1, and imports the
    commands of :data:`LAZY` only when one of them is asked for (click's lazily loaded
    subcommands), so that ``chainkg query`` starts without the loaders, the views or Arrow."""

    LAZY: ClassVar[dict[str, str]] = {
        "build": "chainkg.cli_build",
        "extract": "chainkg.cli_build",
        "check": "chainkg.cli_build",
        "view": "chainkg.cli_view",
    }

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self.LAZY})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in self.LAZY:
            command = getattr(importlib.import_module(self.LAZY[cmd_name]), cmd_name)
            return command if isinstance(command, click.Command) else None
        return super().get_command(ctx, cmd_name)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except ChainKGError as exc:
            click.echo(f"Error: {exc.one_line()}", err=True)
            for line in exc.listing() if isinstance(exc, BadRowsError) else ():
                click.echo(f"  {line}", err=True)
            ctx.exit(1)


def rows_command(func: Callable[..., tuple[list[str], list[list[Any]]]]) -> Callable[..., None]:
    """Add ``--format`` to a command that returns ``(columns, rows)`` and print them."""

    @click.option(
        "--format",
        "fmt",
        type=click.Choice(FORMATS),
        default="table",
        show_default=True,
        help="Output format: an aligned table, a JSON array, JSON Lines or CSV.",
    )
    @functools.wraps(func)
    def wrapper(*args: Any, fmt: str, **kwargs: Any) -> None:
        columns, rows = func(*args, **kwargs)
        # color=True: click would strip ANSI escapes from data when piped (render escapes them in tables).
        click.echo(render(columns, rows, fmt), color=True)

    return wrapper


def progress(message: str) -> None:
    """A progress line on stderr, only when a person is watching."""
    if sys.stderr.isatty():
        click.echo(message, err=True)


def summary_rows(counts: dict[str, dict[str, int]]) -> tuple[list[str], list[list[Any]]]:
    rows: list[list[Any]] = [["label", name, n] for name, n in counts["labels"].items()]
    rows += [["type", name, n] for name, n in counts["types"].items()]
    return ["kind", "name", "count"], rows


@click.group(cls=ChainKGGroup, context_settings=CONTEXT)
@click.version_option(__version__, "-V", "--version", help="Show the version and exit.")
def main() -> None:
    """chainkg: a knowledge graph of industrial chains and enterprises."""


@main.command(context_settings=CONTEXT)
@click.argument("folder", type=click.Path(path_type=Path))
@rows_command
def stats(folder: Path) -> tuple[list[str], list[list[Any]]]:
    """Counts per label and relationship type in a built FOLDER."""
    from chainkg.build import stats as read_stats

    return summary_rows(read_stats(folder))


@main.command(context_settings=CONTEXT)
@click.option(
    "--enterprises",
    "-n",
    required=True,
    type=click.IntRange(10, 2_000_000),
    help="Number of enterprises; everything else scales with it (100000 is the reference size).",
)
@click.option("--seed", type=int, default=7, show_default=True, help="Random seed; the same seed gives the same bytes.")
@click.option(
    "--supplies", type=click.IntRange(min=0), default=None, help="Number of SUPPLIES edges (default: 5 per enterprise)."
)
@click.option(
    "--out",
    "-o",
    required=True,
    type=click.Path(path_type=Path),
    help="Folder to write the CSV tables into (replaced whole).",
)
@rows_command
def synth(enterprises: int, seed: int, supplies: int | None, out: Path) -> tuple[list[str], list[list[Any]]]:
    """Write a realistic synthetic dataset (CSV tables that chainkg build reads) into --out DIR."""
    from chainkg.synth import synthesize

    counts = synthesize(
        out,
        enterprises,
        seed=seed,
        supplies=supplies,
        on_table=lambda name, rows: progress(f"wrote {name}: {rows} rows"),
    )
    nodes, edges = sum(counts["labels"].values()), sum(counts["types"].values())
    click.echo(f"wrote {out}: {nodes} nodes, {edges} edges (seed {seed})", err=True)
    return summary_rows(counts)


# -- Neo4j: push and pull ------------------------------------------------------


def _neo4j_options(func: Callable[..., Any], uri_required: bool = True) -> Callable[..., Any]:
    """Connection options shared by push and pull; each falls back to its NEO4J_* variable."""
    options = [
        click.option(
            "--uri",
            envvar="NEO4J_URI",
            required=uri_required,
            help="Neo4j URI, e.g. bolt://localhost:7687 (env NEO4J_URI).",
        ),
        click.option(
            "--user",
            envvar="NEO4J_USERNAME",
            default="neo4j",
            show_default=True,
            help="User name (env NEO4J_USERNAME).",
        ),
        click.option(
            "--password",
            envvar="NEO4J_PASSWORD",
            default="",
            show_default=False,
            help="Password (env NEO4J_PASSWORD; prefer the variable).",
        ),
        click.option(
            "--database",
            envvar="NEO4J_DATABASE",
            default=None,
            help="Database name; the server's default when unset (env NEO4J_DATABASE).",
        ),
    ]
    for option in reversed(options):
        func = option(func)
    return func


@main.command(context_settings=CONTEXT)
@click.argument("folder", type=click.Path(path_type=Path))
@functools.partial(_neo4j_options, uri_required=False)  # --bulk needs no server
@click.option(
    "--batch-size",
    type=click.IntRange(min=1),
    default=5000,
    show_default=True,
    help="Rows per UNWIND batch, one transaction each.",
)
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=2,
    show_default=True,
    help="Write transactions at a time into an empty database.",
)
@click.option(
    "--replace",
    is_flag=True,
    help="First delete everything chainkg wrote before (nodes labelled ChainKG); other data stays. With --bulk: overwrite the stopped database.",
)
@click.option(
    "--bulk",
    is_flag=True,
    help="Write the CSV export and run neo4j-admin database import full into --database (a new name, or a stopped one); no server needed.",
)
@click.option(
    "--neo4j-admin",
    "admin",
    envvar="NEO4J_ADMIN",
    default="neo4j-admin",
    show_default=True,
    help="With --bulk: the server's bin/neo4j-admin (env NEO4J_ADMIN).",
)
@rows_command
def push(
    folder: Path,
    uri: str | None,
    user: str,
    password: str,
    database: str | None,
    batch_size: int,
    workers: int,
    replace: bool,
    bulk: bool,
    admin: str,
) -> tuple[list[str], list[list[Any]]]:
    """Send a built FOLDER's graph to Neo4j; re-pushing changes nothing."""
    from chainkg.graph.engines.neo4j import Neo4jSettings
    from chainkg.sync import bulk_import, push_folder

    if bulk:
        counts, said = bulk_import(folder, database or "neo4j", admin=admin, overwrite=replace)
        progress(said)
        click.echo(
            f"imported {folder} into the database {database or 'neo4j'}; start it, then create the constraints (docs/neo4j.md)",
            err=True,
        )
        return summary_rows(counts)
    if not uri:
        raise click.UsageError("Missing option '--uri' (or NEO4J_URI).")
    settings = Neo4jSettings(uri, user, password, database)
    with _LoadBar() as bar:
        counts = push_folder(
            folder,
            settings,
            batch_size=batch_size,
            replace=replace,
            workers=workers,
            on_start=bar.start,
            on_batch=bar.batch,
        )
    click.echo(f"pushed {folder} to {settings.where}", err=True)
    return summary_rows(counts)


class _LoadBar:
    """Rows, rate and time left of a push on stderr when it is a terminal; silent otherwise."""

    def __init__(self) -> None:
        self.bar: ProgressBar[str] | None = None
        self.started = 0.0

    def start(self, rows: int) -> None:
        import time

        if sys.stderr.isatty():
            self.started = time.monotonic()
            self.bar = click.progressbar(
                length=rows,
                label="pushing",
                file=sys.stderr,
                show_pos=True,
                show_eta=True,
                item_show_func=self._shown,
            )
            self.bar.__enter__()

    def _shown(self, what: str | None) -> str | None:
        return what and f"{what}, {self.rate():,.0f} rows/s"

    def rate(self) -> float:
        import time

        done = 0 if self.bar is None else self.bar.pos
        return done / max(time.monotonic() - self.started, 1e-9)

    def batch(self, what: str, rows: int) -> None:
        if self.bar is not None:
            self.bar.update(rows, what)

    def __enter__(self) -> _LoadBar:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)


@main.command(context_settings=CONTEXT)
@_neo4j_options
@click.option(
    "--out", "-o", required=True, type=click.Path(path_type=Path), help="Folder to write graph.json and db/ into."
)
@rows_command
def pull(uri: str, user: str, password: str, database: str | None, out: Path) -> tuple[list[str], list[list[Any]]]:
    """Bring the chainkg graph on Neo4j back into --out DIR (graph.json and db/)."""
    from chainkg.graph.engines.neo4j import Neo4jSettings
    from chainkg.sync import pull_folder

    settings = Neo4jSettings(uri, user, password, database)
    counts = pull_folder(settings, out)
    click.echo(f"pulled {settings.where} into {out}", err=True)
    return summary_rows(counts)


# -- queries ---------------------------------------------------------------------


def _engine_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """``--db``, ``--engine`` and the Neo4j connection, gathered into ``store``."""

    @click.option(
        "--db",
        "folder",
        type=click.Path(path_type=Path),
        default=Path("."),
        show_default=True,
        help="A folder that chainkg build --out wrote (embedded engine).",
    )
    @click.option(
        "--engine",
        type=click.Choice(["embedded", "neo4j"]),
        default="embedded",
        show_default=True,
        help="Query the embedded database or Neo4j.",
    )
    @functools.wraps(func)
    def wrapper(
        *args: Any,
        folder: Path,
        engine: str,
        uri: str | None,
        user: str,
        password: str,
        database: str | None,
        **kwargs: Any,
    ) -> Any:
        from chainkg.queries.runner import open_store

        neo4j = {"uri": uri, "user": user, "password": password or None, "database": database}
        with open_store(engine, folder, neo4j) as store:
            return func(*args, store=store, engine=engine, **kwargs)

    return _neo4j_options(wrapper, uri_required=False)


@main.command("queries", context_settings=CONTEXT)
@rows_command
def list_queries() -> tuple[list[str], list[list[Any]]]:
    """List the query library: name, what it answers, its parameters."""
    from chainkg.queries.library import library

    return ["name", "doc", "params"], [[q.name, q.doc, q.signature()] for q in library().values()]


@main.command(context_settings=CONTEXT)
@click.argument("name")
@click.option("-p", "--param", "params", type=(str, str), multiple=True, help="A parameter as KEY VALUE; repeatable.")
@click.option(
    "--all",
    "every_row",
    is_flag=True,
    help="Every row of a query that answers with a summary when not narrowed (single_source: every customer, product and supplier).",
)
@_engine_options
@rows_command
def query(name: str, params: tuple[tuple[str, str], ...], every_row: bool, store: Store, engine: str) -> Answer:
    """Run library query NAME (see chainkg queries) on a built folder or Neo4j."""
    from chainkg.queries.runner import run_named

    return run_named(store, engine, name, dict(params), every_row=every_row)


@main.command(context_settings=CONTEXT)
@click.argument("text")
@click.option(
    "-p", "--param", "params", type=(str, str), multiple=True, help="A parameter as KEY VALUE (a string); repeatable."
)
@_engine_options
@rows_command
def cypher(text: str, params: tuple[tuple[str, str], ...], store: Store, engine: str) -> Answer:
    """Run ad-hoc read-only Cypher TEXT; anything that writes is refused, not executed."""
    from chainkg.queries.runner import run_read_only

    return run_read_only(store, text, dict(params))


@main.command(context_settings=CONTEXT)
@click.argument("folder", type=click.Path(path_type=Path))
@click.option(
    "--engine",
    type=click.Choice(["embedded", "neo4j"]),
    default="embedded",
    show_default=True,
    help="Read the folder's embedded database or Neo4j.",
)
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on; anything but loopback lets other machines in.",
)
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=8765,
    show_default=True,
    help="Port to listen on (0 picks a free one).",
)
@click.option("--no-open", is_flag=True, help="Do not open the explorer in the browser.")
@functools.partial(_neo4j_options, uri_required=False)
def serve(
    folder: Path,
    engine: str,
    host: str,
    port: int,
    no_open: bool,
    uri: str | None,
    user: str,
    password: str,
    database: str | None,
) -> None:
    """Explore a built FOLDER in the browser: a local, read-only web app (docs/serve.md)."""
    from chainkg.explorer import serve as run_server

    neo4j = {"uri": uri, "user": user, "password": password or None, "database": database}
    run_server(folder, engine=engine, neo4j=neo4j, host=host, port=port, open_browser=not no_open)


# -- analytics and the report ------------------------------------------------------


@main.command("what-if", context_settings=CONTEXT)
@click.argument("folder", type=click.Path(path_type=Path))
@click.option("--remove", "enterprise", required=True, help="The enterprise (name or alias) that stops.")
@rows_command
def what_if(folder: Path, enterprise: str) -> tuple[list[str], list[list[Any]]]:
    """What breaks in a built FOLDER if one enterprise stops supplying and making (sources: makers and suppliers)."""
    from chainkg.graph.analysis.analytics import what_if as disrupt
    from chainkg.graph.io.columnar import read_built

    result = disrupt(read_built(folder), enterprise)
    rows: list[list[Any]] = [
        ["lost only supplier", r["customer"], r["product"], ""] for r in result["lost_only_supplier"]
    ]
    rows += [
        ["lost last source", r["region"] or "anywhere", r["product"], r["sources_left"]]
        for r in result["lost_last_source"]
    ]
    click.echo(f"if {result['enterprise']} stops: {len(rows)} consequences", err=True)
    return ["consequence", "who_or_where", "product", "sources_left"], rows


@main.command("critical-suppliers", context_settings=CONTEXT)
@click.argument("folder", type=click.Path(path_type=Path))
@click.option("--top", type=click.IntRange(min=1), default=20, show_default=True, help="How many suppliers to list.")
@click.option(
    "--betweenness-max",
    type=click.IntRange(min=0),
    default=1_000,
    show_default=True,
    help="Compute exact betweenness only up to this many enterprises (it is O(nodes x edges)).",
)
@rows_command
def critical_suppliers(folder: Path, top: int, betweenness_max: int) -> tuple[list[str], list[list[Any]]]:
    """Suppliers of a built FOLDER ranked by dependents (enterprises reached only through them), then betweenness."""
    from chainkg.graph.analysis.analytics import supplier_criticality
    from chainkg.graph.io.columnar import read_built

    rows = supplier_criticality(read_built(folder), betweenness_max)[:top]
    columns = ["supplier", "customers", "dependents", "betweenness"]
    return columns, [[row[c] for c in columns] for row in rows]


@main.command(context_settings=CONTEXT)
@click.argument("folder", type=click.Path(path_type=Path))
@click.option("--product", "products", multiple=True, help="Only this supplied product; repeatable.")
@rows_command
def concentration(folder: Path, products: tuple[str, ...]) -> tuple[list[str], list[list[Any]]]:
    """Supplier concentration (HHI 0-10,000) per supplied product of a built FOLDER: by volume where
    every supply of the product has one, else by number of customers served."""
    from chainkg.graph.analysis.analytics import supplier_concentration
    from chainkg.graph.io.columnar import read_built

    rows = supplier_concentration(read_built(folder), set(products) or None)
    columns = ["product", "suppliers", "hhi", "basis", "largest", "largest_share"]
    return columns, [[row[c] for c in columns] for row in rows]


@main.command(context_settings=CONTEXT)
@click.argument("folder", type=click.Path(path_type=Path))
def report(folder: Path) -> None:
    """Regenerate FOLDER/report.md and report.json from its graph."""
    from chainkg.graph.analysis.report import REPORT_MD, write_report
    from chainkg.graph.io.columnar import read_built

    write_report(read_built(folder), folder)
    click.echo(f"wrote {folder / REPORT_MD}", err=True)


# -- exports -----------------------------------------------------------------------


@main.command("export", context_settings=CONTEXT)
@click.argument("folder", type=click.Path(path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(EXPORT_FORMATS),
    required=True,
    help="graphml or gexf (Gephi, Cytoscape), json (node-link), csv (neo4j-admin import), cypher (cypher-shell).",
)
@click.option("--out", "-o", required=True, type=click.Path(path_type=Path), help="File to write; for csv, a folder.")
def export_graph(folder: Path, fmt: str, out: Path) -> None:
    """Export a built FOLDER's graph for other tools; written all or nothing (json: its graph.json copied)."""
    from chainkg.graph.exports import export_built

    counts = export_built(folder, fmt, out)
    nodes, edges = sum(counts["labels"].values()), sum(counts["types"].values())
    click.echo(f"wrote {out} ({fmt}): {nodes} nodes, {edges} edges", err=True)

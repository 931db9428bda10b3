"""The ``chainkg`` command line: a thin shell over the library."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from chainkg import __version__
from chainkg.build import build as run_build
from chainkg.build import stats as read_stats
from chainkg.errors import ChainKGError
from chainkg.graph.data_checks import EXAMPLES, summary_lines
from chainkg.graph.views import MAX_NODES as VIEW_MAX_NODES
from chainkg.graph.views import VIEW_KINDS
from chainkg.loaders import BadRowsError, DocumentOptions, extract_files
from chainkg.loaders.reading import MAX_DOCUMENT_BYTES
from chainkg.output import fact_rows
from chainkg.output import FORMATS, render
from chainkg.graph.exports import FORMATS as EXPORT_FORMATS

__all__ = ["main"]

CONTEXT = {"help_option_names": ["-h", "--help"]}


class ChainKGGroup(click.Group):
    """A group that turns every ChainKGError into one line and exit code 1."""

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


def _progress(message: str) -> None:
    """A progress line on stderr, only when a person is watching."""
    if sys.stderr.isatty():
        click.echo(message, err=True)


def _summary_rows(counts: dict[str, dict[str, int]]) -> tuple[list[str], list[list[Any]]]:
    rows: list[list[Any]] = [["label", name, n] for name, n in counts["labels"].items()]
    rows += [["type", name, n] for name, n in counts["types"].items()]
    return ["kind", "name", "count"], rows


@click.group(cls=ChainKGGroup, context_settings=CONTEXT)
@click.version_option(__version__, "-V", "--version", help="Show the version and exit.")
def main() -> None:
    """chainkg: a knowledge graph of industrial chains and enterprises."""


def document_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """``--lexicon``, ``--strict``, ``--max-doc-mb`` and ``--jobs``, gathered into one ``options`` argument."""

    @click.option(
        "--lexicon",
        "lexicon_files",
        multiple=True,
        type=click.Path(exists=True, path_type=Path),
        help="Names to find in documents: a nodes table (label,name,aliases,...), a folder chainkg build wrote, "
        "or a mapping YAML (the nodes of its files); repeatable. A build's own tables are used without it.",
    )
    @click.option("--strict", is_flag=True, help="Fail on any unusable document instead of skipping it with a note.")
    @click.option(
        "--max-doc-mb",
        type=click.FloatRange(min=0, min_open=True),
        default=MAX_DOCUMENT_BYTES / 2**20,
        show_default=True,
        help="Documents larger than this (MiB) are refused.",
    )
    @click.option(
        "--jobs",
        "-j",
        type=click.IntRange(min=1),
        default=None,
        help="Processes that extract documents (default: one per core; one document, or less than 64 KiB of them, is read in this one).",
    )
    @functools.wraps(func)
    def wrapper(
        *args: Any, lexicon_files: tuple[Path, ...], strict: bool, max_doc_mb: float, jobs: int | None, **kwargs: Any
    ) -> Any:
        options = DocumentOptions(tuple(lexicon_files), strict, int(max_doc_mb * 2**20), jobs)
        return func(*args, options=options, **kwargs)

    return wrapper


@main.command(context_settings=CONTEXT)
@click.argument("inputs", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--out", "-o", required=True, type=click.Path(path_type=Path), help="Folder to write graph.json and db/ into.")
@click.option(
    "--wait",
    type=click.FloatRange(min=0),
    default=0,
    show_default=True,
    metavar="SECONDS",
    help="If another chainkg process is writing --out, wait up to this long for it (0: refuse at once).",
)
@click.option(
    "--mapping",
    "mappings",
    multiple=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="YAML mapping: which columns of CSV/XLSX/JSON Lines files become which nodes and edges; repeatable. "
    "chainkg.yaml and *.mapping.yaml inside an input folder are used without it.",
)
@click.option("--skip-bad", is_flag=True, help="Skip (and list) rows of mapped files that break the schema; load the rest.")
@document_options
@rows_command
def build(
    inputs: tuple[Path, ...],
    out: Path,
    wait: float,
    mappings: tuple[Path, ...],
    skip_bad: bool,
    options: DocumentOptions,
) -> tuple[list[str], list[list[Any]]]:
    """Build the graph from INPUTS (tables, documents, folders, mappings) into --out DIR."""
    result = run_build(
        inputs,
        out,
        options=options,
        on_skip=lambda m: click.echo(m, err=True),
        on_file=lambda d: _progress(f"loading {d}"),
        wait=wait,
        mappings=mappings,
        skip_bad=skip_bad,
    )
    for conflict in result.conflicts:
        click.echo(f"note: {conflict}", err=True)
    for line in summary_lines(result.findings):
        click.echo(line, err=True)
    nodes, edges = sum(result.counts["labels"].values()), sum(result.counts["types"].values())
    click.echo(
        f"built {out}: {nodes} nodes, {edges} edges from {len(result.files)} files in {result.seconds:.2f} s",
        err=True,
    )
    return _summary_rows(result.counts)


@main.command(context_settings=CONTEXT)
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--mentions", is_flag=True, help="Also list every mention (MENTIONED_IN) with its offsets.")
@document_options
@rows_command
def extract(
    files: tuple[Path, ...], mentions: bool, options: DocumentOptions
) -> tuple[list[str], list[list[Any]]]:
    """Print the entities and relations extracted from documents FILES (or folders)."""
    facts = extract_files(files, options, on_skip=lambda m: click.echo(m, err=True))
    return fact_rows(facts, mentions=mentions)


@main.command(context_settings=CONTEXT)
@click.argument("folder", type=click.Path(path_type=Path))
@rows_command
def stats(folder: Path) -> tuple[list[str], list[list[Any]]]:
    """Counts per label and relationship type in a built FOLDER."""
    return _summary_rows(read_stats(folder))


@main.command(context_settings=CONTEXT)
@click.argument("folder", type=click.Path(path_type=Path))
@click.option("--examples", type=click.IntRange(min=0), default=EXAMPLES, show_default=True, help="Examples listed per kind and label or type.")
@click.option("--strict", is_flag=True, help="Exit with code 1 when anything is found (else 0 whatever is found).")
@rows_command
def check(folder: Path, examples: int, strict: bool) -> tuple[list[str], list[list[Any]]]:
    """List what in a built FOLDER looks like a mistake of the data: self-loops, two-way edges of one-way
    types, aliases that lead elsewhere, names alike but for punctuation or spaces, nodes with no edge."""
    from chainkg.graph.data_checks import check_graph
    from chainkg.graph.columnar import read_built

    findings = check_graph(read_built(folder), examples)
    click.echo(f"checked {folder}: {sum(f.count for f in findings) or 'nothing'} found", err=True)
    if strict and findings:  # after the rows are printed, as the command's context closes
        ctx = click.get_current_context()
        ctx.call_on_close(lambda: ctx.exit(1))
    return ["kind", "in", "count", "examples"], [[f.kind, f.scope, f.count, "; ".join(f.examples)] for f in findings]


@main.command(context_settings=CONTEXT)
@click.option("--enterprises", "-n", required=True, type=click.IntRange(10, 2_000_000), help="Number of enterprises; everything else scales with it (100000 is the reference size).")
@click.option("--seed", type=int, default=7, show_default=True, help="Random seed; the same seed gives the same bytes.")
@click.option("--supplies", type=click.IntRange(min=0), default=None, help="Number of SUPPLIES edges (default: 5 per enterprise).")
@click.option("--out", "-o", required=True, type=click.Path(path_type=Path), help="Folder to write the CSV tables into (replaced whole).")
@rows_command
def synth(enterprises: int, seed: int, supplies: int | None, out: Path) -> tuple[list[str], list[list[Any]]]:
    """Write a realistic synthetic dataset (CSV tables that chainkg build reads) into --out DIR."""
    from chainkg.synth import synthesize

    counts = synthesize(out, enterprises, seed=seed, supplies=supplies, on_table=lambda name, rows: _progress(f"wrote {name}: {rows} rows"))
    nodes, edges = sum(counts["labels"].values()), sum(counts["types"].values())
    click.echo(f"wrote {out}: {nodes} nodes, {edges} edges (seed {seed})", err=True)
    return _summary_rows(counts)


# -- Neo4j: push and pull ------------------------------------------------------


def _neo4j_options(func: Callable[..., Any], uri_required: bool = True) -> Callable[..., Any]:
    """Connection options shared by push and pull; each falls back to its NEO4J_* variable."""
    options = [
        click.option("--uri", envvar="NEO4J_URI", required=uri_required, help="Neo4j URI, e.g. bolt://localhost:7687 (env NEO4J_URI)."),
        click.option("--user", envvar="NEO4J_USERNAME", default="neo4j", show_default=True, help="User name (env NEO4J_USERNAME)."),
        click.option("--password", envvar="NEO4J_PASSWORD", default="", show_default=False, help="Password (env NEO4J_PASSWORD; prefer the variable)."),
        click.option("--database", envvar="NEO4J_DATABASE", default=None, help="Database name; the server's default when unset (env NEO4J_DATABASE)."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


@main.command(context_settings=CONTEXT)
@click.argument("folder", type=click.Path(path_type=Path))
@_neo4j_options
@click.option("--batch-size", type=click.IntRange(min=1), default=5000, show_default=True, help="Rows per UNWIND batch, one transaction each.")
@click.option("--replace", is_flag=True, help="First delete everything chainkg wrote before (nodes labelled ChainKG); other data stays.")
@rows_command
def push(folder: Path, uri: str, user: str, password: str, database: str | None, batch_size: int, replace: bool) -> tuple[list[str], list[list[Any]]]:
    """Send a built FOLDER's graph to Neo4j; re-pushing changes nothing."""
    from chainkg.graph.engines.neo4j import Neo4jSettings
    from chainkg.sync import push_folder

    settings = Neo4jSettings(uri, user, password, database)
    counts = push_folder(folder, settings, batch_size=batch_size, replace=replace, on_batch=lambda what, n: _progress(f"pushed {n} {what}"))
    click.echo(f"pushed {folder} to {settings.where}", err=True)
    return _summary_rows(counts)


@main.command(context_settings=CONTEXT)
@_neo4j_options
@click.option("--out", "-o", required=True, type=click.Path(path_type=Path), help="Folder to write graph.json and db/ into.")
@rows_command
def pull(uri: str, user: str, password: str, database: str | None, out: Path) -> tuple[list[str], list[list[Any]]]:
    """Bring the chainkg graph on Neo4j back into --out DIR (graph.json and db/)."""
    from chainkg.graph.engines.neo4j import Neo4jSettings
    from chainkg.sync import pull_folder

    settings = Neo4jSettings(uri, user, password, database)
    counts = pull_folder(settings, out)
    click.echo(f"pulled {settings.where} into {out}", err=True)
    return _summary_rows(counts)


# -- queries ---------------------------------------------------------------------


def _engine_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """``--db``, ``--engine`` and the Neo4j connection, gathered into ``store``."""

    @click.option("--db", "folder", type=click.Path(path_type=Path), default=Path("."), show_default=True, help="A folder that chainkg build --out wrote (embedded engine).")
    @click.option("--engine", type=click.Choice(["embedded", "neo4j"]), default="embedded", show_default=True, help="Query the embedded database or Neo4j.")
    @functools.wraps(func)
    def wrapper(*args: Any, folder: Path, engine: str, uri: str | None, user: str, password: str, database: str | None, **kwargs: Any) -> Any:
        from chainkg.stores import open_store

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
@_engine_options
@rows_command
def query(name: str, params: tuple[tuple[str, str], ...], store: Any, engine: str) -> tuple[list[str], list[list[Any]]]:
    """Run library query NAME (see chainkg queries) on a built folder or Neo4j."""
    from chainkg.stores import run_named

    return run_named(store, engine, name, dict(params))


@main.command(context_settings=CONTEXT)
@click.argument("text")
@click.option("-p", "--param", "params", type=(str, str), multiple=True, help="A parameter as KEY VALUE (a string); repeatable.")
@_engine_options
@rows_command
def cypher(text: str, params: tuple[tuple[str, str], ...], store: Any, engine: str) -> tuple[list[str], list[list[Any]]]:
    """Run ad-hoc read-only Cypher TEXT; anything that writes is refused, not executed."""
    from chainkg.stores import run_read_only

    return run_read_only(store, text, dict(params))


@main.command(context_settings=CONTEXT)
@click.argument("folder", type=click.Path(path_type=Path))
@click.option("--engine", type=click.Choice(["embedded", "neo4j"]), default="embedded", show_default=True, help="Read the folder's embedded database or Neo4j.")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on; anything but loopback lets other machines in.")
@click.option("--port", type=click.IntRange(0, 65535), default=8765, show_default=True, help="Port to listen on (0 picks a free one).")
@click.option("--no-open", is_flag=True, help="Do not open the explorer in the browser.")
@functools.partial(_neo4j_options, uri_required=False)
def serve(folder: Path, engine: str, host: str, port: int, no_open: bool, uri: str | None, user: str, password: str, database: str | None) -> None:
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
    from chainkg.graph.analytics import what_if as disrupt
    from chainkg.graph.columnar import read_built

    result = disrupt(read_built(folder), enterprise)
    rows: list[list[Any]] = [["lost only supplier", r["customer"], r["product"], ""] for r in result["lost_only_supplier"]]
    rows += [["lost last source", r["region"] or "anywhere", r["product"], r["sources_left"]] for r in result["lost_last_source"]]
    click.echo(f"if {result['enterprise']} stops: {len(rows)} consequences", err=True)
    return ["consequence", "who_or_where", "product", "sources_left"], rows


@main.command("critical-suppliers", context_settings=CONTEXT)
@click.argument("folder", type=click.Path(path_type=Path))
@click.option("--top", type=click.IntRange(min=1), default=20, show_default=True, help="How many suppliers to list.")
@click.option("--betweenness-max", type=click.IntRange(min=0), default=1_000, show_default=True,
              help="Compute exact betweenness only up to this many enterprises (it is O(nodes x edges)).")
@rows_command
def critical_suppliers(folder: Path, top: int, betweenness_max: int) -> tuple[list[str], list[list[Any]]]:
    """Suppliers of a built FOLDER ranked by dependents (enterprises reached only through them), then betweenness."""
    from chainkg.graph.analytics import supplier_criticality
    from chainkg.graph.columnar import read_built

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
    from chainkg.graph.analytics import supplier_concentration
    from chainkg.graph.columnar import read_built

    rows = supplier_concentration(read_built(folder), set(products) or None)
    columns = ["product", "suppliers", "hhi", "basis", "largest", "largest_share"]
    return columns, [[row[c] for c in columns] for row in rows]


@main.command(context_settings=CONTEXT)
@click.argument("folder", type=click.Path(path_type=Path))
def report(folder: Path) -> None:
    """Regenerate FOLDER/report.md and report.json from its graph."""
    from chainkg.graph.columnar import read_built
    from chainkg.report import REPORT_MD, write_report

    write_report(read_built(folder), folder)
    click.echo(f"wrote {folder / REPORT_MD}", err=True)


# -- views -------------------------------------------------------------------------

@main.command(context_settings=CONTEXT)
@click.argument("folder", type=click.Path(path_type=Path))
@click.option("--kind", type=click.Choice(VIEW_KINDS), default="overview", show_default=True,
              help="overview (everything), chain (one chain, upstream to downstream), ego (a node and its neighbours), gaps (bottlenecks, empty products).")
@click.option("--chain", help="Chain name or alias: required for --kind chain; narrows --kind gaps to one chain.")
@click.option("--node", help="Name, alias or id (Label:name) of the node at the centre of --kind ego.")
@click.option("--depth", type=click.IntRange(0, 6), default=1, show_default=True, help="Hops around --node for --kind ego.")
@click.option("--region", help="Region whose makers count as local in --kind chain (default: where the chain's clusters are).")
@click.option("--max-nodes", type=click.IntRange(min=1), default=VIEW_MAX_NODES, show_default=True,
              help="Most nodes drawn (overview, ego, gaps); the rest are folded or cut, and the page says so.")
@click.option("--out", "-o", required=True, type=click.Path(dir_okay=False, path_type=Path), help="HTML file to write; works offline: inside a build folder (or its views/) it uses the build's assets/ and links to its index, elsewhere it is one self-contained file.")
def view(folder: Path, kind: str, chain: str | None, node: str | None, depth: int, region: str | None, max_nodes: int, out: Path) -> None:
    """Write an interactive HTML view of a built FOLDER (its graph.json; an ego view reads its database); no network needed."""
    from chainkg.build import DB_FOLDER
    from chainkg.graph.engines.embedded import DB_FILE
    from chainkg.graph.columnar import read_built
    from chainkg.graph.views import StoredIndex, write_view

    options = dict(chain=chain, node=node, depth=depth, region=region, max_nodes=max_nodes)
    store = None
    if kind == "ego" and (folder / DB_FOLDER / DB_FILE).is_file():  # a few nodes: read from the database, not all of graph.json
        from chainkg.errors import EngineError
        from chainkg.stores import open_store

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


# -- exports -----------------------------------------------------------------------

@main.command("export", context_settings=CONTEXT)
@click.argument("folder", type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(EXPORT_FORMATS), required=True,
              help="graphml or gexf (Gephi, Cytoscape), json (node-link), csv (neo4j-admin import), cypher (cypher-shell).")
@click.option("--out", "-o", required=True, type=click.Path(path_type=Path), help="File to write; for csv, a folder.")
def export_graph(folder: Path, fmt: str, out: Path) -> None:
    """Export a built FOLDER's graph for other tools; written all or nothing (json: its graph.json copied)."""
    from chainkg.graph.exports import export_built

    counts = export_built(folder, fmt, out)
    nodes, edges = sum(counts["labels"].values()), sum(counts["types"].values())
    click.echo(f"wrote {out} ({fmt}): {nodes} nodes, {edges} edges", err=True)


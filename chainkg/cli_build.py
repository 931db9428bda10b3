"""The commands that read inputs: ``build``, ``extract`` and ``check`` (loaded when asked for, see
:class:`chainkg.cli.ChainKGGroup`: they import the loaders and the model, which a query does not need)."""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from chainkg.build import build as run_build
from chainkg.cli import CONTEXT, progress, rows_command, summary_rows
from chainkg.graph.analysis.data_checks import EXAMPLES, summary_lines
from chainkg.loaders import DocumentOptions, extract_files
from chainkg.loaders.reading import MAX_DOCUMENT_BYTES
from chainkg.output import fact_rows

__all__ = ["build", "check", "extract"]


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


@click.command(context_settings=CONTEXT)
@click.argument("inputs", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--out", "-o", required=True, type=click.Path(path_type=Path), help="Folder to write graph.json and db/ into."
)
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
@click.option(
    "--skip-bad", is_flag=True, help="Skip (and list) rows of mapped files that break the schema; load the rest."
)
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
        on_file=lambda d: progress(f"loading {d}"),
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
    return summary_rows(result.counts)


@click.command(context_settings=CONTEXT)
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--mentions", is_flag=True, help="Also list every mention (MENTIONED_IN) with its offsets.")
@document_options
@rows_command
def extract(files: tuple[Path, ...], mentions: bool, options: DocumentOptions) -> tuple[list[str], list[list[Any]]]:
    """Print the entities and relations extracted from documents FILES (or folders)."""
    facts = extract_files(files, options, on_skip=lambda m: click.echo(m, err=True))
    return fact_rows(facts, mentions=mentions)


@click.command(context_settings=CONTEXT)
@click.argument("folder", type=click.Path(path_type=Path))
@click.option(
    "--examples",
    type=click.IntRange(min=0),
    default=EXAMPLES,
    show_default=True,
    help="Examples listed per kind and label or type.",
)
@click.option("--strict", is_flag=True, help="Exit with code 1 when anything is found (else 0 whatever is found).")
@rows_command
def check(folder: Path, examples: int, strict: bool) -> tuple[list[str], list[list[Any]]]:
    """List what in a built FOLDER looks like a mistake of the data: self-loops, two-way edges of one-way
    types, aliases that lead elsewhere, names alike but for punctuation or spaces, nodes with no edge."""
    from chainkg.graph.analysis.data_checks import check_graph
    from chainkg.graph.io.columnar import read_built

    findings = check_graph(read_built(folder), examples)
    click.echo(f"checked {folder}: {sum(f.count for f in findings) or 'nothing'} found", err=True)
    if strict and findings:  # after the rows are printed, as the command's context closes
        ctx = click.get_current_context()
        ctx.call_on_close(lambda: ctx.exit(1))
    return ["kind", "in", "count", "examples"], [[f.kind, f.scope, f.count, "; ".join(f.examples)] for f in findings]

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
from chainkg.output import FORMATS, render

__all__ = ["main"]

CONTEXT = {"help_option_names": ["-h", "--help"]}


class ChainKGGroup(click.Group):
    """A group that turns every ChainKGError into one line and exit code 1."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except ChainKGError as exc:
            click.echo(f"Error: {exc.one_line()}", err=True)
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
        click.echo(render(columns, rows, fmt))

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


@main.command(context_settings=CONTEXT)
@click.argument("inputs", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--out", "-o", required=True, type=click.Path(path_type=Path), help="Folder to write graph.json and db/ into.")
@rows_command
def build(inputs: tuple[Path, ...], out: Path) -> tuple[list[str], list[list[Any]]]:
    """Build the graph from INPUTS (files or folders) into --out DIR."""
    result = run_build(inputs, out, on_skip=lambda m: click.echo(m, err=True), on_file=lambda d: _progress(f"loading {d}"))
    for conflict in result.conflicts:
        click.echo(f"note: {conflict}", err=True)
    nodes, edges = sum(result.counts["labels"].values()), sum(result.counts["types"].values())
    click.echo(
        f"built {out}: {nodes} nodes, {edges} edges from {len(result.files)} files in {result.seconds:.2f} s",
        err=True,
    )
    return _summary_rows(result.counts)


@main.command(context_settings=CONTEXT)
@click.argument("folder", type=click.Path(path_type=Path))
@rows_command
def stats(folder: Path) -> tuple[list[str], list[list[Any]]]:
    """Counts per label and relationship type in a built FOLDER."""
    return _summary_rows(read_stats(folder))

"""Helpers for tests that run the CLI on small inputs and read the graph.json it builds."""

from __future__ import annotations

import json
from pathlib import Path

import click
from click.testing import CliRunner

from chainkg.cli import main

__all__ = ["edges", "graph", "names", "run", "write"]


def run(*args: str) -> click.testing.Result:
    """``chainkg ARGS`` in this process; exceptions other than exits propagate."""
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def write(folder: Path, files: dict[str, str]) -> Path:
    """``folder`` with the text files ``{name: text}`` written into it."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def graph(out: Path) -> dict:
    """The graph.json of a built folder."""
    return json.loads((out / "graph.json").read_text("utf-8"))


def names(data: dict) -> dict[str, str]:
    """Node id -> name of a graph.json."""
    return {n["id"]: n["name"] for n in data["nodes"]}


def edges(data: dict, rel: str) -> set[tuple[str, str]]:
    """The ``(source name, target name)`` pairs of the edges of type ``rel``."""
    by_id = names(data)
    return {(by_id[e["source"]], by_id[e["target"]]) for e in data["edges"] if e["type"] == rel}

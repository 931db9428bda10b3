"""Loaders: files and folders into facts, chosen by file type.

>>> sorted(READERS)
['.csv']
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from chainkg.errors import LoadError
from chainkg.graph.facts import EdgeFact, NodeFact

from .tables import read_table

__all__ = ["READERS", "expand_inputs", "load_inputs"]

Reader = Callable[[Path, str], list[NodeFact | EdgeFact]]

READERS: dict[str, Reader] = {".csv": read_table}


def expand_inputs(inputs: Iterable[Path], on_skip: Callable[[str], None] = lambda _msg: None) -> list[tuple[Path, str]]:
    """Files to load as ``(path, display name)``: folders walked in sorted order.

    A named file of an unknown type is an error; inside a folder such files
    (and hidden ones) are skipped and reported through ``on_skip``.
    """
    found: list[tuple[Path, str]] = []
    for raw in inputs:
        path = Path(raw)
        if path.is_dir():
            for child in sorted(p for p in path.rglob("*") if p.is_file()):
                relative = child.relative_to(path)
                display = (Path(path.resolve().name) / relative).as_posix()
                if any(part.startswith(".") for part in relative.parts):
                    continue
                if child.suffix.lower() in READERS:
                    found.append((child, display))
                else:
                    on_skip(f"skipped {display}: no loader for '{child.suffix or child.name}' files")
        elif path.exists():
            if path.suffix.lower() not in READERS:
                raise LoadError(
                    f"no loader for '{path.suffix or path.name}' files",
                    str(path),
                    f"give one of: {', '.join(sorted(READERS))}",
                )
            found.append((path, path.name))
        else:
            raise LoadError("no such file or folder", str(path), "check the path")
    return found


def load_inputs(
    inputs: Iterable[Path],
    on_skip: Callable[[str], None] = lambda _msg: None,
    on_file: Callable[[str], None] = lambda _display: None,
) -> list[NodeFact | EdgeFact]:
    """All facts from ``inputs`` (files and folders), in a stable order."""
    facts: list[NodeFact | EdgeFact] = []
    for path, display in expand_inputs(inputs, on_skip):
        on_file(display)
        facts.extend(READERS[path.suffix.lower()](path, display))
    return facts

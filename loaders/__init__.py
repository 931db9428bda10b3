"""Loaders: files and folders into facts, chosen by file type.

Tables (``.csv``) are curated input: any bad row fails the load. Documents
(``.txt``, ``.md``, ``.html``, ``.pdf``, ``.docx``) are read by the text
extractor; an unusable document is skipped with a note, or fails the load
under ``strict``. CSV, XLSX and JSON Lines files named in a mapping (YAML,
see :mod:`.mapping`) are read through it, their rows checked one by one.

>>> sorted(TABLE_SUFFIXES), sorted(DOCUMENT_SUFFIXES)
(['.csv'], ['.docx', '.htm', '.html', '.md', '.pdf', '.txt'])
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from chainkg.errors import LoadError
from chainkg.graph.facts import EdgeFact, NodeFact

from .lexicon import Lexicon
from .reading import DOCUMENT_SUFFIXES, MAX_DOCUMENT_BYTES
from .imports import MAPPED_SUFFIXES, MAPPING_SUFFIXES, ImportPlan, unmapped
from .structured import BadRowsError
from .tables import read_table

__all__ = ["TABLE_SUFFIXES", "DOCUMENT_SUFFIXES", "DocumentOptions", "BadRowsError", "expand_inputs", "load_inputs", "extract_files"]

TABLE_SUFFIXES = frozenset({".csv"})
_KNOWN = TABLE_SUFFIXES | DOCUMENT_SUFFIXES
_READ = _KNOWN | MAPPING_SUFFIXES | MAPPED_SUFFIXES

Facts = list[NodeFact | EdgeFact]


@dataclass(frozen=True)
class DocumentOptions:
    """How documents are read: extra lexicons, strictness, the size limit."""

    lexicon_files: tuple[Path, ...] = ()
    strict: bool = False
    max_bytes: int = MAX_DOCUMENT_BYTES


def _quiet(_message: str) -> None:
    """The default for progress and skip callbacks: say nothing."""


def expand_inputs(inputs: Iterable[Path], on_skip: Callable[[str], None] = _quiet) -> list[tuple[Path, str]]:
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
                if child.suffix.lower() in _READ:
                    found.append((child, display))
                else:
                    on_skip(f"skipped {display}: no loader for '{child.suffix or child.name}' files")
        elif path.exists():
            if path.suffix.lower() not in _READ:
                raise LoadError(
                    f"no loader for '{path.suffix or path.name}' files",
                    str(path),
                    f"give one of: {', '.join(sorted(_KNOWN))}",
                )
            found.append((path, path.name))
        else:
            raise LoadError("no such file or folder", str(path), "check the path")
    return found


def load_inputs(
    inputs: Iterable[Path],
    options: DocumentOptions = DocumentOptions(),
    *,
    mappings: Iterable[Path] = (),
    skip_bad: bool = False,
    on_skip: Callable[[str], None] = _quiet,
    on_file: Callable[[str], None] = _quiet,
) -> Facts:
    """All facts from ``inputs`` (files and folders), in a stable order.

    ``mappings`` are YAML mapping files used besides those found among the
    inputs; with ``skip_bad`` the bad rows of mapped files are reported through
    ``on_skip`` and the others load, else they fail the load together.
    """
    inputs = [Path(p) for p in inputs]
    found = expand_inputs(inputs, on_skip)
    plan = ImportPlan.gather(inputs, mappings, found)
    named = {p.resolve() for p in inputs if p.is_file()}
    facts: Facts = []
    lexicon: Lexicon | None = None
    for path, display in [*found, *plan.unreached(found)]:
        if plan.is_mapping(path):
            continue
        if plan.owns(path):
            on_file(display)
            facts.extend(plan.load(path, display, skip_bad=skip_bad, on_skip=on_skip))
            continue
        if path.suffix.lower() in MAPPING_SUFFIXES | MAPPED_SUFFIXES:
            unmapped(path, display, path.resolve() in named, on_skip)
            continue
        on_file(display)
        if path.suffix.lower() in TABLE_SUFFIXES:
            facts.extend(read_table(path, display))
            continue
        lexicon = lexicon or Lexicon.load(options.lexicon_files)
        facts.extend(_document_facts(path, display, lexicon, options, on_skip))
    return facts


def extract_files(
    paths: Iterable[Path], options: DocumentOptions = DocumentOptions(), *, on_skip: Callable[[str], None] = _quiet
) -> Facts:
    """Facts from documents only (what ``chainkg extract`` prints)."""
    lexicon = Lexicon.load(options.lexicon_files)
    facts: Facts = []
    for path, display in expand_inputs(paths, on_skip):
        if path.suffix.lower() in DOCUMENT_SUFFIXES:
            facts.extend(_document_facts(path, display, lexicon, options, on_skip))
        else:
            on_skip(f"skipped {display}: not a document (tables load with chainkg build)")
    return facts


def _document_facts(
    path: Path, display: str, lexicon: Lexicon, options: DocumentOptions, on_skip: Callable[[str], None]
) -> Facts:
    from .text import read_text_document

    try:
        return read_text_document(path, display, lexicon, options.max_bytes)
    except LoadError as exc:
        if options.strict:
            raise
        on_skip(f"skipped {display}: {exc.what}" + (f" ({exc.fix})" if exc.fix else ""))
        return []

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

import contextlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from chainkg.errors import LoadError
from chainkg.graph.facts import EdgeBlock, EdgeFact, NodeBlock, NodeFact
from chainkg.loaders.imports import MAPPED_SUFFIXES, MAPPING_SUFFIXES, ImportPlan, unmapped
from chainkg.loaders.known_names import entries_from_facts
from chainkg.loaders.lexicon import Lexicon
from chainkg.loaders.parallel import extract_documents
from chainkg.loaders.reading import DOCUMENT_SUFFIXES, MAX_DOCUMENT_BYTES, data_suffix
from chainkg.loaders.structured import BadRowsError
from chainkg.loaders.tables import read_table

__all__ = [
    "DOCUMENT_SUFFIXES",
    "TABLE_SUFFIXES",
    "BadRowsError",
    "DocumentOptions",
    "expand_inputs",
    "extract_files",
    "load_inputs",
]

TABLE_SUFFIXES = frozenset({".csv"})
_KNOWN = TABLE_SUFFIXES | DOCUMENT_SUFFIXES
_READ = _KNOWN | MAPPING_SUFFIXES | MAPPED_SUFFIXES

Facts = list[NodeFact | EdgeFact]
Loaded = list[NodeFact | EdgeFact | NodeBlock | EdgeBlock]  # a table's nodes or edges come as one block


@dataclass(frozen=True)
class DocumentOptions:
    """How documents are read: extra lexicons (tables, built folders, mappings), strictness,
    the size limit, and how many processes extract them (None: one per core)."""

    lexicon_files: tuple[Path, ...] = ()
    strict: bool = False
    max_bytes: int = MAX_DOCUMENT_BYTES
    jobs: int | None = None


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
                if data_suffix(child) in _READ:
                    found.append((child, display))
                else:
                    on_skip(f"skipped {display}: no loader for '{child.suffix or child.name}' files")
        elif path.exists():
            if data_suffix(path) not in _READ:
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
) -> Loaded:
    """All facts from ``inputs`` (files and folders), in a stable order.

    ``mappings`` are YAML mapping files used besides those found among the
    inputs; with ``skip_bad`` the bad rows of mapped files are reported through
    ``on_skip`` and the others load, else they fail the load together.
    Documents are extracted after the tables, matched against the names the
    tables define (see :mod:`.known_names`); their facts keep their place.
    """
    inputs = [Path(p) for p in inputs]
    found = expand_inputs(inputs, on_skip)
    plan = ImportPlan.gather(inputs, mappings, found)
    named = {p.resolve() for p in inputs if p.is_file()}
    parts: list[Sequence[NodeFact | EdgeFact | NodeBlock | EdgeBlock]] = []
    documents: list[tuple[int, Path, str]] = []  # (where its facts go in parts, path, display)
    for path, display in [*found, *plan.unreached(found)]:
        if plan.is_mapping(path) or plan.is_lookup(path):
            continue
        if data_suffix(path) in (MAPPING_SUFFIXES | MAPPED_SUFFIXES) and not plan.owns(path):
            unmapped(path, display, path.resolve() in named, on_skip)
        elif plan.owns(path):
            on_file(display)
            parts.append(plan.load(path, display, skip_bad=skip_bad, on_skip=on_skip))
        elif data_suffix(path) in TABLE_SUFFIXES:
            on_file(display)
            parts.append(read_table(path, display))
        else:
            documents.append((len(parts), path, display))
            parts.append([])
    if documents:
        lexicon = Lexicon.load(options.lexicon_files, entries_from_facts((f for part in parts for f in part), "tables"))
        found_facts = _documents(
            [(path, display) for _, path, display in documents], lexicon, options, on_skip, on_file
        )
        for (slot, _, _), facts in zip(documents, found_facts):
            parts[slot] = facts
    return [fact for part in parts for fact in part]


def extract_files(
    paths: Iterable[Path], options: DocumentOptions = DocumentOptions(), *, on_skip: Callable[[str], None] = _quiet
) -> Facts:
    """Facts from documents only (what ``chainkg extract`` prints)."""
    documents: list[tuple[Path, str]] = []
    for path, display in expand_inputs(paths, on_skip):
        if data_suffix(path) in DOCUMENT_SUFFIXES:
            documents.append((path, display))
        else:
            on_skip(f"skipped {display}: not a document (tables load with chainkg build)")
    lexicon = Lexicon.load(options.lexicon_files)
    return [fact for facts in _documents(documents, lexicon, options, on_skip) for fact in facts]


def _documents(
    documents: list[tuple[Path, str]],
    lexicon: Lexicon,
    options: DocumentOptions,
    on_skip: Callable[[str], None],
    on_file: Callable[[str], None] = _quiet,
) -> Iterator[Facts]:
    """Each document's facts in order (in worker processes when there are many);
    an unusable one gives none and a note, or fails the load under ``strict``."""
    outcomes = extract_documents(documents, lexicon, max_bytes=options.max_bytes, jobs=options.jobs)
    with contextlib.closing(outcomes):  # leaving early (an error, Ctrl-C) ends the pool
        for outcome in outcomes:
            on_file(outcome.display)
            if outcome.error is not None:
                if options.strict:
                    raise outcome.error
                exc = outcome.error
                on_skip(f"skipped {outcome.display}: {exc.what}" + (f" ({exc.fix})" if exc.fix else ""))
            yield outcome.facts

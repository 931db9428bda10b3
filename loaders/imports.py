"""Which mappings a build uses, and which files they claim.

Mappings come from ``--mapping FILE.yaml``, from a YAML file named as an
input, and from files called ``chainkg.yaml`` or ``NAME.mapping.yaml`` inside
an input folder. A file a mapping names is read through it, wherever the build
reaches it; a mapped file outside the inputs is loaded too, after the others.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from chainkg.errors import LoadError
from chainkg.graph.facts import EdgeBlock, EdgeFact, NodeBlock, NodeFact
from chainkg.loaders.mapping import FileSpec, Mapping, is_mapping_name, read_mapping
from chainkg.loaders.reading import data_suffix
from chainkg.loaders.structured import load_file

__all__ = ["MAPPED_SUFFIXES", "MAPPING_SUFFIXES", "ImportPlan", "unmapped"]

MAPPING_SUFFIXES = frozenset({".yaml", ".yml"})
MAPPED_SUFFIXES = frozenset({".jsonl", ".ndjson", ".json", ".xlsx"})


class ImportPlan:
    """The mappings of one build and the files they claim (by resolved path)."""

    def __init__(self, mappings: Iterable[Mapping] = ()) -> None:
        self.mappings = list(mappings)
        self._mapping_files = {m.path.resolve() for m in self.mappings}
        self._lookup_files = {lookup.path for m in self.mappings for spec in m.files for lookup in spec.lookups}
        self._claims: dict[Path, list[FileSpec]] = {}
        for mapping in self.mappings:
            for spec in mapping.files:
                other = next((o for o in self._claims.get(spec.path, []) if o.sheet == spec.sheet), None)
                if other is not None:
                    raise LoadError(
                        f"{spec.path.name}{f' sheet {spec.sheet!r}' if spec.sheet else ''} is mapped twice",
                        spec.spot,
                        f"keep one file entry (the other is at {other.spot}); one entry may hold several nodes and relationships",
                    )
                self._claims.setdefault(spec.path, []).append(spec)

    @classmethod
    def gather(cls, inputs: Iterable[Path], explicit: Iterable[Path], found: list[tuple[Path, str]]) -> ImportPlan:
        """Read the explicit mappings, named YAML inputs and auto-detected ones among ``found``.
        The files an explicit mapping names are looked for in its own folder, then in the input folders."""
        inputs = [Path(p) for p in inputs]
        named = {p.resolve() for p in inputs if p.is_file()}
        folders = tuple(p for p in inputs if p.is_dir())
        wanted = [(Path(p), str(p), folders) for p in explicit]
        wanted += [
            (p, d, ())
            for p, d in found
            if data_suffix(p) in MAPPING_SUFFIXES and (is_mapping_name(p) or p.resolve() in named)
        ]
        seen: set[Path] = set()
        mappings = []
        for path, display, search in wanted:
            if path.resolve() not in seen:
                seen.add(path.resolve())
                mappings.append(read_mapping(path, display, search=search))
        return cls(mappings)

    def is_mapping(self, path: Path) -> bool:
        """Whether ``path`` is one of the mappings in use."""
        return path.resolve() in self._mapping_files

    def is_lookup(self, path: Path) -> bool:
        """Whether ``path`` is read by a mapping's lookup (and is no input of its own, unless mapped too)."""
        return path.resolve() in self._lookup_files and not self.owns(path)

    def owns(self, path: Path) -> bool:
        """Whether a mapping claims ``path``."""
        return path.resolve() in self._claims

    def unreached(self, found: list[tuple[Path, str]]) -> list[tuple[Path, str]]:
        """Claimed files the inputs do not reach, as ``(path, display)`` in mapping order."""
        reached = {p.resolve() for p, _ in found}
        return [(path, specs[0].display) for path, specs in self._claims.items() if path not in reached]

    def load(
        self, path: Path, display: str, *, skip_bad: bool = False, on_skip: Callable[[str], None] = lambda _m: None
    ) -> list[NodeFact | EdgeFact | NodeBlock | EdgeBlock]:
        """The facts of a claimed file, read through its mapping (each mapped sheet of a workbook)."""
        facts: list[NodeFact | EdgeFact | NodeBlock | EdgeBlock] = []
        for spec in self._claims[path.resolve()]:
            facts.extend(load_file(spec, display, skip_bad=skip_bad, on_skip=on_skip))
        return facts


def unmapped(path: Path, display: str, named: bool, on_skip: Callable[[str], None]) -> None:
    """A JSON Lines or XLSX file no mapping takes: an error when named, else a note.

    Other YAML files in a folder (a mapping meant for ``--mapping``) are passed over quietly.
    """
    suffix = data_suffix(path)
    if suffix in MAPPING_SUFFIXES:
        return
    if named:
        raise LoadError(
            f"'{suffix}' files load only through a mapping",
            str(path),
            "name the file in a mapping (--mapping FILE.yaml, or chainkg.yaml in its folder); see 'Structured imports' in the README",
        )
    on_skip(f"skipped {display}: no mapping names it ('{suffix}' files load only through a mapping)")

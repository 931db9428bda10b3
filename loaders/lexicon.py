"""Known entities: a lexicon matched with an Aho-Corasick automaton, leftmost-longest.

A lexicon is a nodes table (see :mod:`chainkg.loaders.tables`): label, name,
aliases and properties. The package ships ``data/zh.csv``; users add their own
with ``--lexicon FILE`` in the same format. Enterprise aliases of two
characters or fewer (三一, 中联) are *short*: a match counts only in context
(see :mod:`chainkg.loaders.mentions`).

>>> lex = Lexicon.shipped()
>>> [(m.text, m.entry.name) for m in lex.matches("长沙工程机械和株洲的中车株机")]
[('长沙工程机械', '长沙工程机械产业集群'), ('株洲', '株洲'), ('中车株机', '中车株机')]
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import ahocorasick

from chainkg.errors import LoadError
from chainkg.graph.facts import NodeBlock
from chainkg.graph.identity import normalise_name

from .tables import read_table

__all__ = ["Entry", "Match", "Lexicon", "SHORT_ALIAS_MAX"]

SHORT_ALIAS_MAX = 2
_SHORT_LABELS = {"Enterprise"}


@dataclass(frozen=True)
class Entry:
    """One known entity: label, canonical name, aliases, properties."""

    label: str
    name: str
    aliases: tuple[str, ...] = ()
    props: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)
    source: str = "lexicon"

    def is_short(self, alias: str) -> bool:
        """Whether ``alias`` is a short name that counts only in context."""
        return self.label in _SHORT_LABELS and alias != self.name and len(alias) <= SHORT_ALIAS_MAX


@dataclass(frozen=True)
class Match:
    """A lexicon hit in a text: ``text[start:end]`` is ``alias`` of ``entry``."""

    start: int
    end: int
    text: str
    entry: Entry


class Lexicon:
    """Entries by (label, name) plus an automaton over every surface form."""

    def __init__(self, entries: Iterable[Entry] = ()) -> None:
        self._entries: dict[tuple[str, str], Entry] = {}
        self._automaton: ahocorasick.Automaton | None = None
        self._regions: frozenset[str] | None = None
        for entry in entries:
            self.add(entry)

    @classmethod
    def shipped(cls) -> "Lexicon":
        """The lexicon shipped with chainkg: China's administrative divisions plus ``data/zh.csv``."""
        from .places import region_entries  # places builds on Entry

        with resources.as_file(resources.files("chainkg.loaders") / "data" / "zh.csv") as path:
            return cls([*region_entries(), *entries_from_table(path, "chainkg:zh.csv")])

    @classmethod
    def load(cls, extra: Iterable[Path] = (), known: Iterable[Entry] = ()) -> "Lexicon":
        """The shipped lexicon plus user lexicons (nodes tables, built folders, mappings: see
        :mod:`chainkg.loaders.known_names`), then the ``known`` entries of a build's own tables."""
        from .known_names import entries_from_source  # it builds on Entry: imported when used

        lexicon = cls.shipped()
        for path in extra:
            for entry in entries_from_source(Path(path)):
                lexicon.add(entry)
        for entry in known:
            lexicon.add(entry)
        return lexicon

    def add(self, entry: Entry) -> None:
        """Add or extend an entry (aliases unioned, properties filled in)."""
        key = (entry.label, normalise_name(entry.name))
        old = self._entries.get(key)
        if old is not None:
            aliases = tuple(dict.fromkeys(old.aliases + entry.aliases))
            entry = Entry(old.label, old.name, aliases, {**entry.props, **old.props}, old.source)
        self._entries[key] = entry
        self._automaton = None
        self._regions = None

    def __len__(self) -> int:
        return len(self._entries)

    def entry(self, label: str, name: str) -> Entry | None:
        """The entry with this label and canonical name, if any."""
        return self._entries.get((label, normalise_name(name)))

    def entries(self) -> list[Entry]:
        return list(self._entries.values())

    def region_names(self) -> frozenset[str]:
        """The canonical names of the Region entries (computed once per lexicon state)."""
        if self._regions is None:
            self._regions = frozenset(entry.name for entry in self._entries.values() if entry.label == "Region")
        return self._regions

    def matches(self, text: str) -> Iterator[Match]:
        """Leftmost-longest, non-overlapping hits in ``text``."""
        return self._hits(text, overlapping=False)

    def all_matches(self, text: str) -> Iterator[Match]:
        """Every hit in ``text``, overlapping ones too."""
        return self._hits(text, overlapping=True)

    def _hits(self, text: str, overlapping: bool) -> Iterator[Match]:
        automaton = self._built()
        if not len(automaton):
            return
        for end, (length, entry) in automaton.iter(text) if overlapping else automaton.iter_long(text):
            start = end - length + 1
            yield Match(start, end + 1, text[start : end + 1], entry)

    def _built(self) -> ahocorasick.Automaton:
        if self._automaton is None:
            automaton = ahocorasick.Automaton()
            for entry in self._entries.values():
                for form in _forms(entry):
                    previous = automaton.get(form, None)
                    if previous is None or _priority(entry) < _priority(previous[1]):
                        automaton.add_word(form, (len(form), entry))
            if len(automaton):
                automaton.make_automaton()
            self._automaton = automaton
        return self._automaton


def entries_from_table(path: Path, display: str) -> list[Entry]:
    """Lexicon entries from a nodes table; edges tables are refused."""
    entries = []
    for block in read_table(path, display):
        if not isinstance(block, NodeBlock):
            raise LoadError("a lexicon holds nodes only", block.where(0) if block.lines else display,
                            "give a table with label,name,aliases columns")
        for row, (label, name, aliases) in enumerate(zip(block.labels, block.names, block.aliases)):
            props = {column: cells[row] for column, cells in block.props.items() if cells[row]}
            entries.append(Entry(label, name, aliases, props, display))
    return entries


def _forms(entry: Entry) -> list[str]:
    forms = [entry.name, *entry.aliases]
    forms += [entry.props[key] for key in ("full_name", "name_en") if entry.props.get(key)]
    return [form for form in dict.fromkeys(forms) if form]


_LABEL_PRIORITY = {"Cluster": 0, "Park": 1, "Enterprise": 2, "Organization": 3, "Project": 4, "Chain": 5, "Region": 6}


def _priority(entry: Entry) -> int:
    """Which entry keeps a surface form shared by two labels."""
    return _LABEL_PRIORITY.get(entry.label, 9)

"""Known entities: a lexicon matched with an Aho-Corasick automaton, leftmost-longest.

The automaton is pyahocorasick's; its longest-match walk (``iter_long``) is also
done here in Python over a trie of dicts (:class:`_LongestWalk`), because
pyahocorasick finds a node's child by a linear search and the shipped lexicon's
root has ~950 children: each character then costs hundreds of comparisons. The
Python walk gives the same hits (tested against the automaton) in well under half
the time.

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

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import ahocorasick

from chainkg.errors import LoadError
from chainkg.graph.facts import NodeBlock
from chainkg.graph.identity import normalise_name
from chainkg.loaders.tables import read_table

__all__ = ["SHORT_ALIAS_MAX", "Entry", "Lexicon", "Match"]

SHORT_ALIAS_MAX = 2
# a lexicon this small (a document's own names) keeps the automaton's walk: its root is
# narrow, and building the Python walk would cost more than it saves
WALK_MIN_ENTRIES = 256
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
        self._walk: _LongestWalk | None = None
        self._regions: frozenset[str] | None = None
        for entry in entries:
            self.add(entry)

    @classmethod
    def shipped(cls) -> Lexicon:
        """The lexicon shipped with chainkg: China's administrative divisions plus ``data/zh.csv``."""
        from chainkg.loaders.places import region_entries  # places builds on Entry

        with resources.as_file(resources.files("chainkg.loaders") / "data" / "zh.csv") as path:
            return cls([*region_entries(), *entries_from_table(path, "chainkg:zh.csv")])

    @classmethod
    def load(cls, extra: Iterable[Path] = (), known: Iterable[Entry] = ()) -> Lexicon:
        """The shipped lexicon plus user lexicons (nodes tables, built folders, mappings: see
        :mod:`chainkg.loaders.known_names`), then the ``known`` entries of a build's own tables."""
        from chainkg.loaders.known_names import entries_from_source  # it builds on Entry: imported when used

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
        self._walk = None
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
        """Leftmost-longest, non-overlapping hits in ``text`` (those of the automaton's ``iter_long``)."""
        if len(self._entries) < WALK_MIN_ENTRIES:
            yield from self._hits(text, overlapping=False)
            return
        if self._walk is None:
            self._walk = _LongestWalk(self._forms())
        for end, (length, entry) in self._walk.longest(text):
            start = end - length + 1
            yield Match(start, end + 1, text[start : end + 1], entry)

    def all_matches(self, text: str) -> Iterator[Match]:
        """Every hit in ``text``, overlapping ones too."""
        return self._hits(text, overlapping=True)

    def _hits(self, text: str, overlapping: bool) -> Iterator[Match]:
        """The automaton's hits: every one, or its ``iter_long`` (what :meth:`matches` gives, faster)."""
        automaton = self._built()
        if not len(automaton):
            return
        for end, (length, entry) in automaton.iter(text) if overlapping else automaton.iter_long(text):
            start = end - length + 1
            yield Match(start, end + 1, text[start : end + 1], entry)

    def _built(self) -> ahocorasick.Automaton:
        if self._automaton is None:
            automaton = ahocorasick.Automaton()
            for form, value in self._forms().items():
                automaton.add_word(form, value)
            if len(automaton):
                automaton.make_automaton()
            self._automaton = automaton
        return self._automaton

    def _forms(self) -> dict[str, tuple[int, Entry]]:
        """Every surface form with ``(its length, the entry it names)``: one entry per form, by label priority."""
        forms: dict[str, tuple[int, Entry]] = {}
        for entry in self._entries.values():
            for form in _forms(entry):
                previous = forms.get(form)
                if previous is None or _priority(entry) < _priority(previous[1]):
                    forms[form] = (len(form), entry)
        return forms


class _LongestWalk:
    """pyahocorasick's ``iter_long`` step for step (its 2.x source, ``AutomatonSearchIterLong.c``),
    over a trie whose nodes are numbered, their children in dicts (a word's value is never None).

    The walk starts afresh at the root after each hit, so a position where no form's first two
    characters (nor a one-character form) begin is passed over at the root: a regular expression
    finds the positions where a walk can start.
    """

    def __init__(self, words: dict[str, Any]) -> None:
        self.children: list[dict[str, int]] = [{}]
        self.value: list[Any] = [None]
        for word, value in words.items():
            node = 0
            for char in word:
                child = self.children[node].get(char)
                if child is None:
                    child = len(self.children)
                    self.children[node][char] = child
                    self.children.append({})
                    self.value.append(None)
                node = child
            self.value[node] = value
        self.final = [value is not None for value in self.value]
        self.fail = self._fail_links()
        # a node not final whose fail link is a final node other than the root: iter_long may end there
        self.fail_final = [link not in (None, 0) and self.final[link] for link in self.fail]
        self.starts = self._starts()
        root = self.children[0]
        # where a walk can go past its first character (or stop on a one-character form)
        self.openings = {first + second for first, child in root.items() for second in self.children[child]}
        self.openings |= {first for first, child in root.items() if self.final[child]}

    def _fail_links(self) -> list[int | None]:
        """Aho-Corasick fail links (breadth first); the root has none."""
        fail = [0] * len(self.children)  # every node below the root: each is reached, breadth first
        queue = list(self.children[0].values())
        for node in queue:
            for char, child in self.children[node].items():
                queue.append(child)
                state = fail[node]
                while state != 0 and char not in self.children[state]:
                    state = fail[state]
                fail[child] = self.children[state].get(char, 0)
        return [None, *fail[1:]]

    def _starts(self) -> re.Pattern[str] | None:
        """Positions where a walk from the root can reach a second character or a one-character form."""
        root = self.children[0]
        if not root:
            return None
        seconds = {char for child in root.values() for char in self.children[child]}
        singles = [char for char, child in root.items() if self.final[child]]
        ways = ([f"(?={_char_class(seconds)})"] if seconds else []) + (
            [f"(?<={_char_class(singles)})"] if singles else []
        )
        # a first character, then a test of what follows or of itself: re skips ahead to first characters
        return re.compile(f"{_char_class(root)}(?:{'|'.join(ways)})")

    def longest(self, text: str) -> list[tuple[int, Any]]:
        """``(end index, value)`` of each hit, as ``iter_long`` yields them."""
        if self.starts is None:
            return []
        hits: list[tuple[int, Any]] = []
        position = 0  # where the walk is back at the root: starts before it were walked over
        openings = self.openings
        for start in self.starts.finditer(text):
            index = start.start()
            # a walk from a first character that leads nowhere is back at the root with nothing found
            if index >= position and (text[index : index + 2] in openings or text[index] in openings):
                hit, position = self._walk(text, index)
                if hit is not None:
                    hits.append(hit)
        return hits

    def _walk(self, text: str, index: int) -> tuple[tuple[int, Any] | None, int]:
        """One call of iter_long's ``next`` from the root at ``index``, until it yields a hit or is
        back at the root with none: ``(the hit or None, where it goes on from the root)``."""
        children, final, fail, fail_final = self.children, self.final, self.fail, self.fail_final
        state, last, last_index, fail_node, fail_index, failover = 0, -1, -1, -1, -1, False
        while index < len(text):
            if failover:  # carry on from the fail link of the node passed by
                child, index, fail_node, failover = fail[fail_node], fail_index, -1, False
            else:
                child = children[state].get(text[index])
            if child is not None:
                if final[child]:
                    last, last_index = child, index
                elif last < 0 and fail_node < 0 and fail_final[child]:
                    fail_node, fail_index = child, index
                state, index = child, index + 1
            elif last >= 0:
                break
            elif fail_node >= 0:
                failover = True
            else:
                while True:
                    up = fail[state]
                    if up is None:
                        return None, index + 1
                    state = up
                    if text[index] in children[state]:
                        break
                if state == 0:
                    return None, index
        if last < 0:
            return None, len(text)
        return (last_index, self.value[last]), last_index + 1


def _char_class(chars: Iterable[str]) -> str:
    return "[" + "".join(re.escape(char) for char in sorted(chars)) + "]"


def entries_from_table(path: Path, display: str) -> list[Entry]:
    """Lexicon entries from a nodes table; edges tables are refused."""
    entries = []
    for block in read_table(path, display):
        if not isinstance(block, NodeBlock):
            raise LoadError(
                "a lexicon holds nodes only",
                block.where(0) if block.lines else display,
                "give a table with label,name,aliases columns",
            )
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

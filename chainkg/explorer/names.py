"""Search over every node's name and aliases, held in memory.

A scan of every node in the database took 150-220 ms at 100k enterprises; the names and
aliases (0.6 s to read) are kept as one lower-cased text instead, where ``str.find`` walks
from hit to hit. Until that text is read (in a thread, so the server starts at once), a
search falls back to the database scan.

>>> index = NameIndex([("Enterprise", "Enterprise:三一重工", "三一重工", ["Sany", "三一"])])
>>> index.search("sany")
[{'label': 'Enterprise', 'id': 'Enterprise:三一重工', 'name': '三一重工', 'matched': 'Sany'}]
"""

from __future__ import annotations

import bisect
import threading
from collections.abc import Iterable, Sequence
from typing import Any

__all__ = ["NameIndex", "Names", "LIMIT"]

LIMIT = 50
_SEP = "\x00"  # names never hold it once lower-cased and searched for (a needle with it is refused)


class NameIndex:
    """Every (label, id, name, aliases) as one searchable text."""

    def __init__(self, rows: Iterable[Sequence[Any]]) -> None:
        texts: list[str] = []
        self._owner: list[int] = []
        self._nodes: list[tuple[str, str, str]] = []
        for label, nid, name, aliases in rows:
            number = len(self._nodes)
            self._nodes.append((label, nid, name))
            for text in [name, *(aliases or [])]:
                if text:
                    texts.append(text)
                    self._owner.append(number)
        self._texts = texts
        self._starts: list[int] = []
        at = 0
        for text in texts:
            self._starts.append(at)
            at += len(text) + 1
        self._blob = _SEP.join(t.lower() for t in texts) + _SEP
        if len(self._blob) != at:  # lower() changed a length (rare letters): keep exact offsets
            self._blob = _SEP.join(_same_length_lower(t) for t in texts) + _SEP

    def search(self, needle: str, limit: int = LIMIT) -> list[dict[str, str]]:
        """Nodes whose name or an alias contains ``needle`` (case-insensitive): exact names first."""
        needle = _same_length_lower(needle.strip())
        if not needle or _SEP in needle:
            return []

        seen: dict[int, dict[str, str]] = {}
        at = self._blob.find(needle)
        while at >= 0 and len(seen) < limit * 4:
            entry = bisect.bisect_right(self._starts, at) - 1
            number = self._owner[entry]
            if number not in seen:
                label, nid, name = self._nodes[number]
                seen[number] = {"label": label, "id": nid, "name": name, "matched": self._texts[entry]}
            at = self._blob.find(needle, self._starts[entry] + len(self._texts[entry]) + 1)
        hits = sorted(seen.values(), key=lambda h: (h["matched"].lower() != needle, len(h["matched"]), h["name"], h["id"]))
        return hits[:limit]


def _same_length_lower(text: str) -> str:
    """``text.lower()`` letter by letter, keeping letters whose lower case is longer as they are."""
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


class Names:
    """The index of a store, read in a thread; ``search`` scans the database until it is ready."""

    def __init__(self, reads: Any) -> None:
        self._reads = reads
        self.index: NameIndex | None = None
        self.ready = threading.Event()
        threading.Thread(target=self._load, name="explorer-names", daemon=True).start()

    def _load(self) -> None:
        try:
            self.index = NameIndex(self._reads.all_names())
        finally:
            self.ready.set()

    def search(self, needle: str, limit: int = LIMIT) -> list[dict[str, str]]:
        if self.index is not None:
            return self.index.search(needle, limit)
        return self._reads.scan_names(needle, limit)

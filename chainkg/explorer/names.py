"""Search over every node's name and aliases, held in memory.

A scan of every node in the database took 150-220 ms at 100k enterprises, and a walk of one
lower-cased text of all the names (``str.find`` from hit to hit) still held the interpreter for
8-40 ms a search, which 20 clients at once turned into a p99 of 410 ms. So the names and aliases
(0.8 s to read) are indexed once, in a thread at start, by their characters and pairs of
characters (numpy: a sort of ~5M codes, about a second at 100k enterprises): a search takes the
rarest pair of its text (or its one character), whose entries are already in the order hits are
given (shortest text first, then name, then id), and checks them in that order until it has
``limit`` nodes. Until the index is ready a search falls back to the database scan.

>>> index = NameIndex([("Enterprise", "Enterprise:三一重工", "三一重工", ["Sany", "三一"])])
>>> index.search("sany")
[{'label': 'Enterprise', 'id': 'Enterprise:三一重工', 'name': '三一重工', 'matched': 'Sany'}]
>>> [hit["matched"] for hit in index.search("三一")]  # the shortest text that holds it
['三一']
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from chainkg.explorer.reads import Reads

__all__ = ["LIMIT", "NameIndex", "Names", "plain_search"]

LIMIT = 50
_SEP = "\x00"  # ends every text in the index; a needle holding it is refused
_SHIFT = 21  # code points are below 2**21: a pair is (first + 1) << 21 | second, a character itself
_CHUNK = 256  # entries checked per step of a search


class NameIndex:
    """Every (label, id, name, aliases) indexed by its characters and pairs of characters."""

    def __init__(self, rows: Iterable[Sequence[Any]]) -> None:
        self._nodes: list[tuple[str, str, str]] = []
        entries: list[tuple[str, int]] = []
        for label, nid, name, aliases in rows:
            number = len(self._nodes)
            self._nodes.append((label, nid, name or ""))
            entries += [(text, number) for text in dict.fromkeys([name, *(aliases or [])]) if text]
        # The order of hits: shortest text first (an exact match is the shortest), then name, then id.
        nodes = self._nodes
        entries.sort(key=lambda e: (len(e[0]), nodes[e[1]][2], nodes[e[1]][1]))
        self._texts = [text for text, _ in entries]
        self._lower = [_same_length_lower(text) for text in self._texts]
        self._owner = [number for _, number in entries]
        self._keys, self._offsets, self._entries = _grams(self._lower)

    def _posting(self, gram: str) -> np.ndarray:
        """The entries (in the order of hits) whose lower-cased text holds ``gram`` (1 or 2 characters)."""
        key = ord(gram) if len(gram) == 1 else (ord(gram[0]) + 1) << _SHIFT | ord(gram[1])
        at = int(np.searchsorted(self._keys, key))
        if at == len(self._keys) or self._keys[at] != key:
            return self._entries[:0]
        return self._entries[self._offsets[at] : self._offsets[at + 1]]

    def search(self, needle: str, limit: int = LIMIT) -> list[dict[str, str]]:
        """Nodes whose name or an alias contains ``needle`` (case-insensitive): exact names first,
        then by the length of the text that matched, the name and the id."""
        needle = _same_length_lower(needle.strip())
        if not needle or _SEP in needle:
            return []
        grams = {needle} if len(needle) == 1 else {needle[i : i + 2] for i in range(len(needle) - 1)}
        postings = sorted((self._posting(g) for g in grams), key=len)
        found = postings[0]
        if len(postings) > 1 and len(found) > 4 * _CHUNK:  # a common pair: narrow by the next rarest
            found = np.intersect1d(found, postings[1], assume_unique=True)
        check = len(needle) > 2
        hits: dict[int, dict[str, str]] = {}
        for start in range(0, len(found), _CHUNK):
            for entry in found[start : start + _CHUNK].tolist():
                number = self._owner[entry]
                if number in hits or (check and needle not in self._lower[entry]):
                    continue
                label, nid, name = self._nodes[number]
                hits[number] = {"label": label, "id": nid, "name": name, "matched": self._texts[entry]}
                if len(hits) == limit:
                    return list(hits.values())
        return list(hits.values())


def _grams(texts: list[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The distinct codes of the characters and pairs in ``texts`` (sorted), where each code's
    entries start in the third array, and the entries (ascending for each code)."""
    if not texts:
        empty = np.zeros(0, dtype=np.int64)
        return empty, np.zeros(1, dtype=np.int64), empty
    blob = _SEP.join(texts) + _SEP
    points = np.frombuffer(blob.encode("utf-32-le"), dtype=np.uint32).astype(np.int64)
    lengths = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))
    entry = np.repeat(np.arange(len(texts), dtype=np.int64), lengths + 1)  # the entry of every position
    inside = points != 0
    pair = inside[:-1] & inside[1:]
    codes = np.concatenate([points[inside], ((points[:-1][pair] + 1) << _SHIFT) | points[1:][pair]])
    owners = np.concatenate([entry[inside], entry[:-1][pair]])
    del points, entry
    combined = codes * len(texts) + owners  # codes < 2**42, entries < 2**21: fits in int64
    del codes, owners
    combined.sort()  # a plain sort: np.unique hashes first, several times slower here
    combined = combined[np.concatenate([[True], combined[1:] != combined[:-1]])]
    codes, owners = np.divmod(combined, len(texts))
    starts = np.flatnonzero(np.concatenate([[True], codes[1:] != codes[:-1]]))
    return codes[starts], np.append(starts, len(codes)), owners.astype(np.int32)


def plain_search(rows: Iterable[Sequence[Any]], needle: str, limit: int = LIMIT) -> list[dict[str, str]]:
    """:meth:`NameIndex.search` by looking at every text: the reference the tests hold the index to."""
    needle = _same_length_lower(needle.strip())
    if not needle or _SEP in needle:
        return []
    best: dict[str, tuple[tuple[int, str, str], dict[str, str]]] = {}
    for label, nid, name, aliases in rows:
        for text in dict.fromkeys([name, *(aliases or [])]):
            if text and needle in _same_length_lower(text):
                rank = (len(text), name or "", nid)
                if nid not in best or rank < best[nid][0]:
                    best[nid] = (rank, {"label": label, "id": nid, "name": name or "", "matched": text})
    return [hit for _, hit in sorted(best.values(), key=lambda pair: pair[0])][:limit]


def _same_length_lower(text: str) -> str:
    """``text.lower()`` letter by letter, keeping letters whose lower case is longer as they are."""
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


class Names:
    """The index of a store, read in a thread; ``search`` scans the database until it is ready."""

    def __init__(self, reads: Reads) -> None:
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

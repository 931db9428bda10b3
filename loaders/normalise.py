"""Normalised text that remembers where every character came from.

Full-width digits and letters become half-width, half-width clause punctuation
(``,`` ``:`` ``;`` ``?`` ``!`` ``(`` ``)``) touching a Chinese character becomes
its full-width form (``1,000`` and ``2:1`` stay), lines broken in the middle of
a sentence are re-joined (with the blank lines between the halves), leading
indentation goes, and the text is split into sentences on 。！？； and line
ends. Every normalised character maps back to its offset in the original.

>>> doc = normalise("　　２０２１年，甲公司为乙公司配套液压件、\\n\\n密封件等一批零部件。下一句")
>>> doc.text
'2021年，甲公司为乙公司配套液压件、密封件等一批零部件。下一句'
>>> normalise("据悉,湘江动力(600999,股吧)表示:年产1,000台").text
'据悉，湘江动力（600999，股吧）表示：年产1,000台'
>>> [doc.text[s:e] for s, e in doc.sentences]
['2021年，甲公司为乙公司配套液压件、密封件等一批零部件。', '下一句']
>>> start, end = doc.original_span(doc.text.index("密封件"), doc.text.index("密封件") + 3)
>>> "　　２０２１年，甲公司为乙公司配套液压件、\\n\\n密封件等一批零部件。下一句"[start:end]
'密封件'
"""

from __future__ import annotations

import bisect
import functools
import re
from array import array
from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["JOIN_MIN_CHARS", "NormalisedText", "normalise"]

JOIN_MIN_CHARS = 40
_SENTENCE_END = "。！？；!?;"
_LINE_COMPLETE = _SENTENCE_END + "：:…”」』）)】》\"'"
_JOINERS = "、，,（(“《—-"
_FULLWIDTH_ALNUM = str.maketrans(
    {chr(c): chr(c - 0xFEE0) for r in ((0xFF10, 0xFF1A), (0xFF21, 0xFF3B), (0xFF41, 0xFF5B)) for c in range(*r)}
)
_ANY_FULLWIDTH_ALNUM = re.compile("[０-９Ａ-Ｚａ-ｚ]")  # translate looks every character up: most lines need none


_HALF_TO_FULL = {",": "，", ":": "：", ";": "；", "?": "？", "!": "！", "(": "（", ")": "）"}
_CJK = "[\u3000-\u303f\u3400-\u9fff\uff00-\uffef“”‘’]"
# a mark after a Chinese character, or before one (written mark first, so that re skips ahead to marks)
_CLAUSE_MARK = re.compile(f"[,:;?!()](?:(?<={_CJK}.)|(?={_CJK}))")


def _full_width_marks(line: str) -> str:
    """Half-width clause punctuation touching a Chinese character, as its full-width form."""
    return _CLAUSE_MARK.sub(lambda hit: _HALF_TO_FULL[hit.group(0)], line)


@dataclass(frozen=True)
class NormalisedText:  # frozen, but cached_property needs the instance __dict__
    """Normalised text, its map back to the original and its sentences."""

    text: str
    offsets: Sequence[int]
    sentences: tuple[tuple[int, int], ...]

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """Original ``[start, end)`` of the normalised span ``[start, end)`` (end > start)."""
        return self.offsets[start], self.offsets[end - 1] + 1

    def sentence_of(self, position: int) -> int:
        """Index of the sentence holding normalised ``position``."""
        return max(0, bisect.bisect_right(self.sentence_starts, position) - 1)

    @functools.cached_property
    def sentence_starts(self) -> list[int]:
        return [start for start, _ in self.sentences]


def normalise(original: str, join_min: int = JOIN_MIN_CHARS) -> NormalisedText:
    """Normalise ``original`` (see the module doc)."""
    pieces: list[str] = []
    offsets: list[int] = []  # a list grows faster than an array; the array is made at the end
    lines = _lines(original)
    for index, (start, line) in enumerate(lines):
        content = line.strip()
        if not content:
            continue
        first = start + len(line) - len(line.lstrip())
        half = content.translate(_FULLWIDTH_ALNUM) if _ANY_FULLWIDTH_ALNUM.search(content) else content
        pieces.append(_full_width_marks(half))
        offsets.extend(range(first, first + len(content)))
        following = _next_content(lines, index)
        if following and not _continues(content, following, join_min):
            pieces.append("\n")
            offsets.append(start + len(line))
    text = "".join(pieces)
    return NormalisedText(text, array("q", offsets), _sentences(text))


def _lines(original: str) -> list[tuple[int, str]]:
    """Lines as ``(start offset, text without line end)``."""
    found, start = [], 0
    for raw in original.splitlines(keepends=True):
        found.append((start, raw.rstrip("\r\n")))
        start += len(raw)
    return found


def _next_content(lines: list[tuple[int, str]], index: int) -> str:
    for position in range(index + 1, len(lines)):
        if lines[position][1].strip():
            return lines[position][1].strip()
    return ""


def _continues(line: str, following: str, join_min: int) -> bool:
    """Whether ``line`` was broken mid-sentence and ``following`` carries on."""
    if line.startswith("#") or following.startswith("#") or line[-1] in _LINE_COMPLETE:
        return False
    if line[-1] in _JOINERS:
        return True
    # A long line (or one with clauses) cut short, carried on by a line that ends a
    # sentence or is long itself; captions under photos (no full stop either) stay apart.
    clauses = len(line) >= join_min or any(mark in line for mark in "，；、")
    return clauses and (following[-1] in _SENTENCE_END or len(following) >= join_min)


_BREAKS = re.compile(r"[。！？；!?;\n]")


def _sentences(text: str) -> tuple[tuple[int, int], ...]:
    spans, start = [], 0
    for hit in _BREAKS.finditer(text):
        end = hit.end() if hit.group(0) != "\n" else hit.start()
        if text[start:end].strip():
            spans.append((start, end))
        start = hit.end()
    if text[start:].strip():
        spans.append((start, len(text)))
    return tuple(spans)

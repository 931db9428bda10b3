"""A sentence with its mentions masked, so relation rules read as patterns.

Every mention becomes a token ``⟦<code><index>⟧`` (``⟦E0⟧`` an enterprise,
``⟦R1⟧`` a region ...); rules match the masked text and map what they capture
back to normalised offsets.

>>> from chainkg.loaders.mentions import Mention
>>> view = SentenceView.build(0, 0, "甲公司为乙公司配套液压件", [
...     Mention(0, 3, "甲公司", "Enterprise", "甲公司", "t"), Mention(4, 7, "乙公司", "Enterprise", "乙公司", "t")])
>>> view.masked
'⟦E0⟧为⟦E1⟧配套液压件'
>>> view.span(view.masked.index("液"), len(view.masked))
(9, 12)
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from chainkg.loaders.mentions import Mention

__all__ = ["LABEL_CODES", "TOKEN", "SentenceView"]

LABEL_CODES = {
    "Enterprise": "E",
    "Region": "R",
    "Park": "P",
    "Chain": "C",
    "Cluster": "K",
    "Technology": "T",
    "Product": "D",
    "Organization": "O",
    "Project": "J",
}
TOKEN = re.compile(r"⟦([A-Z])(\d+)⟧")
_MARKS = str.maketrans({"⟦": "[", "⟧": "]"})


@dataclass(frozen=True)
class SentenceView:  # frozen, but cached_property needs the instance __dict__
    """Sentence ``index`` spanning normalised ``[start, end)``, masked."""

    index: int
    start: int
    text: str
    mentions: tuple[Mention, ...]
    masked: str

    @classmethod
    def build(cls, index: int, start: int, text: str, mentions: list[Mention]) -> SentenceView:
        """Mask ``mentions`` (document offsets, inside the sentence) in ``text``."""
        pieces: list[str] = []
        cursor = 0
        if "⟦" in text or "⟧" in text:
            text = text.translate(_MARKS)  # the token marks stay unambiguous
        for number, mention in enumerate(mentions):
            pieces.append(text[cursor : mention.start - start])
            pieces.append(f"⟦{LABEL_CODES[mention.label]}{number}⟧")
            cursor = mention.end - start
        pieces.append(text[cursor:])
        return cls(index, start, text, tuple(mentions), "".join(pieces))

    @functools.cached_property
    def positions(self) -> tuple[int, ...]:
        """The normalised offset of each masked character (a token's: its mention's start, its end
        for the closing mark); made when a rule first maps a span back, as most sentences need none."""
        positions: list[int] = []
        cursor = self.start
        for number, mention in enumerate(self.mentions):
            positions.extend(range(cursor, mention.start))
            width = len(f"⟦{LABEL_CODES[mention.label]}{number}⟧")
            positions.extend([mention.start] * (width - 1) + [mention.end - 1])
            cursor = mention.end
        positions.extend(range(cursor, self.start + len(self.text)))
        return tuple(positions)

    def span(self, masked_start: int, masked_end: int) -> tuple[int, int]:
        """Normalised ``[start, end)`` of the masked span ``[masked_start, masked_end)``."""
        return self.positions[masked_start], self.positions[masked_end - 1] + 1

    def plain(self, masked_start: int, masked_end: int) -> str:
        """The sentence text behind a masked span."""
        start, end = self.span(masked_start, masked_end)
        return self.text[start - self.start : end - self.start]

    def tokens(self, masked: str, codes: str = "") -> list[Mention]:
        """Mentions named by tokens in a piece of masked text, optionally of some label codes."""
        return [self.mentions[int(n)] for code, n in TOKEN.findall(masked) if not codes or code in codes]

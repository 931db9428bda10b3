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

import re
from dataclasses import dataclass

from .mentions import Mention

__all__ = ["SentenceView", "LABEL_CODES", "TOKEN"]

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
class SentenceView:
    """Sentence ``index`` spanning normalised ``[start, end)``, masked."""

    index: int
    start: int
    text: str
    mentions: tuple[Mention, ...]
    masked: str
    positions: tuple[int, ...]

    @classmethod
    def build(cls, index: int, start: int, text: str, mentions: list[Mention]) -> "SentenceView":
        """Mask ``mentions`` (document offsets, inside the sentence) in ``text``."""
        pieces: list[str] = []
        positions: list[int] = []
        cursor = 0
        if "⟦" in text or "⟧" in text:
            text = text.translate(_MARKS)  # the token marks stay unambiguous
        for number, mention in enumerate(mentions):
            local = mention.start - start
            pieces.append(text[cursor:local])
            positions.extend(range(start + cursor, start + local))
            token = f"⟦{LABEL_CODES[mention.label]}{number}⟧"
            pieces.append(token)
            positions.extend([mention.start] * (len(token) - 1) + [mention.end - 1])
            cursor = mention.end - start
        pieces.append(text[cursor:])
        positions.extend(range(start + cursor, start + len(text)))
        return cls(index, start, text, tuple(mentions), "".join(pieces), tuple(positions))

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

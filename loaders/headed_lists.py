"""Lists under a heading, as plans and reports write them.

Policy documents and plans name their companies, products and projects in
blocks under a heading (``4. 重点企业`` then ``A、B、C等。``; ``6. 重点项目`` then one
project a line). The heading says what the items are; a block ends at the next
numbered heading.

>>> text = "4. 重点企业\\n甲科技、乙公司等。\\n5. 重点产品\\n风机/叶片、齿轮箱等。\\n6. 其他"
>>> [(m.label, m.name) for m in find_headed_items(text, [])]
[('Enterprise', '甲科技'), ('Enterprise', '乙公司'), ('Product', '风机'), ('Product', '叶片'), ('Product', '齿轮箱')]
"""

from __future__ import annotations

import re

from chainkg.loaders.mentions import Mention

__all__ = ["HEADED_RULE", "find_headed_items"]

HEADED_RULE = "headed-list"
_KINDS = {"企业": "Enterprise", "产品": "Product", "项目": "Project"}
_HEADING = re.compile(
    r"(?m)^[ \t]*(?:\d+[.、．]|[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[）)])?[ \t]*"
    r"(?:重点|主要|龙头|骨干|主导|核心)(企业|产品|项目)[ \t]*[:：]?[ \t]*$"
)
_NEXT_HEADING = re.compile(r"(?m)^[ \t]*(?:\d+[.、．]|[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[）)])")
_ITEM = re.compile(r"[^、；;，,。\n/]+")
_TAIL = re.compile(r"等$")


def find_headed_items(text: str, known: list[Mention]) -> list[Mention]:
    """Items of the blocks under 重点企业 / 重点产品 / 重点项目 headings, labelled by the heading."""
    found = []
    for heading in _HEADING.finditer(text):
        label = _KINDS[heading.group(1)]
        following = _NEXT_HEADING.search(text, heading.end() + 1)
        end = following.start() if following else len(text)
        for item in _ITEM.finditer(text, heading.end(), end):
            name = _TAIL.sub("", item.group(0).strip())
            start = item.start() + item.group(0).index(name) if name else item.start()
            if 2 <= len(name) <= 40 and not re.search(r"[。：:]", name):
                found.append(Mention(start, start + len(name), name, label, name, HEADED_RULE))
    return found

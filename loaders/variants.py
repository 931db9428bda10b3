"""One project or cluster written several ways in a document, folded into one name.

Real texts shorten a project's or a cluster's name after the first time
(长沙三安光电第三代半导体项目, then 三安光电第三代半导体项目 and 长沙三安第三代半导体项目;
佛山市顺德区机器人制造产业集群, then 顺德机器人制造业产业集群). Two names fold when the
shorter one's core (the name without its suffix and the places before it) keeps the
start and the characters of the longer one's core in order, or ends it; the name with the
longest core is kept and the others become its aliases.

>>> from chainkg.loaders.mentions import Mention
>>> names = ["长沙三安光电第三代半导体项目", "长沙三安第三代半导体项目", "汨罗产业园项目"]
>>> found = [Mention(0, len(n), n, "Project", n, "t") for n in names]
>>> fold_variants(found, frozenset({"长沙", "汨罗"}))
>>> [(m.name, m.aliases) for m in found][1:]
[('长沙三安光电第三代半导体项目', ('长沙三安第三代半导体项目',)), ('汨罗产业园项目', ())]
"""

from __future__ import annotations

import re

from chainkg.loaders.firms import FIRM_RULES
from chainkg.loaders.mentions import Mention

__all__ = ["fold_variants"]

_SUFFIXES = {"Project": re.compile(r"(?:项目)$"), "Cluster": re.compile(r"(?:先进制造业集群|产业集群|集群)$")}


def fold_variants(mentions: list[Mention], regions: frozenset[str]) -> None:
    """Rename the mentions of a project or cluster written shorter to its longest name, of a
    company found by construction that another such name starts with (株洲钻石, 株洲钻石切削), and of
    an agency written with its usual abbreviation (省工信厅, 省工业和信息化厅); in place."""
    _fold_firm_prefixes(mentions)
    _fold_abbreviated_bodies(mentions)
    for label, suffix in _SUFFIXES.items():
        cores: dict[str, str] = {}
        for mention in mentions:
            if mention.label == label and mention.rule != "lexicon" and mention.name not in cores:
                cores[mention.name] = _core(suffix.sub("", mention.name), regions)
        names = sorted(cores, key=lambda name: (len(cores[name]), len(name), name), reverse=True)
        longer: dict[str, str] = {}
        for index, short in enumerate(names):
            for full in names[:index]:
                if _same(cores[short], cores[full]):
                    longer[short] = longer.get(full, full)
                    break
        _rename([m for m in mentions if m.label == label and m.rule != "lexicon"], longer)


_ABBREVIATIONS = (
    ("工业和信息化", "工信"),
    ("发展和改革委员会", "发改委"),
    ("发展改革委", "发改委"),
    ("科学技术", "科技"),
    ("人民政府", "政府"),
)


def _fold_abbreviated_bodies(mentions: list[Mention]) -> None:
    def short(name: str) -> str:
        for full, abbreviation in _ABBREVIATIONS:
            name = name.replace(full, abbreviation)
        return name

    bodies = [m for m in mentions if m.label == "Organization" and m.rule != "lexicon"]
    longest: dict[str, str] = {}
    for mention in bodies:
        if len(mention.name) > len(longest.get(short(mention.name), "")):
            longest[short(mention.name)] = mention.name
    _rename(bodies, {m.name: longest[short(m.name)] for m in bodies if longest[short(m.name)] != m.name})


def _rename(mentions: list[Mention], names: dict[str, str]) -> None:
    """Give each mention whose name ``names`` maps the new name, the old one kept as an alias."""
    for mention in mentions:
        if mention.name in names:
            mention.aliases = tuple(dict.fromkeys((*mention.aliases, mention.name)))
            mention.name = names[mention.name]


def _fold_firm_prefixes(mentions: list[Mention]) -> None:
    found = sorted(
        {m.name for m in mentions if m.label == "Enterprise" and m.rule in _FIRM_FORMS}, key=len, reverse=True
    )
    longer: dict[str, str] = {}
    for index, short in enumerate(found):
        # a branch (上汽乘用车郑州分公司) is not the company its name starts with
        full = next(
            (
                name
                for name in found[:index]
                if len(short) >= 4 and name.startswith(short) and not name.endswith("分公司")
            ),
            None,
        )
        if full is not None:
            longer[short] = longer.get(full, full)
    _rename([m for m in mentions if m.label == "Enterprise"], longer)


_FIRM_FORMS = FIRM_RULES | {"doc-name"}  # found by construction here, or learned from such a name


def _core(stem: str, regions: frozenset[str]) -> str:
    """The name without the places it starts with (佛山市顺德区…) and a final 业."""
    changed = True
    while changed:
        changed = False
        for length in range(min(len(stem) - 2, 6), 1, -1):
            head = stem[:length]
            named = head in regions or (head[:-1] in regions and head[-1] in "市省区县")
            if named or any(head + tail in regions for tail in "区县"):  # 顺德 for 顺德区
                stem, changed = stem[length:].lstrip("市省区县"), True
                break
    return re.sub(r"（[^）]*）|\([^)]*\)", "", stem).removesuffix(
        "业"
    )  # 产业化（株洲）建设: the bracket is no part of the core


def _same(short: str, full: str) -> bool:
    """Whether ``short`` is ``full`` written shorter: the same start and its characters in order, or
    the end of it (a long name after the company or place before it)."""
    if len(short) >= 8 and full.endswith(short):
        return True  # 中车电气时代X建设 is X建设 with its company before it
    return len(short) >= 4 and len(full) > len(short) - 1 and short[:2] == full[:2] and _in_order(short, full)


def _in_order(short: str, full: str) -> bool:
    """Whether the characters of ``short`` occur in ``full`` in order."""
    rest = iter(full)
    return all(char in rest for char in short)

"""Enterprises named without a legal suffix, found by the construction around them.

Real news names most companies by a short name (宇通客车, 舍弗勒, 积塔) that no
lexicon holds. Three constructions name them reliably:

- a stock code after the name: ``东风汽车（600006，股吧）``, ``龙蟠科技（603906.SH）``;
- a list of companies: ``A、B、C等本土企业``, ``A、B等12家企业``, ``A、B等世界机器人巨头``,
  ``以A和B为龙头``; a list holding a known company, or mostly names ending in the
  words firms end in (科技, 汽车, 重工 ...), with no place, chain or product in it;
- a list of the companies behind projects: ``引进A、B、C等80多个产业链项目``.

Each item must look like a name: 2 to 8 characters after the verbs and particles
before it are cut, no digits-only or generic words.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator

from chainkg.loaders.mentions import Mention

__all__ = ["FIRM_ENDINGS", "FIRM_RULES", "find_firms"]

FIRM_RULES = frozenset({"stock-code", "firm-list", "project-firms", "leader", "firm-actor"})

FIRM_ENDINGS = (
    "科技",
    "汽车",
    "客车",
    "重工",
    "智能",
    "电气",
    "股份",
    "光电",
    "集团",
    "制药",
    "医药",
    "银行",
    "绿能",
    "精密",
    "实业",
    "控股",
    "微电子",
    "药业",
    "锂业",
    "钴业",
    "铝业",
    "轮胎",
    "计算机",
)
# a name acting as a company (发布公告, 拟向…采购) may also end in the words of an industry
_ACTOR_ENDING = re.compile(
    "(?:"
    + "|".join(
        sorted(
            (*FIRM_ENDINGS, "新能源", "能源", "电子", "材料", "动力", "半导体", "锂电", "储能"), key=len, reverse=True
        )
    )
    + ")$"
)
_ENDING = re.compile("(?:" + "|".join(sorted(FIRM_ENDINGS, key=len, reverse=True)) + ")$")
_GENERIC = re.compile(
    r"^(?:新能源汽车|智能网联汽车|新能源|汽车|电子信息|新材料|半导体|高端装备|智能装备|装备|生物医药|机械|化工|钢铁|航空|"
    r"电池|动力电池|能源|科技|信息|软件|通信|企业|公司|集团|本土|龙头|骨干|重点|相关|国内|国外|世界|全球|知名|中小|大型|"
    r"上下游|产业链|产业|项目|其他|一批|多家|部分|整车|零部件|配套|本地|外资|民营|国有|央企|人工智能|"
    r"燃油汽车|电动汽车|纯电动汽车|商用汽车|乘用汽车|智能汽车|网联汽车|传统汽车|光电|医药|生物医药)$"
)
_CODE = re.compile(r"（(?:\d{6}|\d{4,5}\.HK|[A-Z]{1,5})(?:\.S[HZ]|\.HK)?[，,）]")
_BOUNDARY = re.compile(
    r"^.*(?:除了|包括|其中|以及|拥有|聚集起|集聚了?|聚集了?|汇聚了?|吸引了?|引进了?|引进建设|建设|培育|支持|推动|带动|依托|"
    r"落户|入驻|发布|披露|宣布|表示|介绍|称|主营|生产|研制|制造|供应|配套|提供|建成|聚焦|围绕|打造|发展|补齐|巩固|提升|增强|加快|推动|随着|如|与|和|及|同|向|为|由|在|是|将|被|对|从|以|的|了|等|据|目前|今年|日前|近日|也)"
)
_LIST_ITEM = r"[\u4e00-\u7b48\u7b4a-\u9fffA-Za-z0-9·\-－]{2,14}"  # name characters, 等 (U+7B49) excepted
_LIST = re.compile(rf"({_LIST_ITEM}(?:、{_LIST_ITEM})+)(?:(?:和|与|及)({_LIST_ITEM}))?")
_FIRM_TAIL = re.compile(
    r"^等(?!(?:多个|重点|关键|相关|主要)?(?:产业|行业|领域|制造业|产品|方面|环节|系统|配套|服务))"
    r"(?:(?!行业|产品|方面|环节|系统|服务|与|和|及)[\u4e00-\u9fff]){0,12}?"
    r"(?:企业|公司|车企|厂商|厂家|巨头|主机厂|主机公司|供应商|制造商|集团|银行|龙头|新星|独角兽|链主)"
    r"|^等(?:[\d一二三四五六七八九十百]+)(?:余|多)?家"
)
_PROJECT_TAIL = re.compile(r"^等(?:[\d一二三四五六七八九十百]+(?:余|多)?个)?[\u4e00-\u9fff]{0,6}?项目")
_NOT_FIRMS_HEAD = re.compile(r"^等[\u4e00-\u9fff]{0,8}?(?:产业|制造业|领域|行业|产品|技术|环节|系统|服务|业务|材料)")
_PERSON = re.compile(r"总经理|董事长|书记|主任|代表|局长|市长|省长|院长|总裁|经理|负责人|主席|部长")
_ACTS = re.compile(
    r"发布公告|公告称|发布|宣布|披露|表示|透露|称|拟|为项目|自主研发|研制出|推出|创造|董事长|总经理|总裁|负责人|投资|签约|落户|入驻|成立|收购|控股|旗下|主要从事|主营"
)
_RUN_BEFORE = re.compile(
    r"[\u4e00-\u7b48\u7b4a-\u9fff]{2,10}$"
)  # 三安光电发布公告称…: a firm-like name acting as a company does
_LEADER = re.compile(rf"以({_LIST_ITEM})(?:和|与|、)({_LIST_ITEM})为(?:龙头|核心|引领)")


def _trimmed(item: str) -> str:
    """An item without the verbs, particles and date before the name (11月隆基绿能 is 隆基绿能)."""
    cut = _BOUNDARY.match(item)
    return re.sub(r"^[\d年月日号]+", "", item[cut.end() :] if cut else item)


def _is_name(name: str) -> bool:
    return 2 <= len(name) <= 8 and not _GENERIC.match(name) and not re.fullmatch(r"[\d\-－]+|.*[年月日号%]", name)


def _labelled(known: list[Mention], ends: list[int], start: int, end: int) -> list[Mention]:
    """The mentions of ``known`` (sorted, not overlapping each other; ``ends``: theirs) that overlap ``[start, end)``."""
    first = bisect.bisect_right(ends, start)
    found = []
    for mention in known[first:]:
        if mention.start >= end:
            break
        found.append(mention)
    return found


def _items(text: str, hit: re.Match[str]) -> list[tuple[int, str]]:
    """``(start, name)`` of each item of a list match, the first trimmed."""
    found, cursor = [], hit.start()
    parts = hit.group(1).split("、") + ([hit.group(2)] if hit.group(2) else [])
    for number, part in enumerate(parts):
        begin = text.index(part, cursor)
        cursor = begin + len(part)
        name = _trimmed(part) if number == 0 else part
        found.append((cursor - len(name), name))
    return found


def _list_is_firms(
    text: str, hit: re.Match[str], items: list[tuple[int, str]], known: list[Mention], ends: list[int]
) -> str | None:
    """The rule a list of names is read by, if it names companies."""
    after = text[hit.end() : hit.end() + 20]
    if any(_PERSON.search(name) for _, name in items):
        return None
    if _FIRM_TAIL.match(after):
        return "firm-list"
    others = [m for start, name in items for m in _labelled(known, ends, start, start + len(name)) if not m.short]
    if any(
        m.label not in {"Enterprise"} and (m.start, m.end) == (start, start + len(name))
        for m in others
        for start, name in items
    ):
        return None
    before = text[max(0, items[0][0] - 8) : items[0][0]]
    if (
        _PROJECT_TAIL.match(after)
        and re.search(r"引进|集聚|聚集|吸引|签约|落地|随着|推动", before)
        and all(len(name) <= 6 and not name.endswith(("项目", "工程", "基地")) for _, name in items)
    ):
        return "project-firms"
    whole = [
        m
        for m in others
        for start, name in items
        if m.label == "Enterprise" and (m.start, m.end) == (start, start + len(name))
    ]
    ending = sum(bool(_ENDING.search(name)) for _, name in items)
    if _NOT_FIRMS_HEAD.match(after) and ending < len(items):
        return None  # A、B等产业: fields, unless every item ends as firms do (招商银行、广发银行等…专班)
    if (whole or ending * 2 >= len(items)) and after[:1] in {
        "等",
        "，",
        "。",
        "；",
        "和",
        "与",
        "分",
        "都",
        "均",
        "也",
        "先",
    }:
        return "firm-list"
    return None


_CLAUSE = re.compile(r"[^，。；：！？\n]+")


def _lists(text: str) -> Iterator[re.Match[str]]:
    """``_LIST`` matches, looked for only in the clauses that hold a 、 (the rest cannot have one)."""
    for clause in _CLAUSE.finditer(text):
        if "、" in clause.group():
            yield from _LIST.finditer(text, clause.start(), clause.end())


def find_firms(text: str, known: list[Mention]) -> list[Mention]:
    """Enterprise mentions by construction (stock code, company lists); ``known`` sorted by start."""
    found: list[Mention] = []
    ends = [m.end for m in known]
    for hit in _CODE.finditer(text):
        run = re.search(r"[\u4e00-\u9fffA-Za-z]{2,16}$", text[max(0, hit.start() - 16) : hit.start()])
        name = _trimmed(run.group(0)) if run else ""
        if _is_name(name):
            found.append(Mention(hit.start() - len(name), hit.start(), name, "Enterprise", name, "stock-code"))
    for hit in _lists(text):
        items = _items(text, hit)
        rule = _list_is_firms(text, hit, items, known, ends)
        if rule is None:
            continue
        for start, name in items:
            inner = [m for m in _labelled(known, ends, start, start + len(name)) if not m.short]
            if _is_name(name) and not any(
                (m.label != "Region" and m.end - m.start < len(name))
                or (m.label != "Enterprise" and (m.start, m.end) == (start, start + len(name)))
                for m in inner
            ):
                found.append(Mention(start, start + len(name), name, "Enterprise", name, rule))
    for act in _ACTS.finditer(text):
        end = act.start()
        if not _ACTOR_ENDING.search(text, max(0, end - 3), end) or not (
            run := _RUN_BEFORE.search(text, max(0, end - 10), end)
        ):
            continue
        name = _trimmed(run.group(0))
        if _is_name(name) and len(name) <= 6 and not _labelled(known, ends, end - len(name), end):
            found.append(Mention(end - len(name), end, name, "Enterprise", name, "firm-actor"))
    for hit in _LEADER.finditer(text):
        for group in (1, 2):
            name = hit.group(group)
            if _is_name(name):
                found.append(Mention(hit.start(group), hit.end(group), name, "Enterprise", name, "leader"))
    return found

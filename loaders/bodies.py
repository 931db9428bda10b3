"""Organisations found by their form: government agencies, park committees, universities, institutes.

:func:`find_bodies` reads normalised text together with the mentions already chosen
in it (places, parks, enterprises ...) and returns Organization mentions:

- ``agency``: a place and an agency word (株洲市商务局, 湖南省工业和信息化厅,
  顺德区经促局, 重庆市经济信息委, 株洲市人民政府), or the elided form a document uses for
  its own place (省工信厅, 市商务局, 区发改局, 市政府, 县政府), named as written. A party
  committee alone (省委, 市委) is not taken;
- ``park-committee``: a park or a place with an area word, then 管委会 or
  管理委员会 (株洲高新区管委会, 南昌航空城管委会);
- ``university`` and ``institute``: names ending in 大学, 学院, 研究院, 研究所, 科学院
  whose stem is a real name: it holds a known place or enterprise, starts with 中国,
  国家 or a province, or keeps two or more characters after the verbs and particles
  before it are cut off and is not a generic word (技术研究院 alone is not a name).

Where the name holds a known place or park, its canonical name is in ``props`` (``region``
or ``park``): a body can replace the place mention it starts with.

A candidate lying inside a longer known mention (中车株洲电力机车研究所有限公司,
…研究院项目) is dropped: the longer name is what the text names.

>>> from chainkg.loaders.mentions import Mention
>>> text = "会议由省工信厅主办，株洲市商务局承办。"
>>> place = Mention(10, 13, "株洲市", "Region", "株洲", "lexicon")
>>> [(m.name, m.rule) for m in find_bodies(text, [place])]
[('省工信厅', 'agency'), ('株洲市商务局', 'agency')]
"""

from __future__ import annotations

import bisect
import re

from chainkg.loaders.mentions import Mention, within

__all__ = ["find_bodies"]

_SUBJECTS = (
    "工业和信息化|工业与信息化|经济和信息化|经济信息|经济与信息化|工信|经信|发展和改革|发展改革|发改|科学技术|科技|商务|财政|"
    "教育|人力资源和社会保障|人力资源社会保障|人社|自然资源和规划|自然资源|生态环境|住房和城乡建设|住房城乡建设|住建|交通运输|交通|"
    "水利|农业农村|文化和旅游|文化旅游|文旅|卫生健康|卫健|应急管理|市场监督管理|市场监管|统计|审计|税务|国有资产监督管理|国资|"
    "投资促进|投促|招商|经济促进|经促|外事|地方金融监督管理|金融|大数据|数据|能源|工商|知识产权|政务服务|行政审批|"
    "口岸|海洋|林业|粮食|公安|司法|民政|退役军人事务|医疗保障|医保|体育|信访|港航"
)
_AGENCY = re.compile(
    rf"(?:人民政府|政府|委(?:宣传部|组织部|统战部)|(?:{_SUBJECTS})(?:和(?:{_SUBJECTS}))?(?:管理)?(?:委员会|办公室|厅|局|委|办))(?:办公厅|办公室)?"
)
_LEVEL = re.compile(r"(?:自治区|省|市|区|县|州)")
_ELIDED_BEFORE = set('由从和与及向在为经据对将请是了同暨受被获表合、，,。：:；;（(“"》 \n')
_COMMITTEE = re.compile(r"(?:管委会|管理委员会)")
_AREA = re.compile(
    r"[\u4e00-\u9fff]{1,8}?(?:经济技术开发区|高新技术产业开发区|经开区|高新区|开发区|新区|园区|产业园|工业园|航空城|科技城|新城|港区)$"
)
_SCHOOL = re.compile(r"(?:职业技术学院|科学院|研究院|研究所|大学|学院)(?!生|城|路|校区|有限|公司|项目|集团|附属)")
_STOPS = re.compile(
    r"(?:加强与|携手|联合|依托|推动|支持|引进|包括|其中|以及|组织|带动|吸引|与|和|及|同|向|为|由|在|是|将|被|对|从|把|了|的|给|以|等|"
    r"据|经|其|该|由于|通过|会同|牵头|主办|承办|发布|显示|表示|指出|认为|合作|共建|签约|签署|成立|组建|设立|入选|获批|位于|来自|依据)"
)
_GENERIC = {
    "技术",
    "科技",
    "产业",
    "工程",
    "创新",
    "研究",
    "科研",
    "行业",
    "专业",
    "相关",
    "高校",
    "重点",
    "国家级",
    "省级",
    "市级",
    "有关",
    "知名",
    "一流",
    "各类",
    "多家",
    "一批",
    "部分",
    "本地",
    "当地",
    "全国",
    "国内",
    "国际",
    "大型",
    "综合",
    "新型",
}
_NAMING_LABELS = {"Region", "Enterprise", "Park", "Chain", "Organization"}
_MAX_STEM = 16


def find_bodies(text: str, known: list[Mention]) -> list[Mention]:
    """Organization mentions in ``text`` found by form; ``known`` are the mentions already
    chosen (sorted by start). Returned mentions do not overlap ``known`` ones they do not contain."""
    found = _agencies(text, known) + _committees(text, known) + _schools(text, known) + _national(text)
    kept: list[Mention] = []
    for mention in sorted(found, key=lambda m: (m.start, -(m.end - m.start))):
        if kept and mention.start < kept[-1].end:
            continue
        if not _inside_longer(known, mention):
            kept.append(mention)
    return kept


def _agencies(text: str, known: list[Mention]) -> list[Mention]:
    """株洲市商务局 after a known place; 省工信厅, 市政府 where the place is left out."""
    found = []
    for place in known:
        if place.label != "Region":
            continue
        level = _LEVEL.match(text, place.end)
        tail = (_AGENCY.match(text, level.end()) if level else None) or _AGENCY.match(text, place.end)
        if tail is not None and not text.startswith(
            "工作报告", tail.end()
        ):  # 湘潭市政府工作报告: a genre; the place stays
            start = _party_prefix(text, place.start)
            found.append(_body(text, start, tail.end(), "agency", place))
    for level in _LEVEL.finditer(text):
        before = text[level.start() - 1] if level.start() else " "
        tail = _AGENCY.match(text, level.end())
        if tail is not None and before in _ELIDED_BEFORE and level.group(0) != "州":
            found.append(_body(text, level.start(), tail.end(), "agency"))
    return found


_NATIONAL = re.compile(
    r"(?:国家|中国)[\u4e00-\u9fff]{1,6}?(?:总局|局|部|委员会|委|署)(?![\u4e00-\u9fff]{0,1}(?:长|级))"
)


def _national(text: str) -> list[Mention]:
    """国家统计局, 国家发展改革委: a national agency, named as written."""
    return [
        _body(text, hit.start(), hit.end(), "agency")
        for hit in _NATIONAL.finditer(text)
        if not re.search(r"[的了和与及在是]", hit.group(0))
    ]


def _party_prefix(text: str, start: int) -> int:
    return start - 2 if text[max(0, start - 2) : start] == "中共" else start


def _committees(text: str, known: list[Mention]) -> list[Mention]:
    """X高新区管委会 after a known park, or a known place plus an area word (南昌航空城管委会)."""
    found = []
    for hit in _COMMITTEE.finditer(text):
        park = next((m for m in known if m.end == hit.start() and m.label == "Park"), None)
        if park is not None:
            found.append(_body(text, park.start, hit.end(), "park-committee", park))
            continue
        place = _last_place_before(known, hit.start())
        if place is not None and _AREA.match(text[place.start : hit.start()]):
            found.append(_body(text, place.start, hit.end(), "park-committee", place))
    return found


def _last_place_before(known: list[Mention], position: int) -> Mention | None:
    index = bisect.bisect_left(known, position, key=lambda m: m.start) - 1
    while index >= 0 and known[index].start >= position - 10:
        if known[index].label == "Region" and known[index].end <= position:
            return known[index]
        index -= 1
    return None


def _schools(text: str, known: list[Mention]) -> list[Mention]:
    """Universities and institutes whose stem is a name (中南大学, 湖南省机械研究院)."""
    found = []
    ends = {m.end for m in known if m.label in {"Enterprise", "Organization", "Park"}}
    for hit in _SCHOOL.finditer(text):
        for start in _stem_starts(text, hit.start(), ends):
            stem = text[start : hit.start()]
            if len(stem) == 1 and start != _stem_starts(text, hit.start(), ends)[-1]:
                continue  # 伊维经济: the 经 of 经济 is not a particle; try the cut before it
            if _named(stem, start, known):
                rule = "university" if hit.group(0) in {"大学", "学院", "职业技术学院"} else "institute"
                found.append(_body(text, start, hit.end(), rule))
            break
    return found


def _stem_starts(text: str, position: int, ends: set[int]) -> list[int]:
    """Where a name ending at ``position`` may start, nearest first: after each verb or
    particle before it (the last one that leaves a name wins), then the start of the run."""
    start = position
    while start > max(0, position - _MAX_STEM) and re.match(r"[\u4e00-\u9fffA-Za-z0-9]", text[start - 1]):
        start -= 1
        if start in ends:
            break
    cuts = [stop.end() for stop in _STOPS.finditer(text, start, position)]
    return sorted(set(cuts), reverse=True) + [start]


def _named(stem: str, start: int, known: list[Mention]) -> bool:
    """Whether the words before 大学/研究院 are a name, not a generic word."""
    inside = [m for m in within(known, start, start + len(stem)) if m.label in _NAMING_LABELS]
    if not stem:
        return False
    if inside or stem.startswith(("中国", "国家")):
        return True
    core = stem.lstrip("0123456789")
    return (
        len(core) >= 2
        and core not in _GENERIC
        and not any(core.endswith(g) and len(core) - len(g) < 2 for g in _GENERIC)
    )


def _inside_longer(known: list[Mention], mention: Mention) -> bool:
    """Whether a known mention overlaps ``mention`` and reaches beyond it."""
    index = bisect.bisect_left(known, mention.end, key=lambda m: m.start)
    for other in known[max(0, index - 8) : index]:
        overlaps = other.start < mention.end and other.end > mention.start
        if overlaps and (other.start < mention.start or other.end > mention.end) and other.label != "Region":
            return True
    return False


def _body(text: str, start: int, end: int, rule: str, where: Mention | None = None) -> Mention:
    """An Organization named as written; ``where`` (a place or park in the name) goes in ``props``."""
    close = max(text.rfind("）", start, end), text.rfind(")", start, end))
    if close >= 0 and "（" not in text[start:close] and "(" not in text[start:close]:
        start = close + 1  # 同济大学）南昌…研究院: the bracket before the name is not part of it
    name = text[start:end]
    props: dict[str, str] = {"kind": "agency" if rule in {"agency", "park-committee"} else rule}
    if where is not None:
        props["park" if where.label == "Park" else "region"] = where.name
    return Mention(start, end, name, "Organization", name, rule, (), props)

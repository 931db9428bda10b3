"""Entity mentions in normalised text: lexicon hits plus names found by their form.

Unknown enterprises are found by legal-form suffixes (股份有限公司, 有限公司,
集团 ...), with the left boundary trimmed against parks, places and the verbs
and particles that come before a name. Parks, organisations and clusters are
found by their suffixes the same way, and accepted only when their name holds
a known place, chain or enterprise (so 配套产业园 or 企业技术中心 stay generic).
Overlaps resolve to the longest span; a lexicon hit wins a tie.
"""

from __future__ import annotations

import bisect
import functools
import operator
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from chainkg.loaders.lexicon import Entry, Lexicon, Match

__all__ = ["LEGAL_SUFFIX", "Mention", "find_mentions", "lexicon_mentions", "short_names", "within"]

LEGAL_SUFFIX = r"(?:集团股份有限公司|集团有限责任公司|集团有限公司|股份有限公司|有限责任公司|有限公司|股份公司|集团公司|分公司|集团)"
_MAX_NAME = 24
_BOUNDARY_WORDS = (
    "推动|推进|支持|引进|依托|聚集起|代表|子公司|业务单元|单元|签约|举行|考察|独属于|属于|一个|标志着|放到|放在|搬到|迁到|联合|携手|包括|"
    "其中|组织|带动|吸引|培育|落户|入驻|集聚了|聚集了|汇聚了|拥有|获批|创建|建设|建成|成立|组建|申报|认定|打造|积极|正在|已经|已|"
    "位于|坐落于|坐落在|地处|选址|力争|进入|纳入|入选|成为|走进|来到|现有|汇聚|集群|产业园|开发区|经开区|高新区|工业园|"
    "龙头企业|骨干企业|重点企业|企业|如|同|向|为|由|在|是|将|被|对|从|把|了|的|给|让|以|等|据悉|随着|目前|今年|近年来|其|该"
)
_BOUNDARY = re.compile(f"(?:{_BOUNDARY_WORDS}|以及|与|和|及)")
_BOUNDARY_INSIDE_NAMES = re.compile(f"(?:{_BOUNDARY_WORDS})")  # 顺德区机器人制造及系统集成产业集群 keeps its 及
_GENERIC_STEMS = {
    "企业",
    "产业",
    "龙头",
    "大型",
    "本",
    "该",
    "技术",
    "科技",
    "实业",
    "控股",
    "发展",
    "投资",
    "集团",
    "有限",
    "配套",
    "省级",
    "国家级",
    "市级",
    "制造业",
    "地方",
    "民营",
    "国有",
    "相关",
    "各类",
    "一批",
    "多家",
    "多个",
}
_PARK_SUFFIX = r"(?:经济技术开发区|高新技术产业开发区|经开区|高新区|开发区|工业园区|产业园区|工业园|产业园|科技园|产业基地|新区|新片区|产业区|自贸区|航空城)(?:[一二三四五六七八九十\d]+号园)?"
_ORG_SUFFIX = (
    r"(?:制造业创新中心|技术创新中心|创新中心|研究院|研究所|分院|分中心|重点实验室|实验室|工程技术研究中心|工程研究中心|"
    r"企业技术中心|技术中心|研发中心|产业联盟|协会|(?<![磋协])商会|管委会|管理委员会)"
)
_CLUSTER_SUFFIX = r"(?:先进制造业集群|产业集群|集群)"
_PARK_NAME = re.compile(_PARK_SUFFIX)
_PARK_END = re.compile(_PARK_SUFFIX + "$")
_LEGAL_NAME = re.compile(LEGAL_SUFFIX)
_LEGAL_END = re.compile(LEGAL_SUFFIX + "$")
_ORG_NAME = re.compile(
    _ORG_SUFFIX.replace("(?<![磋协])商会", "商会(?<![磋协]商会)")
)  # the same: 商会 first lets re skip ahead
_CLUSTER_NAME = re.compile(_CLUSTER_SUFFIX)
_CLUSTER_END = re.compile(_CLUSTER_SUFFIX + "$")


@dataclass(slots=True)
class Mention:
    """A span of normalised text naming an entity."""

    start: int
    end: int
    text: str
    label: str
    name: str
    rule: str
    aliases: tuple[str, ...] = ()
    props: dict[str, Any] = field(default_factory=dict)
    short: bool = False

    @property
    def key(self) -> tuple[str, str]:
        return (self.label, self.name)


def lexicon_mentions(text: str, lexicon: Lexicon) -> list[Mention]:
    """The lexicon's hits in ``text`` as mentions (computed once, shared by both passes)."""
    return [_from_match(m, "lexicon") for m in lexicon.matches(text)]


def find_mentions(
    text: str,
    lexicon: Lexicon,
    extra: Lexicon | None = None,
    *,
    names_only: bool = False,
    hits: list[Mention] | None = None,
) -> list[Mention]:
    """All mentions in ``text``: lexicon hits, per-document names, and names by form.

    ``names_only`` stops after places, parks and legal names: enough to learn a
    document's own names in a first pass, at about half the cost. ``hits`` are the
    lexicon's mentions when already known.
    """
    known = list(hits) if hits is not None else lexicon_mentions(text, lexicon)
    if extra is not None:
        known += [_from_match(m, m.entry.source) for m in extra.matches(text)]
    chosen = _resolve(known)
    chosen = _merge(chosen, _listed_places(text, chosen, lexicon))
    first = extra is None  # the second pass matches what the first one learned (places, chains, firms)
    if first:
        chosen = _merge(chosen, _districts(text, chosen))
        chosen = _merge(chosen, _chains_by_suffix(text, chosen))
    chosen = _merge(chosen, _by_form(text, chosen, _PARK_NAME, "Park", "park-suffix", _named_park))
    chosen = _merge(chosen, _by_form(text, chosen, _LEGAL_NAME, "Enterprise", "legal-suffix", _enterprise_name))
    from chainkg.loaders.firms import find_firms  # firms builds on Mention
    from chainkg.loaders.headed_lists import find_headed_items

    if first:
        chosen = _merge(chosen, find_firms(text, chosen))
    chosen = _merge(chosen, [m for m in find_headed_items(text, chosen) if m.label == "Enterprise"])
    if names_only:
        return chosen
    chosen = _merge(chosen, _by_form(text, chosen, _ORG_NAME, "Organization", "org-suffix", _named_place_or_body))
    named = functools.partial(_cluster_named, text)
    chosen = _merge(chosen, _by_form(text, chosen, _CLUSTER_NAME, "Cluster", "cluster-suffix", named))
    chosen = _merge(chosen, _by_form(text, chosen, _PROJECT_NAME, "Project", "project-suffix", _named_project))
    chosen = _merge(chosen, _clusters(text, chosen))
    from chainkg.loaders.bodies import find_bodies  # bodies builds on Mention

    chosen = _merge(chosen, find_bodies(text, chosen))
    chosen = _merge(chosen, [m for m in find_headed_items(text, chosen) if m.label != "Enterprise"])
    chosen = _merge(chosen, _by_form(text, chosen, _EVENT_NAME, "Event", "event", lambda m, k: True))
    full_names = {m.name for m in chosen if not m.short}
    return [
        m
        for m in chosen
        if m.label != "Event"
        and (not m.short or _short_in_context(text, m, full_names))
        and (m.label != "Chain" or not _chain_as_modifier(text, m))
    ]


_CHAIN_NEXT = set(
    "产领集行等、和与及的为两三四五六七八九十作是在方板链业上中下用快发加实突已将正迅蓬持完增营规总，。；：！？）”」"
)


def _chain_as_modifier(text: str, mention: Mention) -> bool:
    """光伏逆变器, 新能源汽车企业: a chain name right before another noun is not a mention of the chain."""
    if mention.label != "Chain" or mention.end >= len(text) or mention.text.endswith(("产业", "产业链")):
        return False
    following = text[mention.end]
    return "\u4e00" <= following <= "\u9fff" and following not in _CHAIN_NEXT


_EVENT_NAME = re.compile(r"(?:博览会|展览会|工程机械展|交易会|大会|峰会|论坛|展会)")
_DISTRICT = re.compile(r"(?:落户|位于|地处|坐落于|坐落在|入驻)([\u4e00-\u9fff]{2,3}?(?:区|县|市))")
_AFTER_CITY = re.compile(r"[\u4e00-\u9fff]{1,3}?(?:区|县)")
_NOT_A_PLACE = re.compile(r"[等和及与]|.*周边")
_NOT_DISTRICT = re.compile(r"(?:新|开|园|城|业|范|税|贸|地|社|小|景|校|市)(?:区|县)$")


def _districts(text: str, known: list[Mention]) -> list[Mention]:
    """Districts and counties: right after a city (宜春市袁州区) or after 落户/位于."""
    starts = [m.end for m in known if m.label == "Region"]
    found = []
    for start in starts:
        hit = _AFTER_CITY.match(text, start)
        if hit:
            found.append(hit)
    spans = [(hit.start(), hit.end()) for hit in found] + [hit.span(1) for hit in _DISTRICT.finditer(text)]
    return [
        Mention(
            start,
            end,
            text[start:end],
            "Region",
            _place_name(text[start:end]),
            "district",
            (text[start:end],),
            {"level": "district"},
        )
        for start, end in spans
        if not _NOT_DISTRICT.search(text[start:end])
        and text[start:end] not in _GENERIC_STEMS
        and not _NOT_A_PLACE.match(text[start:end])
        and not any(m.label == "Region" and m.start == start and m.end < end - 1 for m in known)  # 苏州大市中心: 苏州
    ]


_LIST_ITEM_FOLLOWER = re.compile("[、等和及]")
_PLACE_LIST_ITEM = re.compile(r"(?<=[、，,])([\u4e00-\u9fff]{2})(?=[、等和及])|([\u4e00-\u9fff]{2})(?=、)")


def _listed_places(text: str, known: list[Mention], lexicon: Lexicon) -> list[Mention]:
    """古田、屏南、福安等周边区域: in a list with other places, a county's two-character short name is the county."""
    places = {m.start for m in known if m.label == "Region"} | {m.end for m in known if m.label == "Region"}
    spans = list(_list_items(text)) if places else []
    found: list[Mention] = []
    while spans:  # a list's items next to a known place, then next to those
        near = [(start, end) for start, end in spans if {start - 1, end + 1} & places]
        if not near:
            break
        spans = [span for span in spans if span not in near]
        for start, end in near:
            entry = next((e for e in (lexicon.entry("Region", text[start:end] + tail) for tail in "县市区") if e), None)
            if entry is not None:
                found.append(
                    Mention(
                        start,
                        end,
                        text[start:end],
                        "Region",
                        entry.name,
                        "listed-place",
                        entry.aliases,
                        dict(entry.props),
                    )
                )
                places |= {start, end}
    return sorted(found, key=lambda m: m.start)


@functools.lru_cache(maxsize=4)
def _list_items(text: str) -> tuple[tuple[int, int], ...]:
    """The spans of two-character list items in ``text`` (both passes over a document ask for them):
    ``_PLACE_LIST_ITEM``'s matches, tried only two characters before a mark one must be followed by."""
    spans, end = [], 0
    for mark in _LIST_ITEM_FOLLOWER.finditer(text):
        start = mark.start() - 2
        if start >= end and (hit := _PLACE_LIST_ITEM.match(text, start)) is not None:
            spans.append(hit.span(1) if hit.group(1) else hit.span(2))
            end = hit.end()
    return tuple(spans)


def _place_name(written: str) -> str:
    """荣成市 is 荣成; districts and counties keep their suffix (浑南区)."""
    return written[:-1] if written.endswith("市") else written


_PROJECT_NAME = re.compile(r"(?:生产线项目|基地项目|产业园项目|建设项目|项目)")
_DIGIT = re.compile(r"\d")


def _named_project(mention: Mention, known: list[Mention]) -> bool:
    """A project counts when its name holds a company, a place, a park or body, or a figure (年产20GWh, 第6代)."""
    inner = any(
        m.label in {"Enterprise", "Region", "Park", "Organization"} for m in within(known, mention.start, mention.end)
    )
    return not _COUNTED.search(mention.name) and (inner or bool(_DIGIT.search(mention.name)))


def _project_settles(text: str, mention: Mention) -> bool:
    """X项目正式落地/落户/开工 …: what settles or starts is a named project."""
    return bool(_SETTLES.match(text, mention.end)) and not _COUNTED.search(mention.name) and len(mention.name) >= 8


_SETTLES = re.compile(r"(?:正式|顺利|成功)?(?:落地|落户|开工|签约|投产|竣工|启动)")


_COUNTED = re.compile(
    r"\d+(?:个|批|项(?!目)|家|大)|^[家个项批所共]|企业|推进|首个|\d{4}年|高标准|推介|磋商|暨项目$"
)  # 共10个项目: a count, not a name


_CHAIN_SUFFIX = re.compile(r"全?产业链|产业(?=[完成已迅蓬实加持发增产总规在的，。；、和与及等之])")
_NOT_CHAIN = re.compile(
    r"(?:优势|重点|新兴|主导|传统|未来|整个|全|本地|相关|各|该|这条|两条|三条|产业|供应)$|^(?:优势|重点|新兴|主导|全)|"
    r"推进|推动|加快|建设|发展|打造|围绕|提升|延伸|完善|形成|构建|培育|壮大|强化|做强|补齐|锻造|持续|聚焦|实施|"
    r"坚持|通过|近年|带动|上下游|成为|全球|举办|经开区|开发区|高新区|园区|^支柱$|配套$|[在将了的年并\d]|[与和及]$|^[与和及以]"
)


_CHAIN_LEAD = re.compile(
    r"^(?:.*(?:要|充分发挥|发挥|推动|推进|加快|壮大|发展|做强|聚焦|围绕))?"
    r"(?:全市|全省|本市|本省|全区|我省|我市|我区|该市|该省|该区|全国|[\d一二两三四五六七八九十]+[市省区县])"
    r"|^.*(?:要|充分发挥|发挥|推动|推进|加快|壮大|做强|聚焦|围绕|建成|建设|打造|培育|形成)"
)
_MEASURED = re.compile(r"产值|规模|增加值|营业收入|营收|总产值")  # 汽车及零部件产业产值从…增长到…


def _chains_by_suffix(text: str, known: list[Mention]) -> list[Mention]:
    """威海碳纤维产业链, 全市碳纤维产业链: after a place, the words before 产业链 name a chain."""
    region_ends = {m.end for m in known if m.label == "Region"}
    found = []
    for hit in _CHAIN_SUFFIX.finditer(text):
        start = _left_edge(text, hit.start(), region_ends)
        name = text[start : hit.start()]
        lead = _CHAIN_LEAD.match(name)
        if lead:
            name, start = name[lead.end() :], start + lead.end()
        measured = _MEASURED.match(text, hit.end()) and (start == 0 or text[start - 1] in "。，；：\n")
        compared = "继" in name  # 成为继不锈钢新材料产业之后…: the chain after 继
        if compared:
            start += name.rindex("继") + 1
            name = name[name.rindex("继") + 1 :]
        if (
            not (lead or measured or compared or start in region_ends)
            or not 2 <= len(name) <= 12
            or _NOT_CHAIN.search(name)
        ):
            continue
        begin = hit.start() - len(name)
        found.append(Mention(begin, hit.start(), name, "Chain", name, "chain-suffix"))
    return found


def _cluster_named(text: str, mention: Mention, known: list[Mention]) -> bool:
    """A cluster named by its suffix starts with a known region (宜春锂电新能源产业集群), has a level
    (省级汽车产业集群), or is what the sentence says was recognised (X产业集群入选…)."""
    inner = within(known, mention.start, mention.end)
    if any(m.label == "Region" and m.start == mention.start for m in inner):
        return True
    stem = _CLUSTER_END.sub("", mention.name)
    field = _CLUSTER_LEVEL.sub("", stem)
    of_a_place = bool(_PLACE_ANAPHOR.search(text, max(0, mention.start - 6), mention.start))  # 该市推进X产业集群…
    if len(field) < 2 or _RANK.search(field):
        return False  # 第二个千亿产业集群: a rank, not a field
    return field != stem or of_a_place or bool(_RECOGNISED.match(text, mention.end))


_RANK = re.compile(r"第|[一二两三四五六七八九十\d]+个|千亿|百亿|万亿")
_PLACE_ANAPHOR = re.compile(r"(?:该|全|我|本)[市省区县](?:[\u4e00-\u9fff]{0,4})$")


_RECOGNISED = re.compile(r"(?:成功|正式)?(?:入选|获批|获评|被认定|被评为)")
_CLUSTER_LEVEL = re.compile(r"^(?:省级|市级|国家级|世界级|国家|千亿级|百亿级|万亿级)")


_CLUSTER_TAIL = re.compile(r"(?:先进制造业集群|产业集群|集群)")


def _clusters(text: str, known: list[Mention]) -> list[Mention]:
    """A place right before a chain (合肥新能源汽车) is a cluster where 集群 follows or is near."""
    found = []
    for place, chain in zip(known, known[1:]):
        if place.label != "Region" or chain.label != "Chain" or place.end != chain.start:
            continue
        tail = _CLUSTER_TAIL.match(text, chain.end)
        end = tail.end() if tail else chain.end
        if not tail and (
            text[chain.end : chain.end + 1] not in set("、和与及在入获成")
            or "集群" not in text[chain.end : chain.end + 40]
        ):
            continue
        short = text[place.start : chain.end]
        name = text[place.start : end] if tail else short + "产业集群"
        written = text[place.start : end]
        name = place.name + name[len(place.text) :]
        found.append(
            Mention(place.start, end, written, "Cluster", name, "place-chain", tuple({short, written} - {name}))
        )
    return found


def _from_match(match: Match, rule: str) -> Mention:
    entry: Entry = match.entry
    return Mention(
        match.start,
        match.end,
        match.text,
        entry.label,
        entry.name,
        rule,
        entry.aliases,
        dict(entry.props),
        entry.is_short(match.text),
    )


def _resolve(mentions: Iterable[Mention]) -> list[Mention]:
    """Non-overlapping mentions: longest first, lexicon before form, then leftmost."""
    mentions = list(mentions)
    if _apart(mentions):
        return mentions  # all are taken
    ranked = sorted(mentions, key=lambda m: (-(m.end - m.start), m.rule != "lexicon", m.start))
    covered = bytearray(max((m.end for m in ranked), default=0))
    taken: list[Mention] = []
    for mention in ranked:
        if covered.find(1, mention.start, mention.end) < 0:
            covered[mention.start : mention.end] = b"\x01" * (mention.end - mention.start)
            taken.append(mention)
    return sorted(taken, key=_START)


def _apart(mentions: list[Mention]) -> bool:
    """Whether ``mentions`` are in order, none empty and none overlapping the next (as the lexicon's hits are)."""
    return all(m.start < m.end for m in mentions) and all(a.end <= b.start for a, b in zip(mentions, mentions[1:]))


def _merge(chosen: list[Mention], new: list[Mention]) -> list[Mention]:
    """Add ``new`` mentions to resolved ``chosen`` ones: a new one replaces those it overlaps when it is longer."""
    if not new:
        return chosen
    dropped: set[int] = set()
    accepted: list[Mention] = []
    for mention in _resolve(new):
        first = max(bisect.bisect_right(chosen, mention.start, key=_START) - 1, 0)
        overlapping = []
        for index in range(first, bisect.bisect_left(chosen, mention.end, key=_START)):
            if chosen[index].end > mention.start:
                overlapping.append(index)
        length = mention.end - mention.start
        if all(chosen[i].end - chosen[i].start < length for i in overlapping):
            dropped.update(overlapping)
            accepted.append(mention)
    if not accepted:
        return chosen
    kept = [m for i, m in enumerate(chosen) if i not in dropped] if dropped else chosen
    return sorted(kept + accepted, key=_START)


_START = operator.attrgetter("start")


def within(known: list[Mention], start: int, end: int) -> list[Mention]:
    """Mentions of ``known`` (sorted by start) lying inside ``[start, end)``."""
    index = bisect.bisect_left(known, start, key=_START)
    found = []
    while index < len(known) and known[index].start < end:
        if known[index].end <= end:
            found.append(known[index])
        index += 1
    return found


_STOPS = {
    "Park": {"Park", "Organization", "Project", "Cluster"},
    "Project": {"Park", "Organization", "Project", "Cluster"},
    "Organization": {"Organization", "Project", "Cluster"},
    "Enterprise": {"Park", "Organization", "Project", "Cluster", "Enterprise"},
}
_PARK_LONG = {"经济技术开发区": "经开区", "高新技术产业开发区": "高新区"}
_LOCATION_VERB = re.compile(r"(?:位于|落户于?|入驻|坐落于|地处|在|迁入|扎根)$")


def _by_form(
    text: str, known: list[Mention], suffix: re.Pattern[str], label: str, rule: str, accept: Any
) -> list[Mention]:
    """Names ending in ``suffix``: walk left from the suffix to a boundary."""
    found: list[Mention] = []
    hits = list(suffix.finditer(text))
    if not hits:
        return found
    stops = _STOPS.get(label, _STOPS["Enterprise"])
    ends = {m.end for m in known if m.label in stops}
    # X产业园项目, X研究院项目, X研究所有限公司: a park or body glued to the suffix is part of the name
    glued_labels = {"Project": {"Park", "Organization"}, "Enterprise": {"Organization"}}.get(label, set())
    park_ends = {m.end for m in known if m.label in glued_labels}
    place_starts = {m.start for m in known if m.label == "Region"} if label == "Cluster" else set()
    candidates = []
    for hit in hits:
        # X产业园项目: a project may take in the park its name ends with
        start = _left_edge(text, hit.start(), ends - {hit.start()} if hit.start() in park_ends else ends)
        if label == "Enterprise" and start in ends and _BODY_BEFORE_LEGAL.fullmatch(text, start, hit.start()):
            start = _left_edge(text, hit.start(), ends - {start})  # 中车株洲电力机车 + 研究所有限公司: one company
        name = _trim(text[start : hit.start()], hit.group(0))
        if label == "Cluster" and (whole := _trim(text[start : hit.start()], hit.group(0), _BOUNDARY_INSIDE_NAMES)):
            if whole != name and hit.end() - len(whole) in place_starts:
                name = whole  # a place's cluster may hold 及/和 in its field
        if (
            label == "Project"
            and name
            and (whole := _trim(text[start : hit.start()], hit.group(0), _BOUNDARY_INSIDE_NAMES))
        ):
            if (
                whole != name
                and text[hit.end() - len(whole) - 1 : hit.end() - len(whole)] == "、"
                and text[hit.end() : hit.end() + 1] in "、，。；"
            ):
                name = whole  # A项目、B和C产业化项目、D项目: an item of a list as written, 和 and all
        if name is None:
            continue
        start = hit.end() - len(name)
        candidates.append(Mention(start, hit.end(), name, label, name, rule))
    accepted = [
        accept(m, known) or (label == "Park" and _LOCATION_VERB.search(text[max(0, m.start - 3) : m.start]))
        for m in candidates
    ]
    company_starts = {m.start for m in known if m.label == "Enterprise"}
    sites = {m.name for m in candidates if label == "Park" and m.start in company_starts and _being_built(text, m)}
    after_park = {m.end for m in known if m.label == "Park"} if label == "Project" else set()
    for number, mention in enumerate(candidates):
        # an item of a list whose neighbour is accepted (A项目、B项目、C项目) is one too
        listed = any(
            0 <= other < len(candidates)
            and accepted[other]
            and text[min(mention.end, candidates[other].end) : max(mention.start, candidates[other].start)] == "、"
            for other in (number - 1, number + 1)
        )
        if label == "Park" and _COUNT_OF.search(mention.name):
            continue  # 两大工业园: a count, not a name
        if mention.name in sites:
            mention.label, mention.rule = (
                "Project",
                "company-site",
            )  # 中联重科X工业园…奠基开工: a company's site being built
        glued = label == "Project" and mention.start in after_park  # 小蓝经开区X项目
        settles = label == "Project" and _project_settles(text, mention)
        # A产业集群、B产业集群: an item as written, not a part cut at a conjunction or a figure
        listed_cluster = label == "Cluster" and listed and _whole_item(text, mention.start)
        if (
            accepted[number]
            or settles
            or listed_cluster
            or (label == "Project" and (listed or glued) and not _COUNTED.search(mention.name))
        ):
            found.append(_canonical_park(_unplaced(mention, known)) if mention.label == "Park" else mention)
    return found


_BODY_BEFORE_LEGAL = re.compile(r"研究所|研究院|设计院|设计研究院")
_COUNT_OF = re.compile(r"[\d一二两三四五六七八九十]+大")
_BUILT_UP = re.compile(r"(?:建设|打造|培育|发展|形成)$")


def _whole_item(text: str, start: int) -> bool:
    """Whether a name starting at ``start`` opens a list item or follows 建设/打造/培育/发展/形成."""
    return start == 0 or text[start - 1] in "、，,：" or bool(_BUILT_UP.search(text[max(0, start - 4) : start]))


def _unplaced(mention: Mention, known: list[Mention]) -> Mention:
    """常德市鼎城区灌溪工业园 is 灌溪工业园: places written in full (…市, …区) before a park's own name go,
    while two characters or more of that name are left (常德市经开区 stays whole)."""
    start, written = mention.start, mention.name
    kind = _PARK_END.search(written)  # the park's kind that ends its name (工业园, 经开区, ...)
    kind_length = len(kind.group(0)) if kind else 0
    for place in within(known, mention.start, mention.end):
        stem_left = mention.end - place.end - kind_length
        if place.label == "Region" and place.start == start and place.text[-1] in "省市区县" and stem_left >= 2:
            start = place.end
    if start == mention.start:
        return mention
    name = written[start - mention.start :]
    return Mention(start, mention.end, name, "Park", name, "park-placed", (written,))


_BUILDING = re.compile(r"开工|奠基|动工|开建|开工建设|签约|竣工|建成后")


def _being_built(text: str, mention: Mention) -> bool:
    """Whether the sentence around ``mention`` says it is being built (开工, 奠基, 签约 …)."""
    start = max(text.rfind(mark, 0, mention.start) for mark in "。！？\n") + 1
    ends = [position for mark in "。！？\n" if (position := text.find(mark, mention.end)) >= 0]
    return bool(_BUILDING.search(text, start, min(ends, default=len(text))))


def _canonical_park(mention: Mention) -> Mention:
    """宜春经济技术开发区 is 宜春经开区: the short form names the park, the long one is an alias."""
    for long, short in _PARK_LONG.items():
        if mention.name.endswith(long):
            mention.name = mention.name[: -len(long)] + short
            mention.aliases = (mention.text,)
    return mention


_NAME_RUN = re.compile(r"[\u4e00-\u9fffA-Za-z0-9·&（）()]*$")  # the plain statement of where a name starts
_NOT_NAME = re.compile(r"[^\u4e00-\u9fffA-Za-z0-9·&（）()]")


def _left_edge(text: str, position: int, stops: set[int]) -> int:
    """Where a name ending at ``position`` can start: back over name characters, up to a stop.

    That is where ``_NAME_RUN`` matches in the 24 characters before ``position``; found here
    after the last other character (searching that pattern tries every start: quadratic), the
    newline before ``position`` excepted, as ``$`` matches before a final newline."""
    window = max(0, position - _MAX_NAME)
    end = position - 1 if position > window and text[position - 1] == "\n" else position
    start = window
    for other in _NOT_NAME.finditer(text, window, end):
        start = other.end()
    for stop in range(position, start, -1):
        if stop in stops:
            return stop
    return start


_DATE_LEAD = re.compile(r"^(?:\d+(?:年|月|日|号)?)+")
_BRACKETS = re.compile("[（()）]")
_BRACKET_LEAD = re.compile(r"^[（(]?[^（()）]*[）)]")
_UNPAIRED = re.compile(r"^[^（(]*[）)]|[（(](?=[^）)]*$)")  # 某某）X园 / （X园: a bracket the name does not close


def _trim(body: str, suffix: str, boundary: re.Pattern[str] = _BOUNDARY) -> str | None:
    """Cut ``body`` after its last boundary word that leaves a real name."""
    bracketed = _BRACKETS.search(body) is not None  # most names hold none: their patterns need not run
    cuts = (
        [0]
        + [m.end() for m in boundary.finditer(body)]
        + ([m.end() for m in _UNPAIRED.finditer(body)] if bracketed else [])
    )
    for cut in sorted(cuts, reverse=True):
        stem = _DATE_LEAD.sub("", body[cut:])  # 2018年上汽…: a date is no part of a name
        if bracketed:
            stem = _BRACKET_LEAD.sub("", stem)  # （同济大学）南昌…研究院: a bracket before the name
        if not stem and cut:
            return None  # the suffix stands alone after a verb or particle: a common noun
        if len(stem) >= 2 and stem not in _GENERIC_STEMS:
            return stem + suffix
    return None


def _enterprise_name(mention: Mention, known: list[Mention]) -> bool:
    stem = _LEGAL_END.sub("", mention.name)
    return len(stem) >= 2 and stem not in _GENERIC_STEMS


def _named_park(mention: Mention, known: list[Mention]) -> bool:
    """A park counts like a body, or when its suffix is a zone's (小蓝经开区, 东湖高新区)."""
    return _named_place_or_body(mention, known) or bool(_ZONE_END.search(mention.name))


_ZONE_END = re.compile(r"(?:经济技术开发区|高新技术产业开发区|经开区|高新区|自贸区|新片区)$")
_NOT_A_BODY = re.compile(r"\d+个|获批|成为|入选|认定")


def _named_place_or_body(mention: Mention, known: list[Mention]) -> bool:
    """A park or organisation counts when its name holds a known name or 中国/国家 (not a count: 4个实验室)."""
    if _NOT_A_BODY.search(mention.name):
        return False
    if mention.name.startswith(("中国", "国家")) or "国家" in mention.name[2:]:
        return True
    return any(m.label in {"Region", "Enterprise", "Chain", "Park"} for m in within(known, mention.start, mention.end))


def _short_in_context(text: str, mention: Mention, full_names: set[str]) -> bool:
    """A short alias counts next to a list mark or company word, or when its full name is in the text."""
    if mention.name in full_names:
        return True
    after = text[mention.end : mention.end + 2]
    before = text[max(0, mention.start - 1) : mention.start]
    return (
        after[:1] in {"、", "，", "和", "与", "及", "等", "为", "向", "的"}
        or after in {"集团", "公司"}
        or before == "、"
    )


def short_names(text: str, full_name: str, regions: Iterable[str]) -> list[str]:
    """Shorter names a company goes by in ``text``: they start with the core of its
    name (after any place) and keep its characters in order.

    >>> short_names("峦泰密封攻克了难题，湘潭峦泰橡塑密封件有限公司", "湘潭峦泰橡塑密封件有限公司", ["湘潭"])
    ['峦泰密封']
    """
    places = regions if isinstance(regions, (set, frozenset)) else set(regions)
    stem = _stem(full_name, places)
    core = stem[:2]
    if len(stem) < 3 or core in _GENERIC_CORES or core in places:
        return []
    stem += "".join(word for word in ("股份", "集团") if word in full_name[len(stem) :])
    covered = [m.start() for m in re.finditer(re.escape(full_name), text)]
    found: dict[str, None] = {}
    for hit in re.finditer(re.escape(core), text):
        before = bisect.bisect_right(covered, hit.start()) - 1
        if before >= 0 and hit.start() < covered[before] + len(full_name):
            continue
        end, position = hit.end(), 2
        while end < len(text) and position < len(stem) and (found_at := stem.find(text[end], position)) >= 0:
            position, end = found_at + 1, end + 1
        name = text[hit.start() : end]
        if name.endswith(("股", "集")):
            name = name[:-1]
        if len(name) >= 3 and name != full_name:
            found[name] = None
    return list(found)


_GENERIC_CORES = {
    "中国",
    "国家",
    "中华",
    "中科",
    "国际",
    "科技",
    "技术",
    "电子",
    "新能",
    "工业",
    "产业",
    "智能",
    "机器",
    "新材",
    "先进",
}


def _stem(full_name: str, places: set[str] | frozenset[str]) -> str:
    """The name without its legal form and any leading place."""
    stem = _LEGAL_END.sub("", full_name)
    for length in range(len(stem) - 2, 0, -1):  # the longest place first
        if (region := stem[:length]) in places:
            for variant in (region + "省", region + "市", region):
                if stem.startswith(variant) and len(stem) - len(variant) >= 2:
                    return stem[len(variant) :]
    return stem

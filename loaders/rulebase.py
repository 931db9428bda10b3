"""What relation rules share: references, outputs, the document context, term helpers.

Relations come from Chinese constructions, read off masked sentences.

Each rule is a function of a :class:`~chainkg.loaders.sentence.SentenceView`
and the document :class:`Context`; it yields new entities (technologies,
products, chains, projects, clusters named in the construction) and relations
between entity references. Rules aim at constructions, not at one text:

- supply: X为/向Y供应/配套/提供Z, X是Y的Z供应商, Y的Z由X配套;
- making: X生产/研制的Z, X主要生产A、B;
- breakthrough: X攻克/突破了T, T取得突破, X研制的T实现国产替代;
- open bottlenecks: T仍依赖进口, T尚未突破, T受制于人; under attack: 攻关T;
- location: X位于P, P集聚了A、B等企业, X落户P, 在P下线, a park glued to a company;
- membership: a cluster with A、B等企业; structure: 上游/中游/下游 products of a chain,
  A、B三个世界级产业集群, clusters of a chain; lists: A、B等企业/项目/产业链.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from chainkg.loaders.mentions import Mention
from chainkg.loaders.sentence import SentenceView

__all__ = [
    "ADVERBS",
    "E_LIST",
    "Context",
    "NewEntity",
    "Output",
    "Ref",
    "Relation",
    "Rule",
    "clean_term",
    "company_spoken_of",
    "find_products",
    "ref",
    "refs",
    "sentence_year",
    "split_terms",
    "subject_before",
    "technology",
]


@dataclass(frozen=True)
class Ref:
    """An entity by label and canonical name."""

    label: str
    name: str


@dataclass
class NewEntity:
    """An entity named by a construction (not by the lexicon or its form)."""

    label: str
    name: str
    start: int
    end: int
    rule: str
    props: dict[str, Any] = field(default_factory=dict)
    aliases: tuple[str, ...] = ()

    @property
    def ref(self) -> Ref:
        return Ref(self.label, self.name)


@dataclass
class Relation:
    """A relation stated in sentence ``sentence``."""

    type: str
    source: Ref
    target: Ref
    rule: str
    sentence: int
    props: dict[str, Any] = field(default_factory=dict)


@dataclass
class Context:
    """What rules know of the whole document."""

    region: Ref | None
    year: int | None
    chain_of: Callable[[str], Ref | None]
    inside: Callable[[Mention], list[Mention]]
    regions: frozenset[str] = frozenset()
    last_chain: Mention | None = None
    last_cluster: Mention | None = None
    last_project: Mention | None = None
    last_enterprise: Mention | None = None
    paragraph: Callable[[int], str] = lambda position: ""


Output = NewEntity | Relation
Rule = Callable[[SentenceView, Context], Iterator[Output]]

E_LIST = r"((?:⟦E\d+⟧(?:（[^）⟦]{1,16}）)?(?:、|，|和|与|及|以及)?)+)"  # a stock code may follow a name
_SEP = re.compile(r"、|以及|；|和|与")
_END = r"(?=[，。；：！？]|$)"
_FILLERS = re.compile(
    r"^(?:但|而|并|且|还|也|目前|当前|其中|部分|一些|多项|多种|多款|各类|各种|一批|大批|了|在|对|如|由于|包括|涉及|等)+"
)
_GENERIC_TERMS = re.compile(
    r"^(?:关键核心技术|核心技术|关键技术|共性技术|卡脖子技术|技术|产品|成果|突破|难题|瓶颈|短板|零部件|材料|设备|[\d一二三四五六七八九十百]+项.*)$"
)
_YEAR = re.compile(r"(20\d\d)年")
_BOTTLENECK_CONTEXT = ("卡脖子", "瓶颈", "国产替代", "垄断", "进口", "短板", "受制于人", "攻关", "突破")


_QUOTES_AND_SPACES = re.compile(r"[“”\"‘’「」『』《》\s]")
_APPLICATION = re.compile(r"^[\u4e00-\u9fff]{2,10}用.")
STRONG_TOKEN = re.compile(r"⟦[EROPK]\d+⟧")  # a token of a named place, company, park or cluster


def clean_term(text: str) -> str:
    """A term without quotes, fillers, spaces and trailing particles."""
    term = _QUOTES_AND_SPACES.sub("", text)
    term = _FILLERS.sub("", term)
    return term.rstrip("的了等则也均都还")


def split_terms(text: str) -> list[str]:
    """Items of a list written with 、 (and 以及), cleaned, generic ones dropped."""
    items = [clean_term(part) for part in _SEP.split(text)]
    return [item for item in items if 2 <= len(item) <= 30 and not _GENERIC_TERMS.match(item)]


def sentence_year(view: SentenceView, context: Context) -> int | None:
    found = _YEAR.search(view.text)
    if found:
        return int(found.group(1))
    return context.year if "今年" in view.text or "本年" in view.text else None


_NEEDED_BY = re.compile(r"^(.{2,12}?)所需的?(.{2,})$")


def technology(
    view: SentenceView, term: str, status: str, rule: str, context: Context | None = None, **props: Any
) -> Iterator[Output]:
    """A technology entity from ``term``; what it serves (轨道交通用X, 刻蚀设备所需的X, 工程机械液压) is what it blocks."""
    term = _FIRST_OF_KIND.sub("", term)
    if _A_FIGURE.search(term) or len(term) < 2:
        return  # 产值突破了2500亿: a figure, not a technology
    start = view.start + max(view.text.find(term), 0)
    served, bare = "", term
    if needed := _NEEDED_BY.match(term):
        served, bare = needed.group(1), needed.group(2)
    elif _APPLICATION.match(term):
        served, _, bare = term.partition("用")
    elif context is not None:
        served = next((term[:n] for n in range(len(term) - 2, 1, -1) if context.chain_of(term[:n])), "")
    aliases = (term,) if bare != term else ()
    yield NewEntity(
        "Technology", bare, start, start + len(term), rule, {"bottleneck": True, "status": status, **props}, aliases
    )
    if served:
        yield Relation(
            "BOTTLENECK_OF", Ref("Technology", bare), Ref("Chain", served), f"{rule}+application", view.index
        )


_FIRST_OF_KIND = re.compile(r"^(?:第一台|第一款|第一个|首台|首款|首个|首批|首只|新一代)")
_A_FIGURE = re.compile(r"^\d+(?:\.\d+)?(?:亿|万|千|百|%|元|吨|台|家|个)")
_PRONOUN = re.compile(r"(?:该公司|公司|他们|其|企业|团队|研发团队)")


_SITE_OPENING = re.compile(r"(?:该|本|此)?(?:项目|园区|基地|工厂|公司)")


def company_spoken_of(view: SentenceView, context: Context, opening: re.Pattern[str] = _SITE_OPENING) -> Ref | None:
    """The company last named, for a sentence that opens on its site or itself (该项目…, 该园区…, 公司…)."""
    if context.last_enterprise is not None and opening.match(view.masked):
        return Ref("Enterprise", context.last_enterprise.name)
    return None


def subject_before(view: SentenceView, before: int, context: Context, codes: str = "EOR") -> Ref | None:
    """The last enterprise/organisation/region token before ``before``; a pronoun (该公司, 他们, 其,
    研发团队) stands for the enterprise last named; else the document's region."""
    candidates = view.tokens(view.masked[:before], codes)
    clause_start = max(view.masked.rfind(mark, 0, before) for mark in "，；")
    in_clause = view.tokens(view.masked[clause_start + 1 : before], codes) if clause_start >= 0 else candidates
    chosen = in_clause or candidates
    if chosen:
        mention = chosen[0] if in_clause else chosen[-1]
        return Ref(mention.label, mention.name)
    if "E" in codes and context.last_enterprise is not None and _PRONOUN.search(view.masked[:before]):
        return Ref("Enterprise", context.last_enterprise.name)
    return context.region


# -- shared by the link rules ---------------------------------------------------

_PRODUCT_STOP = re.compile(
    r"(?:实现|取得|已经|已|成功|在|下线|填补|打破|达到|获得|并|被|将|等|广泛|用于|应用于|主要|环节|齐备|供应商|"
    r"配套商|企业|产能|年产|累计|同比|近|超过|占|配套|供应|提供|远销|出口|销往|销售|的完整|的产业|较为|格局|体系|"
    r"\d+(?:\.\d+)?(?:万|千|余|多)?(?:台|吨|件|套|个|辆|片|颗|亿|元|家)|，|。|；|$)"
)
_PRODUCT_SPLIT = re.compile(r"、|和|及|与|以及")
_MODIFIERS = re.compile(r"^(?:国产|大型|小型|中小型|各类|各种|多款|多种|系列|相关|所用的?|使用的?|采用的?|生产的?)+")
ADVERBS = r"(?:主要|长期|稳定|批量|独家|率先|首次|持续|已|已经|成功|大量|则|也|还|都|又|能够|能|可以|可|将|将会|计划|拟|开始|继续|正式|每年|常年|多年)*"


def ref(view: SentenceView, number: str) -> Ref:
    mention = view.mentions[int(number)]
    return Ref(mention.label, mention.name)


def refs(view: SentenceView, masked: str, codes: str = "E") -> list[Ref]:
    return [Ref(m.label, m.name) for m in view.tokens(masked, codes)]


def find_products(view: SentenceView, start: int, rule: str) -> Iterator[NewEntity]:
    """Products listed from masked position ``start`` up to a verb or punctuation."""
    stop = _PRODUCT_STOP.search(view.masked, start)
    end = stop.start() if stop else len(view.masked)
    masked = view.masked[start:end]
    if not masked or STRONG_TOKEN.search(masked):
        return
    absolute = view.span(start, end)[0]
    plain = _PRODUCT_SPLIT.sub("、", view.plain(start, end))
    for term in split_terms(plain):
        term = _MODIFIERS.sub("", term)
        if 2 <= len(term) <= 15:
            offset = view.text.find(term, absolute - view.start)
            begin = view.start + max(offset, 0)
            yield NewEntity("Product", term, begin, begin + len(term), rule)

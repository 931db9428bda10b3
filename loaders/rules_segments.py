"""Rules for the links of a chain: the segments and products a text lays out.

Real texts state a chain's structure in a few constructions:

- a sequence: ``工业硅—多晶硅—单晶硅片+辅件—组件的产业链`` (dashes or arrows; ``+``
  joins parallel inputs): each step is a product of the chain, upstream of the next;
- a coverage list: ``形成涵盖A、B、C等多个领域…的产业链``, ``覆盖A、B等关键材料和C、D等配套项目``;
- from .. to: ``从上游A到中游B、下游C和D的全产业链``, with the stage of each;
- what a company's products are: ``X的主要产品为A和B``, ``X…研发、生产及销售A、B``.

The chain is the one named in the sentence (the nearest before the construction,
else the first after it), else the last one the document named.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from chainkg.loaders.headed_lists import HEADED_RULE
from chainkg.loaders.mentions import Mention
from chainkg.loaders.rulebase import Context, NewEntity, Output, Ref, Relation, clean_term, company_spoken_of
from chainkg.loaders.rules_links import cluster_chain
from chainkg.loaders.sentence import SentenceView

__all__ = ["SEGMENT_RULES"]

_GENERIC = re.compile(
    r"^(?:(?:研发|生产|销售|制造|设计|服务|中试|办公|生活|检测|物流|贸易|运营|维修)+|"
    r"材料|工艺|设备|技术|产品|应用|配套|项目|企业|产业|领域|环节|其他.*|相关.*|.*等)$"
)
_PARENTHESIS = re.compile(r"（[^）]*）|\([^)]*\)")
_STAGE_WORD = re.compile(r"(上游|中游|下游)(?:的|环节)?")
_STAGES = {"上游": "upstream", "中游": "midstream", "下游": "downstream"}
_LEAD = re.compile(r"^.*(?:从|包括|涵盖|覆盖|形成|建设|构建|打造|延伸|实现|具备|拥有|为|是|了|在)")


def _term(view: SentenceView, masked_start: int, masked_end: int) -> tuple[str, int] | None:
    """A product named by a masked span: cleaned, without a parenthesis; and where it starts."""
    raw = view.plain(masked_start, masked_end)
    term = clean_term(_PARENTHESIS.sub("", raw)).strip("“”\"'")
    if not 2 <= len(term) <= 16 or _GENERIC.match(term) or re.search(r"\d{4}|%|亿|万", term):
        return None
    offset = view.text.find(term, view.span(masked_start, masked_end)[0] - view.start)
    return term, view.start + max(offset, 0)


_ITEM_SEP = re.compile(r"、|和|及|以及")


def _list_terms(
    view: SentenceView, start: int, end: int, separator: re.Pattern[str] = _ITEM_SEP
) -> list[tuple[str, int] | None]:
    """Each item of the masked list ``[start, end)`` as a product term and where it starts (None for an
    item that is not one)."""
    found: list[tuple[str, int] | None] = []
    cursor = start
    for part in separator.split(view.masked[start:end]):
        begin = view.masked.index(part, cursor) if part else cursor
        cursor = begin + len(part)
        found.append(_term(view, begin, begin + len(part)) if part else None)
    return found


def _chain_near(view: SentenceView, context: Context, position: int) -> Mention | None:
    """The chain named nearest before ``position`` in the sentence, else the first after, else the
    chain of a cluster the sentence names, else the last chain named."""
    before = view.tokens(view.masked[:position], "C")
    after = view.tokens(view.masked[position:], "C")
    if before or after:
        return before[-1] if before else after[0]
    clusters = [chain for k in view.tokens(view.masked, "K") if (chain := cluster_chain(k, context))]
    return clusters[0] if clusters else context.last_chain


def _segments(
    view: SentenceView,
    context: Context,
    items: list[tuple[str, int, str]],
    position: int,
    rule: str,
    chain: Ref | None = None,
) -> Iterator[Output]:
    """Products ``(name, start, stage)`` and their PART_OF ``chain``, else the chain near ``position``."""
    if chain is None and (near := _chain_near(view, context, position)) is not None:
        chain = Ref("Chain", near.name)
    for name, start, stage in items:
        yield NewEntity("Product", name, start, start + len(name), rule, {"stage": stage} if stage else {})
        if chain is not None:
            yield Relation("PART_OF", Ref("Product", name), chain, rule, view.index)


_STEP = r"[^—→－、，。；：！？“”‘’⟦⟧\s]{1,20}"
_SEQUENCE = re.compile(rf"{_STEP}(?:(?:—+|→|－|－>|->){_STEP}){{2,}}")
_ARROW = re.compile(r"—+|→|－>|->|－")
_PLUS = re.compile(r"\+")
_CHAIN_AFTER = re.compile(r"^”?(?:的|等)?([\u4e00-\u9fff]{0,8}?)全?产业链")
_NAMED_TAIL = re.compile(r"(?:的([\u4e00-\u9fff]{0,8}?)|())全?产业链.*$")


def _steps(view: SentenceView, body: str, offset: int) -> list[list[tuple[str, int, str]]]:
    """The steps of a sequence (each a list of parallel products); none if a step is not a product."""
    steps, cursor = [], offset
    for piece in _ARROW.split(body):
        begin = view.masked.index(piece, cursor) if piece else cursor
        cursor = begin + len(piece)
        terms = _list_terms(view, begin, cursor, _PLUS)
        products = [term for term in terms if term is not None]
        if len(products) < len(terms):
            return []
        steps.append([(name, start, "") for name, start in products])
    return steps


def rule_sequence(view: SentenceView, context: Context) -> Iterator[Output]:
    """A—B—C产业链: each step a product of the chain and upstream of the next."""
    for hit in _SEQUENCE.finditer(view.masked):
        body, offset = hit.group(0), hit.start()
        if lead := _LEAD.match(_ARROW.split(body)[0]):
            body, offset = body[lead.end() :], offset + lead.end()
        tail = _NAMED_TAIL.search(body)
        named = None
        if tail:
            body, named = body[: tail.start()], tail.group(1)
        elif after := _CHAIN_AFTER.match(view.masked[hit.end() :]):
            named = after.group(1)
        else:
            continue
        steps = _steps(view, body, offset)
        if len(steps) < 3:
            continue
        if named and 2 <= len(named) <= 8 and context.chain_of(named) is None:
            start = view.start + view.text.find(named)
            yield NewEntity("Chain", named, start, start + len(named), "chain-sequence")
        chain = (
            Ref("Chain", known.name if (known := context.chain_of(named)) else named)
            if named and len(named) >= 2
            else None
        )
        yield from _segments(
            view, context, [item for step in steps for item in step], hit.start(), "chain-sequence", chain
        )
        for earlier, later in zip(steps, steps[1:]):
            for source in earlier:  # A—B+C—D: B and C both go into D; only B comes from A
                yield Relation(
                    "UPSTREAM_OF", Ref("Product", source[0]), Ref("Product", later[0][0]), "chain-sequence", view.index
                )


_COVER = re.compile(r"(?:涵盖|覆盖|包括|包含|囊括)了?")
_HEAD = re.compile(
    r"(?:等(?:多个|一批|各类|全链|全产业链|关键|核心|[\d一二三四五六七八九十]+[个大类])?|[\d一二三四五六七八九十]+个(?:主要|重点)?)"
    r"(关键材料|原材料|材料|零部件|配套项目|配套产品|产品|环节|领域|门类|板块)"
)
_CHAIN_FOLLOWS = re.compile(r"^[、，]?(?:较为|比较|相对|更加)?(?:完整|完善|齐全|完备)?的?全?产业链")


def rule_coverage(view: SentenceView, context: Context) -> Iterator[Output]:
    """形成涵盖A、B、C等多个领域的产业链; 覆盖A、B等关键材料和C、D等配套项目."""
    for verb in _COVER.finditer(view.masked):
        cursor = verb.end()
        while head := _HEAD.search(view.masked, cursor):
            body = view.masked[cursor : head.start()]
            if re.search(r"[，。；：⟦]", body):
                break
            after = view.masked[head.end() :]
            industry_subject = re.search(r"产业|门类", view.masked[max(0, verb.start() - 8) : verb.start()])
            if head.group(1) in {"领域", "门类", "板块"} and not _CHAIN_FOLLOWS.match(after) and not industry_subject:
                break
            items = [(name, start, "") for name, start in filter(None, _list_terms(view, cursor, head.start()))]
            if len(items) >= 2:
                yield from _segments(view, context, items, verb.start(), "chain-coverage")
            joined = re.match(r"(?:、|和|及|以及|，)", after)
            if joined is None:
                break
            cursor = head.end() + joined.end()


_ALL_IN_ONE = re.compile(r"集([^，。；：⟦]{4,60}?)于一体")


def rule_all_in_one(view: SentenceView, context: Context) -> Iterator[Output]:
    """集A、B、C于一体的…: the segments it brings together (plain activities such as 研发、生产 left out)."""
    for hit in _ALL_IN_ONE.finditer(view.masked):
        items = [(name, start, "") for name, start in filter(None, _list_terms(view, hit.start(1), hit.end(1)))]
        if items:
            yield from _segments(view, context, items, hit.start(), "all-in-one")


_FROM_TO = re.compile(
    r"从([^，。；：⟦]{2,40}?)到([^。；：⟦]{2,60}?)的(?:⟦C\d+⟧)?(?:完备|完整|完善|较为完整)?的?(?:全?产业链|产业格局|产业体系)"
)


def rule_from_to(view: SentenceView, context: Context) -> Iterator[Output]:
    """从上游A到中游B、下游C和D的全产业链: the segments with their stages."""
    for hit in _FROM_TO.finditer(view.masked):
        items = []
        stage = ""
        for group in (1, 2):
            text = view.masked[hit.start(group) : hit.end(group)]
            cursor = hit.start(group)
            for part in re.split(r"(、|和|及|以及|上游的?|中游的?|下游的?|[，,]?再到)", text):
                begin = view.masked.index(part, cursor) if part else cursor
                cursor = begin + len(part)
                if stage_word := _STAGE_WORD.fullmatch(part):
                    stage = _STAGES[stage_word.group(1)]
                    continue
                found = (
                    _term(view, begin, begin + len(part))
                    if part and not re.fullmatch(r"、|和|及|以及|[，,]?再到", part)
                    else None
                )
                if found:
                    items.append((found[0], found[1], stage))
        if len(items) >= 2:
            yield from _segments(view, context, items, hit.start(), "chain-from-to")


_PRODUCTS_ARE = re.compile(
    r"(?:主要产品|主导产品|主营产品|产品)(?:主要)?(?:为|是|包括|有|涵盖)|主营(?:业务)?(?:为|是|包括)?(?!业务)"
)
_SELLS = re.compile(r"(?:研发|研制)?[、，及和]?(?:生产|制造)(?:及|和|与|、)(?:销售|应用)")


def _listed(view: SentenceView, start: int) -> list[tuple[str, int, str]]:
    """The items of the list starting at masked ``start``, up to a clause end or a verb."""
    stop = re.compile(r"[，。；：⟦]|等|出货|销量|产能|市场|被|是|已|将|在").search(view.masked, start)
    end = stop.start() if stop else len(view.masked)
    return [(name, begin, "") for name, begin in filter(None, _list_terms(view, start, end))]


_KIND_OF_PRODUCT = re.compile(
    r"等(?:配套|关键|核心|重点|高附加值|高端|主要|拳头|优势)?(产品|零部件|部件|元器件|机械|装备|设备|材料)(?:的([^，。；：⟦、]{2,12}?)(?=[，。；：]|$))?"
)


def rule_product_kinds(view: SentenceView, context: Context) -> Iterator[Output]:
    """A、B等产品 / 等配套产品 / A、B等机械的X: the items are products (and inputs of X)."""
    for hit in _KIND_OF_PRODUCT.finditer(view.masked):
        start = max(view.masked.rfind(mark, 0, hit.start()) for mark in "，。；：⟧") + 1
        body = view.masked[start : hit.start()]
        if lead := _LEAD_VERBS.match(body):
            start, body = start + lead.end(), body[lead.end() :]
        single = _ONE_CORE_PART.match(body) if _CORE_KIND.match(view.masked, hit.start()) else None
        if single and (single.group(1) or lead):  # after a verb or a conjunction, not a clause of its own
            start, body = start + single.end(1), single.group(2)  # 以及发动机等核心零部件: one named part is one too
        else:
            single = None
        terms = _list_terms(view, start, hit.start())
        if (len(terms) < 2 and not single) or "⟦" in body or _TECHNOLOGY_FRAME.search(view.masked[: hit.start()]):
            continue  # 攻关A、B等关键材料: technologies, read by the technology rules
        items = [term for term in terms if term] if all(terms) else []
        yield from _segments(view, context, [(name, begin, "") for name, begin in items], hit.start(), "product-kind")
        if items and hit.group(2) and not single and (whole := _term(view, hit.start(2), hit.end(2))):
            yield NewEntity("Product", whole[0], whole[1], whole[1] + len(whole[0]), "product-kind")
            for name, _ in items:
                yield Relation("UPSTREAM_OF", Ref("Product", whole[0]), Ref("Product", name), "input-of", view.index)
            maker = _maker(view, context, hit.start())
            if maker is not None and _MAKE_VERB.search(view.masked[:start]):
                yield Relation("MAKES", maker, Ref("Product", whole[0]), "input-of", view.index)


_ONE_CORE_PART = re.compile(r"^((?:.*(?:以及|及|和|与|如|是))?)([\u4e00-\u9fff]{2,6})$")
_CORE_KIND = re.compile(r"等(?:关键|核心)(?:零部件|部件|元器件)")
_TECHNOLOGY_FRAME = re.compile(r"攻关|攻克|突破|卡脖子|依赖进口|垄断|受制于人")
_LEAD_VERBS = re.compile(
    r"^.*(?:生产|研制|制造|攻关|组织|发展|提供|供应|配套|采购|包括|涵盖|覆盖|超过[^、]*?的|就|为|了|的)"
)
_MAKE_VERB = re.compile(r"生产|研制|制造")


_UNIT = r"(?:片|台|套|辆|吨|件|只|个|块|架|支|颗|GWh|MWh|GW|MW|KW|kW|万吨)"
_ANNUAL = re.compile(
    r"年产(?:能)?(?:约|超过|超|达到?|近)?[\d.]+(?:万|亿|千)?"
    + _UNIT
    + r"([\u4e00-\u9fffA-Za-z0-9]{2,15}?)(?=的|，|。|；|项目|生产线|产能|$)"
    r"|年产(?!能|值|量)(?:[\d至\-~.]+(?:万|亿|千)?(?:吨|米|千瓦)级?)?(?:各种型号|各类|各型|各种)?([\u4e00-\u9fffA-Za-z0-9]{2,15}?)[\d.]+(?:万|亿|千)?"
    + _UNIT
)  # 年产36万片X; 年产12至70吨X16000台, 年产各种型号X52万件


def _maker(view: SentenceView, context: Context, position: int) -> Ref | None:
    """Who makes what a sentence lists: its first company, else the company a park or project before
    ``position`` is named after, else (该项目…, 项目…) the company last named."""
    companies = view.tokens(view.masked[:position], "E")
    if companies:
        return Ref("Enterprise", companies[0].name)
    for site in view.tokens(view.masked[:position], "PJ"):
        if owners := [m for m in context.inside(site) if m.label == "Enterprise" and m.start == site.start]:
            return Ref("Enterprise", owners[0].name)
    return company_spoken_of(view, context)


def rule_annual_output(view: SentenceView, context: Context) -> Iterator[Output]:
    """年产36万片X: X is a product (made by the company the sentence names)."""
    for hit in _ANNUAL.finditer(view.masked):
        group = 1 if hit.group(1) else 2
        found = _term(view, hit.start(group), hit.end(group))
        if found is None:
            continue
        name, start = found
        yield NewEntity("Product", name, start, start + len(name), "annual-output")
        if (maker := _maker(view, context, hit.start())) is not None:
            yield Relation("MAKES", maker, Ref("Product", name), "annual-output", view.index)


_MEASURE = re.compile(
    r"(?:^|(?<=[，。；：的年⟧]))((?:[\u4e00-\u9fffA-Za-z0-9]{2,10}?、)*[\u4e00-\u9fffA-Za-z0-9]{2,10}?)(?:产量|出货量|销量)(?:为|达|超|连续|全球|位居|居)"
)  # the subject of a clause about output: 2019年粗钢产量为…, 硅片、光伏组件出货量全球领先


def rule_measured_products(view: SentenceView, context: Context) -> Iterator[Output]:
    """粗钢产量, 硅片、光伏组件出货量: what is produced, shipped or sold is a product."""
    for hit in _MEASURE.finditer(view.masked):
        start = hit.start(1)
        if lead := _LEAD_VERBS.match(hit.group(1)):
            start += lead.end()
        items, cursor = [], start
        for part in view.masked[start : hit.end(1)].split("、"):
            begin = view.masked.index(part, cursor) if part else cursor
            cursor = begin + len(part)
            lead = _MEASURE_LEAD.match(part)  # optional throughout: always found
            part_start = begin + (lead.end() if lead else 0)
            found = _term(view, part_start, begin + len(part)) if begin + len(part) > part_start else None
            if found and not re.search(r"[其与中和及总]|累计|实际|全国|全球|版本", found[0]):
                items.append(found)
        for name, begin in items:
            yield NewEntity("Product", name, begin, begin + len(name), "measured")


_MEASURE_LEAD = re.compile(r"^(?:.*[年月日省市县区]|全年|全球|全国|总|其|该)?")


_MADE_AT = re.compile(
    r"(?:^|(?<=[，。；：的是为和、“]))((?:最大|最先进|领先|重要|全球|国内|专业)?的?)([\u4e00-\u7683\u7685-\u9fffA-Za-z0-9]{2,12}?)"
    r"(?:生产制造基地|研发生产基地|生产基地|制造基地|供应商|制造商|生产商)"
)


def rule_product_makers(view: SentenceView, context: Context) -> Iterator[Output]:
    """全球最大的锂离子电池生产基地, 专业锂电池制造商, 特种钢生产基地: what such a place or firm makes is a product."""
    for hit in _MADE_AT.finditer(view.masked):
        if view.masked[hit.end() : hit.end() + 1] == "、" or view.masked[hit.start() - 1 : hit.start()] == "、":
            continue  # 引进了X制造基地、Y…: sites in a list are projects
        start = hit.start(2)
        if lead := _SITE_LEAD.match(hit.group(2)):
            start += lead.end()
        found = _term(view, start, hit.end(2)) if hit.end(2) - start >= 2 else None
        if found is None or re.search(r"[的之一及和]|最|领先|全球|国内|专业|一级|核心|主要|配套|产业", found[0]):
            continue
        if context.chain_of(found[0]) is None:  # 碳纤维生产基地 where 碳纤维 is the chain: no product
            yield NewEntity("Product", found[0], found[1], found[1] + len(found[0]), "made-at")


_SITE_LEAD = re.compile(r"^(?:.*(?:建设|引进了?|发展|打造|形成|成为))?(?:高水平|高端|一流|现代化|国内|全球)*")


def rule_products(view: SentenceView, context: Context) -> Iterator[Output]:
    """X的主要产品为A和B (products); X…研发、生产及销售A、B (X makes them)."""
    for pattern, makes in ((_PRODUCTS_ARE, False), (_SELLS, True)):
        for hit in pattern.finditer(view.masked):
            companies = view.tokens(view.masked[: hit.start()], "E")
            for name, start, _ in _listed(view, hit.end()):
                yield NewEntity("Product", name, start, start + len(name), "product-list")
                if makes and companies:
                    yield Relation(
                        "MAKES", Ref("Enterprise", companies[0].name), Ref("Product", name), "product-list", view.index
                    )


def rule_headed_products(view: SentenceView, context: Context) -> Iterator[Output]:
    """Products listed under a 重点产品 heading are links of the document's chain."""
    if context.last_chain is None:
        return
    for mention in view.tokens(view.masked, "D"):
        if mention.rule == HEADED_RULE:
            yield Relation(
                "PART_OF", Ref("Product", mention.name), Ref("Chain", context.last_chain.name), HEADED_RULE, view.index
            )


SEGMENT_RULES = (
    (rule_headed_products, ("⟦D",)),
    (rule_sequence, ("—", "→", "－", "->")),
    (rule_coverage, ("涵盖", "覆盖", "包括", "包含", "囊括")),
    (rule_from_to, ("从",)),
    (rule_products, ("产品", "生产", "制造", "主营")),
    (rule_annual_output, ("年产",)),
    (rule_all_in_one, ("于一体",)),
    (rule_measured_products, ("产量", "出货量", "销量")),
    (rule_product_makers, ("基地", "供应商", "制造商", "生产商")),
    (rule_product_kinds, ("等",)),
)

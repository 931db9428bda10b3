"""Rules for trade between companies: who supplies whom what, who makes what, who owns whom."""

from __future__ import annotations

import re
from collections.abc import Iterator

from chainkg.loaders.rulebase import (
    ADVERBS,
    E_LIST,
    Context,
    NewEntity,
    Output,
    Ref,
    Relation,
    clean_term,
    company_spoken_of,
    find_products,
    ref,
    refs,
)
from chainkg.loaders.sentence import SentenceView

__all__ = ["TRADE_RULES"]

_BREAKTHROUGH_WORDS = re.compile(r"突破|国产替代|垄断")
_SUBJECT_COMPANY = re.compile(r"⟦E(\d+)⟧(?!旗下|下属|的|、|和|与)")
_SUPPLY_CUES = ("供应", "配套", "提供", "供货", "供给", "销往")

_SUPPLY = re.compile(
    E_LIST
    + ADVERBS
    + r"(?:为|向|给)"
    + E_LIST
    + r"(?:等?[^⟦，。；]{0,10}?)"
    + ADVERBS
    + r"(?:供应|配套|提供|供货)(?:了)?"
)
_SUPPLIER_OF = re.compile(
    r"⟦E(\d+)⟧(?:已|目前)*(?:是|成为)"
    + E_LIST
    + r"(?:等[^⟦，。；]{0,6})?的?([^⟦，。；]{0,12}?)的?(?:核心|主要|重要|一级|独家|战略)?(?:供应商|配套商|供货商|配套企业)"
)
_SUPPLIED_BY = re.compile(
    r"⟦E(\d+)⟧(?:生产|制造)?(?:的|所需的?|所用的?|使用的?)?([^⟦，。；]{1,14}?)[，,]?(?:则|主要|全部|大多|均|长期)*(?:由|来自)"
    r"(?:位于⟦[RP]\d+⟧的)?⟦E(\d+)⟧" + ADVERBS + r"(?:供应|配套|提供|供货)"
)
_SUPPLIES_TO = re.compile(
    r"(?:生产|研制|制造)的([^⟦，。；]{2,14}?)(?:主要|全部|大多|均|长期)*(?:供应|供给|配套|销往)" + E_LIST
)
_ALSO_SUPPLIER_OF = re.compile(
    r"[，；](?:目前|已|也|还|同时)*(?:是|成为)"
    + E_LIST
    + r"(?:等[^⟦，。；]{0,6})?的?([^⟦，。；]{0,12}?)的?(?:核心|主要|重要|一级|独家|战略)?(?:供应商|配套商|供货商|配套企业)"
)


_ALSO_SUPPLY = re.compile(
    r"[，；](?:并|还|同时|也|此外)?(?:向|为|给)" + E_LIST + ADVERBS + r"(?:供应|配套|提供|供货)(?:了)?"
)
_ALSO_MAKES = re.compile(
    r"[，；](?:并|还|同时|也)?" + ADVERBS + r"(?:主营|专注于|致力于|专业)?(?:研发生产|研发制造|生产|制造|研制)(?!的|所)"
)


def _first_company(view: SentenceView, before: int) -> Ref | None:
    """The subject company of the text before ``before``: the first one not followed by 旗下/下属/的."""
    for hit in _SUBJECT_COMPANY.finditer(view.masked, 0, before):
        return ref(view, hit.group(1))
    companies = view.tokens(view.masked[:before], "E")
    return Ref("Enterprise", companies[0].name) if companies else None


def rule_supply(view: SentenceView, context: Context) -> Iterator[Output]:
    """X为/向Y供应Z, X是Y的Z供应商, Y的Z由X配套; ，并向Y配套Z (X the sentence's subject)."""
    for hit in _ALSO_SUPPLY.finditer(view.masked):
        supplier = _first_company(view, hit.start())
        if supplier is not None:
            products = list(find_products(view, hit.end(), "supply"))
            yield from _supplies(view, [supplier], refs(view, hit.group(1)), products, "supply-continued")
    for hit in _SUPPLY.finditer(view.masked):
        products = list(find_products(view, hit.end(), "supply"))
        yield from _supplies(view, refs(view, hit.group(1)), refs(view, hit.group(2)), products, "supply")
    for hit in _SUPPLIER_OF.finditer(view.masked):
        products = list(find_products(view, hit.start(3), "supplier-of")) if hit.group(3) else []
        yield from _supplies(view, [ref(view, hit.group(1))], refs(view, hit.group(2)), products, "supplier-of")
    for hit in _SUPPLIED_BY.finditer(view.masked):
        products = list(find_products(view, hit.start(2), "supplied-by"))
        yield from _supplies(view, [ref(view, hit.group(3))], [ref(view, hit.group(1))], products, "supplied-by")
    for hit in _PRODUCT_SUPPLIED.finditer(view.masked):
        products = list(find_products(view, hit.start(2), "product-supplied"))
        yield from _supplies(view, [ref(view, hit.group(1))], refs(view, hit.group(3)), products, "product-supplied")
    for hit in _SUPPLIES_TO.finditer(view.masked):
        supplier = _first_company(view, hit.start())
        if supplier is not None:
            products = list(find_products(view, hit.start(1), "supplies-to"))
            yield from _supplies(view, [supplier], refs(view, hit.group(2)), products, "supplies-to")
    for hit in _ALSO_SUPPLIER_OF.finditer(view.masked):
        supplier = _first_company(view, hit.start())
        if supplier is not None:
            products = list(find_products(view, hit.start(2), "supplier-of")) if hit.group(2) else []
            yield from _supplies(view, [supplier], refs(view, hit.group(1)), products, "supplier-of-continued")


_CODE = r"(?:（[^）⟦]{1,16}）)?"  # a stock code after a name: 龙蟠科技（603906.SH）
_BUYS_FROM = re.compile(
    r"⟦E(\d+)⟧"
    + _CODE
    + ADVERBS
    + r"(?:拟|将|计划|已)?(?:向|从)⟦E(\d+)⟧"
    + _CODE
    + r"(?:采购|订购|购买|采买|下单)(?:了)?"
    r"(?:约|超过|近)?(?:[\d.]+(?:万|亿|千)?(?:吨|台|套|件|片|辆|只|个|颗|GWh|MWh|批)(?:的)?)?"
)
_WINS_FROM = re.compile(
    r"⟦E(\d+)⟧(?:成功|再次|首次)?(?:中标|获得|取得|拿下)了?⟦E(\d+)⟧(?:的)?([^⟦，。；]{0,12}?)(?:定点|订单|项目|采购)"
)


def rule_purchase(view: SentenceView, context: Context) -> Iterator[Output]:
    """Y向X采购Z (X supplies Y with Z); X中标/获得Y的Z定点/订单 (X supplies Y)."""
    for hit in _BUYS_FROM.finditer(view.masked):
        products = list(find_products(view, hit.end(), "purchase"))
        yield from _supplies(view, [ref(view, hit.group(2))], [ref(view, hit.group(1))], products, "purchase")
    for hit in _WINS_FROM.finditer(view.masked):
        products = list(find_products(view, hit.start(3), "wins-from")) if hit.group(3) else []
        yield from _supplies(view, [ref(view, hit.group(1))], [ref(view, hit.group(2))], products, "wins-from")


def _supplies(
    view: SentenceView, suppliers: list[Ref], customers: list[Ref], products: list[NewEntity], rule: str
) -> Iterator[Output]:
    yield from products
    for supplier in suppliers:
        for customer in customers:
            if customer == supplier:
                continue
            sold: list[NewEntity] | list[None] = products or [None]  # no product named: one edge without
            for product in sold:
                props = {"product": product.name} if product is not None else {}
                yield Relation("SUPPLIES", supplier, customer, rule, view.index, props)


_MADE_BY = re.compile(r"⟦E(\d+)⟧(?:自主)?(?:生产|研制|制造|研发|推出|打造)的")
_MAKES = re.compile(
    r"⟦E(\d+)⟧(?:[^⟦，。；]{0,4}?)"
    + ADVERBS
    + r"(?:主营|专注于|致力于|专业)?(?:研发生产|研发制造|生产|制造|研制)(?!的|所|基地|线|车间|能力|成本)"
)
_PRODUCT_SUPPLIED = re.compile(r"⟦E(\d+)⟧的([^⟦，。；]{2,12}?)" + ADVERBS + r"(?:供应|供给|配套)" + E_LIST)


_LINE_OF = re.compile(r"⟦E(\d+)⟧([\u4e00-\u9fff]{2,6}?)行业")
_SUBSIDIARY = re.compile(
    r"⟦E(\d+)⟧(?:旗下|下属|控股)的?⟦E(\d+)⟧|⟦E(\d+)⟧(?:是|为|系)⟦E(\d+)⟧(?:的)?(?:全资|控股)?子公司"
)
_UNIT_OF = re.compile(  # X的核心整车业务单元Y, X控股子公司Y, Y隶属于X
    r"⟦E(\d+)⟧的?(?:[^⟦，。；]{0,8}?)(?:全资子公司|控股子公司|子公司|分公司|业务单元|下属企业)⟦E(\d+)⟧|⟦E(\d+)⟧隶属于?⟦E(\d+)⟧"
)


def rule_subsidiary(view: SentenceView, context: Context) -> Iterator[Output]:
    """X旗下的Y / Y是X的子公司: Y is a subsidiary of X."""
    for hit in _SUBSIDIARY.finditer(view.masked):
        parent, child = (hit.group(1), hit.group(2)) if hit.group(1) else (hit.group(4), hit.group(3))
        yield Relation("SUBSIDIARY_OF", ref(view, child), ref(view, parent), "subsidiary", view.index)
    for hit in _UNIT_OF.finditer(view.masked):
        parent, child = (hit.group(1), hit.group(2)) if hit.group(1) else (hit.group(4), hit.group(3))
        yield Relation("SUBSIDIARY_OF", ref(view, child), ref(view, parent), "unit-of", view.index)


_MAKER_OF = re.compile(
    r"[，；]?(?:是|为|成为)[^，。；⟦]{0,16}?的([^，。；⟦的]{2,12}?)(?:研制生产|生产制造|研发制造|研发生产|制造|生产|研发|研制)(?:企业|商|基地)"
)
_THIS_SITE = re.compile(r"(?:该|本|此)(?:项目|园区|基地|工厂|公司)")
_MADE_JOINTLY = re.compile(r"由" + E_LIST + r"(?:联合|共同|自主)?(?:研制|研发|生产|制造|打造)的([^，。；⟦的]{2,16})")


def rule_maker_of(view: SentenceView, context: Context) -> Iterator[Output]:
    """X…是…最大的Z制造企业: X makes Z."""
    for hit in _MAKER_OF.finditer(view.masked):
        maker = _first_company(view, hit.start()) or company_spoken_of(view, context, _THIS_SITE)  # 该园区…的X生产基地
        clause = view.masked[max(view.masked.rfind(mark, 0, hit.start()) for mark in "，；") + 1 : hit.start()]
        placed = view.tokens(clause, "RP")[-1:] != [] and not view.tokens(clause, "E")
        if maker is None and not placed:
            continue
        term = clean_term(view.plain(hit.start(1), hit.end(1)))
        if context.chain_of(term) is not None:
            continue  # 重要的光伏生产基地: the chain, not a product of it
        start = view.span(hit.start(1), hit.end(1))[0]
        yield NewEntity("Product", term, start, start + len(term), "maker-of")
        if placed or maker is None:
            continue  # 宁德已成为…的X生产基地: a product made there, no company named as its maker
        yield Relation("MAKES", maker, Ref("Product", term), "maker-of", view.index)


def rule_made_jointly(view: SentenceView, context: Context) -> Iterator[Output]:
    """由A、B联合研制的X: each of them makes X."""
    for hit in _MADE_JOINTLY.finditer(view.masked):
        for product in find_products(view, hit.start(2), "made-jointly"):
            yield product
            for maker in refs(view, hit.group(1)):
                yield Relation("MAKES", maker, product.ref, "made-jointly", view.index)


def rule_makes(view: SentenceView, context: Context) -> Iterator[Output]:
    """X生产的Z / X主要生产A、B / X的Z行业: X makes them (unless the sentence is a breakthrough)."""
    if _BREAKTHROUGH_WORDS.search(view.text):
        return
    for hit in _LINE_OF.finditer(view.masked):
        name = view.plain(hit.start(2), hit.end(2))
        start = view.span(hit.start(2), hit.end(2))[0]
        yield NewEntity("Product", name, start, start + len(name), "line-of")
        yield Relation("MAKES", ref(view, hit.group(1)), Ref("Product", name), "line-of", view.index)
    for pattern, rule in ((_MADE_BY, "made-by"), (_MAKES, "makes")):
        for hit in pattern.finditer(view.masked):
            for product in find_products(view, hit.end(), rule):
                yield product
                yield Relation("MAKES", ref(view, hit.group(1)), product.ref, rule, view.index)
    for hit in _ALSO_MAKES.finditer(view.masked):
        maker = _first_company(view, hit.start()) or company_spoken_of(view, context, _THIS_SITE)  # 该园区…的X生产基地
        if maker is None:
            continue
        for product in find_products(view, hit.end(), "makes-continued"):
            yield product
            yield Relation("MAKES", maker, product.ref, "makes-continued", view.index)


TRADE_RULES = (
    (rule_supply, _SUPPLY_CUES),
    (rule_purchase, ("采购", "订购", "购买", "采买", "下单", "中标", "定点", "订单")),
    (rule_subsidiary, ("旗下", "下属", "控股", "子公司", "分公司", "单元", "隶属")),
    (rule_maker_of, ("企业", "商", "基地")),
    (rule_made_jointly, ("由",)),
    (rule_makes, ("生产", "研制", "制造", "研发", "推出", "打造", "行业")),
)

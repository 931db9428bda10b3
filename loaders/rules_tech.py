"""Rules for technologies: breakthroughs, open and attacked bottlenecks, what they block."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from chainkg.loaders.rulebase import (
    STRONG_TOKEN,
    Context,
    NewEntity,
    Output,
    Ref,
    Relation,
    clean_term,
    sentence_year,
    split_terms,
    subject_before,
    technology,
)
from chainkg.loaders.sentence import SentenceView

__all__ = ["TECHNOLOGY_RULES"]

_BREAK_VERB = re.compile(r"(攻克了?|突破了|成功研制出?|研制出|研发出|掌握了|自主研发出?|开发了)")
_BATCH = re.compile(r"(.+?)等一批([^、，。；]+)、?")
_CLAUSE = re.compile(r"[^，。；]*")
_SUBJECT_TOKEN = re.compile(r"⟦[EOR]\d+⟧")


def _clause(text: str, start: int) -> str:
    """The text from ``start`` up to the next ，。； (or the end)."""
    found = _CLAUSE.match(text, start)  # the pattern matches the empty text too: always found
    return found.group(0) if found else ""


def rule_breakthrough_verb(view: SentenceView, context: Context) -> Iterator[Output]:
    """X攻克了A、B等一批<类别>: each item a technology broken through by X."""
    for verb in _BREAK_VERB.finditer(view.masked):
        tail = _clause(view.masked, verb.end())
        if "⟦E" in tail or "⟦R" in tail or (verb.group(1) == "开发了" and "等一批" not in tail):
            continue
        subject = subject_before(view, verb.start(), context)
        if verb.group(1) not in _BREAK_VERBS and not _FRAMED.search(context.paragraph(view.start)):
            yield from _launch(view, tail, subject)  # 研制出X with no bottleneck in its paragraph: a product made
            continue
        groups = _BATCH.findall(tail) or [(tail, "")]
        for items, category in groups:
            for term in split_terms(_plain_tail(view, items)):
                extra = {"category": clean_term(category)} if category else {}
                yield from _technology_by(view, term, "breakthrough", "breakthrough-verb", subject, context, **extra)


_BREAK_VERBS = {"攻克", "攻克了", "突破了", "掌握了"}
_FRAMED = re.compile(r"卡脖子|国产替代|国产化|打破|垄断|填补|空白|突破|依赖进口|瓶颈|受制于人|首台套|自主可控|短板")


def _launch(view: SentenceView, tail: str, subject: Ref | None) -> Iterator[Output]:
    """X研制出A、B: products, made by X when X is a company."""
    for term in split_terms(_plain_tail(view, re.sub(r"等.*$", "", tail))):
        term = re.sub(r"^(?:第一台|第一款|首台|首款|首批|新一代|了)+", "", term)
        if 2 <= len(term) <= 16 and not re.search(r"\d{4}|%|亿", term):
            start = view.start + max(view.text.find(term), 0)
            yield NewEntity("Product", term, start, start + len(term), "launch")
            if subject is not None and subject.label == "Enterprise":
                yield Relation("MAKES", subject, Ref("Product", term), "launch", view.index)


def _plain_tail(view: SentenceView, masked: str) -> str:
    position = view.masked.find(masked)
    return view.plain(position, position + len(masked)) if masked else ""


def _technology_by(
    view: SentenceView, term: str, status: str, rule: str, subject: Ref | None, context: Context, **props: Any
) -> Iterator[Output]:
    for output in technology(view, term, status, rule, context, **props):
        yield output
        if isinstance(output, NewEntity) and subject is not None and status == "breakthrough":
            year = sentence_year(view, context)
            yield Relation("BREAKTHROUGH", subject, output.ref, rule, view.index, {"year": year} if year else {})


_ACHIEVED = re.compile(
    r"(?:取得|实现)了?(?:重大|关键|重要|新的|历史性)?突破|实现了?国产(?:化)?替代|打破了?(?:国外)?(?:技术)?垄断"
)


def rule_term_achieved(view: SentenceView, context: Context) -> Iterator[Output]:
    """T取得突破 / T实现国产替代: the clause before names T (and maybe who made it)."""
    for hit in _ACHIEVED.finditer(view.masked):
        clause_start = max(view.masked.rfind(mark, 0, hit.start()) for mark in "，；：") + 1
        clause = view.masked[clause_start : hit.start()]
        maker = re.match(r"^.*?⟦([EOR])(\d+)⟧(?:(?:自主|联合|成功)?(?:研制|研发|开发|生产|推出))?的", clause)
        subject: Ref | None = context.region
        if maker:
            mention = view.mentions[int(maker.group(2))]
            subject, clause = Ref(mention.label, mention.name), clause[maker.end() :]
            clause_start += maker.end()
        elif _SUBJECT_TOKEN.search(clause):
            continue
        batch = re.match(r"^(.+?)等一批(.+)$", clause)
        items, category = (batch.group(1), clean_term(batch.group(2))) if batch else (clause, "")
        plain = view.plain(clause_start, clause_start + len(items)) if items else ""
        for term in split_terms(plain):
            extra = {"category": category} if category else {}
            yield from _technology_by(view, term, "breakthrough", "term-achieved", subject, context, **extra)


_UNSOLVED = re.compile(
    r"(?:仍然|仍|依然|还|长期|目前仍|至今仍)?(?:主要)?(?:依赖进口|依靠进口|需要进口|需进口|受制于人|被国外垄断|被国外企业垄断|尚未突破|尚未实现国产化|未能突破|尚未攻克|"
    r"(?:产品)?(?:对外|进口)依(?:赖|存)度(?:高达|将近|接近|超过|达到?|约)?[\d.]+%)"
)
_SHORTFALL = re.compile(
    r"[，；](?:这|它|其)?(?:已)?(?:是|成为|被视为|被认为是|被列为)(?:制约)?(?:本地|国内|我国|全省|全市|当地)?"
    r"((?:⟦[RC]\d+⟧)*[^，。；⟦]{0,10}?(?:⟦[CD]\d+⟧)?)(?:配套|产业|产业链|(?:快速|高质量|持续)?发展)?的(?:一块|一个|一项)?(?:主要|关键|最大|突出)?(?:短板|瓶颈|卡脖子环节)"
)
_TACKLING = re.compile(
    r"(?:正在|正|组织|集中|联合|加快|全力|重点|协同)(?:企业|力量|科研力量|各方)?(?:开展)?攻关(?:的)?"
)


def rule_unsolved(view: SentenceView, context: Context) -> Iterator[Output]:
    """T仍依赖进口 / T尚未突破 / T受制于人: an open bottleneck."""
    for hit in _UNSOLVED.finditer(view.masked):
        clause_start = max(view.masked.rfind(mark, 0, hit.start()) for mark in "，；：") + 1
        clause = view.masked[clause_start : hit.start()]
        if not clause or STRONG_TOKEN.search(clause):
            continue
        shortfall = _SHORTFALL.match(view.masked, hit.end())
        for term in split_terms(view.plain(clause_start, hit.start()).rstrip("等")):
            for output in technology(view, term, "unsolved", "unsolved", context):
                yield output
                if shortfall and isinstance(output, NewEntity) and shortfall.end(1) > shortfall.start(1):
                    served = _served_name(view, shortfall.start(1), shortfall.end(1))
                    yield Relation(
                        "BOTTLENECK_OF", output.ref, Ref("Chain", served), "shortfall+application", view.index
                    )


def _served_name(view: SentenceView, start: int, end: int) -> str:
    """What a shortfall hurts: the chain or product named, without the place before it."""
    named = view.tokens(view.masked[start:end], "CD")
    return named[-1].name if named else view.plain(start, end)


def rule_tackling(view: SentenceView, context: Context) -> Iterator[Output]:
    """正在攻关T / 组织攻关A、B: bottlenecks under attack."""
    for hit in _TACKLING.finditer(view.masked):
        tail = _clause(view.masked, hit.end())
        if not tail or STRONG_TOKEN.search(tail):
            continue
        tail = re.sub(r"等.*$", "", tail)
        for term in split_terms(view.plain(hit.end(), hit.end() + len(tail)) if tail else ""):
            yield from technology(view, term, "tackling", "tackling", context)


_FIELD_TACKLED = re.compile(
    r"((?:[^，。；：、⟦⟧“”等]|⟦C\d+⟧){1,14}(?:、(?:[^，。；：、⟦⟧“”等]|⟦C\d+⟧){1,14})*)(等领域|领域)?的?(?:关键|核心|共性)*技术攻关(?!项目|工程|专项|计划)"
)
_TACKLE_LEAD = re.compile(
    r"^.*(?:推动|推进|加强|开展|加快|聚焦|围绕|组织|实施|强化|突出|牵头|参与|持续)(?:了)?(?:我国|国内|全国|全省|全市|本地|企业)?"
)
_NOT_A_FIELD = re.compile(
    r"\d|[一二两三四五六七八九十百千]+[大项个]|[的和与及了在是]|领域|^(?:关键|核心|共性|重大|前沿|产业|科技|重点|联合|协同|集中)"
)


def rule_field_tackling(view: SentenceView, context: Context) -> Iterator[Output]:
    """A、B等领域技术攻关 (each field a technology under attack), 推动X技术攻关 (X技术)."""
    for hit in _FIELD_TACKLED.finditer(view.masked):
        start = hit.start(1) + (lead.end() if (lead := _TACKLE_LEAD.match(hit.group(1))) else 0)
        items = view.plain(start, hit.end(1)).split("、")
        if hit.group(2) is None and len(items) > 1:
            continue
        for item in items:
            term = clean_term(item) if hit.group(2) else clean_term(item) + "技术"
            if 2 <= len(term.removesuffix("技术")) <= 12 and not _NOT_A_FIELD.search(term):
                yield from technology(view, term, "tackling", "field-tackling")


_TIES = re.compile(
    r"是(?:制约)?(?:中国|我国|国内|全国|全省|本地)?⟦C(\d+)⟧(?:产业链?|产业|行业)?(?:发展)?的(?:“)?(?:卡脖子|瓶颈|短板)"
)


def rule_bottleneck_of(view: SentenceView, context: Context) -> Iterator[Output]:
    """T是<链>的卡脖子环节: the technology blocks that chain."""
    for hit in _TIES.finditer(view.masked):
        clause_start = max(view.masked.rfind(mark, 0, hit.start()) for mark in "，；：") + 1
        chain = view.mentions[int(hit.group(1))]
        plain = re.sub(
            r"(?:一直|长期|始终|仍然|仍|依然|已经|已)+$",
            "",
            view.plain(clause_start, hit.start()) if hit.start() > clause_start else "",
        )
        for term in split_terms(plain):
            for output in technology(view, term, "unsolved", "bottleneck-of", context):
                yield output
                if isinstance(output, NewEntity):
                    yield Relation("BOTTLENECK_OF", output.ref, Ref("Chain", chain.name), "bottleneck-of", view.index)


_CHOKE = re.compile(r"([\u4e00-\u9fffA-Za-z0-9]{2,18}?)“?卡脖子”?(?:问题|难题|技术|环节)")
_CHOKE_VERB = re.compile(r"^.*?(为了?解决|为了?破解|解决|破解|攻克了?|突破了?)")
_CHOKE_STATUS = {"解决": "tackling", "破解": "tackling"}


def rule_choke_point(view: SentenceView, context: Context) -> Iterator[Output]:
    """为解决T“卡脖子”问题 (under attack), 攻克了T卡脖子难题 (broken through), T卡脖子问题 (open)."""
    for hit in _CHOKE.finditer(view.masked):
        term = view.plain(hit.start(1), hit.end(1))
        verb = _CHOKE_VERB.match(term)
        if verb:
            term = term[verb.end() :]
        word = re.sub(r"^为了?|了$", "", verb.group(1)) if verb else ""
        status = _CHOKE_STATUS.get(word, "breakthrough" if word else "unsolved")
        term = clean_term(term)
        if len(term) < 2 or (re.search(r"[等的]|攻关|技术$", term) and not term.endswith("器件")):
            continue
        if status == "breakthrough":
            subject = subject_before(view, hit.start(), context)
            yield from _technology_by(view, term, status, "choke-point", subject, context)
        else:
            yield from technology(view, term, status, "choke-point", context)


TECHNOLOGY_RULES = (
    (rule_choke_point, ("卡脖子",)),
    (rule_breakthrough_verb, ("攻克", "突破", "研制出", "研发出", "掌握了", "开发了")),
    (rule_term_achieved, ("突破", "替代", "垄断")),
    (rule_unsolved, ("进口", "受制于人", "垄断", "尚未", "未能", "依赖度", "依存度")),
    (rule_tackling, ("攻关",)),
    (rule_field_tackling, ("技术攻关",)),
    (rule_bottleneck_of, ("卡脖子", "瓶颈", "短板")),
)

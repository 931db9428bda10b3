"""Rules for projects: who runs them and where they are.

- who: ``X投资建设/签约/实施…Y项目``, ``Y项目由X投资``, ``X为项目实施主体`` (the project
  last named), ``X与P签约Y项目``;
- where: ``Y项目落地/落户/位于P`` (in :mod:`.rules_links`), ``在P投资建设Y项目``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from chainkg.loaders.rulebase import ADVERBS, Context, NewEntity, Output, Ref, Relation, clean_term, ref
from chainkg.loaders.sentence import SentenceView

__all__ = ["PROJECT_RULES"]

_INVEST_VERB = r"(?:投资建设|投资兴建|投资|投建|建设|签约|签下|实施|承建|打造|启动|开工)"
_INVESTS = re.compile(
    r"⟦E(\d+)⟧"
    + ADVERBS
    + r"(?:拟|将|计划|正式)?(?:在⟦([RP])(\d+)⟧|与⟦[ROP]\d+⟧)?"
    + _INVEST_VERB
    + r"了?[^⟦。；，]{0,12}?⟦J(\d+)⟧"
)
_RUN_BY = re.compile(r"⟦J(\d+)⟧[^⟦。；]{0,16}?由⟦E(\d+)⟧(?:负责)?(?:投资|建设|实施|承建|投建)")
_MAIN_BODY = re.compile(r"⟦E(\d+)⟧(?:为|是|作为)(?:该|本|此)?项目(?:的)?(?:实施|投资|建设|运营)主体")


_SETTLES = re.compile(
    r"⟦E(\d+)⟧[^⟦，。；]{0,16}?的([^⟦，。；的]{2,20}?)(?:正式|成功|顺利)?(?:落户|落地|入驻|建成投产|投产)(?:于|在)?⟦([PR])(\d+)⟧"
)


def rule_settles(view: SentenceView, context: Context) -> Iterator[Output]:
    """X总投资31亿元的Y正式落户P: Y is X's project, in P."""
    for hit in _SETTLES.finditer(view.masked):
        name = clean_term(view.plain(hit.start(2), hit.end(2)))
        if len(name) < 3 or re.search(r"亿|万|%", name):
            continue
        start = view.span(hit.start(2), hit.end(2))[0]
        yield NewEntity("Project", name, start, start + len(name), "settles")
        yield Relation("OPERATES", ref(view, hit.group(1)), Ref("Project", name), "settles", view.index)
        yield Relation("LOCATED_IN", Ref("Project", name), ref(view, hit.group(4)), "settles", view.index)


_UNDER_WAY = re.compile(
    r"((?:[^，。；、⟦]{2,20}、)*[^，。；、⟦]{2,20})等(?:项目|重点项目|重大项目)?(?:加快推进|开工建设|建成投产|开工|投产|竣工|落地|签约)"
)


def rule_projects_under_way(view: SentenceView, context: Context) -> Iterator[Output]:
    """A、B等开工建设 / X等项目加快推进: the works named are projects."""
    for hit in _UNDER_WAY.finditer(view.masked):
        cursor = hit.start(1)
        for part in hit.group(1).split("、"):
            begin = view.masked.index(part, cursor)
            cursor = begin + len(part)
            if re.search(r"[\d一二三四五六七八九十百千]+(?:个|家|项)|项目$|^(?:其中|已|目前|全市|全省)", part):
                continue  # a count or a project the form already names
            name = clean_term(view.plain(begin, begin + len(part)))
            if 4 <= len(name) <= 20:
                start = view.span(begin, begin + len(part))[0]
                yield NewEntity("Project", name, start, start + len(name), "under-way")


def rule_operates(view: SentenceView, context: Context) -> Iterator[Output]:
    """X投资建设Y项目 / Y项目由X投资 / X为项目实施主体: X runs the project (and 在P…: it is in P)."""
    for hit in _INVESTS.finditer(view.masked):
        project = ref(view, hit.group(4))
        yield Relation("OPERATES", ref(view, hit.group(1)), project, "invests", view.index)
        if hit.group(3):
            yield Relation("LOCATED_IN", project, ref(view, hit.group(3)), "invests-in", view.index)
    for hit in _RUN_BY.finditer(view.masked):
        yield Relation("OPERATES", ref(view, hit.group(2)), ref(view, hit.group(1)), "run-by", view.index)
    for site in view.tokens(view.masked, "J"):  # 中联重科X工业园 being built: the company's own project
        if site.rule == "company-site" and (
            owner := next((m for m in context.inside(site) if m.label == "Enterprise"), None)
        ):
            yield Relation(
                "OPERATES", Ref("Enterprise", owner.name), Ref("Project", site.name), "company-site", view.index
            )
    for hit in _MAIN_BODY.finditer(view.masked):
        named = view.tokens(view.masked, "J")
        operated = named[-1] if named else context.last_project
        if operated is not None:
            yield Relation("OPERATES", ref(view, hit.group(1)), Ref("Project", operated.name), "main-body", view.index)


PROJECT_RULES = (
    (rule_projects_under_way, ("开工", "投产", "竣工", "落地", "签约", "加快推进")),
    (rule_settles, ("落户", "落地", "入驻", "投产")),
    (rule_operates, ("⟦J", "投资", "投建", "建设", "签约", "签下", "实施", "承建", "打造", "启动", "开工", "主体")),
)

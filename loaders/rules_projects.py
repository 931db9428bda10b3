"""Rules for projects: who runs them and where they are.

- who: ``X投资建设/签约/实施…Y项目``, ``Y项目由X投资``, ``X为项目实施主体`` (the project
  last named), ``X与P签约Y项目``;
- where: ``Y项目落地/落户/位于P`` (in :mod:`.rules_links`), ``在P投资建设Y项目``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from .rulebase import ADVERBS, Context, Output, Ref, Relation, ref
from .sentence import SentenceView

__all__ = ["PROJECT_RULES"]

_INVEST_VERB = r"(?:投资建设|投资兴建|投资|投建|建设|签约|签下|实施|承建|打造|启动|开工)"
_INVESTS = re.compile(
    r"⟦E(\d+)⟧" + ADVERBS + r"(?:拟|将|计划|正式)?(?:在⟦([RP])(\d+)⟧|与⟦[ROP]\d+⟧)?" + _INVEST_VERB + r"了?[^⟦。；，]{0,12}?⟦J(\d+)⟧"
)
_RUN_BY = re.compile(r"⟦J(\d+)⟧[^⟦。；]{0,16}?由⟦E(\d+)⟧(?:负责)?(?:投资|建设|实施|承建|投建)")
_MAIN_BODY = re.compile(r"⟦E(\d+)⟧(?:为|是|作为)(?:该|本|此)?项目(?:的)?(?:实施|投资|建设|运营)主体")


def rule_operates(view: SentenceView, context: Context) -> Iterator[Output]:
    """X投资建设Y项目 / Y项目由X投资 / X为项目实施主体: X runs the project (and 在P…: it is in P)."""
    for hit in _INVESTS.finditer(view.masked):
        project = ref(view, hit.group(4))
        yield Relation("OPERATES", ref(view, hit.group(1)), project, "invests", view.index)
        if hit.group(3):
            yield Relation("LOCATED_IN", project, ref(view, hit.group(3)), "invests-in", view.index)
    for hit in _RUN_BY.finditer(view.masked):
        yield Relation("OPERATES", ref(view, hit.group(2)), ref(view, hit.group(1)), "run-by", view.index)
    for hit in _MAIN_BODY.finditer(view.masked):
        named = view.tokens(view.masked, "J")
        project = named[-1] if named else context.last_project
        if project is not None:
            yield Relation("OPERATES", ref(view, hit.group(1)), Ref("Project", project.name), "main-body", view.index)


PROJECT_RULES = ((rule_operates, ("投资", "投建", "建设", "签约", "签下", "实施", "承建", "打造", "启动", "开工", "主体")),)

"""Property-based tests of the model (hypothesis): applying facts is idempotent and does not depend
on their order, alias folds included.

Facts are drawn from a small pool of names that collide on purpose: short names that are aliases
of full ones (中联 / 中联重科), a short name that is an alias of two companies (三一), spellings of
one name that normalise alike (Zoomlion / ZOOMLION / Ｚｏｏｍｌｉｏｎ). Properties are fixed per
node id, so no two facts disagree on a value (where they do, the first one wins by design).
"""

from __future__ import annotations

import re
import unicodedata

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chainkg.errors import BadRowsError, SchemaError
from chainkg.graph.facts import EdgeFact, NodeFact, NodeRef, apply_facts
from chainkg.graph.identity import node_id, normalise_name
from chainkg.graph.io.nodelink import dumps_graph_json
from chainkg.graph.model import KnowledgeGraph

ENTERPRISES = [
    "中联",
    "中联重科",
    "中联重科股份有限公司",
    "Zoomlion",
    "ZOOMLION",
    "Ｚｏｏｍｌｉｏｎ",
    "三一",
    "三一重工",
    "三一集团",
    "山河",
    "山河智能",
    "“山河智能”",
]
PRODUCTS = ["液压件", "泵", "阀"]
REGIONS = ["长沙", "株洲", None]


def region_of(name: str) -> str | None:
    """One region per node id (spellings of one id agree), sometimes none."""
    return REGIONS[sum(map(ord, node_id("Enterprise", name))) % len(REGIONS)]


@st.composite
def node_facts(draw: st.DrawFn) -> NodeFact:
    name = draw(st.sampled_from(ENTERPRISES))
    aliases = draw(st.lists(st.sampled_from(ENTERPRISES), max_size=3, unique=True))
    line = draw(st.integers(1, 5))
    props = {"region": region_of(name)} if draw(st.booleans()) and region_of(name) else {}
    return NodeFact("Enterprise", name, tuple(aliases), props, ({"path": "n.csv", "line": line},), f"n.csv:{line}")


@st.composite
def edge_facts(draw: st.DrawFn) -> EdgeFact:
    line = draw(st.integers(1, 5))
    evidence = ({"path": "e.csv", "line": line},)
    source = NodeRef(draw(st.sampled_from(ENTERPRISES)), "Enterprise")
    if draw(st.booleans()):
        product = draw(st.sampled_from(PRODUCTS))
        return EdgeFact("MAKES", source, NodeRef(product, "Product"), {}, evidence, f"e.csv:{line}")
    target = NodeRef(draw(st.sampled_from(ENTERPRISES)), "Enterprise")
    product = draw(st.sampled_from(PRODUCTS))
    return EdgeFact("SUPPLIES", source, target, {"product": product}, evidence, f"e.csv:{line}")


PRODUCT_FACTS = [NodeFact("Product", p, (), {"stage": "midstream"}, ({"path": "p.csv", "line": 1},)) for p in PRODUCTS]
facts_lists = st.tuples(st.lists(node_facts(), min_size=1, max_size=8), st.lists(edge_facts(), max_size=6)).map(
    lambda parts: [*parts[0], *PRODUCT_FACTS, *parts[1]]
)


def outcome(facts: list, kg: KnowledgeGraph | None = None) -> str:
    """graph.json of the facts applied (to ``kg`` or a new graph), or the kind of error they raise."""
    try:
        return dumps_graph_json(apply_facts(kg or KnowledgeGraph(), facts))
    except (SchemaError, BadRowsError):  # BadRowsError: edges naming unknown nodes, all of them
        return "SchemaError"  # that they fail, not which fact fails first


SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(facts_lists)
def test_applying_the_same_facts_twice_is_the_same_as_once(facts: list) -> None:
    once = outcome(facts)
    assert outcome(facts + facts) == once
    if not once.startswith("SchemaError"):
        assert outcome(facts, apply_facts(KnowledgeGraph(), facts)) == once


@SETTINGS
@given(facts_lists.flatmap(lambda facts: st.tuples(st.just(facts), st.permutations(facts))))
def test_the_order_of_the_facts_does_not_change_the_graph(pair: tuple[list, list]) -> None:
    facts, shuffled = pair
    assert outcome(shuffled) == outcome(facts)


def test_a_short_name_that_becomes_ambiguous_later_stays_apart_whatever_the_order() -> None:
    """三一 listed by both 三一重工 and 三一集团: with the short-name node first, between or last."""
    short = NodeFact("Enterprise", "三一", (), {}, ({"line": 1},))
    heavy = NodeFact("Enterprise", "三一重工", ("三一",), {}, ({"line": 2},))
    group = NodeFact("Enterprise", "三一集团", ("三一",), {}, ({"line": 3},))
    results = {outcome(order) for order in ([short, heavy, group], [heavy, short, group], [heavy, group, short])}
    assert len(results) == 1
    assert '"id":"Enterprise:三一"' in results.pop()


def test_spellings_of_one_name_give_the_same_node_whatever_comes_first() -> None:
    spellings = [NodeFact("Enterprise", name) for name in ("Zoomlion", "ZOOMLION", "Ｚｏｏｍｌｉｏｎ")]
    assert outcome(spellings) == outcome(spellings[::-1])


WHITESPACE = [chr(c) for c in range(0x110000) if chr(c).isspace()]


@settings(max_examples=500, deadline=None)
@given(
    st.text(alphabet=st.one_of(st.sampled_from(WHITESPACE + list("\"'“”《》 aA中Ｚ")), st.characters()), max_size=12)
)
def test_normalise_name_is_its_definition(text: str) -> None:
    """NFKC, case-folded, every run of Unicode whitespace one space, quotes then spaces off the ends."""
    folded = re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text).casefold()).strip()
    assert normalise_name(text) == folded.strip("\"'“”‘’《》「」『』〈〉【】").strip()

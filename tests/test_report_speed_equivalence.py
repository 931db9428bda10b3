"""The array-based report and analytics give exactly what the plain definitions give.

The report reads SUPPLIES and MAKES once into numpy arrays (chainkg.graph.analysis.supply) and
computes dominators, concentration and regional completeness on them. Here a
straightforward implementation of the same definitions (networkx dominators and
descendants, Python dicts, the edges walked in sorted order: the code the report had
before it was made fast) is the reference, on hypothesis-made graphs and on the examples.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers import frozen
from hypothesis import given, settings
from hypothesis import strategies as st
from reference import ref_concentration, ref_criticality, ref_regions, ref_report

from chainkg.graph.analysis import analytics
from chainkg.graph.analysis.report import chain_report, render_markdown
from chainkg.graph.facts import apply_facts, consume
from chainkg.graph.model import KnowledgeGraph
from chainkg.loaders import DocumentOptions, load_inputs

ROOT = Path(__file__).resolve().parents[1]

# -- the reference: the definitions as plain loops -------------------------------------------


# -- graphs -------------------------------------------------------------------------------------

ENTERPRISES = [f"企业{i:02d}" for i in range(14)]
PLACES = [
    ("Region", "湖南"),
    ("Region", "长沙"),
    ("Region", "株洲"),
    ("Region", "湘潭"),
    ("Park", "园区甲"),
    ("Park", "园区乙"),
]
PRODUCTS = [f"产品{i}" for i in range(6)]
CHAINS = ["链甲", "链乙", "链丙"]
TECHS = ["技术一", "技术二", "技术三"]
VOLUMES = [None, None, 1.0, 2.5, 2.5, 10.0, 0.1, 1e-3]

enterprise = st.sampled_from(ENTERPRISES)
place = st.sampled_from(PLACES)


@st.composite
def graphs(draw: st.DrawFn) -> KnowledgeGraph:
    """A small graph of every kind of edge the report reads, rings and repeats included."""
    kg = KnowledgeGraph()
    for name in draw(st.lists(enterprise, min_size=1, max_size=14, unique=True)):
        kg.add_node("Enterprise", name)
    for label, name in PLACES:
        kg.add_node(label, name)
    for name in PRODUCTS:
        kg.add_node("Product", name, stage=draw(st.sampled_from([None, "upstream", "midstream"])))
    for name in CHAINS:
        kg.add_node("Chain", name, evidence=[{"path": "chains.csv", "line": CHAINS.index(name) + 2}])
    for name in TECHS:
        kg.add_node("Technology", name, status=draw(st.sampled_from([None, "tackling"])))
    ids = [nid for nid, _ in kg.node_items("Enterprise")]
    names = {nid: kg.name_of(nid) for nid in ids}
    for source, target in draw(st.lists(st.tuples(place, place), max_size=8)):  # place hierarchies, cycles too
        if source[0] == "Park" or target[0] == "Region":
            kg.link("LOCATED_IN", source, target)
    for who, where in draw(st.lists(st.tuples(st.sampled_from(ids), place), max_size=16)):
        kg.link("LOCATED_IN", ("Enterprise", names[who]), where)
    for who, product in draw(st.lists(st.tuples(st.sampled_from(ids), st.sampled_from(PRODUCTS)), max_size=20)):
        kg.link("MAKES", ("Enterprise", names[who]), ("Product", product))
    for product, chain in draw(
        st.lists(st.tuples(st.sampled_from(PRODUCTS), st.sampled_from(CHAINS + PRODUCTS)), max_size=10)
    ):
        kg.link(
            "PART_OF", ("Product", product), ("Chain" if chain in CHAINS else "Product", chain)
        )  # narrower products too
    for source, target, product, volume in draw(
        st.lists(
            st.tuples(
                st.sampled_from(ids),
                st.sampled_from(ids),
                st.sampled_from(["钢材", "轴承", "电机"]),
                st.sampled_from(VOLUMES),
            ),
            max_size=40,
        )
    ):
        kg.link(
            "SUPPLIES", ("Enterprise", names[source]), ("Enterprise", names[target]), product=product, volume=volume
        )
    for tech, blocked in draw(
        st.lists(st.tuples(st.sampled_from(TECHS), st.sampled_from(PRODUCTS + CHAINS)), max_size=5)
    ):
        kg.link("BOTTLENECK_OF", ("Technology", tech), ("Chain" if blocked in CHAINS else "Product", blocked))
    for who, tech, year in draw(
        st.lists(st.tuples(st.sampled_from(ids), st.sampled_from(TECHS), st.sampled_from([None, 2023])), max_size=4)
    ):
        kg.link("BREAKTHROUGH", ("Enterprise", names[who]), ("Technology", tech), year=year)
    return kg


@settings(max_examples=150, deadline=None)
@given(graphs())
def test_the_report_matches_the_definitions(kg: KnowledgeGraph) -> None:
    want = ref_report(kg)
    report = chain_report(kg)
    assert report == want
    assert json.dumps(report, sort_keys=True) == json.dumps(want, sort_keys=True)
    assert chain_report(frozen(kg)) == want


@settings(max_examples=150, deadline=None)
@given(graphs(), st.sampled_from([None, {"钢材"}, {"轴承", "电机", "没有"}]))
def test_analytics_match_the_definitions(kg: KnowledgeGraph, products: set[str] | None) -> None:
    assert analytics.supplier_criticality(kg) == ref_criticality(kg)
    assert analytics.supplier_concentration(kg, products) == ref_concentration(kg, products)
    regions_of = analytics.located_regions(kg)
    for nid, _ in kg.node_items():
        assert regions_of(nid) == ref_regions(kg, nid)


def test_a_nan_volume_takes_the_plain_walk() -> None:
    kg = KnowledgeGraph()
    for name in "甲乙丙":
        kg.add_node("Enterprise", name)
    kg.link("SUPPLIES", ("Enterprise", "甲"), ("Enterprise", "丙"), product="钢材", volume=float("nan"))
    kg.link("SUPPLIES", ("Enterprise", "乙"), ("Enterprise", "丙"), product="钢材", volume=3.0)
    kg.link("SUPPLIES", ("Enterprise", "乙"), ("Enterprise", "甲"), product="轴承", volume=float("inf"))
    got = analytics.supplier_concentration(kg)
    assert json.dumps(got) == json.dumps(ref_concentration(kg))  # NaN != NaN, so compare the text
    assert [row["basis"] for row in got] == ["volume", "volume"]


@pytest.mark.parametrize("example", ["hunan", "supplier_list"])
def test_the_examples_report_as_defined(example: str) -> None:
    kg = apply_facts(KnowledgeGraph(), consume(load_inputs([ROOT / "examples" / example], DocumentOptions())))
    report, want = chain_report(kg), ref_report(kg)
    assert report["chains"], "the example has chains"
    assert report == want
    assert render_markdown(report) == render_markdown(want)
    assert chain_report(frozen(kg)) == want


def tiny_graphs() -> list[KnowledgeGraph]:
    """No nodes; a chain with a product and nothing else; an enterprise supplying only itself."""
    empty, bare, alone = KnowledgeGraph(), KnowledgeGraph(), KnowledgeGraph()
    for kg in (bare, alone):
        kg.add_node("Chain", "链")
        kg.add_node("Product", "产品")
        kg.link("PART_OF", ("Product", "产品"), ("Chain", "链"))
    alone.add_node("Enterprise", "甲")
    alone.link("SUPPLIES", ("Enterprise", "甲"), ("Enterprise", "甲"), product="产品")
    alone.link("MAKES", ("Enterprise", "甲"), ("Product", "产品"))
    return [empty, bare, alone]


@pytest.mark.parametrize("kg", tiny_graphs(), ids=["empty", "bare chain", "self-supply"])
def test_tiny_graphs_report_as_defined(kg: KnowledgeGraph) -> None:
    assert chain_report(kg) == ref_report(kg)
    assert analytics.supplier_criticality(kg) == ref_criticality(kg)
    assert analytics.supplier_concentration(kg) == ref_concentration(kg)

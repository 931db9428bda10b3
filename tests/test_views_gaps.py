"""The gaps view counts a product's sources as chain_gaps, the report and what-if do
(``analytics.sources_of``): the enterprises that make it or supply it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from chainkg.graph.analysis import analytics
from chainkg.graph.io.nodelink import read_graph_json
from chainkg.graph.model import KnowledgeGraph
from chainkg.graph.views import GraphIndex, make_scene
from chainkg.queries.runner import open_store, run_named


@pytest.fixture(scope="module")
def kg(built_example: Path) -> KnowledgeGraph:
    return read_graph_json(built_example / "graph.json")


def direct_products(kg: KnowledgeGraph) -> dict[str, set[str]]:
    """Chain name -> names of the products PART_OF it (the products the gaps view counts)."""
    found: dict[str, set[str]] = {kg.name_of(c): set() for c, _ in kg.node_items("Chain")}
    for source, target in kg.pairs("PART_OF"):
        if kg.label_of(source) == "Product" and kg.label_of(target) == "Chain":
            found[kg.name_of(target)].add(kg.name_of(source))
    return found


def view_gaps(kg: KnowledgeGraph, chain: str | None = None) -> set[str]:
    scene = make_scene(GraphIndex(kg), "gaps", chain=chain)
    return {node.name for node in scene.nodes.values() if node.mark == "gap"}


def test_the_gaps_view_chain_gaps_and_the_report_agree_on_products_with_no_source(
    built_example: Path, kg: KnowledgeGraph
) -> None:
    """On the example 液压件 has no maker but 衡岳液压 supplies it: a source, so not a gap anywhere."""
    chains = direct_products(kg)
    report = {c["chain"]["name"]: c for c in json.loads((built_example / "report.json").read_text("utf-8"))["chains"]}
    sources = analytics.sources_of(kg)
    named = {name for products in chains.values() for name in products}
    by_sources = {name for name in named if not sources.get(kg.resolve("Product", name))}
    with open_store("embedded", built_example) as store:
        for chain, products in sorted(chains.items()):
            _, rows = run_named(store, "embedded", "chain_gaps", {"chain": chain, "region": "湖南"})
            columns = [
                "product",
                "stage",
                "status",
                "local_sources",
                "sources_elsewhere",
                "local_kind",
                "kind_elsewhere",
            ]
            found = [dict(zip(columns, row)) for row in rows]
            queried = {
                r["product"] for r in found if r["local_sources"] == 0 and r["sources_elsewhere"] == 0
            } & products
            reported = {g["name"] for g in report.get(chain, {}).get("gaps", []) if g["status"] == "gap"} & products
            assert view_gaps(kg, chain) == queried == reported == by_sources & products, chain
    assert view_gaps(kg) == by_sources
    assert "液压件" not in view_gaps(kg) and not analytics.makers_of(kg).get(kg.resolve("Product", "液压件"))
    assert view_gaps(kg, "工程机械") == set()  # every product of 工程机械 has a maker or a supplier


def test_a_supplier_alone_takes_a_product_off_the_gaps_view() -> None:
    kg = KnowledgeGraph()
    kg.add_node("Chain", "链")
    for name in ("泵", "阀", "轴"):
        kg.add_node("Product", name)
        kg.link("PART_OF", ("Product", name), ("Chain", "链"))
    for name in ("甲", "乙"):
        kg.add_node("Enterprise", name)
    kg.link("MAKES", ("Enterprise", "甲"), ("Product", "泵"))
    kg.link("SUPPLIES", ("Enterprise", "乙"), ("Enterprise", "甲"), product="阀")
    kg.link("SUPPLIES", ("Enterprise", "甲"), ("Enterprise", "乙"), product="不是产品")
    assert view_gaps(kg) == {"轴"}
    assert {kg.name_of(p) for p in analytics.sources_of(kg)} == {"泵", "阀"}


@pytest.mark.parametrize("region", ["长沙", "株洲", "湖南"])
def test_the_chain_view_s_gap_slots_are_chain_gaps_for_the_region(
    built_example: Path, kg: KnowledgeGraph, region: str
) -> None:
    """A slot stands under a product with no maker and no supplier in the region (液压件: 衡岳液压, in 长沙)."""
    index = GraphIndex(kg)
    with open_store("embedded", built_example) as store:
        for chain, products in sorted(direct_products(kg).items()):
            if not products:
                continue
            columns, rows = run_named(store, "embedded", "chain_gaps", {"chain": chain, "region": region})
            gaps = {row[columns.index("product")] for row in rows if row[columns.index("status")] == "gap"} & products
            scene = make_scene(index, "chain", chain=chain, region=region)
            slots = {kg.name_of(node.key.split("|", 1)[1]) for node in scene.nodes.values() if node.kind == "slot"}
            assert slots == gaps, (chain, region)

"""The plain definitions the fast code is tested against: dominated counts through networkx's
immediate_dominators, and the chain report as Python loops over the model (the code the report
had before it was made fast)."""

from __future__ import annotations

import heapq
from collections import defaultdict
from typing import Any

import networkx as nx

from chainkg.graph.analysis import analytics
from chainkg.graph.analysis.report import _cite, _named
from chainkg.graph.analysis.supply import concentration_rows
from chainkg.graph.model import KnowledgeGraph

__all__ = ["ref_concentration", "ref_criticality", "ref_regions", "ref_report", "reference_dominated"]

ROOT = "\x00root"


def reference_dominated(nodes: list[str], edges: list[tuple[str, str]]) -> dict[str, int]:
    """The definition, through networkx: root one (the smallest) member of every source component."""
    graph = nx.DiGraph()
    graph.add_nodes_from(nodes)
    graph.add_edges_from((a, b) for a, b in edges if a != b)
    if not graph:
        return {}
    condensed = nx.condensation(graph)
    rooted = graph.copy()
    for component in condensed:
        if condensed.in_degree(component) == 0:
            rooted.add_edge(ROOT, min(condensed.nodes[component]["members"]))
    idom = nx.immediate_dominators(rooted, ROOT)
    counts: dict[str, int] = defaultdict(int)
    for node, parent in idom.items():
        while node != ROOT and parent != ROOT:
            counts[parent] += 1
            parent = idom[parent]
    return dict(counts)


def ref_criticality(kg: KnowledgeGraph) -> list[dict[str, Any]]:
    customers: dict[str, set[str]] = defaultdict(set)
    for source, target in kg.pairs("SUPPLIES"):
        if source != target:
            customers[source].add(target)
    if not customers:
        return []
    enterprises = [node["id"] for node in kg.nodes("Enterprise")]
    exact = len(enterprises) <= analytics.BETWEENNESS_EXACT_MAX
    betweenness = nx.betweenness_centrality(analytics.supply_network(kg), normalized=True) if exact else {}
    everything = sorted({*enterprises, *(s for s, _ in kg.pairs("SUPPLIES")), *(t for _, t in kg.pairs("SUPPLIES"))})
    dominated = reference_dominated(everything, kg.pairs("SUPPLIES"))
    rows = [
        {
            "supplier": kg.name_of(n),
            "id": n,
            "customers": len(served),
            "dependents": dominated.get(n, 0),
            "betweenness": round(betweenness[n], 6) if exact else None,
        }
        for n, served in customers.items()
    ]
    return sorted(rows, key=lambda r: (-r["dependents"], -(r["betweenness"] or 0.0), r["supplier"]))


def ref_concentration(kg: KnowledgeGraph, products: set[str] | None = None) -> list[dict[str, Any]]:
    shares: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    by_volume: dict[str, bool] = defaultdict(lambda: True)
    for source, _, _, attrs in kg.edges("SUPPLIES"):  # sorted: the order the shares add up in
        product = attrs.get("product", "")
        if products is not None and product not in products:
            continue
        volume = attrs.get("volume")
        by_volume[product] &= volume is not None
        shares[product][source] += volume if volume is not None else 1.0
    return concentration_rows(kg, shares, by_volume)


def ref_regions(kg: KnowledgeGraph, nid: str) -> frozenset[str]:
    located = nx.DiGraph(kg.pairs("LOCATED_IN"))
    if nid not in located:
        return frozenset()
    return frozenset(kg.name_of(n) for n in nx.descendants(located, nid) if kg.label_of(n) == "Region")


def ref_report(kg: KnowledgeGraph) -> dict[str, Any]:
    """The report by the definitions, as it was computed before the arrays."""
    parts, makers_of = analytics.chain_products(kg), analytics.makers_of(kg)
    suppliers_of, sources_of = analytics.suppliers_of(kg), analytics.sources_of(kg)
    suppliers, blocked, breakers = defaultdict(set), defaultdict(set), defaultdict(list)
    for source, target in kg.pairs("SUPPLIES"):
        suppliers[target].add(source)
    for source, target in kg.pairs("BOTTLENECK_OF"):
        blocked[target].add(source)
    for source, target, _, attrs in kg.edges("BREAKTHROUGH"):
        breakers[target].append(kg.node(source)["name"] + (f" ({attrs['year']})" if attrs.get("year") else ""))
    local = {
        p: frozenset().union(*(ref_regions(kg, m) for m in who)) for p, who in sources_of.items()
    }  # a maker or a supplier there
    critical = {row["id"]: row for row in ref_criticality(kg)}
    concentration = {row["product"]: row for row in ref_concentration(kg)}
    chains = []
    for chain in kg.nodes("Chain"):
        products = parts.get(chain["id"], [])
        makers = {p: sorted(makers_of.get(p, ())) for p in products}
        regions = sorted(frozenset().union(*(local.get(p, ()) for p in products)))
        feeding = {s for ms in makers.values() for m in ms for s in suppliers.get(m, ())}
        top = heapq.nsmallest(
            10,
            (critical[s] for s in feeding if s in critical),
            key=lambda r: (-r["dependents"], -r["customers"], r["supplier"]),
        )
        chains.append(
            {
                "chain": _named(chain),
                "products": len(products),
                "completeness": [ref_completeness(kg, chain["name"], products, local, region) for region in regions],
                "gaps": [
                    {
                        **_named(kg.node(p)),
                        "stage": kg.node(p).get("stage"),
                        "status": "gap" if not sources_of.get(p) else "thin",
                        "makers": [kg.node(m)["name"] for m in ms],
                        "suppliers": [kg.node(m)["name"] for m in sorted(suppliers_of.get(p, ()))],
                    }
                    for p, ms in sorted(makers.items())
                    if len(sources_of.get(p, ())) <= 1
                ],
                "bottlenecks": [
                    {
                        **_named(kg.node(t)),
                        "status": kg.node(t).get("status") or "unsolved",
                        "broken_by": sorted(breakers.get(t, [])),
                    }
                    for t in sorted(set(blocked.get(chain["id"], ())).union(*(blocked.get(p, ()) for p in products)))
                ],
                "critical_suppliers": [{**row, "evidence": _cite(kg.node(row["id"]))} for row in top],
                "concentration": [
                    {**concentration[name], "evidence": _cite(kg.node(p))}
                    for name, p in sorted((kg.name_of(p), p) for p in products)
                    if name in concentration
                ],
            }
        )
    return {"chains": chains}


def ref_completeness(
    kg: KnowledgeGraph, chain: str, products: list[str], local: dict[str, frozenset[str]], region: str
) -> dict[str, Any]:
    here = {p for p in products if region in local.get(p, ())}
    share = len(here) / len(products) if products else 0.0
    missing = [kg.node(p)["name"] for p in sorted(products) if p not in here]
    return {
        "chain": chain,
        "region": region,
        "products": len(products),
        "local": len(here),
        "share": round(share, 4),
        "missing": missing,
    }

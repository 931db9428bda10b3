"""Analytics on the graph: critical suppliers, what-if disruption, chain completeness, concentration.

Criticality and concentration work on the supply network as arrays (:mod:`chainkg.graph.analysis.supply`),
which the report reads once for both.

>>> kg = KnowledgeGraph()
>>> for name in ("甲", "乙", "丙"):
...     _ = kg.add_node("Enterprise", name)
>>> _ = kg.link("SUPPLIES", ("Enterprise", "甲"), ("Enterprise", "乙"), product="轴承")
>>> _ = kg.link("SUPPLIES", ("Enterprise", "乙"), ("Enterprise", "丙"), product="减速器")
>>> [(row["supplier"], row["dependents"]) for row in supplier_criticality(kg)]
[('甲', 2), ('乙', 1)]
>>> what_if(kg, "乙")["lost_only_supplier"]
[{'customer': '丙', 'product': '减速器'}]
"""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Callable, Mapping
from typing import Any

import numpy as np

from chainkg.errors import SchemaError
from chainkg.graph.analysis.supply import (
    BETWEENNESS_EXACT_MAX,
    Criticality,
    Supplies,
    concentration,
    reach,
    region_names,
    supply_network,
)
from chainkg.graph.lookup import unknown_name
from chainkg.graph.model import KnowledgeGraph

__all__ = [
    "BETWEENNESS_EXACT_MAX",
    "chain_completeness",
    "chain_products",
    "completeness",
    "completeness_table",
    "located_regions",
    "maker_regions",
    "makers_of",
    "sources_of",
    "supplier_concentration",
    "supplier_criticality",
    "suppliers_of",
    "supply_network",
    "what_if",
]

_NONE: frozenset[str] = frozenset()


def supplier_criticality(
    kg: KnowledgeGraph, betweenness_max_nodes: int = BETWEENNESS_EXACT_MAX, *, supplies: Supplies | None = None
) -> list[dict[str, Any]]:
    """Suppliers with their betweenness and *dependents*: the downstream enterprises whose every
    supply path from the start of the chain runs through them (they dominate them).

    Betweenness costs O(nodes x edges) (3 s at 1,000 enterprises with five supplies each, about
    5 minutes at 100k even when sampled), so above ``betweenness_max_nodes`` it is left out (None).
    ``supplies``: the graph's :class:`Supplies` when the caller has read them already."""
    supplies = supplies or Supplies.of(kg)
    critical = Criticality.of(kg, supplies, betweenness_max_nodes)
    rows = [critical.row(kg, supplies, i) for i in np.flatnonzero(critical.customers).tolist()]
    return sorted(rows, key=lambda r: (-r["dependents"], -(r["betweenness"] or 0.0), r["supplier"]))


def located_regions(kg: KnowledgeGraph) -> Callable[[str], frozenset[str]]:
    """A lookup: node id -> names of the regions it is in, through parks and parent regions
    (every Region it reaches over LOCATED_IN, itself left out)."""
    succ: dict[str, list[str]] = defaultdict(list)
    for source, target in kg.pairs("LOCATED_IN"):
        succ[source].append(target)
    inner = {target for targets in succ.values() for target in targets}  # what can be reached again

    def named(nids: set[str]) -> frozenset[str]:
        return region_names(kg, nids)

    @functools.cache
    def with_self(nid: str) -> frozenset[str]:  # nid and all it reaches, for nodes nothing outside reaches
        return named({nid}) | regions_of(nid)

    @functools.cache
    def regions_of(nid: str) -> frozenset[str]:
        targets = succ.get(nid)
        if not targets:
            return _NONE
        if nid in inner:  # it may be on a cycle: walk, leaving it out like networkx's descendants
            return named(reach(succ, nid))
        return with_self(targets[0]).union(*map(with_self, targets[1:])) if len(targets) > 1 else with_self(targets[0])

    return regions_of


def makers_of(kg: KnowledgeGraph) -> dict[str, set[str]]:
    """Product id -> ids of the enterprises that make it (the index what-if, completeness and the report share)."""
    makers: dict[str, set[str]] = defaultdict(set)
    for source, target in kg.pairs("MAKES"):
        makers[target].add(source)
    return makers


def suppliers_of(kg: KnowledgeGraph) -> dict[str, set[str]]:
    """Product id -> ids of the enterprises that supply it: a SUPPLIES edge whose ``product`` is
    the product's name (as the queries match it: ``r.product = p.name``)."""
    product_id = {kg.name_of(nid): nid for nid, _ in kg.node_items("Product")}
    suppliers: dict[str, set[str]] = defaultdict(set)
    for (source, _), product in zip(kg.pairs("SUPPLIES"), kg.edge_values("SUPPLIES", "product")):
        found = product_id.get(product or "")
        if found is not None:
            suppliers[found].add(source)
    return suppliers


def sources_of(kg: KnowledgeGraph) -> dict[str, set[str]]:
    """Product id -> its *sources*: the enterprises that make it or supply it. The one definition of
    where a product comes from, shared by chain_gaps, completeness, what-if and the report: a product
    is available in a region when one of its sources is there."""
    sources: dict[str, set[str]] = defaultdict(set)
    for index in (makers_of(kg), suppliers_of(kg)):
        for product, who in index.items():
            sources[product] |= who
    return sources


def chain_products(kg: KnowledgeGraph) -> dict[str, list[str]]:
    """Chain id -> ids of its products, sorted: those PART_OF it, and the narrower products PART_OF
    one of them (the product hierarchy, any depth)."""
    parts: dict[str, set[str]] = defaultdict(set)
    broader: dict[str, list[str]] = defaultdict(list)
    for source, target in kg.pairs("PART_OF"):
        if kg.label_of(source) != "Product":
            continue
        if kg.label_of(target) == "Chain":
            parts[target].add(source)
        else:
            broader[target].append(source)  # target is a Product: source is narrower
    for direct in parts.values():
        for product in list(direct):
            direct |= reach(broader, product)
    return {chain: sorted(products) for chain, products in parts.items()}


def what_if(kg: KnowledgeGraph, name: str) -> dict[str, Any]:
    """What breaks if enterprise ``name`` (or an alias) stops: customers left with no supplier of a
    product, and products it makes or supplies left with no source (maker or supplier, as in
    :func:`sources_of`) in a region, or anywhere."""
    gone = _enterprise(kg, name)
    lost_supplier = []
    suppliers: dict[tuple[str, str], set[str]] = defaultdict(set)
    for (source, target), product in zip(kg.pairs("SUPPLIES"), kg.edge_values("SUPPLIES", "product")):
        suppliers[(target, "" if product is None else product)].add(source)
    for (customer, product), sources in sorted(suppliers.items()):
        if gone in sources and len(sources) == 1:
            lost_supplier.append({"customer": kg.name_of(customer), "product": product})
    regions_of = located_regions(kg)
    lost_source = []
    for product, who in sorted(sources_of(kg).items()):
        if gone not in who:
            continue
        others = who - {gone}
        for region in sorted(regions_of(gone)):
            if not any(region in regions_of(other) for other in others):
                lost_source.append({"product": kg.name_of(product), "region": region, "sources_left": len(others)})
        if not others:
            lost_source.append({"product": kg.name_of(product), "region": "", "sources_left": 0})
    return {"enterprise": kg.name_of(gone), "lost_only_supplier": lost_supplier, "lost_last_source": lost_source}


def _enterprise(kg: KnowledgeGraph, name: str) -> str:
    """The id of the enterprise called ``name`` (or an alias); an unknown name is a QueryError
    naming the closest ones."""
    try:
        return kg.resolve("Enterprise", name)
    except SchemaError as exc:
        if kg.find("Enterprise", name) is not None:  # known, but ambiguous
            raise
        known = [
            (text, node["name"])
            for node in kg.nodes("Enterprise")
            for text in [node["name"], *(node.get("aliases") or [])]
        ]
        raise unknown_name("Enterprise", name, known) from exc


def chain_completeness(
    kg: KnowledgeGraph, chain: str, region: str, regions_of: Callable[[str], frozenset[str]] | None = None
) -> dict[str, Any]:
    """Share of a chain's products with at least one source (a maker or a supplier) located in ``region``."""
    chain_id = kg.resolve("Chain", chain)
    products = chain_products(kg).get(chain_id, [])
    local = maker_regions(sources_of(kg), regions_of or located_regions(kg))
    return completeness(kg, kg.name_of(chain_id), products, local, region)


def maker_regions(
    makers: Mapping[str, set[str]], regions_of: Callable[[str], frozenset[str]]
) -> dict[str, frozenset[str]]:
    """Product id -> the regions that have at least one of ``makers`` (makers, or sources) of it."""
    return {product: _NONE.union(*set(map(regions_of, who))) for product, who in makers.items()}


def completeness(
    kg: KnowledgeGraph, chain: str, products: list[str], local_regions: Mapping[str, frozenset[str]], region: str
) -> dict[str, Any]:
    """:func:`chain_completeness` from indexes built once (the chain's products, the regions making each)."""
    local = {p for p in products if region in local_regions.get(p, ())}
    share = len(local) / len(products) if products else 0.0
    missing = [kg.name_of(p) for p in sorted(products) if p not in local]
    return {
        "chain": chain,
        "region": region,
        "products": len(products),
        "local": len(local),
        "share": round(share, 4),
        "missing": missing,
    }


def completeness_table(chain: str, names: list[str], local: np.ndarray, regions: list[str]) -> list[dict[str, Any]]:
    """:func:`completeness` for every region that makes any of a chain's products: ``names`` of
    the products (in id order), ``local`` (products x ``regions``) whether a region makes each."""
    columns = np.flatnonzero(local.any(axis=0))
    lacking = ~local[:, columns].T  # per region, the products it does not make
    missing = [names[i] for i in np.nonzero(lacking)[1].tolist()]  # region by region, products in order
    ends = np.cumsum(lacking.sum(axis=1)).tolist()
    rows = []
    for column, start, end in zip(columns.tolist(), [0, *ends], ends):
        count = len(names) - (end - start)
        rows.append(
            {
                "chain": chain,
                "region": regions[column],
                "products": len(names),
                "local": count,
                "share": round(count / len(names), 4),
                "missing": missing[start:end],
            }
        )
    return rows


def supplier_concentration(
    kg: KnowledgeGraph, products: set[str] | None = None, *, supplies: Supplies | None = None
) -> list[dict[str, Any]]:
    """Per supplied product (or only those named in ``products``), the Herfindahl-Hirschman index
    (0-10,000) of its suppliers: by volume where every edge has one, else by counts of customers
    served (an edge with no volume counts 1). ``supplies``: as in :func:`supplier_criticality`."""
    return concentration(kg, supplies or Supplies.of(kg), products)

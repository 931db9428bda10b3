"""A small deterministic synthetic graph, built in memory, for the parity and Neo4j tests.

Chains, products (``PART_OF`` a chain, ``UPSTREAM_OF`` the next one), enterprises
(with an English-name alias, a region and one evidence record each), ``MAKES``
and ``SUPPLIES`` edges drawn from a seeded random generator. The same arguments
always give the same graph. It is kept because the parity tests want a graph of
exactly these shapes quickly; the realistic dataset, with regions, parks,
clusters, bottlenecks and heavy-tailed supply, written as tables and built like
real input, is ``chainkg synth`` (:mod:`chainkg.synth`), which the build
benchmark uses (``benchmarks/bench_build_scale.py``).

>>> synthetic_graph(enterprises=20, supplies=30, products=6, chains=2).counts()["labels"]
{'Chain': 2, 'Enterprise': 20, 'Product': 6}
"""

from __future__ import annotations

import random

from chainkg.graph.model import KnowledgeGraph

__all__ = ["synthetic_graph"]

STAGES = ("upstream", "midstream", "downstream")
REGIONS = ("长沙", "株洲", "湘潭", "衡阳", "岳阳")


def synthetic_graph(
    *, enterprises: int, supplies: int, products: int = 1000, chains: int = 20, seed: int = 7
) -> KnowledgeGraph:
    """A graph of this many enterprises, ``SUPPLIES`` edges, products and chains."""
    rng = random.Random(seed)
    kg = KnowledgeGraph()
    chain_ids = [kg.add_node("Chain", f"合成链{c:03d}", category="synthetic") for c in range(chains)]
    product_ids = []
    for p in range(products):
        pid = kg.add_node("Product", f"合成产品{p:05d}", stage=STAGES[p % 3], name_en=f"Product {p}")
        kg.add_edge("PART_OF", pid, chain_ids[p % chains])
        if p >= chains:  # the previous product of the same chain feeds this one
            kg.add_edge("UPSTREAM_OF", product_ids[p - chains], pid)
        product_ids.append(pid)
    firm_ids = _enterprises(kg, rng, enterprises, product_ids)
    _supplies(kg, rng, firm_ids, supplies, products)
    return kg


def _enterprises(kg: KnowledgeGraph, rng: random.Random, count: int, product_ids: list[str]) -> list[str]:
    firm_ids = []
    for e in range(count):
        eid = kg.add_node(
            "Enterprise",
            f"合成企业{e:06d}",
            aliases=[f"Synthetic Firm {e}"],
            evidence=[{"path": "synthetic", "line": e + 1}],
            region=REGIONS[e % len(REGIONS)],
        )
        for pid in rng.sample(product_ids, k=min(2, len(product_ids))):
            kg.add_edge("MAKES", eid, pid, weight=round(rng.random(), 3))
        firm_ids.append(eid)
    return firm_ids


def _supplies(kg: KnowledgeGraph, rng: random.Random, firm_ids: list[str], count: int, products: int) -> None:
    seen: set[tuple[str, str, int]] = set()
    while len(seen) < count:
        source, target = rng.sample(firm_ids, 2)
        product = rng.randrange(products)
        if (source, target, product) in seen:
            continue
        seen.add((source, target, product))
        kg.add_edge("SUPPLIES", source, target, product=f"合成产品{product:05d}", volume=float(rng.randrange(1, 1000)))

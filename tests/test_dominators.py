"""The integer dominator code agrees with networkx's immediate_dominators on any small graph."""

from __future__ import annotations

from collections import defaultdict

import networkx as nx
from hypothesis import given, settings
from hypothesis import strategies as st

from chainkg.graph.dominators import dominated_counts

ROOT = "\x00root"


def reference(nodes: list[str], edges: list[tuple[str, str]]) -> dict[str, int]:
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


names = st.sampled_from([f"企业{i:02d}" for i in range(25)])


@settings(max_examples=300, deadline=None)
@given(st.lists(names, max_size=25), st.lists(st.tuples(names, names), max_size=70))
def test_dominated_counts_match_networkx(nodes: list[str], edges: list[tuple[str, str]]) -> None:
    everything = sorted({*nodes, *(a for a, _ in edges), *(b for _, b in edges)})
    assert dominated_counts(edges, nodes) == reference(everything, edges)


def test_a_chain_of_suppliers_and_a_second_source() -> None:
    # 甲 -> 乙 -> 丙 -> 丁, and 戊 also feeds 丁: 乙 dominates 丙 only, 甲 dominates 乙 and 丙
    edges = [("甲", "乙"), ("乙", "丙"), ("丙", "丁"), ("戊", "丁")]
    assert dominated_counts(edges) == {"甲": 2, "乙": 1}
